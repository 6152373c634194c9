/* The alignment map's layout: the contribution forest, left to right. Each objective sits in the
   column of its depth; d3-hierarchy's tidy tree (Reingold–Tilford) places them down the page so
   no two subtrees overlap and every parent sits centred beside what contributes to it. Leaf
   objectives that share a parent are packed in a grid box. Only the contribution tree shapes
   the picture: other links are drawn over it, so adding one never moves the rest.

   layOutForest(items, d3) takes [{id, parent, width, height, members?}] (members: the ids a
   box holds) and returns {positions: {id: {x, y}}} with every objective's centre. Runs in the
   layout worker, or on the page when workers are unavailable. */
(function (scope) {
  "use strict";
  var NODE_W = 230, NODE_H = 66;
  var LAYER_GAP = 70, SIBLING_GAP = 14, TREE_GAP = 30, BOX_GAP = 10, BOX_PAD = 12;

  function boxGrid(count) {
    var columns = Math.max(1, Math.ceil(Math.sqrt(count * 2)));
    var rows = Math.ceil(count / columns);
    return {
      columns: columns,
      width: 2 * BOX_PAD + columns * NODE_W + (columns - 1) * BOX_GAP,
      height: 2 * BOX_PAD + rows * NODE_H + (rows - 1) * BOX_GAP,
    };
  }

  /* One tree, its root's column at x = 0 and its top edge at y = 0. */
  function layOutTree(rootItem, kids, d3) {
    var tree = d3.hierarchy(rootItem, function (item) { return kids[item.id]; });
    d3.tree()
      .nodeSize([1, 1])
      .separation(function (a, b) {
        var gap = a.parent === b.parent ? SIBLING_GAP : TREE_GAP;
        return (a.data.height + b.data.height) / 2 + gap;
      })(tree);
    // Columns as wide as their widest item: a wide box never reaches into the next column.
    var widths = [], topEdge = Infinity, bottomEdge = -Infinity;
    tree.each(function (node) {
      widths[node.depth] = Math.max(widths[node.depth] || 0, node.data.width);
      topEdge = Math.min(topEdge, node.x - node.data.height / 2);
      bottomEdge = Math.max(bottomEdge, node.x + node.data.height / 2);
    });
    var left = [0];
    for (var depth = 1; depth < widths.length; depth++) left[depth] = left[depth - 1] + widths[depth - 1] + LAYER_GAP;
    var placed = [];
    tree.each(function (node) {
      placed.push({ item: node.data, x: left[node.depth], y: node.x - node.data.height / 2 - topEdge });
    });
    return {
      placed: placed,
      width: left[widths.length - 1] + widths[widths.length - 1],
      height: bottomEdge - topEdge,
    };
  }

  function layOutForest(items, d3) {
    var byId = {}, kids = {}, roots = [];
    items.forEach(function (item) { byId[item.id] = item; });
    items.forEach(function (item) {
      if (item.parent !== null && byId[item.parent]) (kids[item.parent] = kids[item.parent] || []).push(item);
      else roots.push(item);
    });
    var trees = roots.map(function (root) { return layOutTree(root, kids, d3); });
    // Separate trees go down a column until it is as tall as a landscape picture of them all
    // needs (or as the tallest tree), then the next column starts to its right.
    var area = 0, tallest = 0;
    trees.forEach(function (tree) {
      area += (tree.width + TREE_GAP) * (tree.height + TREE_GAP);
      tallest = Math.max(tallest, tree.height);
    });
    var limit = Math.max(tallest, Math.sqrt(area * 9 / 16));
    var positions = {}, x = 0, y = 0, columnWidth = 0;
    trees.forEach(function (tree) {
      if (y > 0 && y + tree.height > limit) {
        x += columnWidth + 3 * TREE_GAP;
        y = 0;
        columnWidth = 0;
      }
      tree.placed.forEach(function (at) { place(at.item, x + at.x, y + at.y, positions); });
      y += tree.height + TREE_GAP;
      columnWidth = Math.max(columnWidth, tree.width);
    });
    return { positions: positions };
  }

  function place(item, left, top, positions) {
    if (!item.members) {
      positions[item.id] = { x: left + item.width / 2, y: top + item.height / 2 };
      return;
    }
    var grid = boxGrid(item.members.length);
    positions[item.id] = { x: left + item.width / 2, y: top + item.height / 2 };
    item.members.forEach(function (member, index) {
      var column = index % grid.columns, row = Math.floor(index / grid.columns);
      positions[member] = {
        x: left + BOX_PAD + column * (NODE_W + BOX_GAP) + NODE_W / 2,
        y: top + BOX_PAD + row * (NODE_H + BOX_GAP) + NODE_H / 2,
      };
    });
  }

  scope.alignmentLayout = { layOutForest: layOutForest, boxGrid: boxGrid, NODE_W: NODE_W, NODE_H: NODE_H };
})(typeof self !== "undefined" ? self : this);
