"""The explorer page (build/html/explorer.html) in a real browser: Debian's Chromium driven by
playwright, every request that is not file:, blob: or data: blocked and recorded, one page
visit per test. Screenshots of each panel go to build/screenshots/explorer-*.png."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "build" / "screenshots"


def kg_cli(project, *args: str) -> str:
    from kg.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data", str(project.data_dir), "--build-dir", str(project.build_dir),
                     *args])
    assert code in (0, 1), err.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def page_path(embedded) -> Path:
    kg_cli(embedded, "build", "--no-validate")
    path = embedded.build_dir / "html" / "explorer.html"
    assert path.is_file()
    return path


class Visit:
    def __init__(self, browser, path: Path, fragment: str = "") -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 720},
                                           accept_downloads=True)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20_000)
        self.page.wait_for_selector("body[data-engine=ready]", state="attached",
                                    timeout=20_000)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "blob:", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def go(self, fragment: str) -> None:
        self.page.evaluate(f"location.hash = {json.dumps(fragment)}")

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"explorer-{name}.png"))

    def close(self) -> None:
        assert self.outside == [], f"requests outside file: {self.outside}"
        assert self.errors == [], f"page or console errors: {self.errors}"
        self.context.close()


@pytest.fixture
def visit(browser, page_path):
    opened: list[Visit] = []

    def open_(fragment: str = "") -> Visit:
        v = Visit(browser, page_path, fragment)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.close()


def _python(binding: dict | None):
    """A SPARQL JSON result term as `kg query --format json` writes it (Term.python)."""
    from kg.query.terms import Term

    if binding is None:
        return None
    kind = {"uri": "uri", "literal": "literal", "bnode": "bnode"}[binding["type"]]
    datatype = binding.get("datatype")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None
    return Term(kind, binding["value"], datatype, binding.get("xml:lang")).python()


def _rows(result: dict) -> object:
    if "boolean" in result:
        return result["boolean"]
    names = result["head"]["vars"]
    return sorted(json.dumps({v: _python(b.get(v)) for v in names}, sort_keys=True)
                  for b in result["results"]["bindings"])


def test_empty_find_suggests_an_example_name(visit):
    page = visit("#find").page
    hint = page.locator("#panel-find").inner_text()
    assert "Type a name, a word or a question" in hint and "[object" not in hint
    page.locator("#panel-find button", has_text=" ").first.click()  # the example fills the box
    assert page.input_value("#panel-find input")


def test_find_typo_posture_and_card(visit):
    v = visit("#find?q=osteoartritis")
    page = v.page
    page.wait_for_selector("#find-hint[data-done]", state="attached")
    assert "hip osteoarthritis" in page.inner_text("#find-hint")  # the typo's suggestion
    page.fill("#find-box", "hip osteoartritis")  # typed: the hint once typing pauses
    page.wait_for_selector("#find-hint[data-done='hip osteoartritis']", state="attached")
    assert page.locator("#find-hint button.suggestion").all_inner_texts()[0] == \
        "hip osteoarthritis"
    page.fill("#find-box", "posture")
    page.wait_for_selector("#find-hint[data-done='posture']", state="attached")
    texts = page.locator("#find-sentences li.sentence").all_inner_texts()
    assert texts and all("postur" in t.lower() for t in texts)
    v.shot("find")
    page.locator("#find-concepts a.concept").first.click()
    page.wait_for_selector(".card h2.title")
    assert page.evaluate("location.hash").startswith("#concept?id=")
    assert page.locator(".card blockquote").count() > 0
    v.shot("concept")


def test_concept_card_groups_read_as_sentences(visit):
    """Relation groups read as plain sentences: "It is felt in", "What is located in it"
    (relation labels that are not verbs get "is"), "What causes it" unchanged."""
    page = visit("#concept?id=low-back-pain").page
    page.wait_for_selector(".card h2.title")
    groups = page.locator("#concept-card .group").all_inner_texts()
    assert "It is felt in" in groups and "What causes it" in groups
    assert not any(g.startswith(("It felt", "What felt", "It located")) for g in groups)


def test_search_matches_kg_search(visit, embedded):
    """The page's ranking of the exported index gives the sentences `kg search` gives."""
    v = visit()
    for words in ("posture", "injection", "hip pain", "worse"):
        expected = json.loads(kg_cli(embedded, "search", words, "--format", "json"))
        got = v.page.evaluate(f"KG.search({json.dumps(words)})")
        assert [s["number"] for s in got["sentences"]] == \
            [s["number"] for s in expected["sentences"]], words
        assert [c["iri"] for c in got["concepts"]] == [c["iri"] for c in expected["concepts"]]


def test_sliced_find_gives_the_same_answers_and_drops_a_superseded_keystroke(visit, embedded):
    """Find runs the search and the hint in slices (KG.slices): the answers are KG.search's and
    the typo hint's, and a keystroke arriving before the previous one's answer cancels it."""
    v = visit()
    got = v.page.evaluate("""(async () => {
        const steps = (g) => new Promise((ok) => KG.slices(g, ok, 0));
        const a = await steps(KG.search.steps("sitting posture")), b = KG.search("sitting posture");
        const h = await steps(KG.resolveConceptSteps("osteoartritis"));
        /* a budget below zero: one step a slice, so the answer cannot come before cancel() */
        const calls = { cancelled: 0, kept: 0 };
        const three = function* () { yield; yield; return 3; };
        const cancel = KG.slices(three(), () => { calls.cancelled++; }, -1);
        cancel();
        KG.slices(three(), (r) => { calls.kept += r; }, -1);
        await new Promise((ok) => setTimeout(ok, 100));
        return { same: JSON.stringify(a) === JSON.stringify(b), hint: h.candidates,
                 expected: KG.resolveConcept("osteoartritis").candidates, calls };
    })()""")
    assert got["same"]
    assert got["hint"] == got["expected"] and got["hint"]
    assert got["calls"] == {"cancelled": 0, "kept": 3}
    page = v.page
    page.evaluate("KG.panels.find.render('posture'); KG.panels.find.render('sciatca', true)")
    page.wait_for_selector("#find-hint[data-done='sciatca']", state="attached")
    assert page.locator("#find-hint").get_attribute("data-shown") == "sciatca"
    assert "sciatica" in page.locator("#find-hint").inner_text()


def test_normalize_and_hints_match_python(visit, graph):
    from kg.names import normalize, rank
    from kg.resolve import Resolver

    names = sorted(Resolver(graph).names)
    v = visit()
    got = v.page.evaluate(f"{json.dumps(names)}.map(KG.normalize)")
    assert got == [normalize(n) for n in names]
    for typo in ("osteoartritis", "sciatca", "hip flexor", "NSAID", "lumbar spin"):
        assert v.page.evaluate(f"KG.rank({json.dumps(typo)}, {json.dumps(names)})") == \
            rank(typo, names), typo
        # the fast path over the exported name index gives the same hints
        assert v.page.evaluate(f"KG.rankNames({json.dumps(typo)}, 24)") == \
            rank(typo, names, n=24), typo


def test_article_sentence_shows_relations(visit):
    v = visit("#article")
    v.page.locator(".s.has").first.click()
    v.page.wait_for_selector("#article-side blockquote")
    assert "#article?s=" in v.page.evaluate("location.hash")
    v.shot("article")


def test_every_named_question_matches_kg_query(visit, embedded):
    from kg.query.library import library

    v = visit()
    for named in library(embedded):
        v.go(f"#questions?name={named.name}")
        v.page.wait_for_selector(f"#question-list li.on[data-name='{named.name}']")
        v.page.wait_for_selector("#question-results[data-done]", timeout=20_000)
        result = v.page.evaluate("KG.lastResult")
        expected = json.loads(kg_cli(embedded, "query", named.name, "--format", "json"))
        if isinstance(expected, bool):
            assert result["boolean"] is expected, named.name
        else:
            assert _rows(result) == sorted(json.dumps(r, sort_keys=True) for r in expected), \
                named.name
        if named.name == "treatments-for":
            v.shot("questions")


def test_question_form_with_a_typed_name(visit, embedded):
    v = visit("#questions?name=treatments-for&condition=FAI")
    v.page.wait_for_selector("#question-results[data-done]")
    expected = json.loads(kg_cli(embedded, "query", "treatments-for", "-p", "condition=FAI",
                                 "--format", "json"))
    assert _rows(v.page.evaluate("KG.lastResult")) == sorted(
        json.dumps(r, sort_keys=True) for r in expected)
    v.page.fill("#param-condition", "hip osteoartritis")
    v.page.click("form.params button[type=submit]")
    v.page.wait_for_selector("#question-results .error")
    assert "did you mean" in v.page.inner_text("#question-results .error")


def test_sparql_query_error_update_and_stop(visit):
    v = visit("#sparql")
    page = v.page
    page.evaluate("KG.editor.setValue('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\\n"
                  "SELECT ?label WHERE { ?c rdfs:label ?label } ORDER BY ?label LIMIT 5')")
    page.click("#sparql-run")
    page.wait_for_selector("#sparql-results table.rows")
    assert page.locator("#sparql-results tbody tr").count() == 5
    v.shot("sparql")
    page.evaluate("KG.editor.setValue('SELECT * WHERE {\\n  ?s ?p \\n}')")
    page.click("#sparql-run")
    page.wait_for_selector("#sparql-error:not([hidden])")
    assert "line 3, column" in page.inner_text("#sparql-error")
    assert page.locator(".cm-error-line").count() == 1
    page.evaluate("KG.editor.setValue('INSERT DATA { <urn:a> <urn:b> <urn:c> }')")
    page.click("#sparql-run")
    page.wait_for_selector("#sparql-error:not([hidden])")
    assert "read-only" in page.inner_text("#sparql-error")
    # an endless query (a cross product of the graph with itself, five times), stopped
    page.evaluate("KG.editor.setValue('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                  "?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }')")
    page.click("#sparql-run")
    page.wait_for_selector("#sparql-stop:not([disabled])")
    page.wait_for_timeout(300)
    page.click("#sparql-stop")
    page.wait_for_selector("#sparql-error:not([hidden])")
    assert "stopped" in page.inner_text("#sparql-error")
    # the engine answers again after the stop
    page.evaluate("KG.editor.setValue('ASK { ?s ?p ?o }')")
    page.click("#sparql-run")
    page.wait_for_selector("#sparql-results .answer")


FOLLOW_PAIRS = [
    ("femoroacetabular impingement", "low back pain"),   # two chains, 1 and 3 steps
    ("cartilage wear", "low back pain"),                 # first chain of 4 steps
    ("hip arthroscopy", "hip joint"),                    # a treatment, a structure read
    ("total hip replacement", "hip joint"),              # chains of both effects
    ("low back pain", "femoroacetabular impingement"),   # no chain: the relation path
]


def _walks(steps: list[dict]) -> tuple:
    return tuple((s["subject"], s["predicate"], s["object"], s["forward"]) for s in steps)


@pytest.mark.parametrize("a,b", FOLLOW_PAIRS)
def test_follow_gives_kg_explains_chains(visit, embedded, a, b):
    """The page's chains for a pair are `kg explain`'s (as sets of step sequences), its first
    line is `kg explain`'s, and a pair without a chain shows the same relation path, labelled
    as not a chain of causes."""
    from urllib.parse import quote

    cli = json.loads(kg_cli(embedded, "explain", a, b, "--format", "json", "--limit", "0"))
    text = kg_cli(embedded, "explain", a, b)
    headline = next(line for line in text.splitlines() if line.startswith(("How ", "No chain")))
    v = visit(f"#follow?from={quote(a)}&to={quote(b)}")
    page = v.page
    page.wait_for_selector("#follow-chains .answer-line")
    got = page.evaluate("""([a, b]) => {
        const ans = KG.panels.follow.answer(KG.resolveConcept(a).iri, KG.resolveConcept(b).iri);
        const walk = (steps) => steps.map((s) => ({subject: KG.local(s.subject),
            predicate: s.p, object: KG.local(s.object), forward: s.forward}));
        return {chains: ans.chains.map((c) => walk(c.steps)),
                effects: ans.chains.map((c) => c.effect),
                related: ans.related && walk(ans.related)};
    }""", [a, b])
    assert {_walks(c) for c in got["chains"]} == {_walks(c["steps"]) for c in cli["chains"]}
    assert len(got["chains"]) == cli["total"]
    assert page.inner_text("#follow-chains .answer-line") == headline
    if cli["chains"]:
        assert page.locator("#follow-chains .chain").count() == cli["total"]
        assert sorted(got["effects"]) == sorted(c["effect"] for c in cli["chains"])
    else:
        assert _walks(got["related"]) == _walks(cli["relation_path"]["steps"])
        assert "Not a chain of causes" in page.inner_text(".not-causal-note")
    # every step drawn shows its quote
    quotes = [s["quote"] for c in cli["chains"] for s in c["steps"] if s["quote"]]
    shown = page.inner_text("#follow-chains")
    assert all(q in shown for q in quotes)


def test_follow_presentation_steps_through_a_multi_step_chain(visit, embedded):
    cli = json.loads(kg_cli(embedded, "explain", "cartilage wear", "low back pain",
                            "--format", "json", "--limit", "0"))
    first = cli["chains"][0]["steps"]
    assert len(first) >= 2
    v = visit("#follow?from=cartilage%20wear&to=low%20back%20pain")
    page = v.page
    page.wait_for_selector("#follow-chains .chain")
    v.shot("follow")
    page.click("#follow-present")
    page.wait_for_selector("#presentation:not([hidden])")
    big = float(page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#presentation .big')).fontSize)"))
    assert big >= 32, "presentation type is large"

    def shown(n: int) -> None:
        page.wait_for_function("n => location.hash.includes('present=' + n)", arg=n)
        step = first[n - 1]
        page.wait_for_function(
            "([s, o]) => { const t = document.querySelector('#presentation .big').innerText;"
            " return t.startsWith(s) && t.endsWith(o); }",
            arg=[step["subject_label"], step["object_label"]])
        assert f"step {n} / {len(first)}" in page.inner_text("#presentation .count")
        if step["quote"]:
            assert step["quote"] in page.inner_text("#presentation blockquote")

    shown(1)
    for n in range(2, len(first) + 1):      # forward through every step of the first chain
        page.keyboard.press("ArrowRight")
        shown(n)
    v.shot("present")
    page.keyboard.press("ArrowRight")        # on into the second chain
    page.wait_for_function("n => location.hash.includes('present=' + n)", arg=len(first) + 1)
    page.wait_for_function("document.querySelector('#presentation .count').innerText"
                           ".includes('chain 2 of')")
    for n in range(len(first), 0, -1):       # and back to the start
        page.keyboard.press("ArrowLeft")
        shown(n)
    page.keyboard.press("ArrowLeft")         # nothing before the first step
    page.wait_for_timeout(100)
    assert "present=1" in page.evaluate("location.hash")
    page.keyboard.press("Escape")
    page.wait_for_selector("#presentation", state="hidden")
    page.go_back()                           # the steps were history entries
    page.wait_for_selector("#presentation:not([hidden])")


def test_fragment_round_trip_and_back_button(visit, browser, page_path):
    v = visit("#find?q=posture")
    page = v.page
    page.locator("#find-concepts a.concept").first.click()
    page.wait_for_selector(".card h2.title")
    title = page.inner_text(".card h2.title")
    shared = page.url
    page.keyboard.press("4")
    page.wait_for_selector("#panel-questions:not([hidden])")
    page.go_back()
    page.wait_for_selector("#panel-concept:not([hidden])")
    assert page.inner_text(".card h2.title") == title
    page.go_back()
    page.wait_for_selector("#panel-find:not([hidden])")
    assert page.input_value("#find-box") == "posture"
    other = Visit(browser, page_path, "#" + shared.split("#", 1)[1])
    try:
        assert other.page.inner_text(".card h2.title") == title
    finally:
        other.close()


def test_answers_and_cards_drawn_as_graphs(visit):
    v = visit("#questions?name=chain")
    page = v.page
    page.wait_for_selector("#question-results[data-done]")
    page.click("#question-results .view-toggle")
    page.wait_for_selector("#question-results svg.graph")
    drawn = set(page.evaluate("[...document.querySelectorAll('#question-results .gnode title')]"
                              ".map(t => t.textContent)"))
    linked = set(page.evaluate("KG.lastResult.results.bindings.flatMap("
                               "b => ['cause', 'effect'].map(v => KG.label(b[v].value)))"))
    assert drawn == linked
    page.locator("#question-results svg.graph .gnode").first.click()
    page.wait_for_selector(".card h2.title")
    page.click("#show-graph")
    page.wait_for_selector("#concept-graph svg.graph")
    assert page.locator("#concept-graph .gnode").count() >= 2



def test_sparql_completion_from_the_graph_vocabulary(visit):
    v = visit("#sparql")
    page = v.page
    page.evaluate("KG.editor.setValue('SELECT * WHERE { ?a kgv:caus'); KG.editor.focus();"
                  "KG.editor.setCursor({line: 0, ch: 100})")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints")
    hints = page.locator(".CodeMirror-hints li").all_inner_texts()
    assert "kgv:causes" in hints
    # the named questions load as examples, parameters bound to their defaults
    page.select_option("#sparql-examples", "treatments-for")
    assert "VALUES ?condition { <" in page.evaluate("KG.editor.getValue()")


def test_sparql_editor_is_yasqe_typed_by_keyboard(visit):
    """YASGUI's editor: highlighting, classes after `a` and prefixes after PREFIX completed
    from this graph's vocabulary only, while typing; Ctrl+Enter runs in the page."""
    v = visit("#sparql")
    page = v.page
    assert page.locator("#sparql-editor .yasqe .CodeMirror").count() == 1
    vocab = page.evaluate("KG.data.vocabulary")
    page.evaluate("KG.editor.setValue(''); KG.editor.focus()")
    page.keyboard.type("PREFIX kg")
    page.wait_for_selector(".CodeMirror-hints")
    hints = page.locator(".CodeMirror-hints li").all_inner_texts()
    assert hints and all(h.split(":")[0] in vocab["prefixes"] for h in hints)
    assert any(h.startswith("kgv: <") for h in hints)
    page.keyboard.press("Escape")
    page.evaluate("KG.editor.setValue(''); KG.editor.focus()")
    page.keyboard.type("SELECT * WHERE { ?x a kgv:Cond")
    page.wait_for_selector(".CodeMirror-hints")
    hints = page.locator(".CodeMirror-hints li").all_inner_texts()
    kgv = vocab["prefixes"]["kgv"]
    assert "kgv:Condition" in hints
    assert all(h.startswith("kgv:") and kgv + h[4:] in vocab["classes"] for h in hints)
    page.keyboard.press("Enter")
    page.keyboard.type(" }")
    text = page.evaluate("KG.editor.getValue()")
    assert "?x a kgv:Condition" in text
    assert f"PREFIX kgv: <{kgv}>" in text       # the prefixes completer declared it
    assert page.locator("#sparql-editor .cm-keyword").count() >= 2   # SELECT, WHERE coloured
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#sparql-results table.rows")
    assert page.locator("#sparql-results tbody tr").count() == page.evaluate(
        f"KG.data.concepts.filter(c => c.type === {json.dumps(kgv + 'Condition')}).length")


def test_sparql_text_and_question_parameters_live_in_the_fragment(visit):
    v = visit("#sparql")
    v.page.evaluate("KG.editor.setValue('ASK { ?s ?p ?o }')")
    shared = v.page.url.split("#", 1)[1]
    v2 = visit("#" + shared)
    assert v2.page.evaluate("KG.editor.getValue()") == "ASK { ?s ?p ?o }"
    v3 = visit("#questions?name=treatments-for")
    v3.page.wait_for_selector("#question-results[data-done]")
    v3.page.fill("#param-condition", "FAI")
    v3.page.click("form.params button[type=submit]")
    v3.page.wait_for_function("location.hash.includes('condition=FAI')")
    v4 = visit("#" + v3.page.url.split("#", 1)[1])
    v4.page.wait_for_selector("#question-results[data-done]")
    assert v4.page.input_value("#param-condition") == "FAI"


def test_a_big_graphs_engine_starts_only_when_a_panel_needs_it(browser, embedded, tmp_path,
                                                                 monkeypatch):
    """Over the eager limit (here lowered to 0 triples) the page loads, finds and follows
    without starting Oxigraph; the Questions panel starts it, and its questions answer."""
    import kg
    from kg.render import explorer, explorer_data

    monkeypatch.setattr(explorer_data, "EAGER_ENGINE_TRIPLES", 0)
    page_file = tmp_path / "lazy.html"
    page_file.write_text(explorer.render_explorer(kg.load(embedded), embedded), encoding="utf-8")
    v = Visit.__new__(Visit)   # as Visit, without waiting for the engine
    v.context = browser.new_context(viewport={"width": 1280, "height": 720})
    v.page, v.outside, v.errors = v.context.new_page(), [], []
    v.page.route("**/*", v._route)
    v.page.on("pageerror", lambda e: v.errors.append(str(e)))
    v.page.goto(page_file.as_uri() + "#find?q=posture")
    v.page.wait_for_selector("body[data-ready=true]", state="attached")
    v.page.wait_for_selector("#find-sentences li")
    v.page.wait_for_timeout(300)
    assert v.page.evaluate("KG.engine.started") is False
    assert "starts when" in v.page.inner_text("#engine-status")
    v.go("questions?name=treatments-for")
    v.page.wait_for_selector("body[data-engine=ready]", state="attached", timeout=20_000)
    v.page.wait_for_selector("#question-results[data-done]")
    assert v.page.locator("#question-results tbody tr").count() > 0
    v.close()


def test_kg_serve_shows_the_explorer_with_its_engine(browser, embedded, page_path):
    """At / of `kg serve` (its own Content-Security-Policy header on top of the page's) the
    explorer's worker starts, Oxigraph compiles, and a hand-written query answers."""
    from kg.build import release_paths
    from kg.server import ServerConfig, start_in_thread

    srv = start_in_thread(ServerConfig(files=[release_paths(embedded)["nt"]],
                                       queries_dir=REPO / "queries",
                                       html_dir=page_path.parent, port=0, workers=1))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(srv.url.rstrip("/") + "/#sparql")
        page.wait_for_selector("body[data-engine=ready]", state="attached", timeout=20_000)
        page.evaluate("KG.editor.setValue('ASK { ?s ?p ?o }')")
        page.click("#sparql-run")
        page.wait_for_selector("#sparql-results .answer")
        assert errors == []
    finally:
        context.close()
        srv.shutdown()
        srv.close()
