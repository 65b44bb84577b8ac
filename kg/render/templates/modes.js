/* Classroom modes.
   Projector: bigger type, thicker lines, darker arrows, relation names always written, the
   side panel folded (a button unfolds it); the "Projector" button or ?projector in the URL.
   Story: one relation at a time (arrow keys, Page Up/Down as a presenter's clicker sends,
   Escape to leave), its quote shown large, the rest dimmed; for a chain its steps in order,
   for a focus view the focus's relations in the article's order; ?story in the URL. */
(function () {
  "use strict";
  var kg = window.kg;
  var data = kg.data;
  var flags = new URLSearchParams(window.location.search);
  var hash = window.location.hash.replace(/^#/, "").split(/[&,]/);
  function flag(name) { return flags.has(name) || hash.indexOf(name) !== -1; }

  // ---------------------------------------------------------------- projector

  var projectorButton = document.getElementById("kg-projector");
  var panelButton = document.getElementById("kg-panel-toggle");
  kg.projector = false;

  function setProjector(on) {
    kg.projector = on;
    document.body.classList.toggle("kg-projector", on);
    document.body.classList.toggle("kg-folded", on || window.innerWidth < 1100);
    projectorButton.setAttribute("aria-pressed", String(on));
    panelButton.setAttribute("aria-expanded",
                             String(!document.body.classList.contains("kg-folded")));
    kg.setLook(on);
    window.requestAnimationFrame(function () { kg.network.redraw(); kg.fit(); });
  }
  projectorButton.addEventListener("click", function () { setProjector(!kg.projector); });
  panelButton.addEventListener("click", function () {
    var folded = document.body.classList.toggle("kg-folded");
    panelButton.setAttribute("aria-expanded", String(!folded));
    window.requestAnimationFrame(function () { kg.network.redraw(); });
  });
  kg.unfoldPanel = function () {
    if (document.body.classList.contains("kg-folded")) { panelButton.click(); }
  };

  // ---------------------------------------------------------------- story

  var steps = storySteps();
  var storyButton = document.getElementById("kg-story-button");
  var box = document.getElementById("kg-story");
  var at = -1;
  if (!steps.length) { storyButton.hidden = true; }

  function storySteps() {
    var indexed = data.edges.map(function (e, i) { return ["e" + i, e]; });
    var marked = indexed.filter(function (p) { return p[1].mark; });
    var x = new Map(data.nodes.map(function (n) { return [n.id, n.x]; }));
    if (marked.length) {  // a chain: left to right, as drawn
      return marked.sort(function (a, b) {
        return x.get(a[1].from) - x.get(b[1].from) || x.get(a[1].to) - x.get(b[1].to);
      }).map(function (p) { return p[0]; });
    }
    if (kg.focus.length === 1) {
      var f = kg.focus[0];
      return indexed.filter(function (p) { return p[1].from === f || p[1].to === f; })
        .sort(function (a, b) { return (a[1].sentence || 0) - (b[1].sentence || 0); })
        .map(function (p) { return p[0]; });
    }
    return [];
  }

  function show(i) {
    at = Math.max(0, Math.min(steps.length - 1, i));
    var edgeId = steps[at];
    var e = kg.edgeInfo.get(edgeId);
    kg.highlight([e.from, e.to], [edgeId]);
    kg.showEdge(edgeId);
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.appendChild(kg.el("p", "kg-story-step", "Step " + (at + 1) + " of " + steps.length));
    var line = kg.el("p", "kg-story-line");
    line.appendChild(kg.el("b", null, kg.nodeById.get(e.from).label));
    line.appendChild(document.createTextNode(" " + e.label + " "));
    line.appendChild(kg.el("b", null, kg.nodeById.get(e.to).label));
    box.appendChild(line);
    if (e.quote) { box.appendChild(kg.el("blockquote", "kg-story-quote", "\u201c" + e.quote + "\u201d")); }
    var cite = [];
    if (e.sentence !== null && e.sentence !== undefined) { cite.push("sentence " + e.sentence); }
    if (e.section) { cite.push("section \u201c" + e.section + "\u201d"); }
    if (cite.length) { box.appendChild(kg.el("p", "kg-story-cite", cite.join(" \u00b7 "))); }
    box.appendChild(kg.el("p", "kg-story-keys", "\u2190 \u2192 step \u00b7 Esc leaves"));
    // this step's two concepts in the middle of the room left above the quote box
    var positions = kg.network.getPositions([e.from, e.to]);
    var p = positions[e.from];
    var q = positions[e.to];
    var scale = kg.network.getScale();
    var free = kg.container.getBoundingClientRect().height - box.offsetHeight - 12;
    var span = Math.abs(q.x - p.x) + 260;
    var width = kg.container.getBoundingClientRect().width;
    scale = Math.min(scale, width / span, Math.max(free, 120) / 260);
    kg.network.moveTo({
      position: {x: (p.x + q.x) / 2,
                 y: (p.y + q.y) / 2 + (box.offsetHeight + 12) / 2 / scale},
      scale: scale, animation: false});
  }

  function setStory(on) {
    box.hidden = !on;
    document.body.classList.toggle("kg-storying", on);
    storyButton.setAttribute("aria-pressed", String(on));
    if (on) { show(at < 0 ? 0 : at); } else { at = -1; kg.restore(); }
    window.requestAnimationFrame(function () { kg.network.redraw(); });
  }
  storyButton.addEventListener("click", function () { setStory(box.hidden); });

  document.addEventListener("keydown", function (event) {
    if (box.hidden) { return; }
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown" || key === " ") { show(at + 1); }
    else if (key === "ArrowLeft" || key === "PageUp") { show(at - 1); }
    else if (key === "Escape") { setStory(false); }
    else { return; }
    event.preventDefault();
    event.stopPropagation();
  }, true);

  panelButton.setAttribute("aria-expanded",
                           String(!document.body.classList.contains("kg-folded")));
  kg.story = {steps: steps, show: show, set: setStory, at: function () { return at; }};
  if (flag("projector")) { setProjector(true); }
  if (flag("story") && steps.length) { setStory(true); }
})();
performance.mark("kg modes.js run");
