/* SPARQL: CodeMirror 5's SPARQL mode (the editor YASGUI is built on, without its network
   autocompleters) with completion from this graph's prefixes, classes and properties; queries
   run in the worker with Stop and a time limit; syntax errors marked at their line/column. */
"use strict";
KG.panels.sparql = (function () {
  const V = KG.data.vocabulary;
  const prefixed = (iri) => { for (const [p, ns] of Object.entries(V.prefixes)) if (iri.startsWith(ns) && /^[\w.-]*$/.test(iri.slice(ns.length))) return p + ":" + iri.slice(ns.length); return "<" + iri + ">"; };
  const words = [...new Set([...Object.keys(V.prefixes).map((p) => p + ":"), ...V.properties.map(prefixed), ...V.classes.map(prefixed),
    "SELECT", "DISTINCT", "WHERE", "OPTIONAL", "FILTER", "UNION", "ORDER BY", "GROUP BY", "LIMIT", "PREFIX", "ASK", "CONSTRUCT", "DESCRIBE", "BIND", "VALUES", "COUNT"])];
  let editor = null, marked = null;
  const status = KG.$("#sparql-status"), errorBox = KG.$("#sparql-error"), results = KG.$("#sparql-results");
  const runBtn = KG.$("#sparql-run"), stopBtn = KG.$("#sparql-stop");
  function hint(cm) {
    const cur = cm.getCursor(), line = cm.getLine(cur.line);
    let start = cur.ch; while (start > 0 && /[\w:.-]/.test(line[start - 1])) start--;
    const typed = line.slice(start, cur.ch).toLowerCase();
    const list = words.filter((w) => w.toLowerCase().startsWith(typed) && w.toLowerCase() !== typed);
    const decl = (p) => `PREFIX ${p}: <${V.prefixes[p]}>`;
    const full = list.map((w) => ({ text: w, displayText: w.endsWith(":") && V.prefixes[w.slice(0, -1)] ? decl(w.slice(0, -1)) : w }));
    return { list: full.slice(0, 60), from: CodeMirror.Pos(cur.line, start), to: CodeMirror.Pos(cur.line, cur.ch) };
  }
  function init() {
    const select = KG.$("#sparql-examples");
    for (const q of KG.data.questions) select.append(KG.el("option", { value: q.name }, q.name + " — " + q.title));
    select.addEventListener("change", () => { if (select.value) load(select.value); });
    editor = CodeMirror.fromTextArea(KG.$("#sparql-text"), { mode: "application/sparql-query", lineNumbers: true, indentUnit: 2,
      extraKeys: { "Ctrl-Space": (cm) => cm.showHint({ hint, completeSingle: false }), "Ctrl-Enter": () => run(), "Cmd-Enter": () => run() } });
    editor.on("inputRead", (cm, change) => { if (/[\w:]/.test(change.text[0] || "")) cm.showHint({ hint, completeSingle: false }); });
    editor.on("change", () => { clearMark(); KG.replace("sparql", { q: editor.getValue() }); });
    runBtn.addEventListener("click", () => run());
    stopBtn.addEventListener("click", () => { KG.engine.stop("stopped"); });
    KG.editor = editor;
  }
  function load(name) {
    const q = KG.data.questions.find((x) => x.name === name);
    if (!q) return;
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
      if (!editor) init();
      if (params.example) load(params.example);
      else if (params.q !== undefined && params.q !== editor.getValue()) editor.setValue(params.q);
      else if (!editor.getValue()) editor.setValue("PREFIX kgv: <https://w3id.org/edu-kg/vocab#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\nSELECT ?concept ?label WHERE {\n  ?concept a kgv:Condition ; rdfs:label ?label .\n}\nORDER BY ?label\n");
      setTimeout(() => editor.refresh(), 0);
    },
    run,
  };
})();
