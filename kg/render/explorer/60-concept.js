/* Concept: the card a teacher reads — kind, definition, names, relations in plain words, each
   with its quote, sentence and section; ontology ids and IRIs behind "details". */
"use strict";
KG.panels.concept = (function () {
  const root = KG.$("#concept-card");
  function relationItem(r, outgoing) {
    const other = outgoing ? r.o : r.s;
    return KG.el("li", {},
      KG.conceptLink(other),
      KG.el("blockquote", {}, "“" + r.quote + "”"),
      KG.el("div", { class: "cite" }, KG.el("a", { href: KG.href("article", { s: r.sentence }) }, `sentence ${r.sentence}`),
        r.section ? ` · ${r.section}` : "", r.note ? ` · note: ${r.note}` : ""));
  }
  /* a relation's label as the verb of a sentence: "causes" stays, "felt in" -> "is felt in" */
  function asVerb(label) {
    const first = label.split(" ")[0];
    return first === "is" || /s$/.test(first) ? label : `is ${label}`;
  }
  function group(rows, outgoing) {
    const by = new Map();
    for (const r of rows) { const k = KG.label(r.p); if (!by.has(k)) by.set(k, []); by.get(k).push(r); }
    return [...by.entries()].map(([verb, list]) => KG.el("div", {},
      KG.el("div", { class: "group" }, outgoing ? `It ${asVerb(verb)}` : `What ${asVerb(verb)} it`),
      KG.el("ul", {}, list.map((r) => relationItem(r, outgoing)))));
  }
  /* the named questions taking one concept, as links asking them about this one */
  function asks(c) {
    return KG.data.questions.filter((q) => q.params.length === 1 && q.params[0].kind === "concept")
      .map((q) => KG.el("a", { class: "chip", href: KG.href("questions", { name: q.name, [q.params[0].name]: c.label }) }, q.title));
  }
  function picker() {
    return KG.el("ul", { class: "results" }, KG.data.concepts.map((c) => KG.el("li", {}, KG.conceptLink(c.iri), " ", KG.el("span", { class: "type" }, KG.typeLabel(c)))));
  }
  return {
    show(params) {
      const found = params.id ? KG.resolveConcept(params.id) : {};
      const c = found.iri && KG.byIri.get(found.iri);
      if (!c) { root.replaceChildren(KG.el("p", { class: "empty" }, params.id ? `No concept ${params.id}. Pick one:` : "Find a concept first, or pick one:"), picker()); return; }
      const out = KG.data.relations.filter((r) => r.s === c.iri), inc = KG.data.relations.filter((r) => r.o === c.iri);
      root.replaceChildren(KG.el("div", { class: "card" },
        KG.el("span", { class: "type" }, KG.typeLabel(c)),
        KG.el("h2", { class: "title" }, c.label),
        c.synonyms.length ? KG.el("div", { class: "meta" }, "Also called: " + c.synonyms.join(", ")) : null,
        KG.el("p", { class: "definition" }, c.definition || "(no definition in the article)"),
        KG.el("div", { class: "toolbar" },
          KG.el("a", { href: KG.href("follow", { from: c.id }) }, "follow from here"), " · ",
          KG.el("a", { href: KG.href("find", { q: c.label }) }, "find in the article"), " · ",
          KG.el("button", { type: "button", id: "show-graph", onclick: () => {
            const box = KG.$("#concept-graph");
            box.replaceChildren(box.childNodes.length ? "" : KG.drawGraph([...out, ...inc].map((r) => ({ s: r.s, o: r.o, label: KG.label(r.p) }))));
          } }, "show in graph")),
        KG.el("div", { id: "concept-graph" }),
        asks(c).length ? KG.el("div", { class: "meta" }, "Ask: ", asks(c)) : null,
        KG.el("div", { class: "columns" }, KG.el("div", {}, group(out, true)), KG.el("div", {}, group(inc, false))),
        !out.length && !inc.length ? KG.el("p", { class: "empty" }, "No relation cites this concept.") : null,
        KG.el("details", {}, KG.el("summary", {}, "details: ids and IRIs"),
          KG.el("ul", {}, KG.el("li", {}, "id: ", KG.el("code", {}, c.id)), KG.el("li", {}, "IRI: ", KG.el("code", {}, c.iri)),
            KG.el("li", {}, "class: ", KG.el("code", {}, c.type)),
            c.exact.map((x) => KG.el("li", {}, "exact match: ", KG.el("code", {}, x))),
            c.close.map((x) => KG.el("li", {}, "close match: ", KG.el("code", {}, x)))))));
      document.title = c.label + " — explorer";
    },
  };
})();
