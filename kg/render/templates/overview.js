/* The overview: every broad type drawn as one large shape ("Condition (10)") where its
   concepts sit, with the relations between types as arrows, so the whole graph can be read
   from the back of a room before zooming into a part. vis-network's clustering does the
   grouping (the data and the layout are unchanged); the button, or ?overview, toggles it;
   clicking a type opens the graph again with that type's concepts in view. */
(function () {
  "use strict";
  var kg = window.kg;
  var data = kg.data;
  var network = kg.network;
  var button = document.getElementById("kg-overview");
  var clusters = [];
  kg.overview = false;

  function members(name) {
    return data.nodes.filter(function (n) { return n.top === name && !kg.hiddenTypes.has(n.top); });
  }

  var singles = [];  // [node id, its label, font, size, x, y]: one-concept types, restyled
  var BOX = {w: 1400, h: 700};  // the overview's shapes are spread over this (canvas units)

  function open() {
    kg.restore();
    network.unselectAll();
    var spots = [];
    data.types.forEach(function (t) {
      var list = members(t.name);
      if (!list.length) { return; }
      var x = 0;
      var y = 0;
      list.forEach(function (n) { var p = network.getPosition(n.id); x += p.x; y += p.y; });
      spots.push([t, list, x / list.length, y / list.length]);
    });
    // the types where their concepts sit, squeezed into a screen-sized box: big when fit
    var xs = spots.map(function (s) { return s[2]; });
    var ys = spots.map(function (s) { return s[3]; });
    var sx = BOX.w / Math.max(1, Math.max.apply(null, xs) - Math.min.apply(null, xs));
    var sy = BOX.h / Math.max(1, Math.max.apply(null, ys) - Math.min.apply(null, ys));
    var cx = (Math.max.apply(null, xs) + Math.min.apply(null, xs)) / 2;
    var cy = (Math.max.apply(null, ys) + Math.min.apply(null, ys)) / 2;
    spots.forEach(function (spot) {
      spot[2] = (spot[2] - cx) * sx;
      spot[3] = (spot[3] - cy) * sy;
      spot[4] = (spot[0].label.length + 5) * 34 * 0.6 + 30;  // width of shape and name
    });
    for (var pass = 0; pass < 60; pass++) {  // push apart shapes whose names would overlap
      var moved = false;
      for (var i = 0; i < spots.length; i++) {
        for (var j = i + 1; j < spots.length; j++) {
          var a = spots[i];
          var b = spots[j];
          var ox = (a[4] + b[4]) / 2 - Math.abs(a[2] - b[2]);
          var oy = 170 - Math.abs(a[3] - b[3]);  // a name (34) under its shape, the next shape
          if (ox <= 0 || oy <= 0) { continue; }
          moved = true;
          if (ox < oy) {
            var dx = (a[2] <= b[2] ? -1 : 1) * ox / 2;
            a[2] += dx; b[2] -= dx;
          } else {
            var dy = (a[3] <= b[3] ? -1 : 1) * oy / 2;
            a[3] += dy; b[3] -= dy;
          }
        }
      }
      if (!moved) { break; }
    }
    spots.forEach(function (spot) {
      var t = spot[0];
      var list = spot[1];
      var x = spot[2];
      var y = spot[3];
      var look = {
        label: t.label + " (" + list.length + ")", shape: t.shape,
        size: 26 + 3 * Math.sqrt(list.length), x: x, y: y,
        color: {background: t.color, border: t.border}, borderWidth: 3,
        font: {size: 34, color: "#111111", strokeWidth: 8, strokeColor: "#ffffff"}
      };
      if (list.length === 1) {  // vis clusters two or more: restyle the one concept itself
        var n = kg.nodes.get(list[0].id);
        var p = network.getPosition(n.id);
        singles.push([n.id, n.label, n.font, n.size, p.x, p.y]);
        kg.nodes.update({id: n.id, label: look.label, font: look.font, size: look.size});
        network.moveNode(n.id, x, y);
        return;
      }
      var ids = new Set(list.map(function (n) { return n.id; }));
      var id = "type:" + t.name;
      look.id = id;
      network.cluster({
        joinCondition: function (options) { return ids.has(options.id); },
        clusterNodeProperties: look,
        clusterEdgeProperties: {color: {color: "#555555"}, width: 2}
      });
      clusters.push(id);
    });
    kg.overview = true;
    button.setAttribute("aria-pressed", "true");
    network.fit({animation: false});
    network.moveTo({scale: network.getScale() * 0.85, animation: false});
  }

  function close(focusType) {
    clusters.forEach(function (id) { if (network.isCluster(id)) { network.openCluster(id); } });
    clusters = [];
    singles.forEach(function (s) {
      kg.nodes.update({id: s[0], label: s[1], font: s[2], size: s[3]});
      network.moveNode(s[0], s[4], s[5]);
    });
    singles = [];
    kg.overview = false;
    button.setAttribute("aria-pressed", "false");
    if (focusType) {
      var ids = members(focusType).map(function (n) { return n.id; });
      network.fit({nodes: ids, animation: false});
    } else {
      kg.fit();
    }
  }

  button.addEventListener("click", function () { if (kg.overview) { close(); } else { open(); } });
  network.on("click", function (params) {
    var id = params.nodes[0];
    if (!kg.overview || !id) { return; }
    if (network.isCluster(id)) { close(String(id).slice(5)); }
    else if (kg.nodeById.get(id)) { close(kg.nodeById.get(id).top); }
  });
  if (/(^|[?&#,])overview\b/.test(window.location.search + window.location.hash)) {
    // once drawn and wired (the first drawing may come before this script runs)
    kg.onReady(function () { window.requestAnimationFrame(open); });
  }
  kg.setOverview = function (on) { if (on !== kg.overview) { if (on) { open(); } else { close(); } } };

  // When a big drawing is fit so small that concept names fall under 12 px (the whole graph on
  // a projector), say so and offer the overview, instead of leaving a field of unnamed dots.
  var MIN_NAME_PX = 12;
  var MANY = 30;  // concepts: below this the overview (one shape per kind) would not help
  var notice = document.createElement("div");
  notice.id = "kg-small-notice";
  notice.setAttribute("role", "status");
  notice.hidden = true;
  notice.appendChild(document.createTextNode("Names are too small to read at this size. "));
  var show = document.createElement("button");
  show.type = "button";
  show.textContent = "Show the overview";
  show.addEventListener("click", function () { open(); });
  notice.appendChild(show);
  notice.appendChild(document.createTextNode(" or zoom in, or Find a concept."));
  document.getElementById("kg-network").appendChild(notice);
  network.on("afterDrawing", function () {
    var px = data.font * (kg.projector ? 1.3 : 1) * network.getScale();
    var small = !kg.overview && data.nodes.length > MANY && px < MIN_NAME_PX;
    if (notice.hidden === small) { notice.hidden = !small; }
  });
})();
performance.mark("kg overview.js run");
window.kg.scriptsDone();  // the last module of the page (viewer.js: ready)
