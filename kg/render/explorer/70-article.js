/* Article: the source as hypertext; a sentence that states relations is underlined, a click
   shows them (with links to both ends). */
"use strict";
KG.panels.article = (function () {
  const text = KG.$("#article-text"), side = KG.$("#article-side");
  const bySentence = new Map();
  for (const r of KG.data.relations) { if (!bySentence.has(r.sentence)) bySentence.set(r.sentence, []); bySentence.get(r.sentence).push(r); }
  let built = false;
  function build() {
    for (const doc of KG.data.article) {
      text.append(KG.el("h2", {}, doc.title));
      let p = KG.el("p");
      for (const block of doc.blocks) {
        if (block.heading) { if (p.childNodes.length) text.append(p); text.append(KG.el("h3", {}, block.heading)); p = KG.el("p"); continue; }
        const rels = bySentence.get(block.n) || [];
        p.append(KG.el("span", { class: "s" + (rels.length ? " has" : ""), id: "s" + block.n, "data-n": block.n, tabindex: "0",
          title: rels.length ? `${rels.length} relation(s)` : null,
          onclick: () => KG.go("article", { s: block.n }),
          onkeydown: (e) => { if (e.key === "Enter") KG.go("article", { s: block.n }); } }, block.text), " ");
      }
      if (p.childNodes.length) text.append(p);
    }
    built = true;
  }
  function select(n) {
    for (const s of text.querySelectorAll(".s.on")) s.classList.remove("on");
    const span = document.getElementById("s" + n);
    if (!span) { side.replaceChildren(KG.el("p", { class: "empty" }, "Click a sentence to see the relations it states.")); return; }
    span.classList.add("on");
    span.scrollIntoView({ block: "center" });
    const rels = bySentence.get(+n) || [];
    side.replaceChildren(KG.el("h2", {}, `Sentence ${n}`),
      rels.length ? KG.el("ul", { class: "results" }, rels.map((r) => KG.el("li", {},
        KG.conceptLink(r.s), " ", KG.el("strong", {}, KG.label(r.p)), " ", KG.conceptLink(r.o),
        KG.el("blockquote", {}, "“" + r.quote + "”")))) : KG.el("p", { class: "empty" }, "This sentence states no relation of the graph."));
  }
  return { show(params) { if (!built) build(); select(params.s); } };
})();
