/* The alignment page: the indented tree (expand/collapse, arrow keys) and the map (Cytoscape.js,
   laid out by ELK in a Web Worker so the page stays responsive). */
(function () {
  "use strict";

  /* ---------- Tree ---------- */
  function setUpTree(tree) {
    var rows = Array.prototype.slice.call(tree.querySelectorAll("[data-tree-row]"));
    var collapsed = {};

    function ancestorsOf(row) {
      var path = row.getAttribute("data-path");
      return path ? path.split(" ") : [];
    }
    function refresh() {
      rows.forEach(function (row) {
        row.hidden = ancestorsOf(row).some(function (id) { return collapsed[id]; });
      });
    }
    function toggleOf(row) { return row.querySelector("[data-tree-toggle]"); }
    function setOpen(row, open) {
      var toggle = toggleOf(row);
      if (!toggle) return;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      collapsed[row.getAttribute("data-id")] = !open;
      refresh();
    }
    function visibleRows() { return rows.filter(function (row) { return !row.hidden; }); }
    function focusRow(row) { if (row) row.querySelector("[data-tree-link]").focus(); }

    rows.forEach(function (row) {
      var toggle = toggleOf(row);
      if (!toggle) return;
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        setOpen(row, toggle.getAttribute("aria-expanded") !== "true");
      });
    });
    tree.addEventListener("keydown", function (event) {
      var row = event.target.closest("[data-tree-row]");
      if (!row) return;
      var shown = visibleRows();
      var index = shown.indexOf(row);
      var toggle = toggleOf(row);
      var open = toggle && toggle.getAttribute("aria-expanded") === "true";
      var handled = true;
      if (event.key === "ArrowDown") focusRow(shown[index + 1]);
      else if (event.key === "ArrowUp") focusRow(shown[index - 1]);
      else if (event.key === "Home") focusRow(shown[0]);
      else if (event.key === "End") focusRow(shown[shown.length - 1]);
      else if (event.key === "ArrowRight") {
        if (toggle && !open) setOpen(row, true);
        else if (open) focusRow(shown[index + 1]);
      } else if (event.key === "ArrowLeft") {
        if (open) setOpen(row, false);
        else {
          var path = ancestorsOf(row);
          if (path.length) focusRow(tree.querySelector('[data-tree-row][data-id="' + path[path.length - 1] + '"]'));
        }
        if (event.target !== row.querySelector("[data-tree-link]")) focusRow(row);
      } else handled = false;
      if (handled) event.preventDefault();
    });
  }

  /* ---------- Map ---------- */
  var PACE_FILL = {
    on_track: "#dff3e8", achieved: "#dff3e8", at_risk: "#fcf0d2", partial: "#fcf0d2",
    off_track: "#f9dede", missed: "#f9dede", not_started: "#eef1f5", dropped: "#eef1f5",
    ready_to_close: "#e3eef7",
  };
  var BAND_RING = { high: "#1e8e5a", medium: "#c98a06", low: "#c43d3d", "": "#a3acb9" };
  var PACE_TEXT = {
    on_track: "On track", at_risk: "At risk", off_track: "Off track", not_started: "No check-in yet",
    achieved: "Achieved", partial: "Partially achieved", missed: "Missed", dropped: "Dropped",
    ready_to_close: "Key results closed",
  };
  var NODE_W = 230, NODE_H = 66, LINE_CHARS = 34;

  // Labels arrive wrapped: Cytoscape measuring every word of 2,000 labels took seconds.
  function wrapped(text) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > LINE_CHARS) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines.join("\n");
  }

  function label(node) {
    var first = (node.context ? "Annual · " : "") + node.title;
    if (first.length > 66) first = first.slice(0, 64) + "…";
    var facts = [node.owners];
    facts.push(node.progress === null ? "—" : Math.round(node.progress * 100) + "%");
    if (node.confidence !== null) facts.push("conf " + node.confidence + "/10");
    if (node.serves.length) facts.push("serves " + node.serves.join(", "));
    var second = facts.join(" · ");
    if (second.length > 2 * LINE_CHARS) second = second.slice(0, 2 * LINE_CHARS - 2) + "…";
    var text = wrapped(first) + "\n" + wrapped(second);
    return node.hidden ? text + "\n+ " + node.hidden + " more below" : text;
  }

  function elementsOf(data, positions) {
    var elements = [];
    var plan = data.plan;
    // A box is a plain node drawn behind its members, not a compound parent: Cytoscape keeps
    // compound bounds up to date element by element, which tripled the time to draw.
    Object.keys(plan.groups).forEach(function (id) {
      var grid = window.alignmentLayout.boxGrid(plan.groups[id].members.length);
      elements.push({
        group: "nodes", data: { id: id, w: grid.width, h: grid.height }, classes: "group",
        position: positions[id],
      });
      var parent = plan.groups[id].parent;
      if (parent !== null) elements.push({ group: "edges", data: { id: "e" + id, source: id, target: parent }, classes: "contributes" });
    });
    data.nodes.forEach(function (node) {
      elements.push({
        group: "nodes",
        data: {
          id: String(node.id), label: label(node), fill: PACE_FILL[node.pace] || "#eef1f5",
          ring: BAND_RING[node.band] || "#a3acb9",
        },
        position: positions[String(node.id)],
        classes: [
          "objective", node.shared || node.virtual ? "shared" : "", node.kind === "support" ? "support" : "",
          node.context ? "context" : "", node.match ? "match" : "", node.hidden ? "collapsed" : "",
          data.focus === node.id ? "focus" : "",
        ].join(" "),
      });
    });
    data.edges.forEach(function (edge, index) {
      // A boxed objective's link to its parent is drawn once, from the box.
      if (edge.kind === "contributes" && plan.grouped[edge.source]) return;
      elements.push({
        group: "edges",
        data: { id: "e" + index, source: String(edge.source), target: String(edge.target) },
        classes: edge.kind,
      });
    });
    return elements;
  }

  var STYLE = [
    { selector: "node", style: {
      shape: "round-rectangle", width: NODE_W, height: NODE_H, "background-color": "data(fill)",
      "border-width": 3, "border-color": "data(ring)", label: "data(label)", "text-wrap": "wrap",
      "text-max-width": 4 * NODE_W, "font-size": 11, "z-index": 10, "text-valign": "center", "text-halign": "center",
      color: "#1c2430", "min-zoomed-font-size": 7,
    } },
    { selector: "node.group", style: {
      shape: "round-rectangle", "background-color": "#f1f4f8", "background-opacity": 0.7,
      "border-width": 1, "border-color": "#c6ced8", label: "", width: "data(w)", height: "data(h)",
      "z-index": 0, events: "no",
    } },
    { selector: "node.shared", style: { "border-style": "double", "border-width": 6 } },
    { selector: "node.support", style: { shape: "cut-rectangle" } },
    { selector: "node.context", style: { "background-opacity": 0.6, color: "#3d4753" } },
    { selector: "node.match", style: { "underlay-color": "#2f7ddc", "underlay-padding": 6, "underlay-opacity": 0.35 } },
    { selector: "node.focus", style: { "underlay-color": "#1f4e79", "underlay-padding": 8, "underlay-opacity": 0.45 } },
    { selector: "node:selected", style: { "overlay-color": "#2f7ddc", "overlay-opacity": 0.18, "overlay-padding": 4 } },
    { selector: "node.collapsed", style: { "border-style": "dashed" } },
    { selector: "node.folded", style: { "border-style": "dashed", "background-blacken": 0.06 } },
    { selector: "edge", style: {
      width: 1.5, "line-color": "#9aa5b4", "target-arrow-color": "#9aa5b4",
      "target-arrow-shape": "triangle", "arrow-scale": 0.8, "curve-style": "taxi",
      "taxi-direction": "horizontal",
    } },
    { selector: "edge.also", style: { "line-style": "dashed", "line-color": "#5b6675", "target-arrow-color": "#5b6675", "curve-style": "bezier" } },
    { selector: "edge.supports", style: { "line-style": "dotted", width: 2.5, "line-color": "#136f8f", "target-arrow-color": "#136f8f", "curve-style": "bezier" } },
  ];

  // The whole organisation: straight links (no right-angle routing to compute for thousands)
  // and labels only once they are large enough to read.
  var LARGE_STYLE = [
    { selector: "node", style: { label: "" } },
    { selector: "edge", style: { "curve-style": "straight", "arrow-scale": 0.6 } },
  ];
  // Zoomed in this far a large map's labels are worth measuring and drawing.
  var READABLE_ZOOM = 0.6;

  // Above this many objectives, the objectives nothing contributes to are packed in a box per
  // parent: the same picture, far more compact at 2,000 objectives.
  var GROUP_ABOVE = 120, GROUP_MIN = 3;

  function planLayout(data) {
    var shown = {}, kids = {};
    data.nodes.forEach(function (node) { shown[node.id] = true; });
    data.nodes.forEach(function (node) {
      if (node.parent !== null && shown[node.parent]) (kids[node.parent] = kids[node.parent] || []).push(node.id);
    });
    var leaves = {};
    if (data.nodes.length > GROUP_ABOVE) {
      data.nodes.forEach(function (node) {
        if (kids[node.id]) return;
        var key = node.parent !== null && shown[node.parent] ? String(node.parent) : "none";
        (leaves[key] = leaves[key] || []).push(node.id);
      });
      Object.keys(leaves).forEach(function (key) { if (leaves[key].length < GROUP_MIN) delete leaves[key]; });
    }
    var grouped = {}, groups = {}, items = [];
    Object.keys(leaves).forEach(function (key) {
      var id = "g" + key, grid = window.alignmentLayout.boxGrid(leaves[key].length);
      groups[id] = { parent: key === "none" ? null : key, members: leaves[key] };
      leaves[key].forEach(function (member) { grouped[member] = id; });
      items.push({
        id: id, parent: groups[id].parent, width: grid.width, height: grid.height,
        members: leaves[key].map(String),
      });
    });
    data.nodes.forEach(function (node) {
      if (grouped[node.id]) return;
      var parent = node.parent !== null && shown[node.parent] ? String(node.parent) : null;
      items.push({ id: String(node.id), parent: parent, width: NODE_W, height: NODE_H });
    });
    // Only the contribution tree shapes the layout; other links are drawn over it, so adding
    // one never moves everything else.
    return { items: items, groups: groups, grouped: grouped };
  }

  function layOut(section, data) {
    return new Promise(function (resolve, reject) {
      var worker = new Worker(section.getAttribute("data-worker"));
      worker.onmessage = function (event) {
        worker.terminate();
        if (event.data.error) reject(new Error(event.data.error));
        else resolve(event.data);
      };
      worker.onerror = function (event) { worker.terminate(); reject(new Error(event.message || "layout failed")); };
      var scripts = ["data-d3", "data-layout"].map(function (name) {
        return new URL(section.getAttribute(name), location.href).href;
      });
      worker.postMessage({ scripts: scripts, items: data.plan.items });
    });
  }

  function setUpMap(section) {
    if (section.getAttribute("data-map-started")) return;
    section.setAttribute("data-map-started", "true");
    var started = performance.now();
    var status = section.querySelector("[data-map-status]");
    var canvas = section.querySelector("[data-map-canvas]");
    var panel = section.querySelector("[data-map-panel]");
    var dataUrl = section.getAttribute("data-url");
    var query = dataUrl.split("?")[1] || "";
    var cy = null, data = null, embedded = null;
    var childrenOf = {}, collapsed = {}, selected = null;

    function fetchData(url) {
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("The map's data did not load (" + response.status + ").");
          return response.json();
        });
    }
    function failed(error) {
      status.textContent = error.message + " The tree view shows the same objectives.";
      section.setAttribute("data-map-error", error.message);
    }

    // The page carries the map's data when it drew the map's view; otherwise it is fetched.
    embedded = section.querySelector("script[type=\"application/json\"]");
    var loading = embedded ? Promise.resolve(JSON.parse(embedded.textContent)) : fetchData(dataUrl);
    loading
      .then(function (loaded) {
        var fetched = performance.now();
        data = loaded;
        data.plan = planLayout(data);
        return layOut(section, data).then(function (result) {
          result.roundTrip = performance.now() - fetched;
          draw(result, fetched);
        });
      })
      .catch(failed);

    // An objective's facts stay out of Cytoscape's element data: it copies what it is given,
    // and copying 2,000 of them took a third of the time to draw.
    var byId = {};
    function factsOf(element) { return byId[element.id()]; }
    function indexChildren() {
      childrenOf = {};
      byId = {};
      data.nodes.forEach(function (node) {
        byId[String(node.id)] = node;
        if (node.parent !== null) (childrenOf[node.parent] = childrenOf[node.parent] || []).push(String(node.id));
      });
    }
    function hiddenBelow(id) {
      var out = [];
      var stack = (childrenOf[id] || []).slice();
      while (stack.length) {
        var next = stack.pop();
        out.push(next);
        stack.push.apply(stack, childrenOf[next] || []);
      }
      return out;
    }
    function showStatus() {
      var left = data.nodes.filter(function (node) { return node.hidden > 0; }).length;
      status.textContent = "Showing " + data.nodes.length + " of " + data.total + " objectives" +
        (left ? "; " + left + " of them have more below (dashed border), tap one and choose Show more. " : ". ") +
        "Tap one for details; double-tap opens it." +
        (data.nodes.length > 400 ? " Zoom in to read the titles." : "");
    }

    function draw(result, fetched) {
      var laidOut = performance.now();
      // The whole organisation is drawn plainly: straight links and no labels until zoomed in
      // enough to read them, so thousands of objectives cost little to paint.
      var large = data.nodes.length > 400;
      cy = window.cytoscape({
        container: canvas,
        elements: elementsOf(data, result.positions),
        // The positions are the worker's: without "preset" Cytoscape runs its grid layout over
        // them, which both loses the tree and measures every label (seconds at 2,000).
        layout: { name: "preset" },
        style: large ? STYLE.concat(LARGE_STYLE) : STYLE,
        minZoom: 0.03, maxZoom: 2.5, wheelSensitivity: 0.3,
        textureOnViewport: large, hideEdgesOnViewport: large,
        boxSelectionEnabled: false, autoungrabify: true,
      });
      var setUp = performance.now();
      // The whole map when it fits readably; otherwise it opens readable at the top objective
      // (or the focus) on the left, and the whole organisation a little further out.
      cy.fit(cy.elements(), 30);
      if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
      if (cy.zoom() < READABLE_ZOOM) {
        // Read from the top left, like a page, unless that leaves the starting objective (the
        // top one, or the focus) out of view: then it is centred.
        var start = cy.getElementById(String(data.nodes[0].id)).position(), zoom = large ? 0.45 : 0.85;
        var box = cy.elements().boundingBox(), top = 24 - box.y1 * zoom;
        var startY = top + start.y * zoom, visible = startY > NODE_H * zoom && startY < cy.height() - NODE_H * zoom;
        cy.zoom(zoom);
        cy.pan({ x: 30 + (NODE_W / 2) * zoom - start.x * zoom, y: visible ? top : cy.height() / 2 - start.y * zoom });
      }
      indexChildren();
      if (large) {
        var labelled = false;
        cy.on("zoom", function () {
          if (labelled || cy.zoom() < READABLE_ZOOM) return;
          labelled = true;
          cy.style().selector("node.objective").style({ label: "data(label)", "min-zoomed-font-size": 7 }).update();
        });
      }
      cy.on("tap", "node.objective", function (event) { selected = event.target; showPanel(selected); });
      cy.on("tap", function (event) { if (event.target === cy) { selected = null; showPanel(null); } });
      cy.on("dbltap", "node.objective", function (event) { location.href = factsOf(event.target).url; });
      panel.querySelector("[data-panel-collapse]").addEventListener("click", function () {
        if (selected) toggle(selected.id());
      });
      panel.querySelector("[data-panel-more]").addEventListener("click", function () {
        if (selected) showMore(selected.id());
      });

      // Ready once Cytoscape has painted its first frame: that is when people see the map.
      cy.one("render", function () {
        var drawn = performance.now();
        showStatus();
        status.textContent += " Laid out in " + result.ms + " ms.";
        window.alignmentMap = {
          cy: cy, data: data, nodes: data.nodes.length, embedded: !!embedded, layoutMs: result.ms,
          dataMs: Math.round(fetched - started), layoutRoundTripMs: Math.round(result.roundTrip),
          drawMs: Math.round(drawn - laidOut), setUpMs: Math.round(setUp - laidOut),
          readyMs: Math.round(drawn - started),
          drawnAtMs: Math.round(drawn),
        };
        section.setAttribute("data-map-ready", "true");
      });
    }

    // Opens a collapsed objective: what sits below it (the nearest ones, up to the page's
    // limit) joins the map, the tree is laid out again and the objective stays where it was.
    function showMore(id) {
      var params = new URLSearchParams(query);
      params.set("focus", id);
      params.delete("q");
      var button = panel.querySelector("[data-panel-more]");
      button.disabled = true;
      section.removeAttribute("data-map-ready");
      fetchData(dataUrl.split("?")[0] + "?" + params.toString())
        .then(function (more) {
          var known = {};
          data.nodes.forEach(function (node) { known[node.id] = node; });
          more.nodes.forEach(function (node) {
            if (!known[node.id]) { data.nodes.push(node); known[node.id] = node; }
          });
          var opened = more.nodes.filter(function (node) { return String(node.id) === String(id); })[0];
          known[id].hidden = opened ? opened.hidden : 0;
          var edgeKeys = {};
          data.edges.forEach(function (edge) { edgeKeys[edge.source + ">" + edge.target] = true; });
          more.edges.forEach(function (edge) {
            if (!edgeKeys[edge.source + ">" + edge.target]) data.edges.push(edge);
          });
          data.plan = planLayout(data);
          return layOut(section, data);
        })
        .then(function (result) {
          var before = cy.getElementById(String(id)).renderedPosition();
          cy.batch(function () {
            cy.elements().remove();
            cy.add(elementsOf(data, result.positions));
          });
          var node = cy.getElementById(String(id)), after = node.renderedPosition();
          cy.panBy({ x: before.x - after.x, y: before.y - after.y });
          indexChildren();
          collapsed = {};
          selected = node;
          node.select();
          showPanel(node);
          showStatus();
          window.alignmentMap.nodes = data.nodes.length;
          section.setAttribute("data-map-ready", "true");
        })
        .catch(failed)
        .then(function () { button.disabled = false; });
    }

    function toggle(id) {
      collapsed[id] = !collapsed[id];
      cy.batch(function () {
        Object.keys(childrenOf).forEach(function (parent) {
          hiddenBelow(parent).forEach(function (child) { cy.getElementById(child).style("display", "element"); });
        });
        Object.keys(collapsed).forEach(function (parent) {
          var node = cy.getElementById(parent);
          node.toggleClass("folded", !!collapsed[parent]);
          if (!collapsed[parent]) return;
          hiddenBelow(parent).forEach(function (child) { cy.getElementById(child).style("display", "none"); });
        });
        Object.keys(data.plan.groups).forEach(function (id) {
          var open = data.plan.groups[id].members.some(function (member) {
            return cy.getElementById(String(member)).style("display") !== "none";
          });
          cy.getElementById(id).style("display", open ? "element" : "none");
        });
      });
      showPanel(selected);
    }
    function showPanel(node) {
      if (!node) { panel.hidden = true; return; }
      var facts = factsOf(node);
      panel.hidden = false;
      panel.querySelector("[data-panel-title]").textContent = facts.title;
      panel.querySelector("[data-panel-owners]").textContent =
        facts.owners + " · " + facts.owner +
        (facts.kind === "support" ? " · Support goal" + (facts.serves.length ? " for " + facts.serves.join(", ") : "") : "") +
        (facts.context ? " · Annual" : "");
      panel.querySelector("[data-panel-state]").textContent =
        (PACE_TEXT[facts.pace] || facts.pace) + " · " +
        (facts.progress === null ? "no progress yet" : Math.round(facts.progress * 100) + "% done") +
        (facts.confidence === null ? "" : " · confidence " + facts.confidence + "/10");
      panel.querySelector("[data-panel-open]").href = facts.url;
      var params = new URLSearchParams(query);
      params.set("focus", facts.id);
      params.delete("q");
      panel.querySelector("[data-panel-focus]").href = "?" + params.toString();
      var button = panel.querySelector("[data-panel-collapse]");
      var below = (childrenOf[facts.id] || []).length;
      button.hidden = below === 0;
      button.textContent = collapsed[facts.id] ? "Expand (" + hiddenBelow(String(facts.id)).length + " below)" : "Collapse";
      button.setAttribute("aria-expanded", collapsed[facts.id] ? "false" : "true");
      var more = panel.querySelector("[data-panel-more]");
      more.hidden = !facts.hidden || !!collapsed[facts.id];
      more.textContent = "Show " + facts.hidden + " more below";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-alignment-tree]").forEach(setUpTree);
    document.querySelectorAll("[data-alignment-map]").forEach(function (section) {
      function startIfShown() { if (section.offsetParent !== null) setUpMap(section); }
      startIfShown();
      window.addEventListener("resize", startIfShown);
    });
  });
})();
