/* Shared helpers: DOM building, the data, and kg.names' normalize/similarity/rank ported from
   Python (kg/names.py) so the page matches and hints names as the CLI does; the tests compare
   both on the dataset's names. */
"use strict";
const KG = {};
KG.data = JSON.parse(document.getElementById("kg-data").textContent);
KG.$ = (sel, root) => (root || document).querySelector(sel);
KG.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
};
KG.byIri = new Map(KG.data.concepts.map((c) => [c.iri, c]));
KG.label = (iri) => (KG.byIri.get(iri) || {}).label || (KG.data.classes[iri] || {}).label
  || (KG.data.predicates[iri] || {}).label || KG.local(iri);
KG.local = (iri) => String(iri).replace(/\/$/, "").split("/").pop().split("#").pop();
KG.typeLabel = (c) => (KG.data.classes[c.type] || {}).label || KG.local(c.type);

const QUOTES = { "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
  "\u201f": '"', "\u2033": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-" };
function singular(word) {
  if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
  if (word.length > 3 && word.endsWith("s") && !/(ss|is|us)$/.test(word)) return word.slice(0, -1);
  return word;
}
KG.normalize = function (text) {
  let t = String(text).replace(/[\u2018\u2019\u201b\u2032\u201c\u201d\u201f\u2033\u2010-\u2014\u2212]/g, (c) => QUOTES[c]);
  t = t.toLowerCase().replace(/[-_/\\]+/g, " ").replace(/[^\p{L}\p{N}_\s]+/gu, "");
  return t.split(/\s+/).filter(Boolean).map(singular).join(" ");
};
const STOP = new Set("a an and are as at be both by can do does for from how in into is it of on or the to what when which who why with".split(" "));
const TROUBLE = new Set("problem issue trouble disorder dysfunction condition disease complaint".split(" "));
/* rapidfuzz's fuzz.ratio: 100 * (1 - Indel distance / total length), Indel = by the LCS
   (two reused rows: a hint ranks every name of the dataset at each keystroke) */
let rowA = new Int32Array(64), rowB = new Int32Array(64);
function ratio(a, b) {
  if (!a.length && !b.length) return 100;
  const n = b.length;
  if (rowA.length <= n) { rowA = new Int32Array(n + 1); rowB = new Int32Array(n + 1); }
  let prev = rowA, cur = rowB;
  prev.fill(0, 0, n + 1);
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    cur[0] = 0;
    for (let j = 1; j <= n; j++) cur[j] = ca === b.charCodeAt(j - 1) ? prev[j - 1] + 1 : (prev[j] > cur[j - 1] ? prev[j] : cur[j - 1]);
    const t = prev; prev = cur; cur = t;
  }
  return 100 * (2 * prev[n]) / (a.length + b.length);
}
function wordSimilarity(typed, word) {
  if (typed === word) return 100;
  if (typed.length >= 4 && word.length >= 4 && (word.startsWith(typed) || typed.startsWith(word))) return 92;
  if (TROUBLE.has(typed) && TROUBLE.has(word)) return 90;
  const s = ratio(typed, word);
  return s >= 80 ? s : 0;
}
const normalized = new Map();  /* name -> normalize(name): names are ranked again and again */
function normalCached(name) {
  let found = normalized.get(name);
  if (found === undefined) { found = KG.normalize(name); normalized.set(name, found); }
  return found;
}
/* what similarity() needs of a text, computed once per text (a hint ranks thousands of names) */
const facts = new Map();
function factsOf(text) {
  let f = facts.get(text);
  if (f) return f;
  const key = normalCached(text), all = key.split(" ").filter(Boolean), meaningfulWords = all.filter((w) => !STOP.has(w));
  const fold = String(text).replace(/[\u2018\u2019\u201b\u2032\u201c\u201d\u201f\u2033\u2010-\u2014\u2212]/g, (c) => QUOTES[c]).toLowerCase();
  f = { key, words: meaningfulWords.length ? meaningfulWords : all, raw: fold.split(/\s+/).filter(Boolean),
    rawWords: new Set(fold.match(/[\p{L}\p{N}_]+/gu) || []) };
  if (facts.size > 50000) facts.clear();
  facts.set(text, f);
  return f;
}
KG.similarity = function (query, name) {
  const q = factsOf(query), m = factsOf(name);
  const typed = q.key, named = m.key;
  if (!typed || !named) return 0;
  if (typed === named) return 100;
  const whole = ratio(typed, named);
  let coverage = 0, matched = 0;
  for (const w of q.words) {
    let best = 0;
    for (const v of m.words) { const x = wordSimilarity(w, v); if (x > best) best = x; }
    coverage += best; if (best) matched++;
  }
  coverage /= q.words.length;
  matched = matched || 1;
  let words = coverage * (0.9 + 0.1 * Math.min(1, matched / m.words.length)) * 0.97;
  if (coverage && q.raw.length) words = Math.min(99, words + 4 * q.raw.filter((w) => m.rawWords.has(w)).length / q.raw.length);
  return Math.max(whole, words);
};
KG.rank = function (query, candidates, n = 5, cutoff = 60, spread = 25) {
  return KG.drain(KG.rankSteps(query, candidates, n, cutoff, spread));
};
/* KG.rank as steps: it yields every few hundred names scored, so a page ranking thousands of
   names (a "did you mean") can give the keyboard back between slices (KG.slices) */
KG.rankSteps = function* (query, candidates, n = 5, cutoff = 60, spread = 25) {
  const scored = new Map();
  let done = 0;
  for (const c of candidates) {
    if (!scored.has(c)) scored.set(c, KG.similarity(query, c));
    if (++done % 200 === 0) yield;
  }
  if (!scored.size) return [];
  const best = Math.max(...scored.values());
  const order = [...scored.keys()].sort((a, b) => (scored.get(b) - scored.get(a))
    || (normalCached(a) < normalCached(b) ? -1 : normalCached(a) > normalCached(b) ? 1 : (a < b ? -1 : a > b ? 1 : 0)));
  return order.filter((c) => scored.get(c) >= Math.max(cutoff, best - spread)).slice(0, n);
};
/* a generator run to its end at once: its answer (the same steps, never sliced) */
KG.drain = function (steps) {
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
};
/* a generator run in slices of about `budget` ms, the page's thread free between them; the
   answer goes to `done` unless `cancel()` (the next keystroke) was called first */
KG.slices = function (steps, done, budget = 8) {
  let cancelled = false, timer = null;
  const run = () => {
    const t0 = performance.now();
    for (;;) {
      const r = steps.next();
      const spent = performance.now() - t0;
      if (spent > KG.slices.longest) KG.slices.longest = spent;  /* benchmarks/bench_explorer.py reads it */
      if (r.done) { if (!cancelled) done(r.value); return; }
      if (cancelled) return;
      if (spent > budget) { timer = setTimeout(run, 0); return; }
    }
  };
  run();  /* the first slice at once: a cached or short answer is drawn with no wait */
  return () => { cancelled = true; clearTimeout(timer); };
};
KG.slices.longest = 0;
/* The Resolver's rule (kg/resolve.py) over the exported name index: an exact id or IRI wins,
   then the normalized label/synonym key, and only without one the normalized id; none or
   several is an answer with suggestions, never a guess. */
KG.resolveConcept = function (text) {
  return KG.drain(KG.resolveConceptSteps(text));
};
/* KG.resolveConcept as steps (the ranking of "did you mean" is the long part) */
KG.resolveConceptSteps = function* (text) {
  const t = String(text).trim(), names = KG.data.names;
  if (names.ids[t]) return { iri: names.ids[t] };
  if (KG.byIri.has(t)) return { iri: t };
  if (/^<.*>$/.test(t)) return { iri: t.slice(1, -1) };
  const key = KG.normalize(t);
  const found = names.keys[key] || names.id_keys[key] || [];
  if (found.length === 1) return { iri: found[0] };
  if (found.length > 1) return { error: `'${t}' names ${found.length} concepts`, candidates: found.map(KG.label) };
  return { error: `no concept named '${t}'`, candidates: yield* KG.conceptHintSteps(t) };
};
/* KG.rank over every name of the dataset, the same answer computed on fewer names: a name
   is scored only if it may reach the cutoff — by the whole name (its letters, counted in 64
   buckets, bound the LCS from above) or by a word (one of its words is near a typed word). */
KG.rankNames = (function () {
  let index = null;
  const bag = (text) => { const b = new Uint8Array(64); for (let i = 0; i < text.length; i++) b[text.charCodeAt(i) & 63]++; return b; };
  const meaningful = (text) => { const all = text.split(" ").filter(Boolean); const w = all.filter((x) => !STOP.has(x)); return w.length ? w : all; };
  function build() {
    const names = Object.keys(KG.data.names.names), bags = [], byWord = new Map();
    names.forEach((name, i) => {
      const key = normalCached(name);
      bags.push(bag(key));
      for (const w of meaningful(key)) { let list = byWord.get(w); if (!list) byWord.set(w, list = []); list.push(i); }
    });
    return { names, bags, byWord, words: [...byWord.keys()] };
  }
  const steps = function* (query, n = 5, cutoff = 60, spread = 25) {
    index = index || build();
    const typed = KG.normalize(query);
    if (!typed) return [];
    const tb = bag(typed), keep = new Set();
    for (let i = 0; i < index.bags.length; i++) {
      const b = index.bags[i];
      let common = 0;
      for (let k = 0; k < 64; k++) common += b[k] < tb[k] ? b[k] : tb[k];
      const length = normalCached(index.names[i]).length;
      if (200 * common / (typed.length + length) >= cutoff) keep.add(i);
      if (i % 2000 === 1999) yield;
    }
    for (const t of meaningful(typed)) for (let j = 0; j < index.words.length; j++) {
      const w = index.words[j];
      if (wordSimilarity(t, w) > 0) for (const i of index.byWord.get(w)) keep.add(i);
      if (j % 1000 === 999) yield;
    }
    return yield* KG.rankSteps(query, [...keep].sort((a, b) => a - b).map((i) => index.names[i]), n, cutoff, spread);
  };
  const rank = (query, n, cutoff, spread) => KG.drain(steps(query, n, cutoff, spread));
  rank.steps = steps;
  rank.prepare = () => { index = index || build(); };
  return rank;
})();
/* kg.names.concept_hint: the closest names, one per concept, "synonym (label)" when needed */
KG.conceptHint = (text, n = 6) => KG.drain(KG.conceptHintSteps(text, n));
KG.conceptHintSteps = function* (text, n = 6) {
  const names = KG.data.names.names, shown = new Map();
  for (const found of yield* KG.rankNames.steps(text, 4 * n)) {
    const iri = names[found], label = KG.label(iri);
    if (shown.has(iri)) continue;
    const fits = found === label || KG.similarity(text, label) >= KG.similarity(text, found) - 5;
    shown.set(iri, fits ? label : `${found} (${label})`);
  }
  return [...shown.values()].slice(0, n);
};
KG.resolveClass = function (text) {
  const key = KG.normalize(text);
  if (/^<.*>$/.test(text.trim())) return { iri: text.trim().slice(1, -1) };
  const found = Object.entries(KG.data.classes).filter(([iri, c]) => key === KG.normalize(KG.local(iri)) || key === KG.normalize(c.label)).map(([iri]) => iri);
  if (found.length === 1) return { iri: found[0] };
  const names = Object.entries(KG.data.classes).flatMap(([iri, c]) => [KG.local(iri), c.label]);
  return { error: found.length ? `'${text}' names ${found.length} classes` : `no class named '${text}'`, candidates: KG.rank(text, names, 4, 60) };
};
KG.conceptLink = (iri, text) => KG.el("a", { class: "concept", href: KG.href("concept", { id: KG.local(iri) }), title: KG.label(iri) }, text || KG.label(iri));
KG.escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/* the text with the given words (normalized forms' beginnings) marked */
KG.highlight = function (text, words) {
  const out = document.createDocumentFragment();
  /* "of", "the": matched by the search like any word, but marking them only adds noise */
  if (words.some((w) => !STOP.has(w))) words = words.filter((w) => !STOP.has(w));
  if (!words.length) { out.append(text); return out; }
  const re = new RegExp("\\b(" + words.map((w) => KG.escapeRegExp(w.slice(0, Math.max(3, w.length - 2)))).join("|") + ")[\\p{L}\\p{N}]*", "giu");
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.append(text.slice(last, m.index), KG.el("mark", {}, m[0]));
    last = m.index + m[0].length;
  }
  out.append(text.slice(last));
  return out;
};
KG.download = function (name, type, text) {
  const a = KG.el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a); a.click(); a.remove();
};
/* a sentence of a source: its number, text, section and the relations it states */
KG.sentence = (function () {
  let index = null;
  return function (source, number) {
    if (!index) {
      index = new Map();
      for (const doc of KG.data.article) {
        let section = null;
        for (const b of doc.blocks) {
          if (b.heading) section = b.heading;
          else index.set(doc.iri + "#" + b.n, { number: b.n, text: b.text, section, relations: [] });
        }
      }
      for (const r of KG.data.relations) { const s = index.get(r.source + "#" + r.sentence); if (s) s.relations.push(r); }
    }
    return index.get(source + "#" + number) || { number, text: "", section: null, relations: [] };
  };
})();
