/* The text alternative and the keyboard.
   Outline: every concept under its kind, each relation it states as a sentence with its quote;
   choosing a concept there selects it in the graph, and selecting one in the graph marks it
   there (both ways). Keyboard: Tab into the graph, the arrow keys move to the related concept
   in that direction, Enter opens its details, Escape clears; each move is announced. */
(function () {
  "use strict";
  var kg = window.kg;
  var data = kg.data;
  var outline = document.getElementById("kg-outline");
  var announce = document.getElementById("kg-announce");
  var items = new Map();  // node id -> its <li>
  var current = null;     // the selected concept
  var degree = new Map();
  data.edges.forEach(function (e) {
    degree.set(e.from, (degree.get(e.from) || 0) + 1);
    degree.set(e.to, (degree.get(e.to) || 0) + 1);
  });

  function build() {
    var byKind = new Map();
    data.types.forEach(function (t) { byKind.set(t.name, []); });
    data.nodes.forEach(function (n) {
      if (!byKind.has(n.top)) { byKind.set(n.top, []); }
      byKind.get(n.top).push(n);
    });
    var outgoing = new Map();
    data.edges.forEach(function (e) {
      if (!outgoing.has(e.from)) { outgoing.set(e.from, []); }
      outgoing.get(e.from).push(e);
    });
    byKind.forEach(function (list, kind) {
      if (!list.length) { return; }
      var heading = kg.el("h2", null, (list[0].topLabel || kind) + " (" + list.length + ")");
      outline.appendChild(heading);
      var ul = kg.el("ul");
      list.slice().sort(function (x, y) { return x.label.localeCompare(y.label); })
        .forEach(function (n) {
          var li = kg.el("li");
          var button = kg.el("button", "kg-link", n.label);
          button.type = "button";
          button.addEventListener("click", function () { kg.selectNode(n.id, true); });
          li.appendChild(button);
          var rels = outgoing.get(n.id) || [];
          if (rels.length) {
            var sub = kg.el("ul");
            rels.forEach(function (e) {
              var r = kg.el("li", "kg-sentence");
              r.appendChild(document.createTextNode(n.label + " " + e.label + " " +
                kg.nodeById.get(e.to).label + ". "));
              if (e.quote) { r.appendChild(kg.el("q", null, e.quote)); }
              if (e.sentence !== null && e.sentence !== undefined) {
                r.appendChild(document.createTextNode(" (sentence " + e.sentence + ")"));
              }
              sub.appendChild(r);
            });
            li.appendChild(sub);
          }
          items.set(n.id, li);
          ul.appendChild(li);
        });
      outline.appendChild(ul);
    });
  }
  // built when first opened (thousands of concepts cost the first paint nothing), or at
  // once for a page small enough
  var built = false;
  var box = document.getElementById("kg-outline-box");
  function ensure() {
    if (!built) { built = true; build(); if (current !== null) { mark(current); } }
  }
  box.addEventListener("toggle", function () { if (box.open) { ensure(); } });
  if (data.nodes.length <= 600) { ensure(); }

  function mark(id) {
    if (!built) { return; }
    items.forEach(function (li) { li.removeAttribute("aria-current"); });
    var li = items.get(id);
    if (li) {
      li.setAttribute("aria-current", "true");
      if (document.getElementById("kg-outline-box").open) { li.scrollIntoView({block: "nearest"}); }
    }
  }

  function say(id) {
    var n = kg.nodeById.get(id);
    var count = degree.get(id) || 0;
    announce.textContent = n.label + ", " + n.typeLabel + ", " + count +
      (count === 1 ? " relation" : " relations");
  }

  kg.listeners.push(function (kind, id) {
    if (kind === "node") { current = id; mark(id); say(id); }
  });

  // ---------------------------------------------------------------- keyboard

  var graph = kg.container;
  graph.addEventListener("focus", function () {
    if (current === null) {
      var start = kg.focus[0] || data.nodes.slice().sort(function (x, y) {
        return (degree.get(y.id) || 0) - (degree.get(x.id) || 0);
      })[0].id;
      kg.selectNode(start, false);
    } else { say(current); }
  });

  var DIRECTIONS = {ArrowRight: 0, ArrowDown: Math.PI / 2, ArrowLeft: Math.PI,
                    ArrowUp: -Math.PI / 2};

  function neighbour(id, angle) {
    // the related concept closest to the direction of the key pressed
    var positions = kg.network.getPositions();
    var p = positions[id];
    var best = null;
    kg.network.getConnectedNodes(id).forEach(function (m) {
      if (kg.nodes.get(m).hidden) { return; }
      var q = positions[m];
      var a = Math.atan2(q.y - p.y, q.x - p.x);
      var off = Math.abs(Math.atan2(Math.sin(a - angle), Math.cos(a - angle)));
      if (off > Math.PI / 2 + 0.01) { return; }
      var d = Math.hypot(q.x - p.x, q.y - p.y);
      var score = off * 1000 + d;
      if (!best || score < best[0]) { best = [score, m]; }
    });
    return best && best[1];
  }

  graph.addEventListener("keydown", function (event) {
    if (event.key in DIRECTIONS && current !== null) {
      var next = neighbour(current, DIRECTIONS[event.key]);
      if (next) { kg.selectNode(next, true); }
      else { announce.textContent = "Nothing related in that direction."; }
      event.preventDefault();
    } else if (event.key === "Enter" && current !== null) {
      if (kg.unfoldPanel) { kg.unfoldPanel(); }
      kg.selectNode(current, true);
      var heading = document.querySelector("#kg-panel h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      event.preventDefault();
    } else if (event.key === "Escape") {
      current = null;
      kg.network.unselectAll();
      kg.restore();
      mark(null);
    }
  });
  kg.outline = {mark: mark, items: items};
})();
performance.mark("kg outline.js run");
