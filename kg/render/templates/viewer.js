/* The offline graph page: draws the embedded data with vis-network and wires search, legend
   filter, details panel, neighbourhood highlight and PNG download.
   Safety rule: text from the data goes into the page ONLY through textContent, attributes set
   with setAttribute/properties, or canvas text. Never innerHTML. */
(function () {
  "use strict";

  // performance marks of the page's start (benchmarks/bench_viz.py prints them)
  performance.mark("kg start");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg data read");
  var FONT_FACE = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
  var TEXT = "#111111";
  var EDGE = "#6b6b6b";
  var FADED = "#e4e4e4";
  var FADED_TEXT = "#d0d0d0";
  var MARK = "#1f1f1f";
  var SVG_NS = "http://www.w3.org/2000/svg";

  var nodeById = new Map();
  var typeByName = new Map();
  var hiddenTypes = new Set();
  var edgeInfo = new Map();  // vis edge id -> data edge
  data.types.forEach(function (t) { typeByName.set(t.name, t); });
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); });

  // ------------------------------------------------------------------ helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function normalize(text) {
    // the same idea as kg.names.normalize: case, hyphens, punctuation and plural s ignored
    return String(text).toLowerCase()
      .replace(/[\u2010-\u2014\u2212_/\\-]+/g, " ")
      .replace(/[^\p{L}\p{N}\s]+/gu, "")
      .split(/\s+/).filter(Boolean)
      .map(function (w) {
        return (w.length > 3 && w.endsWith("s") && !/(ss|is|us)$/.test(w)) ? w.slice(0, -1) : w;
      })
      .join(" ");
  }

  function styleOf(node) {
    return typeByName.get(node.top) || {color: "#bbbbbb", border: "#868686", tint: "#e3e3e3",
                                        shape: "dot", label: node.topLabel};
  }

  // ------------------------------------------------------------------ the network

  var showEdgeLabels = !data.big;

  // relation names are drawn by labels.js, over the shapes on white plates: vis draws none
  var baseNodes = new Map();
  var baseEdges = new Map();

  // projector mode (modes.js) draws bigger type, thicker lines and darker arrows
  var look = {font: 1, line: 1, edge: EDGE};

  function visNode(n) {
    var s = styleOf(n);
    var fontSize = Math.round((n.mark ? data.font + 4 : data.font) * look.font);
    var font = {color: TEXT, size: fontSize};
    // vis-network hangs the label 3 units under the shape; "above" lifts it over the shape
    if (n.above) { font.vadjust = -(2 * n.size + 14 + n.lines.length * fontSize * 1.1); }
    return {
      id: n.id, label: n.lines.join("\n"), shape: s.shape, size: n.size,
      // the flow layout's places for the projector look (bigger type) when there are some
      x: look.font > 1 && n.px !== undefined ? n.px : n.x,
      y: look.font > 1 && n.py !== undefined ? n.py : n.y,
      color: {background: s.color, border: n.mark ? MARK : s.border,
              highlight: {background: s.color, border: MARK},
              hover: {background: s.color, border: MARK}},
      borderWidth: (n.mark ? 5 : 2) * look.line,
      font: font
    };
  }

  function parallelOffsets(edges) {
    // edges between the same two concepts get curves of different bend so none hides another
    var groups = new Map();
    edges.forEach(function (e, i) {
      var key = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
      if (!groups.has(key)) { groups.set(key, []); }
      groups.get(key).push(i);
    });
    var offsets = new Array(edges.length).fill(0);
    groups.forEach(function (members) {
      if (members.length < 2) { return; }
      members.forEach(function (index, k) {
        var e = edges[index];
        var sameWay = e.from < e.to ? 1 : -1;  // curvedCW bends by direction: undo that
        offsets[index] = sameWay * (k - (members.length - 1) / 2) * 0.35;
      });
    });
    return offsets;
  }

  var offsets = parallelOffsets(data.edges);

  function visEdge(e, i) {
    var id = "e" + i;
    edgeInfo.set(id, e);
    var item = {
      // no label for vis-network: labels.js writes the names on plates (measuring 6,664
      // names it never draws cost vis a third of a second on 5,000 concepts)
      id: id, from: e.from, to: e.to,
      width: (e.mark ? 5 : 1.6) * look.line,
      // an inferred relation (read across sentences or from a heading) is drawn dashed
      dashes: e.reading === "inferred",
      color: {color: e.mark ? MARK : look.edge, highlight: MARK, hover: MARK},
      smooth: offsets[i] === 0 || data.big || data.layout === "flow" ? false :
        {enabled: true, type: offsets[i] > 0 ? "curvedCW" : "curvedCCW",
         roundness: Math.abs(offsets[i])}
    };
    return item;
  }

  function setLook(projector) {
    // every concept and relation redrawn in the normal or the projector look
    look = projector ? {font: 1.3, line: 1.8, edge: "#333333"} : {font: 1, line: 1, edge: EDGE};
    window.kg.projector = projector;
    var ns = data.nodes.map(visNode);
    var es = data.edges.map(visEdge);
    ns.forEach(function (n) { baseNodes.set(n.id, n); });
    es.forEach(function (e) { baseEdges.set(e.id, e); });
    var keepN = state.keepNodes;
    var keepE = state.keepEdges;
    dimmed = true;
    restore();
    nodes.update(ns.map(function (n) {
      return {id: n.id, font: n.font, borderWidth: n.borderWidth, x: n.x, y: n.y};
    }));
    edges.update(es.map(function (e) { return {id: e.id, width: e.width, color: e.color}; }));
    if (keepN) { highlight(Array.from(keepN), Array.from(keepE)); }
  }

  var visNodes = data.nodes.map(visNode);
  var visEdges = data.edges.map(visEdge);
  visNodes.forEach(function (n) { baseNodes.set(n.id, n); });
  visEdges.forEach(function (e) { baseEdges.set(e.id, e); });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);

  var container = document.getElementById("kg-network");
  // a narrow window (a 1024-wide projector) starts with the details panel folded (modes.js
  // has the button that unfolds it): the room goes to the drawing
  if (window.innerWidth < 1100) { document.body.classList.add("kg-folded"); }
  var options = {
    physics: false,
    layout: {improvedLayout: false, randomSeed: 7},
    interaction: {
      hover: !data.big, hideEdgesOnDrag: data.big, hideEdgesOnZoom: data.big,
      tooltipDelay: 100000, navigationButtons: false, keyboard: false, multiselect: false,
      zoomSpeed: 0.6
    },
    nodes: {
      font: {size: data.font, face: FONT_FACE, color: TEXT, strokeWidth: 6,
             strokeColor: "#ffffff", vadjust: 0},
      borderWidth: 2, borderWidthSelected: 5,
      shadow: false
    },
    edges: {
      arrows: {to: {enabled: true, scaleFactor: 0.9}},
      font: {size: 15, face: FONT_FACE, color: "#2b2b2b", strokeWidth: 5,
             strokeColor: "#ffffff", align: "horizontal"},
      // relation names appear once zoomed in far enough to read them
      scaling: {label: {drawThreshold: 10}},
      smooth: false, selectionWidth: 2, hoverWidth: 1,
      arrowStrikethrough: false
    }
  };
  performance.mark("kg datasets");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  performance.mark("kg network made");

  // white under the drawing, so a downloaded PNG is not transparent
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  // ------------------------------------------------------------------ highlight

  var highlightOn = true;
  var dimmed = false;
  var state = {keepNodes: null, keepEdges: null};  // what stays bright while dimmed

  function restore() {
    if (!dimmed) { return; }
    nodes.update(Array.from(baseNodes.values()).map(function (n) {
      return {id: n.id, color: n.color, font: n.font};
    }));
    edges.update(Array.from(baseEdges.values()).map(function (e) {
      return {id: e.id, color: e.color};
    }));
    dimmed = false;
    state.keepNodes = state.keepEdges = null;
  }

  function highlight(nodeIds, edgeIds) {
    restore();
    if (!highlightOn) { return; }
    var keepNodes = new Set(nodeIds);
    var keepEdges = new Set(edgeIds);
    var nodeUpdates = [];
    baseNodes.forEach(function (n) {
      if (!keepNodes.has(n.id)) {
        nodeUpdates.push({id: n.id, color: {background: FADED, border: FADED},
                          font: {color: FADED_TEXT}});
      }
    });
    var edgeUpdates = [];
    baseEdges.forEach(function (e) {
      if (!keepEdges.has(e.id)) {
        edgeUpdates.push({id: e.id, color: {color: FADED}});
      }
    });
    state.keepNodes = keepNodes;
    state.keepEdges = keepEdges;
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    dimmed = true;
  }

  // ------------------------------------------------------------------ panel

  var panel = document.getElementById("kg-panel");

  function clearPanel() {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
  }

  function typeChip(node) {
    var s = styleOf(node);
    var chip = el("span", "kg-chip", node.typeLabel);
    chip.style.background = s.tint;
    chip.style.borderColor = s.border;
    if (node.topLabel && node.topLabel !== node.typeLabel) {
      chip.textContent = node.typeLabel + " \u00b7 " + node.topLabel;
    }
    return chip;
  }

  function conceptLink(id) {
    var node = nodeById.get(id);
    var button = el("button", "kg-link", node ? node.label : id);
    button.type = "button";
    button.addEventListener("click", function () { selectNode(id, true); });
    return button;
  }

  function citation(e) {
    var parts = [];
    if (e.sentence !== null && e.sentence !== undefined) { parts.push("sentence " + e.sentence); }
    if (e.section) { parts.push("section \u201c" + e.section + "\u201d"); }
    var source = data.sources.find(function (s) { return s.id === e.source; });
    if (source && source.title) { parts.push("\u201c" + source.title + "\u201d"); }
    return parts.join(" \u00b7 ");
  }

  function quoteBlock(e, container) {
    if (e.quote) { container.appendChild(el("blockquote", "kg-quote", "\u201c" + e.quote + "\u201d")); }
    var cite = citation(e);
    if (cite) { container.appendChild(el("div", "kg-cite", cite)); }
    if (e.reading === "inferred") {
      container.appendChild(el("div", "kg-cite", "Inferred: read across sentences or from a heading (dashed)"));
    }
    if (e.note) { container.appendChild(el("div", "kg-cite", "Note: " + e.note)); }
  }

  function field(label, value, className) {
    var p = el("p", "kg-field" + (className ? " " + className : ""));
    p.appendChild(el("b", null, label + ": "));
    p.appendChild(document.createTextNode(value));
    return p;
  }

  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) { return; }
    clearPanel();
    panel.appendChild(typeChip(n));
    panel.appendChild(el("h2", "kg-name", n.label));
    if (n.definition) { panel.appendChild(el("p", "kg-definition", n.definition)); }
    if (n.synonyms.length) { panel.appendChild(field("Also called", n.synonyms.join("; "))); }
    var ids = ["id " + n.id];
    n.exact.forEach(function (x) { ids.push(x + " (same as)"); });
    n.close.forEach(function (x) { ids.push(x + " (close to)"); });
    panel.appendChild(field("IDs", ids.join("; "), "kg-ids"));
    if (n.iri) { panel.appendChild(field("IRI", n.iri, "kg-ids")); }
    var related = data.edges.map(function (e, i) { return ["e" + i, e]; })
      .filter(function (pair) { return pair[1].from === id || pair[1].to === id; });
    panel.appendChild(el("h3", null, "Relations (" + related.length + ")"));
    var list = el("ul", "kg-relations");
    related.sort(function (a, b) {
      return (a[1].from === id ? 0 : 1) - (b[1].from === id ? 0 : 1) ||
        (a[1].sentence || 0) - (b[1].sentence || 0);
    });
    related.forEach(function (pair) {
      var e = pair[1];
      var li = el("li", "kg-relation");
      li.dataset.edge = pair[0];
      var line = el("div");
      if (e.from === id) {
        line.appendChild(el("span", "kg-self", n.label + " "));
        line.appendChild(el("span", "kg-pred", e.label));
        line.appendChild(document.createTextNode(" \u2192 "));
        line.appendChild(conceptLink(e.to));
      } else {
        line.appendChild(conceptLink(e.from));
        line.appendChild(document.createTextNode(" "));
        line.appendChild(el("span", "kg-pred", e.label));
        line.appendChild(document.createTextNode(" \u2192 " + n.label));
      }
      li.appendChild(line);
      quoteBlock(e, li);
      list.appendChild(li);
    });
    panel.appendChild(list);
    panel.scrollTop = 0;
  }

  function showEdge(edgeId) {
    var e = edgeInfo.get(edgeId);
    if (!e) { return; }
    clearPanel();
    panel.appendChild(el("span", "kg-chip", "Relation"));
    var h = el("h2", "kg-name");
    h.appendChild(conceptLink(e.from));
    h.appendChild(document.createTextNode(" "));
    h.appendChild(el("span", "kg-pred", e.label));
    h.appendChild(document.createTextNode(" \u2192 "));
    h.appendChild(conceptLink(e.to));
    panel.appendChild(h);
    quoteBlock(e, panel);
    if (e.statement) { panel.appendChild(field("Statement", e.statement, "kg-ids")); }
  }

  function selectNode(id, move) {
    var n = nodeById.get(id);
    if (!n) { return; }
    if (hiddenTypes.has(n.top)) { setTypeVisible(n.top, true); }
    network.selectNodes([id]);
    var near = [id].concat(network.getConnectedNodes(id));
    highlight(near, network.getConnectedEdges(id));
    showNode(id);
    window.kg.listeners.forEach(function (f) { f("node", id); });
    if (move) {  // bring the concept and its neighbours into view, readable
      network.fit({nodes: near, minZoomLevel: 0.6, maxZoomLevel: 1.2,
                   animation: data.big ? false : {duration: 400}});
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      selectNode(params.nodes[0], false);
    } else if (params.edges.length) {
      var edgeId = params.edges[0];
      var e = edgeInfo.get(edgeId);
      highlight([e.from, e.to], [edgeId]);
      showEdge(edgeId);
      window.kg.listeners.forEach(function (f) { f("edge", edgeId); });
    } else {
      restore();
    }
  });

  // ------------------------------------------------------------------ search

  var names = [];  // [normalized name, node id, name as written]
  data.nodes.forEach(function (n) {
    names.push([normalize(n.label), n.id, n.label]);
    n.synonyms.forEach(function (s) { names.push([normalize(s), n.id, s]); });
  });
  var datalist = document.getElementById("kg-names");
  var seen = new Set();
  names.slice().sort(function (a, b) { return a[2].localeCompare(b[2]); }).forEach(function (entry) {
    if (seen.has(entry[2])) { return; }
    seen.add(entry[2]);
    var option = document.createElement("option");
    option.value = entry[2];
    var label = nodeById.get(entry[1]).label;
    if (label !== entry[2]) { option.label = "\u2192 " + label; }
    datalist.appendChild(option);
  });

  var results = document.getElementById("kg-results");

  function showResults(message, ids) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    results.appendChild(el("span", null, message));
    ids.forEach(function (id) {
      var b = el("button", null, nodeById.get(id).label);
      b.type = "button";
      b.addEventListener("click", function () { selectNode(id, true); });
      results.appendChild(b);
    });
    results.classList.toggle("kg-shown", Boolean(message));
  }

  function search(text) {
    var q = normalize(text);
    if (!q) { showResults("", []); return []; }
    var exact = new Set(names.filter(function (e) { return e[0] === q; }).map(function (e) { return e[1]; }));
    var found = exact.size ? Array.from(exact) : Array.from(new Set(
      names.filter(function (e) { return e[0].indexOf(q) !== -1; }).map(function (e) { return e[1]; })));
    found.sort(function (a, b) { return nodeById.get(a).label.localeCompare(nodeById.get(b).label); });
    if (found.length === 1) {
      showResults("", []);
      selectNode(found[0], true);
    } else if (found.length === 0) {
      showResults("No concept is called \u201c" + text + "\u201d.", []);
    } else {
      showResults(found.length + " concepts match:", found.slice(0, 30));
    }
    return found;
  }

  var lastSearched = null;
  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    lastSearched = document.getElementById("kg-search-input").value;
    search(lastSearched);
  });
  // picking a name from the list searches it; but not again when the field merely loses
  // focus (to the Fit button, say): that used to fly the camera back and undo the Fit
  document.getElementById("kg-search-input").addEventListener("change", function (event) {
    var value = event.target.value;
    if (seen.has(value) && value !== lastSearched) { lastSearched = value; search(value); }
  });

  // ------------------------------------------------------------------ legend and filter

  var SHAPE_POINTS = {
    diamond: [[0, -9], [9, 0], [0, 9], [-9, 0]],
    triangle: [[0, -9], [9, 7], [-9, 7]],
    triangleDown: [[0, 9], [9, -7], [-9, -7]],
    hexagon: [[-8.5, 0], [-4.3, -7.5], [4.3, -7.5], [8.5, 0], [4.3, 7.5], [-4.3, 7.5]],
    star: [[0, -9.5], [2.2, -3], [9, -3], [3.5, 1.2], [5.6, 8], [0, 4], [-5.6, 8], [-3.5, 1.2],
           [-9, -3], [-2.2, -3]],
    square: [[-8, -8], [8, -8], [8, 8], [-8, 8]]
  };

  function shapeIcon(style) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "-10 -10 20 20");
    svg.setAttribute("class", "kg-icon");
    svg.setAttribute("aria-hidden", "true");
    var points = SHAPE_POINTS[style.shape];
    var shape;
    if (points) {
      shape = document.createElementNS(SVG_NS, "polygon");
      shape.setAttribute("points", points.map(function (p) { return p.join(","); }).join(" "));
    } else {
      shape = document.createElementNS(SVG_NS, "circle");
      shape.setAttribute("r", "8.5");
    }
    shape.setAttribute("fill", style.color);
    shape.setAttribute("stroke", style.border);
    shape.setAttribute("stroke-width", "1.5");
    svg.appendChild(shape);
    return svg;
  }

  var legendItems = document.getElementById("kg-legend");
  var legendChecks = new Map();

  function setTypeVisible(name, visible) {
    if (visible) { hiddenTypes.delete(name); } else { hiddenTypes.add(name); }
    var box = legendChecks.get(name);
    if (box) {
      box.checked = visible;
      box.parentNode.classList.toggle("kg-off", !visible);
    }
    nodes.update(data.nodes.filter(function (n) { return n.top === name; })
      .map(function (n) { return {id: n.id, hidden: !visible}; }));
  }

  data.types.forEach(function (t) {
    var label = el("label", "kg-type");
    label.dataset.type = t.name;
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { setTypeVisible(t.name, box.checked); });
    legendChecks.set(t.name, box);
    label.appendChild(box);
    label.appendChild(shapeIcon(t));
    label.appendChild(el("span", "kg-type-label", t.label));
    label.appendChild(el("span", "kg-count", "(" + t.count + ")"));
    legendItems.appendChild(label);
  });

  // ------------------------------------------------------------------ actions

  var edgeLabelBox = document.getElementById("kg-edge-labels");
  edgeLabelBox.checked = showEdgeLabels;
  edgeLabelBox.addEventListener("change", function () {
    showEdgeLabels = edgeLabelBox.checked;
    network.redraw();
    var wasDimmed = dimmed;
    dimmed = true;
    restore();  // every relation back to normal, with or without its name
    if (wasDimmed) {
      var selected = network.getSelectedNodes();
      if (selected.length) { selectNode(selected[0], false); }
    }
  });
  var neighbourBox = document.getElementById("kg-neighbours");
  neighbourBox.addEventListener("change", function () {
    highlightOn = neighbourBox.checked;
    if (!highlightOn) { restore(); }
  });
  function fitAll() {
    // fit every visible concept with its name (vis's own fit misses names written above a
    // shape and clips outer names), with a little room around
    var positions = network.getPositions();
    var lo = {x: Infinity, y: Infinity};
    var hi = {x: -Infinity, y: -Infinity};
    var font = data.font * look.font;
    data.nodes.forEach(function (n) {
      if (hiddenTypes.has(n.top) || !positions[n.id]) { return; }
      var p = positions[n.id];
      var half = Math.max(n.size, Math.max.apply(null, n.lines.map(function (l) {
        return l.length; })) * font * 0.3);
      var text = n.lines.length * font * 1.2 + 10;
      lo.x = Math.min(lo.x, p.x - half);
      hi.x = Math.max(hi.x, p.x + half);
      lo.y = Math.min(lo.y, p.y - n.size - (n.above ? text : 4));
      hi.y = Math.max(hi.y, p.y + n.size + (n.above ? 4 : text));
    });
    if (!(lo.x < hi.x)) { network.fit({animation: false}); return; }
    var box = container.getBoundingClientRect();
    var scale = Math.min(box.width / (hi.x - lo.x + 90), box.height / (hi.y - lo.y + 60));
    network.moveTo({position: {x: (lo.x + hi.x) / 2, y: (lo.y + hi.y) / 2},
                    scale: Math.min(scale, 2.5), animation: false});
  }
  document.getElementById("kg-fit").addEventListener("click", fitAll);

  // ------------------------------------------------------------------ ready

  var focusIds = data.nodes.filter(function (n) { return n.mark; }).map(function (n) { return n.id; });
  network.once("afterDrawing", function () {
    performance.mark("kg first drawing");
    if (!focusIds.length || focusIds.length > 1 || !data.big) {
      fitAll();
      // again once the page has settled (a folded panel, the projector look)
      window.requestAnimationFrame(function () { network.redraw(); fitAll(); });
    }
    settle();
  });
  // ready (for users, tests and the benchmark) once the graph is drawn AND every module of
  // the page has run (the browser may draw between the page's scripts): the last module,
  // overview.js, calls kg.scriptsDone()
  var waiting = 2;
  var whenReady = [];  // kg.onReady(fn): run once drawn and wired (overview.js's ?overview)
  function onReady(fn) { if (waiting) { whenReady.push(fn); } else { fn(); } }
  function settle() {
    waiting -= 1;
    if (waiting) { return; }
    whenReady.forEach(function (fn) { fn(); });
    performance.mark("kg ready");
    window.kgReadyAt = performance.now();  // ms since navigation started (the benchmark)
    window.kgReady = true;
    document.body.setAttribute("data-ready", "true");
  }
  // for tests, the benchmark and curious users: window.kg in the browser console
  // ... and for the other modules of the page (labels.js, modes.js, export.js, outline.js),
  // which run after this one and add their parts to it
  window.kg = {network: network, nodes: nodes, edges: edges, data: data, search: search,
               select: function (id) { selectNode(id, true); }, focus: focusIds,
               selectNode: selectNode, showEdge: showEdge, highlight: highlight,
               restore: restore, state: state, edgeInfo: edgeInfo, nodeById: nodeById,
               styleOf: styleOf, el: el, normalize: normalize, hiddenTypes: hiddenTypes,
               shapePoints: SHAPE_POINTS, fit: fitAll, container: container,
               edgeLabels: function () { return showEdgeLabels; }, listeners: [],
               setLook: setLook, scriptsDone: settle, onReady: onReady};
  if (focusIds.length === 1) { network.selectNodes(focusIds); }
})();
