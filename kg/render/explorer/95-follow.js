/* Follow: how does A lead to B — the cited causal chains (simple paths of at most 6 relations
   whose predicates kg.explain.causal_predicates calls causal, shortest first, then by how close
   their sentences sit), drawn left to right; "Present" steps through one relation at a time. */
"use strict";
KG.panels.follow = (function () {
  const causal = new Set(KG.data.causal.map((p) => p.startsWith("http") ? p : null).filter(Boolean));
  const causalLocal = new Set(KG.data.causal);
  const isCausal = (p) => causal.has(p) || causalLocal.has(KG.local(p));
  const edges = new Map(); /* subject -> [relation] , one per (s, p, o), earliest sentence */
  const seen = new Map();
  for (const r of KG.data.relations) {
    if (!isCausal(r.p)) continue;
    const key = r.s + " " + r.p + " " + r.o;
    if (seen.has(key)) continue;
    seen.set(key, r);
    if (!edges.has(r.s)) edges.set(r.s, []);
    edges.get(r.s).push(r);
  }
  function chains(from, to, maxHops = 6, limit = 20) {
    const out = [];
    const walk = (node, path, visited) => {
      if (path.length > maxHops) return;
      if (node === to && path.length) { out.push(path.slice()); return; }
      for (const r of edges.get(node) || []) {
        if (visited.has(r.o)) continue;
        visited.add(r.o); path.push(r); walk(r.o, path, visited); path.pop(); visited.delete(r.o);
      }
    };
    walk(from, [], new Set([from]));
    const spread = (c) => Math.max(...c.map((r) => r.sentence)) - Math.min(...c.map((r) => r.sentence));
    return out.sort((a, b) => a.length - b.length || spread(a) - spread(b)).slice(0, limit);
  }
  let current = [];
  function draw(list) {
    const box = KG.$("#follow-chains");
    box.replaceChildren(...list.map((chain, i) => KG.el("div", {},
      KG.el("h2", {}, `Chain ${i + 1} · ${chain.length} step${chain.length > 1 ? "s" : ""}`),
      KG.el("div", { class: "chain" }, KG.el("span", { class: "node" }, KG.conceptLink(chain[0].s)),
        chain.map((r) => [KG.el("div", { class: "step" }, KG.el("div", { class: "arrow" }, `— ${KG.label(r.p)} →`),
          KG.el("blockquote", {}, "“" + r.quote + "”"), KG.el("div", { class: "cite" }, KG.el("a", { href: KG.href("article", { s: r.sentence }) }, `sentence ${r.sentence}`))),
        KG.el("span", { class: "node" }, KG.conceptLink(r.o))])))));
  }
  const pres = KG.$("#presentation");
  let step = 0;
  function present(chain, at) {
    if (!chain) return;
    step = Math.max(0, Math.min(at, chain.length - 1));
    const r = chain[step];
    pres.hidden = false;
    pres.replaceChildren(KG.el("div", { class: "big" }, KG.label(r.s), " ", KG.el("span", { class: "verb" }, KG.label(r.p)), " ", KG.label(r.o)),
      KG.el("blockquote", {}, "“" + r.quote + "”", KG.el("div", { class: "cite" }, `sentence ${r.sentence}` + (r.section ? ` · ${r.section}` : ""))),
      KG.el("div", { class: "count" }, `${step + 1} / ${chain.length} · ← → to step, Esc to close`));
    pres.focus();
  }
  pres.addEventListener("keydown", (e) => {
    const { params } = KG.state();
    if (e.key === "ArrowRight" || e.key === " ") { e.preventDefault(); KG.go("follow", { ...params, present: step + 2 }); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); KG.go("follow", { ...params, present: Math.max(1, step) }); }
    else if (e.key === "Escape") { const p = { ...params }; delete p.present; KG.go("follow", p); }
  });
  const form = KG.$("#follow-form");
  form.addEventListener("submit", (e) => { e.preventDefault(); KG.go("follow", { from: KG.$("#follow-from").value, to: KG.$("#follow-to").value }); });
  KG.$("#follow-present").addEventListener("click", () => { const { params } = KG.state(); KG.go("follow", { ...params, present: 1 }); });
  return {
    show(params) {
      const hint = KG.$("#follow-hint");
      hint.replaceChildren();
      KG.$("#follow-from").value = params.from || ""; KG.$("#follow-to").value = params.to || "";
      if (!params.present) pres.hidden = true;
      if (!params.from || !params.to) { KG.$("#follow-chains").replaceChildren(KG.el("p", { class: "empty" }, "Name where the chain starts and where it ends.")); current = []; return; }
      const a = KG.resolveConcept(params.from), b = KG.resolveConcept(params.to);
      for (const [x, name] of [[a, params.from], [b, params.to]]) if (!x.iri) hint.append(`${x.error}` + (x.candidates.length ? ` — did you mean ${x.candidates.join(", ")}?` : ""), KG.el("br"));
      if (!a.iri || !b.iri) { KG.$("#follow-chains").replaceChildren(); return; }
      current = chains(a.iri, b.iri);
      if (!current.length) hint.append(`No chain of causal relations leads from ${KG.label(a.iri)} to ${KG.label(b.iri)}.`);
      draw(current);
      if (params.present && current.length) present(current[0], (+params.present || 1) - 1);
    },
    chains,
  };
})();
