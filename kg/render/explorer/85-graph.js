/* A small drawing of concepts and the relations between them (SVG, left to right by how far
   each node is from a node nothing points at), for answers whose rows hold concepts and for a
   concept's neighbourhood. A click on a node opens its card. */
"use strict";
KG.edgesOf = function (result) {
  if (!result.results) return [];
  const vars = result.head.vars, rows = result.results.bindings;
  const isConcept = (t) => t && t.type === "uri" && KG.byIri.has(t.value);
  const conceptVars = vars.filter((v) => rows.some((r) => isConcept(r[v])));
  const edges = [];
  for (const row of rows) {
    const present = conceptVars.filter((v) => isConcept(row[v]));
    for (let k = 0; k + 1 < present.length; k++) {
      const a = present[k], b = present[k + 1];
      const between = vars.slice(vars.indexOf(a) + 1, vars.indexOf(b)).find((v) => row[v] && row[v].type === "uri" && KG.data.predicates[row[v].value]);
      edges.push({ s: row[a].value, o: row[b].value, label: between ? KG.label(row[between].value) : "" });
    }
    if (present.length === 1 && !edges.length) edges.push({ s: row[present[0]].value, o: null, label: "" });
  }
  return edges;
};
KG.drawGraph = function (edges) {
  const nodes = [...new Set(edges.flatMap((e) => [e.s, e.o]).filter(Boolean))];
  if (!nodes.length) return KG.el("p", { class: "empty" }, "No concepts in these rows to draw.");
  const out = new Map(nodes.map((n) => [n, []])), indeg = new Map(nodes.map((n) => [n, 0]));
  const seen = new Set();
  const unique = edges.filter((e) => e.o && e.s !== e.o && !seen.has(e.s + e.o + e.label) && seen.add(e.s + e.o + e.label));
  for (const e of unique) { out.get(e.s).push(e.o); indeg.set(e.o, indeg.get(e.o) + 1); }
  const layer = new Map();
  const queue = nodes.filter((n) => !indeg.get(n));
  if (!queue.length) queue.push(nodes[0]);
  for (const n of queue) layer.set(n, 0);
  for (let i = 0; i < queue.length; i++) for (const m of out.get(queue[i])) if (!layer.has(m)) { layer.set(m, layer.get(queue[i]) + 1); queue.push(m); }
  for (const n of nodes) if (!layer.has(n)) layer.set(n, 0);
  const columns = [];
  for (const n of nodes) (columns[layer.get(n)] = columns[layer.get(n)] || []).push(n);
  const colW = 310, rowH = 46, pad = 20;
  const pos = new Map();
  columns.forEach((col, c) => col.sort((a, b) => KG.label(a).localeCompare(KG.label(b))).forEach((n, r) => pos.set(n, { x: pad + c * colW, y: pad + r * rowH })));
  const width = pad * 2 + columns.length * colW, height = pad * 2 + Math.max(...columns.map((c) => c.length)) * rowH;
  const NS = "http://www.w3.org/2000/svg";
  const svg = (tag, attrs, ...kids) => { const n = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); n.append(...kids); return n; };
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "graph", role: "img", "aria-label": "drawing of the concepts" },
    svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto" }, svg("path", { d: "M0,0L10,5L0,10z", fill: "#1f5fae" }))));
  const boxW = 180, boxH = 30;
  for (const e of unique) {
    const a = pos.get(e.s), b = pos.get(e.o);
    const x1 = a.x + boxW, y1 = a.y + boxH / 2, x2 = b.x, y2 = b.y + boxH / 2;
    const back = x2 <= x1;
    const d = back ? `M${a.x + boxW / 2},${a.y + boxH} C${a.x + boxW / 2},${a.y + boxH + 40} ${b.x + boxW / 2},${b.y + boxH + 40} ${b.x + boxW / 2},${b.y + boxH}`
      : `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
    root.append(svg("path", { d, fill: "none", stroke: "#1f5fae", "stroke-width": "1.3", "marker-end": "url(#arrow)" }, svg("title", {}, `${KG.label(e.s)} ${e.label} ${KG.label(e.o)}`)));
    if (!back && e.label) root.append(svg("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 4, "text-anchor": "middle", "font-size": "10", fill: "#5b6575" }, e.label));
  }
  for (const n of nodes) {
    const p = pos.get(n), name = KG.label(n);
    const g = svg("g", { class: "gnode", tabindex: "0", transform: `translate(${p.x},${p.y})` },
      svg("rect", { width: boxW, height: boxH, rx: "8", fill: "#fff", stroke: "#1f5fae", "stroke-width": "1.5" }),
      svg("text", { x: boxW / 2, y: boxH / 2 + 5, "text-anchor": "middle", "font-size": "13" }, name.length > 26 ? name.slice(0, 25) + "…" : name),
      svg("title", {}, name));
    g.addEventListener("click", () => KG.go("concept", { id: KG.local(n) }));
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") KG.go("concept", { id: KG.local(n) }); });
    root.append(g);
  }
  return KG.el("div", { class: "graph-box" }, root);
};
/* a result as a table, with a "graph" view when its rows hold concepts */
KG.resultView = function (name, result) {
  const edges = KG.edgesOf(result);
  const box = KG.el("div", {}, KG.resultTable(result));
  const tools = KG.resultTools(name, result);
  if (edges.length) {
    let graph = null;
    tools.append(KG.el("button", { type: "button", class: "view-toggle", onclick: (e) => {
      const showing = e.target.textContent === "Table";
      e.target.textContent = showing ? "Graph" : "Table";
      box.replaceChildren(showing ? KG.resultTable(result) : (graph = graph || KG.drawGraph(edges)));
    } }, "Graph"));
  }
  return [tools, box];
};
