/* SPARQL: YASGUI's editor, Yasqe (npm @zazuko/yasqe, the editor of @zazuko/yasgui), with
   completion of prefixes, classes and properties from THIS graph's vocabulary and every
   network part off; queries run in the worker with Stop and a time limit; syntax errors
   marked at their line/column.
   Why Yasqe rather than CodeMirror 6: it is a SPARQL editor, not a text editor with a SPARQL
   colouring. Its tokenizer is the SPARQL 1.1 grammar, so it knows where a class (after `a`),
   a property or a prefix may come and completes only there, checks the syntax as one types,
   and adds a PREFIX line when a known prefix is used; and it ships as one ready bundle, so the
   vendoring stays "fetch the pinned tarball, check its hash" with no bundler to pin (CM6's ES
   modules need esbuild, and its SPARQL mode is a legacy stream mode with no grammar). Its
   network parts are turned off: the prefix.cc and LOV autocompleters are replaced by ours
   (below), no query button, no share link, nothing kept in localStorage, and its `query()`
   (an HTTP request) is this page's run(). */
"use strict";
KG.panels.sparql = (function () {
  const V = KG.data.vocabulary, Y = window.Yasqe;
  let editor = null, marked = null;
  const status = KG.$("#sparql-status"), errorBox = KG.$("#sparql-error"), results = KG.$("#sparql-results");
  const runBtn = KG.$("#sparql-run"), stopBtn = KG.$("#sparql-stop");
  /* Yasqe expands a prefixed name only by the PREFIX lines of the query; a prefix the graph
     declares is known even before its line is written (the prefixes completer then adds it) */
  function known(pre) {
    return (yasqe, token) => {
      const t = pre(yasqe, token), p = t.tokenPrefix && t.tokenPrefix.slice(0, -1);
      if (p && !t.tokenPrefixUri && V.prefixes[p]) {
        t.tokenPrefixUri = V.prefixes[p];
        t.autocompletionString = V.prefixes[p] + t.autocompletionString.slice(p.length + 1);
      }
      return t;
    };
  }
  const completers = {
    kgPrefixes: { ...Y.Autocompleters.prefixes, name: "kgPrefixes", persistenceId: null,
      get: () => Object.entries(V.prefixes).map(([p, ns]) => `${p}: <${ns}>`).sort() },
    kgClasses: { ...Y.Autocompleters.class, name: "kgClasses", bulk: true, autoShow: true, persistenceId: null,
      get: V.classes, preProcessToken: known(Y.Autocompleters.class.preProcessToken) },
    kgProperties: { ...Y.Autocompleters.property, name: "kgProperties", bulk: true, autoShow: true, persistenceId: null,
      get: V.properties, preProcessToken: known(Y.Autocompleters.property.preProcessToken) },
  };
  function init() {
    for (const c of Object.values(completers)) Y.registerAutocompleter(c, false);
    const select = KG.$("#sparql-examples");
    for (const q of KG.data.questions) select.append(KG.el("option", { value: q.name }, q.name + " — " + q.title));
    select.addEventListener("change", () => { if (select.value) load(select.value); });
    editor = new Y(KG.$("#sparql-editor"), {
      value: "", autocompleters: ["variables", ...Object.keys(completers)], persistenceId: null,
      showQueryButton: false, createShareableLink: null, createShortLink: undefined, consumeShareLink: null,
      resizeable: false, editorHeight: "16rem", collapsePrefixesOnLoad: false, syntaxErrorCheck: true,
      extraKeys: { ...Y.defaults.extraKeys, "Ctrl-Enter": () => run(), "Cmd-Enter": () => run() },
    });
    editor.query = () => { run(); return Promise.resolve(); };  /* never Yasqe's HTTP request */
    editor.on("change", () => { clearMark(); KG.replace("sparql", { q: editor.getValue() }); });
    runBtn.addEventListener("click", () => run());
    stopBtn.addEventListener("click", () => { KG.engine.stop("stopped"); });
    KG.editor = editor;
  }
  function load(name) {
    const q = KG.data.questions.find((x) => x.name === name);
    if (!q) return;
    KG.$("#sparql-examples").value = name;
    let text = q.text;
    for (const p of q.params) if (p.default_iri) text = text.replace(/\bWHERE\s*\{/i, (m) => m + ` VALUES ?${p.name} { <${p.default_iri}> }`);
    editor.setValue(text);
  }
  function clearMark() { if (marked !== null) { editor.removeLineClass(marked, "background", "cm-error-line"); marked = null; } errorBox.hidden = true; }
  async function run() {
    clearMark();
    results.replaceChildren();
    status.textContent = "running…"; runBtn.disabled = true; stopBtn.disabled = false;
    const limit = Math.max(1, +KG.$("#sparql-limit").value || 10);
    try {
      const result = await KG.engine.query(editor.getValue(), limit);
      KG.lastResult = result;
      status.textContent = "";
      results.replaceChildren(...KG.resultView("query", result));
    } catch (e) {
      status.textContent = "";
      errorBox.hidden = false; errorBox.textContent = e.message;
      if (e.line) { marked = e.line - 1; editor.addLineClass(marked, "background", "cm-error-line"); editor.setCursor({ line: e.line - 1, ch: Math.max(0, e.column - 1) }); }
    } finally { runBtn.disabled = false; stopBtn.disabled = true; }
  }
  return {
    show(params) {
      KG.engine.ensure().catch(() => {});  /* a big graph's engine starts here */
      if (!editor) init();
      if (params.example) load(params.example);
      else if (params.q !== undefined && params.q !== editor.getValue()) editor.setValue(params.q);
      else if (!editor.getValue()) editor.setValue("PREFIX kgv: <https://w3id.org/edu-kg/vocab#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\nSELECT ?concept ?label WHERE {\n  ?concept a kgv:Condition ; rdfs:label ?label .\n}\nORDER BY ?label\n");
      setTimeout(() => editor.refresh(), 0);
    },
    run,
  };
})();
