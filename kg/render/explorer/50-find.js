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
  /* The search and the "did you mean" run in slices of a few ms (KG.slices), each cancelled
     by the next keystroke, so no keystroke waits for a long ranking on a big graph. */
  let hintTimer = null, cancelSearch = () => {}, cancelHint = () => {};
  function render(text, immediate) {
    cancelSearch(); cancelHint(); clearTimeout(hintTimer);
    const hint = KG.$("#find-hint");
    delete hint.dataset.done; delete hint.dataset.shown;
    if (!text.trim()) {
      KG.$("#find-concepts").replaceChildren(); KG.$("#find-sentences").replaceChildren(); hint.replaceChildren();
      const example = (KG.data.concepts[0] || {}).label;
      hint.append("Type a name, a word or a question", ...(example ? [". Try ", KG.el("button", { type: "button", onclick: () => set(example) }, example)] : []), "."); return; }
    cancelSearch = KG.slices(KG.search.steps(text), (result) => draw(text, result || { sentences: [], concepts: [], words: [] }, immediate));
  }
  function draw(text, result, immediate) {
    const hint = KG.$("#find-hint"), cList = KG.$("#find-concepts"), sList = KG.$("#find-sentences");
    hint.replaceChildren(); cList.replaceChildren(); sList.replaceChildren();
    hint.dataset.shown = text;
    /* the name and its "did you mean" (which ranks every name) once typing pauses */
    hintTimer = setTimeout(() => {
      cancelHint = KG.slices(KG.resolveConceptSteps(text), (named) => {
        if (named.iri && KG.byIri.has(named.iri)) {
          hint.append("The concept ", KG.conceptLink(named.iri), " — press Enter to open it.");
        } else if (named.candidates && named.candidates.length) {
          hint.append(named.error.startsWith("no") ? "Did you mean " : "Which one? ",
            ...named.candidates.map((c) => KG.el("button", { type: "button", class: "suggestion", onclick: () => set(c) }, c)), "?");
        }
        hint.dataset.done = text;
      });
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
    /* a name the index knows is found at the first step; the "did you mean" part is not run */
    const first = KG.resolveConceptSteps(box.value).next(), named = first.done ? first.value : {};
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
