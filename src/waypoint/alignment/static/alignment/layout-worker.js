/* Lays out the alignment map off the page's main thread. The page posts {scripts, items}
   (the URLs of d3-hierarchy and layout.js, and what to place) and receives {positions, ms} or
   {error}. */
"use strict";
var loaded = false;

self.onmessage = function (event) {
  var message = event.data;
  try {
    if (!loaded) {
      importScripts.apply(self, message.scripts);
      loaded = true;
    }
  } catch (error) {
    self.postMessage({ error: "The layout did not load: " + error });
    return;
  }
  try {
    var started = Date.now();
    var result = self.alignmentLayout.layOutForest(message.items, self.d3);
    self.postMessage({ positions: result.positions, ms: Date.now() - started });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
