/* Pictures of the current view for slides and handouts: an SVG drawn from the data (shapes,
   names, arrows and relation names exactly where the page shows them), with the heading, the
   legend and the source line laid out inside it whatever the window's size; the PNG is that
   SVG painted at 2x or 3x. Text is set with textContent (the DOM escapes it). */
(function () {
  "use strict";
  var kg = window.kg;
  var data = kg.data;
  var NS = "http://www.w3.org/2000/svg";
  var FACE = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
  var WIDTH = 1600;   // CSS pixels of the picture (the PNG is 2x or 3x this)
  var PAD = 24;

  function node(tag, attrs, text) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { n.textContent = String(text); }
    return n;
  }

  function shape(style, x, y, r, fill, stroke, width) {
    var points = kg.shapePoints[style.shape];
    var el;
    if (points) {
      el = node("polygon", {points: points.map(function (p) {
        return (x + p[0] * r / 9).toFixed(1) + "," + (y + p[1] * r / 9).toFixed(1);
      }).join(" ")});
    } else {
      el = node("circle", {cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1)});
    }
    el.setAttribute("fill", fill);
    el.setAttribute("stroke", stroke);
    el.setAttribute("stroke-width", String(width));
    return el;
  }

  function textWidth(text, size) { return String(text).length * size * 0.6; }

  function buildSvg() {
    var net = kg.network;
    var box = kg.container.getBoundingClientRect();
    var a = net.DOMtoCanvas({x: 0, y: 0});
    var b = net.DOMtoCanvas({x: box.width, y: box.height});
    // no empty margins: the view cut down to the drawn concepts (with room for their names)
    var all = net.getPositions();
    var lo = {x: Infinity, y: Infinity};
    var hi = {x: -Infinity, y: -Infinity};
    data.nodes.forEach(function (n) {
      if (kg.hiddenTypes.has(n.top)) { return; }
      var p = all[n.id];
      lo.x = Math.min(lo.x, p.x - 130); hi.x = Math.max(hi.x, p.x + 130);
      lo.y = Math.min(lo.y, p.y - n.size - 40); hi.y = Math.max(hi.y, p.y + n.size + 90);
    });
    if (lo.x < hi.x) {
      a = {x: Math.max(a.x, lo.x), y: Math.max(a.y, lo.y)};
      b = {x: Math.min(b.x, hi.x), y: Math.min(b.y, hi.y)};
    }
    var viewW = b.x - a.x;
    var viewH = b.y - a.y;
    var scale = (WIDTH - 2 * PAD) / viewW;
    var graphH = viewH * scale;
    var head = 86;
    // legend rows, wrapped to the picture's width
    var legend = [];
    var lx = PAD;
    var ly = 0;
    data.types.forEach(function (t) {
      if (kg.hiddenTypes.has(t.name)) { return; }
      var w = 30 + textWidth(t.label, 17) + 24;
      if (lx + w > WIDTH - PAD && lx > PAD) { lx = PAD; ly += 30; }
      legend.push([t, lx, ly]);
      lx += w;
    });
    var legendH = ly + 30;
    var height = Math.round(head + graphH + 16 + legendH + 34);
    var svg = node("svg", {xmlns: NS, width: WIDTH, height: height,
                           viewBox: "0 0 " + WIDTH + " " + height, "font-family": FACE});
    svg.appendChild(node("title", {}, data.title + " \u2014 " + data.subtitle));
    svg.appendChild(node("rect", {x: 0, y: 0, width: WIDTH, height: height, fill: "#ffffff"}));
    svg.appendChild(node("text", {x: PAD, y: 38, "font-size": 28, "font-weight": "bold",
                                  fill: "#111111"}, data.title));
    svg.appendChild(node("text", {x: PAD, y: 70, "font-size": 18, fill: "#333333"},
                         data.subtitle));
    var defs = node("defs");
    [["kg-arrow", "#333333"], ["kg-arrow-faded", "#e4e4e4"]].forEach(function (m) {
      var marker = node("marker", {id: m[0], viewBox: "0 0 10 10", refX: 10, refY: 5,
                                   markerWidth: 14, markerHeight: 14, orient: "auto",
                                   markerUnits: "userSpaceOnUse"});
      marker.appendChild(node("path", {d: "M0,0 L10,5 L0,10 z", fill: m[1]}));
      defs.appendChild(marker);
    });
    var clip = node("clipPath", {id: "kg-view"});  // what the window shows, nothing more
    clip.appendChild(node("rect", {x: a.x.toFixed(1), y: a.y.toFixed(1),
                                   width: viewW.toFixed(1), height: viewH.toFixed(1)}));
    defs.appendChild(clip);
    svg.appendChild(defs);
    var g = node("g", {transform: "translate(" + PAD + "," + head + ") scale(" + scale.toFixed(5) +
                       ") translate(" + (-a.x).toFixed(1) + "," + (-a.y).toFixed(1) + ")"});
    var inner = node("g", {"clip-path": "url(#kg-view)"});
    g.appendChild(inner);
    svg.appendChild(g);
    var pos = net.getPositions();
    var keepN = kg.state.keepNodes;
    var keepE = kg.state.keepEdges;
    kg.edges.forEach(function (item) {
      var e = kg.edgeInfo.get(item.id);
      if (kg.hiddenTypes.has(kg.nodeById.get(e.from).top) ||
          kg.hiddenTypes.has(kg.nodeById.get(e.to).top)) { return; }
      var p = pos[e.from];
      var q = pos[e.to];
      var r = kg.nodeById.get(e.to).size + 3;
      var d = Math.sqrt((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)) || 1;
      var faded = keepE && !keepE.has(item.id);
      var colour = faded ? "#e4e4e4" : (item.color && item.color.color) || "#6b6b6b";
      inner.appendChild(node("line", {x1: p.x.toFixed(1), y1: p.y.toFixed(1),
        x2: (q.x - (q.x - p.x) * r / d).toFixed(1), y2: (q.y - (q.y - p.y) * r / d).toFixed(1),
        stroke: colour, "stroke-width": item.width || 1.6,
        "marker-end": faded ? "url(#kg-arrow-faded)" : "url(#kg-arrow)"}));
    });
    data.nodes.forEach(function (n) {
      if (kg.hiddenTypes.has(n.top)) { return; }
      var s = kg.styleOf(n);
      var p = pos[n.id];
      var faded = keepN && !keepN.has(n.id);
      inner.appendChild(shape(s, p.x, p.y, n.size, faded ? "#e4e4e4" : s.color,
                              faded ? "#e4e4e4" : (n.mark ? "#1f1f1f" : s.border),
                              n.mark ? 5 : 2));
      var size = Math.round((n.mark ? data.font + 4 : data.font) * (kg.projector ? 1.3 : 1));
      var lines = n.lines;
      var y0 = n.above ? p.y - n.size - 8 - (lines.length - 1) * size * 1.15 : p.y + n.size + 4 + size * 0.9;
      var t = node("text", {x: p.x.toFixed(1), y: y0.toFixed(1), "text-anchor": "middle",
                            "font-size": size, fill: faded ? "#d0d0d0" : "#111111",
                            stroke: "#ffffff", "stroke-width": 5, "paint-order": "stroke"});
      lines.forEach(function (line, i) {
        t.appendChild(node("tspan", {x: p.x.toFixed(1), dy: i ? (size * 1.15).toFixed(1) : 0}, line));
      });
      inner.appendChild(t);
    });
    if (kg.edgeLabels()) {
      var font = kg.labelFont();
      kg.edges.forEach(function (item) {
        var e = kg.edgeInfo.get(item.id);
        if (!e.label || (keepE && !keepE.has(item.id))) { return; }
        if (kg.hiddenTypes.has(kg.nodeById.get(e.from).top) ||
            kg.hiddenTypes.has(kg.nodeById.get(e.to).top)) { return; }
        var p = kg.labelPoint(item.id);
        var w = textWidth(e.label, font) + 10;
        var h = font * 1.35;
        inner.appendChild(node("rect", {x: (p.x - w / 2).toFixed(1), y: (p.y - h / 2).toFixed(1),
          width: w.toFixed(1), height: h.toFixed(1), fill: "#ffffff",
          stroke: e.mark ? "#1f1f1f" : "#8c8c8c", "stroke-width": 1}));
        inner.appendChild(node("text", {x: p.x.toFixed(1), y: (p.y + font * 0.35).toFixed(1),
          "text-anchor": "middle", "font-size": font, fill: "#1a1a1a"}, e.label));
      });
    }
    var top = head + graphH + 16;
    svg.appendChild(node("line", {x1: PAD, x2: WIDTH - PAD, y1: top - 8, y2: top - 8,
                                  stroke: "#cccccc"}));
    legend.forEach(function (entry) {
      var t = entry[0];
      svg.appendChild(shape(t, entry[1] + 11, top + entry[2] + 11, 10, t.color, t.border, 1.5));
      svg.appendChild(node("text", {x: entry[1] + 28, y: top + entry[2] + 17, "font-size": 17,
                                    fill: "#111111"}, t.label));
    });
    svg.appendChild(node("text", {x: PAD, y: height - 12, "font-size": 15, fill: "#333333"},
                         [data.citation, "drawn by kg"].filter(Boolean).join("  \u00b7  ")));
    return svg;
  }

  function svgText() {
    // the file scales to whatever window or slide it is opened in (the viewBox keeps its shape)
    var svg = buildSvg();
    svg.setAttribute("width", "100%");
    svg.setAttribute("height", "100%");
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
  }

  function slug(text) {
    return kg.normalize(text).replace(/\s+/g, "-").slice(0, 60) || "graph";
  }

  function download(url, name) {
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function png(ratio, done) {
    // the SVG painted on a canvas ratio times its size
    var svg = buildSvg();
    var w = Number(svg.getAttribute("width"));
    var h = Number(svg.getAttribute("height"));
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      done(canvas.toDataURL("image/png"));
    };
    image.src = "data:image/svg+xml;charset=utf-8," +
      encodeURIComponent(new XMLSerializer().serializeToString(svg));
  }

  document.getElementById("kg-png").addEventListener("click", function () {
    var ratio = Number(document.getElementById("kg-png-scale").value) || 2;
    png(ratio, function (url) { download(url, slug(data.title) + ".png"); });
  });
  document.getElementById("kg-svg").addEventListener("click", function () {
    var blob = new Blob([svgText()], {type: "image/svg+xml"});
    var url = URL.createObjectURL(blob);
    download(url, slug(data.title) + ".svg");
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  // printing: the drawing refit to the printed page's box
  window.addEventListener("beforeprint", function () { kg.network.redraw(); kg.fit(); });
  window.addEventListener("afterprint", function () { kg.network.redraw(); kg.fit(); });

  kg.svg = svgText;
  kg.png = png;
})();
performance.mark("kg export.js run");
