/* Relation names, drawn by the page over everything else on white plates, so no shape ever
   covers one ("causes" never reads "uses"). Each name sits where the Python layout placed it
   (edge.lx/ly, chosen clear of shapes and other names) while its two concepts stay where the
   layout put them; once one is dragged, at the middle of the arrow. Names are drawn when
   "Relation names" is on and they would be at least MIN_PX tall on screen (always in
   projector mode). Canvas text only: nothing from the data becomes HTML. */
(function () {
  "use strict";
  var kg = window.kg;
  var data = kg.data;
  var FACE = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
  var MIN_PX = 7;
  function home(id) {  // where the layout put a node, in the current look
    var n = kg.nodeById.get(id);
    return kg.projector && n.px !== undefined ? {x: n.px, y: n.py} : {x: n.x, y: n.y};
  }

  function moved(id, positions) {
    var a = home(id);
    var b = positions[id];
    return !a || !b || Math.abs(a.x - b.x) > 1.5 || Math.abs(a.y - b.y) > 1.5;  // vis keeps whole units
  }

  function labelPoint(edgeId, e, positions) {
    if (e.lx !== undefined && !moved(e.from, positions) && !moved(e.to, positions)) {
      return kg.projector && e.plx !== undefined ? {x: e.plx, y: e.ply} : {x: e.lx, y: e.ly};
    }
    var body = kg.network.body.edges[edgeId];
    if (body && body.edgeType && body.edgeType.getPoint) { return body.edgeType.getPoint(0.5); }
    var p = positions[e.from];
    var q = positions[e.to];
    return {x: (p.x + q.x) / 2, y: (p.y + q.y) / 2};
  }

  kg.labelFont = function () { return data.edgeFont * (kg.projector ? 1.3 : 1); };

  kg.network.on("afterDrawing", function (ctx) {
    if (!kg.edgeLabels() || kg.overview) { return; }
    var scale = kg.network.getScale();
    var font = kg.labelFont();
    if (!kg.projector && font * scale < MIN_PX) { return; }
    var positions = kg.network.getPositions();
    var keep = kg.state.keepEdges;
    ctx.save();
    ctx.font = (kg.projector ? "bold " : "") + font + "px " + FACE;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    kg.edges.forEach(function (item) {
      var e = kg.edgeInfo.get(item.id);
      if (!e || !e.label || item.hidden) { return; }
      if (kg.nodes.get(e.from).hidden || kg.nodes.get(e.to).hidden) { return; }
      var faded = keep && !keep.has(item.id);
      if (faded) { return; }
      var p = labelPoint(item.id, e, positions);
      var w = ctx.measureText(e.label).width + 10;
      var h = font * 1.35;
      ctx.fillStyle = "#ffffff";
      ctx.strokeStyle = e.mark ? "#1f1f1f" : "#8c8c8c";
      ctx.lineWidth = kg.projector ? 2 : 1;
      ctx.beginPath();
      ctx.rect(p.x - w / 2, p.y - h / 2, w, h);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(e.label, p.x, p.y + 1);
    });
    ctx.restore();
  });
  kg.labelPoint = function (edgeId) {
    return labelPoint(edgeId, kg.edgeInfo.get(edgeId), kg.network.getPositions());
  };
})();
performance.mark("kg labels.js run");
