/* Start: fill the name lists, route the fragment, keys 1–6 switch panels, "/" finds. */
"use strict";
(function () {
  /* the completion lists after the first paint: thousands of options cost a big dataset time */
  setTimeout(() => {
    const names = KG.$("#concept-names"), options = document.createDocumentFragment();
    for (const name of Object.keys(KG.data.names.names).sort()) options.append(KG.el("option", { value: name }));
    names.append(options);
    const classes = KG.$("#class-names");
    for (const [iri, c] of Object.entries(KG.data.classes)) classes.append(KG.el("option", { value: KG.local(iri) }, c.label));
  }, 0);
  const order = ["find", "concept", "article", "questions", "sparql", "follow"];
  document.addEventListener("keydown", (e) => {
    const t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable || t.closest(".CodeMirror"));
    if (typing || e.ctrlKey || e.metaKey || e.altKey || !KG.$("#presentation").hidden) return;
    const n = order[+e.key - 1];
    if (n) { e.preventDefault(); KG.go(n, n === "find" ? { q: KG.$("#find-box").value } : {}); }
    else if (e.key === "/") { e.preventDefault(); KG.go("find", { q: KG.$("#find-box").value }); KG.$("#find-box").focus(); }
  });
  KG.$("#share").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); KG.$("#share").textContent = "link copied"; }
    catch (e) { KG.$("#share").textContent = "copy the address bar"; }
    setTimeout(() => { KG.$("#share").textContent = "Share"; }, 1500);
  });
  window.addEventListener("hashchange", KG.route);
  KG.route();
  const status = KG.$("#engine-status");
  const shown = () => { status.textContent = `engine ready · ${KG.engine.triples.toLocaleString()} triples`; status.title = "SPARQL runs in this page (Oxigraph)"; document.body.dataset.engine = "ready"; };
  KG.engine.onReady(shown);
  const begin = () => KG.engine.ensure().catch((e) => { status.textContent = "engine failed: " + e.message; });
  if (KG.data.engine_start === "eager") setTimeout(begin, 0);
  else if (!KG.engine.started) status.textContent = "SPARQL engine starts when a question is asked";
  performance.mark("kg-interactive");
  /* the search and name indexes, built once the page is shown rather than at the first
     keystroke (a 10,000-concept page's first letter would otherwise wait ~0.2 s for them) */
  setTimeout(() => { KG.search.prepare(); KG.rankNames.prepare(); KG.sentence("", 0); }, 50);
  document.body.dataset.ready = "true";
})();
