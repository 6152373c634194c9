/* Lays out the alignment map with ELK (layered, left to right) off the page's main thread.
   The page posts {elkUrl, graph} and receives {positions, ms} or {error}. */
"use strict";
var elk = null;

function onLayoutRequest(event) {
  var message = event.data;
  try {
    if (!elk) {
      importScripts(message.elkUrl);
      elk = new self.ELK();
      // The bundle installs its own message handler when it finds itself in a worker.
      self.onmessage = onLayoutRequest;
    }
  } catch (error) {
    self.postMessage({ error: "The layout engine did not load: " + error });
    return;
  }
  var started = Date.now();
  elk.layout(message.graph).then(function (laid) {
    var positions = {};
    (function place(children, dx, dy) {
      (children || []).forEach(function (child) {
        if (child.children && child.children.length) place(child.children, dx + child.x, dy + child.y);
        else positions[child.id] = { x: dx + child.x + child.width / 2, y: dy + child.y + child.height / 2 };
      });
    })(laid.children, 0, 0);
    self.postMessage({ positions: positions, ms: Date.now() - started });
  }).catch(function (error) {
    self.postMessage({ error: String(error) });
  });
}

self.onmessage = onLayoutRequest;
