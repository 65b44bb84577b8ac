/* The in-page SPARQL engine: Oxigraph compiled to WebAssembly, in a Web Worker made from the
   inlined code and bytes (nothing fetched, so file:// works). A query past its time limit, or
   stopped, ends the worker; a fresh one is started for the next query.
   When it starts: a small graph's engine right after the first paint (it is ready in a fraction
   of a second); a big graph's (the build says which, `engine_start`) only when a panel needs
   it — Questions, SPARQL, or a query — so loading and searching a 10,000-concept page do not
   share the machine's cores with Oxigraph parsing the graph. The base64 of the WebAssembly and
   the graph is decoded in the worker, off the page's thread. */
"use strict";
KG.engine = (function () {
  const source = document.getElementById("kg-oxigraph").textContent + "\n" + document.getElementById("kg-worker").textContent;
  const workerUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const text = (id) => document.getElementById(id).textContent.trim();
  let worker = null, ready = null, nextId = 1, started = null;
  const listeners = [];
  const pending = new Map();
  const UPDATE = /^(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)$/i;
  const FORMS = /^(SELECT|ASK|CONSTRUCT|DESCRIBE)$/i;
  function start() {
    worker = new Worker(workerUrl);
    ready = new Promise((resolve, reject) => {
      worker.onmessage = (event) => {
        const m = event.data;
        if (m.ready) { KG.engine.readyMs = m.ms; KG.engine.triples = m.triples; resolve(m); listeners.splice(0).forEach((f) => f(m)); return; }
        if (m.fatal) { reject(new Error(m.fatal)); return; }
        const job = pending.get(m.id);
        if (!job) return;
        pending.delete(m.id); clearTimeout(job.timer);
        if (m.error) job.reject(syntaxError(m.error)); else job.resolve({ ...m.result, ms: m.ms });
      };
      worker.onerror = (e) => reject(new Error(e.message));
    });
    worker.postMessage({ init: true, wasm: text("kg-wasm"), graph: text("kg-graph") });
    return ready;
  }
  function syntaxError(message) {
    const m = /error at (\d+):(\d+)(?:-\d+:\d+)?:\s*([\s\S]*)$/.exec(message);
    const err = new Error(m ? `syntax error at line ${m[1]}, column ${m[2]}: ${m[3]}` : message);
    if (m) { err.line = +m[1]; err.column = +m[2]; }
    return err;
  }
  /* the query form (first keyword after the prologue and comments); an update is refused */
  function form(text) {
    const stripped = text.replace(/#[^\n]*/g, " ").replace(/<[^>\s]*>/g, "<>").replace(/"([^"\\]|\\.)*"|'([^'\\]|\\.)*'/g, '""');
    for (const word of stripped.match(/[A-Za-z]+/g) || []) {
      if (FORMS.test(word)) return word.toUpperCase();
      if (UPDATE.test(word)) return "UPDATE";
    }
    return null;
  }
  function stop(reason) {
    if (worker) worker.terminate();
    for (const job of pending.values()) { clearTimeout(job.timer); job.reject(new Error(reason || "stopped")); }
    pending.clear();
    start();
  }
  /* start the engine if it is not started yet; the promise of its being ready */
  function ensure() {
    if (!started) { started = performance.now(); KG.engine.startedAt = started; start(); }
    return ready;
  }
  async function query(text, limitSeconds = 10) {
    const f = form(text);
    if (f === "UPDATE") throw new Error("this page is read-only: SPARQL Update (INSERT, DELETE, LOAD, …) is refused; ask with SELECT, ASK, CONSTRUCT or DESCRIBE");
    await ensure();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => stop(`stopped: the query took longer than the time limit (${limitSeconds} s)`), limitSeconds * 1000);
      pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, query: text, form: f });
    });
  }
  function busy() { return pending.size > 0; }
  /* f(message) once the engine is ready (again after a Stop, each fresh worker) */
  function onReady(f) { listeners.push(f); }
  return { query, stop, busy, form, ensure, onReady, get ready() { return ensure(); }, get started() { return started !== null; },
    readyMs: null, startedAt: null, triples: 0 };
})();
/* the named question with its slots filled: a resolved IRI (or a literal) per parameter */
KG.fill = function (question, terms) {
  return question.prepared.replace(/\u27e6([A-Za-z_][A-Za-z0-9_]*)\u27e7/g, (_, name) => terms[name]);
};
KG.iriTerm = (iri) => "<" + iri + ">";
KG.literalTerm = (text) => '"' + String(text).replace(/[\\"\n\r\t\b\f]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" })[c]) + '"';
