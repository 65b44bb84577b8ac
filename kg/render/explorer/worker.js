/* The query worker: Oxigraph (its wasm-bindgen glue is pasted above this code, made a classic
   script by kg/render/explorer.py) over the graph's N-Triples. Messages in: {init, wasm, graph}
   (both gzip bytes in base64) then {id, query}; out: {ready, ms, triples} / {id, form, json|triples} / {id, error}. */
"use strict";
/* base64 text (as inlined in the page) -> bytes */
function unbase64(text) {
  const raw = atob(text), out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}
async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
let store = null;
self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.init) {
    try {
      const t0 = performance.now();
      const module = await WebAssembly.compile(await gunzip(unbase64(msg.wasm)));
      initSync({ module });
      store = new Store();
      store.load(await gunzip(unbase64(msg.graph)), { format: "application/n-triples" });
      self.postMessage({ ready: true, ms: performance.now() - t0, triples: store.size });
    } catch (e) { self.postMessage({ fatal: String(e && e.message || e) }); }
    return;
  }
  const t0 = performance.now();
  try {
    if (msg.form === "CONSTRUCT" || msg.form === "DESCRIBE") {
      const quads = store.query(msg.query);
      const term = (t) => t.termType === "NamedNode" ? { type: "uri", value: t.value }
        : t.termType === "Literal" ? { type: "literal", value: t.value, datatype: t.datatype && t.datatype.value, "xml:lang": t.language || undefined }
          : { type: "bnode", value: t.value };
      const bindings = quads.map((q) => ({ subject: term(q.subject), predicate: term(q.predicate), object: term(q.object) }));
      self.postMessage({ id: msg.id, ms: performance.now() - t0, result: { head: { vars: ["subject", "predicate", "object"] }, results: { bindings } } });
    } else {
      const text = store.query(msg.query, { results_format: "json" });
      self.postMessage({ id: msg.id, ms: performance.now() - t0, result: JSON.parse(text) });
    }
  } catch (e) {
    self.postMessage({ id: msg.id, error: String(e && e.message || e) });
  }
};
