/* Questions: the named questions as a gallery; a form per parameter (defaults filled, names
   completed from the concepts' names and the classes); the page resolves each value by the
   exported name index and writes its IRI into the slot the build prepared (KG.fill). */
"use strict";
KG.cell = function (term, label) {
  if (!term) return "";
  if (term.type === "uri") return KG.byIri.has(term.value) ? KG.conceptLink(term.value, label && label.value) : KG.el("span", { title: term.value }, label ? label.value : KG.label(term.value));
  return term.value;
};
KG.resultTable = function (result) {
  if (result.boolean !== undefined) return KG.el("p", { class: "answer" }, result.boolean ? "Yes." : "No.");
  const all = result.head.vars, rows = result.results.bindings;
  /* a column ?xLabel is shown as the text of ?x's cell, as `kg query`'s table does */
  const vars = all.filter((v) => !(v.endsWith("Label") && all.includes(v.slice(0, -5))));
  const label = (row, v) => all.includes(v + "Label") ? row[v + "Label"] : null;
  return KG.el("div", { class: "results-box" }, KG.el("table", { class: "rows" },
    KG.el("thead", {}, KG.el("tr", {}, vars.map((v) => KG.el("th", {}, v)))),
    KG.el("tbody", {}, rows.map((row) => KG.el("tr", {}, vars.map((v) => KG.el("td", { class: v === "quote" ? "quote" : null }, KG.cell(row[v], label(row, v)))))))));
};
KG.csv = function (result) {
  if (result.boolean !== undefined) return "boolean\r\n" + result.boolean + "\r\n";
  const q = (s) => /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  return [result.head.vars.join(","), ...result.results.bindings.map((b) => result.head.vars.map((v) => q(b[v] ? b[v].value : "")).join(","))].join("\r\n") + "\r\n";
};
KG.resultTools = function (name, result) {
  return KG.el("div", { class: "toolbar" },
    KG.el("span", { class: "status" }, result.boolean !== undefined ? "" : `${result.results.bindings.length} rows`, result.ms !== undefined ? ` · ${result.ms.toFixed(1)} ms` : ""),
    KG.el("button", { type: "button", onclick: () => KG.download(name + ".csv", "text/csv", KG.csv(result)) }, "CSV"),
    KG.el("button", { type: "button", onclick: () => KG.download(name + ".json", "application/sparql-results+json", JSON.stringify(result, null, 2)) }, "JSON"));
};
KG.panels.questions = (function () {
  const list = KG.$("#question-list"), view = KG.$("#question-view");
  const byName = new Map(KG.data.questions.map((q) => [q.name, q]));
  for (const q of KG.data.questions) {
    list.append(KG.el("li", { "data-name": q.name, tabindex: "0", onclick: () => KG.go("questions", { name: q.name }),
      onkeydown: (e) => { if (e.key === "Enter") KG.go("questions", { name: q.name }); } },
    KG.el("div", {}, q.title), KG.el("div", { class: "name" }, q.name)));
  }
  function resolve(param, value) {
    if (value === param.default && param.default_iri) return { term: KG.iriTerm(param.default_iri) };
    if (param.kind === "text") return { term: KG.literalTerm(value) };
    const found = param.kind === "class" ? KG.resolveClass(value) : KG.resolveConcept(value);
    return found.iri ? { term: KG.iriTerm(found.iri) } : { error: found.error + (found.candidates && found.candidates.length ? " — did you mean " + found.candidates.join(", ") + "?" : "") };
  }
  async function run(q, values, out) {
    const terms = {};
    for (const p of q.params) {
      const r = resolve(p, values[p.name] !== undefined ? values[p.name] : p.default || "");
      if (r.error) { out.replaceChildren(KG.el("div", { class: "error" }, `${p.name}: ${r.error}`)); return; }
      terms[p.name] = r.term;
    }
    out.replaceChildren(KG.el("p", { class: "status" }, "asking…"));
    try {
      const result = await KG.engine.query(KG.fill(q, terms));
      KG.lastResult = result;
      out.replaceChildren(...KG.resultView(q.name, result));
      out.dataset.done = String(Date.now());
    } catch (e) { out.replaceChildren(KG.el("div", { class: "error" }, e.message)); }
  }
  return {
    show(params) {
      KG.engine.ensure().catch(() => {});  /* a big graph's engine starts here */
      for (const li of list.children) li.classList.toggle("on", li.dataset.name === params.name);
      const q = byName.get(params.name);
      if (!q) { view.replaceChildren(KG.el("p", { class: "empty" }, "Pick a question on the left.")); return; }
      const out = KG.el("div", { id: "question-results" });
      const values = {};
      const form = KG.el("form", { class: "params", onsubmit: (e) => {
        e.preventDefault();
        const given = {};
        for (const p of q.params) given[p.name] = form.elements[p.name].value;
        KG.replace("questions", { name: q.name, ...given });
        run(q, given, out);
      } },
      q.params.map((p) => [KG.el("label", { for: "param-" + p.name }, p.name + (p.meaning ? ` — ${p.meaning}` : "")),
        KG.el("input", { id: "param-" + p.name, name: p.name, value: params[p.name] !== undefined ? params[p.name] : p.default || "",
          list: p.kind === "class" ? "class-names" : p.kind === "concept" ? "concept-names" : null, autocomplete: "off" })]),
      KG.el("span"), KG.el("div", {}, KG.el("button", { type: "submit", class: "primary" }, "Ask"), " ",
        KG.el("a", { href: KG.href("sparql", { example: q.name }) }, "open in the SPARQL editor")));
      for (const p of q.params) values[p.name] = params[p.name] !== undefined ? params[p.name] : p.default || "";
      view.replaceChildren(KG.el("h2", { class: "title" }, q.title), KG.el("p", {}, q.description), form, out);
      run(q, values, out);
    },
  };
})();
