/* The full-text search of kg/search.py over the index the build exported (kg/render/
   explorer_data.py): each row's FTS5 terms per column, ranked by FTS5's bm25() with the index's
   column weights; the same rules in the same order: every word, then every word's beginning,
   then (nothing found) the rows with most of the words. */
"use strict";
KG.search = (function () {
  const S = KG.data.search, stems = S.stems;
  const K1 = 1.2, B = 0.75;
  let prepared = false;
  function prepare() {  /* after the page is shown (KG.warm), not at load: usable sooner */
  if (prepared) return;
  prepared = true;
  for (const kind of ["sentence", "concept"]) {
    const table = S[kind];
    table.lengths = table.rows.map((r) => r.terms.reduce((n, col) => n + Object.values(col).reduce((a, b) => a + b, 0), 0));
    table.avg = table.lengths.reduce((a, b) => a + b, 0) / Math.max(1, table.rows.length);
    /* postings: term -> indexes of the rows holding it (a 10,000-concept index stays fast) */
    table.postings = new Map();
    table.rows.forEach((r, i) => { for (const col of r.terms) for (const t in col) { let list = table.postings.get(t); if (!list) table.postings.set(t, list = []); if (list[list.length - 1] !== i) list.push(i); } });
    table.vocab = [...table.postings.keys()].sort();
  }
  }
  function words(text) {
    const out = [];
    for (const token of String(text).split(/\s+/).filter(Boolean)) {
      const prefix = token.endsWith("*");
      for (const w of KG.normalize(token).split(" ").filter(Boolean)) out.push({ word: w, prefix });
    }
    return out;
  }
  /* the index terms a typed word matches: its stem, or (a prefix) every term starting with it */
  function terms(table, word, prefix) {
    const stem = stems[word] || word;
    if (!prefix) return [stem];
    /* the sorted vocabulary's run of terms starting with it, found by halving (not a scan) */
    let lo = 0, hi = table.vocab.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (table.vocab[mid] < stem) lo = mid + 1; else hi = mid; }
    const out = [];
    while (lo < table.vocab.length && table.vocab[lo].startsWith(stem)) out.push(table.vocab[lo++]);
    return out;
  }
  /* a word's weighted count in a row; a short prefix ("a*") stands for hundreds of terms, so
     then the row's own few terms are looked up in the set of them instead (the same sum) */
  function freq(table, row, termList, termSet) {
    let f = 0;
    if (termSet && termList.length > 8) {
      row.terms.forEach((col, c) => { for (const t in col) if (termSet.has(t)) f += col[t] * table.weights[c]; });
    } else row.terms.forEach((col, c) => { for (const t of termList) if (col[t]) f += col[t] * table.weights[c]; });
    return f;
  }
  /* the rows holding any of the terms, as a set of row indexes */
  function* holding(table, termList) {
    const out = new Set();
    let n = 0;
    for (const t of termList) {
      for (const i of table.postings.get(t) || []) out.add(i);
      if (++n % 100 === 0) yield;
    }
    return out;
  }
  /* rows having every phrase, best (lowest bm25) first; kept for the next keystrokes, which
     ask the same word sets again as a word is typed */
  function* query(table, phrases) {
    const key = phrases.map((p) => p.word + (p.prefix ? "*" : "")).join(" ");
    table.cache = table.cache || new Map();
    let hits = table.cache.get(key);
    if (!hits) {
      if (table.cache.size > 200) table.cache.clear();
      hits = yield* rank(table, phrases);
      table.cache.set(key, hits);
    }
    return hits;
  }
  function* rank(table, phrases) {
    const N = table.rows.length;
    const lists = phrases.map((p) => terms(table, p.word, p.prefix));
    const termSets = lists.map((list) => new Set(list));
    const sets = [];
    for (const list of lists) sets.push(yield* holding(table, list));
    const idf = sets.map((set) => {
      const n = set.size;
      const v = Math.log((N - n + 0.5) / (n + 0.5));
      return v <= 0 ? 1e-6 : v;
    });
    const hits = [];
    if (!sets.length) return hits;
    const smallest = sets.reduce((a, b) => (b.size < a.size ? b : a));
    let seen = 0;
    for (const i of smallest) {
      if (++seen % 300 === 0) yield;
      if (!sets.every((set) => set.has(i))) continue;
      const row = table.rows[i];
      let score = 0;
      lists.forEach((list, k) => {
        const f = freq(table, row, list, termSets[k]);
        score += idf[k] * (f * (K1 + 1)) / (f + K1 * (1 - B + B * table.lengths[i] / table.avg));
      });
      hits.push({ row, rank: -score });
    }
    return hits.sort((a, b) => a.rank - b.rank || a.row.id - b.row.id);
  }
  function* find(kind, ws, limit) {
    const table = S[kind], found = new Map();
    let count = 0;
    for (const [rule, beginnings] of [["all words", false], ["word beginnings", true]]) {
      if (found.size >= limit) break;
      const hits = yield* query(table, ws.map((w) => ({ word: w.word, prefix: w.prefix || (beginnings && w.word.length >= 3) })));
      count = hits.length;
      for (const h of hits) if (!found.has(h.row.id) && found.size < limit) found.set(h.row.id, { ...h.row, match: rule });
    }
    return { rows: [...found.values()], count };
  }
  function combinations(list, k) {
    if (k === 0) return [[]];
    const out = [];
    list.forEach((x, i) => { for (const rest of combinations(list.slice(i + 1), k - 1)) out.push([x, ...rest]); });
    return out;
  }
  function* findSome(kind, ws, limit) {
    const table = S[kind];
    let useful = ws.filter((w, i) => !STOP_WORDS.has(w.word) && ws.findIndex((v) => v.word === w.word && v.prefix === w.prefix) === i);
    if (!useful.length) useful = ws;
    const most = useful.length < ws.length ? useful.length : useful.length - 1;
    const exact = [];
    for (const w of useful) exact.push(w.prefix || w.word.length < 3 || (yield* query(table, [{ word: w.word, prefix: false }])).length > 0);
    useful = useful.map((w, i) => ({ word: w.word, prefix: w.prefix || !exact[i] }));
    const found = new Map(); let queries = 0;
    for (let k = most; k > 0; k--) {
      const level = [];
      for (const subset of combinations(useful, k)) {
        if (++queries > 30) break;
        level.push(...(yield* query(table, subset)).slice(0, limit));
      }
      level.sort((a, b) => a.rank - b.rank || a.row.id - b.row.id);
      for (const h of level) if (!found.has(h.row.id) && found.size < limit) found.set(h.row.id, { ...h.row, match: "some words" });
      if (found.size >= limit || queries > 30) break;
    }
    return { rows: [...found.values()], count: found.size };
  }
  const STOP_WORDS = new Set("a an and are as at be both by can do does for from how in into is it of on or the to what when which who why with".split(" "));
  /* the search as steps (the page runs them in slices, KG.slices, so a keystroke waits for no
     long ranking); KG.search(text) runs them at once: the same answer */
  function* steps(text, limit = 10) {
    const ws = words(text);
    if (!ws.length) return null;
    if (!prepared) prepare();
    let sentences = yield* find("sentence", ws, limit), concepts = yield* find("concept", ws, limit);
    if (!sentences.rows.length && !concepts.rows.length) {
      sentences = yield* findSome("sentence", ws, limit); concepts = yield* findSome("concept", ws, limit);
    }
    return { words: ws.map((w) => w.word), sentences: sentences.rows, concepts: concepts.rows,
      sentence_count: sentences.count, concept_count: concepts.count };
  }
  const search = (text, limit = 10) => KG.drain(steps(text, limit));
  search.steps = steps;
  search.prepare = prepare;
  return search;
})();
