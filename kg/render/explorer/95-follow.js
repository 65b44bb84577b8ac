/* Follow: how does A lead to B — the answers of `kg explain A B`, prepared at build time by
   kg.explain.how for every pair (kg/render/explorer_follow.py) and only looked up and drawn
   here: the signed causal chains grouped by effect ("leads to", "helps with"), each step with
   its quote; with no chain, the shortest relation path of any kind, labelled as not a chain of
   causes. "Present" steps through every step of every chain, one relation at a time. */
"use strict";
KG.panels.follow = (function () {
  const F = KG.data.follow;
  const at = new Map((F.nodes || []).map((id, i) => [id, i]));
  const iri = (id) => KG.data.names.ids[id] || id;
  /* a step as drawn: its relation, walked forwards (s → o) or backwards (o ← s) */
  function step(ref) {
    const forward = ref >= 0, s = F.steps[forward ? ref : -ref - 1];
    return { ...s, forward, start: iri(forward ? s.s : s.o), end: iri(forward ? s.o : s.s),
      subject: iri(s.s), object: iri(s.o) };
  }
  /* kg explain's answer for two concept IRIs: {verb, chains: [{effect, hops, steps}], groups,
     related, reverse, readings}, or null when the build prepared none */
  function answer(a, b) {
    if (!F.prepared) return null;
    const e = F.answers[at.get(KG.local(a)) + " " + at.get(KG.local(b))] || {};
    const chains = (e.c || []).map(([effect, hops, refs]) => ({ effect, hops, steps: refs.map(step) }));
    return { verb: e.v || null, chains, groups: (e.g || []).map(([effect, verb, words, idx]) => ({ effect, verb, words, chains: idx })),
      related: e.r ? e.r.map(step) : null, reverse: e.rev || 0, readings: e.rd || {} };
  }
  let slides = [];  /* what Present steps through: {chain, steps, at, title} */
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  function stepView(s) {
    return KG.el("div", { class: "step" + (s.forward ? "" : " back") },
      KG.el("div", { class: "arrow" }, s.forward ? `— ${s.pl} →` : `← ${s.pl} —`),
      s.q ? KG.el("blockquote", {}, "\u201c" + s.q + "\u201d") : null,
      KG.el("div", { class: "cite" }, s.n ? KG.el("a", { href: KG.href("article", { s: s.n }) }, `sentence ${s.n}`) : "",
        s.rd && s.rd !== "stated" ? KG.el("span", { class: "derived", title: s.note || "" }, ` · ${s.rd}`) : ""));
  }
  function chainView(steps, heading, first) {
    return KG.el("div", { class: "chain-box" },
      KG.el("h2", {}, heading, " ", KG.el("button", { type: "button", class: "present-one", onclick: () => presentFrom(first) }, "Present")),
      KG.el("div", { class: "chain" }, KG.el("span", { class: "node" }, KG.conceptLink(steps[0].start)),
        steps.map((s) => [stepView(s), KG.el("span", { class: "node" }, KG.conceptLink(s.end))])));
  }
  function draw(a, b, ans) {
    const box = KG.$("#follow-chains"), A = KG.label(a), B = KG.label(b), out = [];
    slides = [];
    for (const [node, members] of Object.entries(ans.readings)) {
      const c = KG.byIri.get(iri(node)) || {}, kind = KG.typeLabel(c).toLowerCase();
      out.push(KG.el("p", { class: "reading" }, `\u2018${KG.label(iri(node))}\u2019 is ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}: following what affects it or is located in it \u2014 ${members.map((m) => KG.label(iri(m))).join(", ")}.`));
    }
    if (ans.chains.length) {
      const count = plural(ans.chains.length, "chain");
      const head = ans.groups.length === 1 ? `How ${A} ${ans.verb} ${B}: ${count}, shortest first.`
        : `How ${A} affects ${B}: ${count} (${ans.groups.map((g) => `${g.chains.length} that ${g.words} it`).join(", ")}), shortest first.`;
      out.push(KG.el("p", { class: "answer-line" }, head));
      let number = 0;
      for (const g of ans.groups) {
        if (ans.groups.length > 1) out.push(KG.el("h3", {}, `${A} ${g.verb} ${B}:`));
        for (const i of g.chains) {
          const c = ans.chains[i];
          number++;
          const title = `Chain ${number} \u00b7 ${plural(c.hops, "step")}`;
          const first = slides.length;
          const what = `How ${A} ${g.verb} ${B} \u00b7 chain ${number}`;
          c.steps.forEach((s, k) => slides.push({ chain: number, of: ans.chains.length, k, n: c.steps.length, s, title, what }));
          out.push(chainView(c.steps, title, first));
        }
      }
    } else {
      out.push(KG.el("p", { class: "answer-line" }, `No chain of causes leads from ${A} to ${B} within ${F.max_hops} steps.`));
      if (ans.reverse) out.push(KG.el("p", {}, `But ${B} leads to ${A} (${plural(ans.reverse, "chain")}): `,
        KG.el("a", { href: KG.href("follow", { from: B, to: A }) }, `follow ${B} to ${A}`), "."));
      if (!ans.related) out.push(KG.el("p", {}, `${A} and ${B} are not connected by any relation in the graph.`));
      else {
        const names = [...new Set(ans.related.slice(0, -1).map((s) => KG.label(s.end)))].join(", ");
        const title = `Not a chain of causes: these concepts are related${names ? " through " + names : " directly"} (the shortest relation of any kind, direction ignored, ${plural(ans.related.length, "step")}); it says nothing about what one does to the other.`;
        ans.related.forEach((s, k) => slides.push({ chain: 0, k, n: ans.related.length, s, title: "not a chain of causes", what: `${A} and ${B}: related, not a chain of causes` }));
        const view = chainView(ans.related, "Related, not a chain of causes", 0);
        view.classList.add("not-causal");
        out.push(KG.el("p", { class: "not-causal-note" }, title), view);
      }
    }
    box.replaceChildren(...out);
  }
  const pres = KG.$("#presentation");
  let current = 0;
  function present(at) {
    if (!slides.length) return;
    current = Math.max(0, Math.min(at, slides.length - 1));
    const { s, chain, of, k, n, what } = slides[current];
    pres.hidden = false;  /* the relation as the article states it, subject first */
    pres.replaceChildren(KG.el("div", { class: "what" }, what), KG.el("div", { class: "big" }, KG.label(s.subject), " ", KG.el("span", { class: "verb" }, s.pl), " ", KG.label(s.object)),
      s.q ? KG.el("blockquote", {}, "\u201c" + s.q + "\u201d", KG.el("div", { class: "cite" }, (s.n ? `sentence ${s.n}` : "") + (s.sec ? ` \u00b7 ${s.sec}` : ""))) : null,
      KG.el("div", { class: "count" }, (chain ? `chain ${chain} of ${of} \u00b7 ` : "not a chain of causes \u00b7 ") + `step ${k + 1} / ${n} \u00b7 \u2190 \u2192 to step, Esc to close`));
    pres.focus();
  }
  function presentFrom(i) { const { params } = KG.state(); KG.go("follow", { ...params, present: i + 1 }); }
  pres.addEventListener("keydown", (e) => {
    const { params } = KG.state();
    if (e.key === "ArrowRight" || e.key === " " || e.key === "PageDown") { e.preventDefault(); if (current + 1 < slides.length) KG.go("follow", { ...params, present: current + 2 }); }
    else if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); if (current > 0) KG.go("follow", { ...params, present: current }); }
    else if (e.key === "Escape") { const p = { ...params }; delete p.present; KG.go("follow", p); }
  });
  const form = KG.$("#follow-form");
  form.addEventListener("submit", (e) => { e.preventDefault(); KG.go("follow", { from: KG.$("#follow-from").value, to: KG.$("#follow-to").value }); });
  KG.$("#follow-present").addEventListener("click", () => presentFrom(0));
  return {
    show(params) {
      const hint = KG.$("#follow-hint"), box = KG.$("#follow-chains");
      hint.replaceChildren();
      KG.$("#follow-from").value = params.from || ""; KG.$("#follow-to").value = params.to || "";
      if (!params.present) pres.hidden = true;
      slides = [];
      if (!F.prepared) { box.replaceChildren(KG.el("p", { class: "empty" }, `This graph has more than ${F.limit} concepts, so the build did not prepare every pair's chains; ask \u2018kg explain A B\u2019.`)); return; }
      if (!params.from || !params.to) { box.replaceChildren(KG.el("p", { class: "empty" }, "Name where the chain starts and where it ends.")); return; }
      const a = KG.resolveConcept(params.from), b = KG.resolveConcept(params.to);
      for (const x of [a, b]) if (!x.iri) hint.append(`${x.error}` + (x.candidates.length ? ` \u2014 did you mean ${x.candidates.join(", ")}?` : ""), KG.el("br"));
      if (!a.iri || !b.iri) { box.replaceChildren(); return; }
      if (a.iri === b.iri) { box.replaceChildren(KG.el("p", { class: "empty" }, `${params.from} and ${params.to} are the same concept (${KG.label(a.iri)}); name two different concepts.`)); return; }
      draw(a.iri, b.iri, answer(a.iri, b.iri));
      if (params.present) present((+params.present || 1) - 1);
    },
    answer,
    get slides() { return slides; },
  };
})();
