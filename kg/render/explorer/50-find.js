/* Find: one box over names (resolved as `kg query` resolves them, with its typo hints) and over
   the article's sentences and definitions (KG.search, the index of `kg search`). */
"use strict";
KG.panels.find = (function () {
  const box = KG.$("#find-box");
  let timer = null;
  function chipsFor(relations) {
    return relations.map((r) => KG.el("span", { class: "chip rel", title: r.quote },
      KG.conceptLink(r.s), " ", KG.label(r.p), " ", KG.conceptLink(r.o)));
  }
  let hintTimer = null;
  function render(text, immediate) {
    const hint = KG.$("#find-hint"), cList = KG.$("#find-concepts"), sList = KG.$("#find-sentences");
    hint.replaceChildren(); cList.replaceChildren(); sList.replaceChildren();
    delete hint.dataset.done;
    if (!text.trim()) { const example = (KG.data.concepts[0] || {}).label;
      hint.append("Type a name, a word or a question", ...(example ? [". Try ", KG.el("button", { type: "button", onclick: () => set(example) }, example)] : []), "."); return; }
    const result = KG.search(text) || { sentences: [], concepts: [], words: [] };
    /* the name and its "did you mean" (which ranks every name) once typing pauses */
    clearTimeout(hintTimer);
    hintTimer = setTimeout(() => {
      const named = KG.resolveConcept(text);
      if (named.iri && KG.byIri.has(named.iri)) {
        hint.append("The concept ", KG.conceptLink(named.iri), " — press Enter to open it.");
      } else if (named.candidates && named.candidates.length) {
        hint.append(named.error.startsWith("no") ? "Did you mean " : "Which one? ",
          ...named.candidates.map((c) => KG.el("button", { type: "button", class: "suggestion", onclick: () => set(c) }, c)), "?");
      }
      hint.dataset.done = text;
    }, immediate ? 0 : 200);
    for (const row of result.concepts) {
      const c = { ...KG.byIri.get(row.iri) }; c.type = KG.typeLabel(c);
      cList.append(KG.el("li", {}, KG.conceptLink(c.iri), " ", KG.el("span", { class: "type" }, c.type),
        c.synonyms.length ? KG.el("div", { class: "meta" }, "also: " + c.synonyms.join(", ")) : null,
        c.definition ? KG.el("div", {}, KG.highlight(c.definition, result.words)) : null));
    }
    if (!result.concepts.length) cList.append(KG.el("li", { class: "empty" }, "no concept"));
    for (const row of result.sentences) {
      const s = KG.sentence(row.source, row.number);
      sList.append(KG.el("li", { class: "sentence" },
        KG.el("a", { href: KG.href("article", { s: s.number }), class: "meta" }, `sentence ${s.number}` + (s.section ? ` · ${s.section}` : "")),
        KG.el("div", {}, KG.highlight(s.text, result.words)), KG.el("div", {}, chipsFor(s.relations))));
    }
    if (!result.sentences.length) sList.append(KG.el("li", { class: "empty" }, "no sentence"));
  }
  function set(text) { box.value = text; KG.replace("find", { q: text }); render(text, true); box.focus(); }
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { KG.replace("find", box.value ? { q: box.value } : {}); render(box.value); }, 60);
  });
  box.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    const named = KG.resolveConcept(box.value);
    if (named.iri && KG.byIri.has(named.iri)) KG.go("concept", { id: KG.local(named.iri) });
    else { const first = KG.$("#find-concepts a.concept"); if (first) first.click(); }
  });
  return {
    render,
    show(params) {
      if (params.q !== undefined && params.q !== box.value) box.value = params.q;
      render(box.value, true);
      if (document.activeElement === document.body) box.focus();
    },
  };
})();
