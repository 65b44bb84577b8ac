"""The explain-family commands: kg explain, neighbors, compare, hubs (in-process, via run_kg)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "data"
SOURCE_TEXT = (REPO / "data" / "sources" / "hip-and-lower-back-pain.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    """The rivers dataset plus a concept sharing the synonym 'downpour' with heavy rain, and a
    label with characters HTML must escape."""
    root = tmp_path_factory.mktemp("tricky")
    data = root / "data"
    shutil.copytree(MINI, data)
    curated = data / "curated" / "rivers.yaml"
    content = yaml.safe_load(curated.read_text(encoding="utf-8"))
    content["concepts"].append({"id": "cloudburst", "label": "cloudburst", "type": "Event",
                                "synonyms": ["downpour"]})
    for concept in content["concepts"]:
        if concept["id"] == "levee":
            concept["label"] = "levee <wall> & dike"
    curated.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return data, root / "build"


# ------------------------------------------------------------------ explain

def test_explain_prints_each_step_with_its_quote_and_sentence(run_kg):
    code, out, err = run_kg("explain", "hip osteoarthritis", "low back pain")
    assert code == 0, err
    assert out.startswith("How hip osteoarthritis leads to low back pain: 3 chains")
    assert "hip osteoarthritis —causes→ low back pain" in out
    assert "hip stiffness —causes→ altered gait" in out
    assert "“This stiffness alters the person’s gait and posture” (sentence 13)" in out
    assert "abnormal forces transferred to the lower back —contributes to→ low back pain" in out
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", out, flags=re.M)]
    assert numbers == [1, 2, 3]
    flat = " ".join(out.split())
    assert "increasing causes, contributes to, includes, involves, restores, strains; " \
           "decreasing eliminates, impairs, reduces, treats." in flat


def test_explain_a_treatment_says_it_helps_and_cites_each_step(run_kg):
    code, out, err = run_kg("explain", "physical therapy", "low back pain", "--limit", "0")
    assert code == 0, err
    first = out.splitlines()[0]
    assert re.fullmatch(r"How physical therapy helps with low back pain: \d+ chains?, "
                        r"shortest first\.", first), first
    flat = " ".join(out.split())
    assert "physical therapy —includes→ improving hip mobility" in flat
    assert "improving hip mobility —reduces→ lumbar compensation" in flat
    cited = {int(n) for n in re.findall(r"\(sentence (\d+)\)", flat)}
    assert {28, 30} <= cited
    _, out, _ = run_kg("explain", "physical therapy", "low back pain", "--format", "json")
    result = json.loads(out)
    assert result["verb"] == "helps with" and result["effect"] == -1
    assert {c["effect"] for c in result["chains"]} == {-1}
    routes = {tuple(s["object"] for s in c["steps"]) for c in result["chains"]}
    assert ("improving-hip-mobility", "lumbar-compensation", "low-back-pain") in routes


def test_explain_a_region_follows_what_affects_it(run_kg):
    code, out, err = run_kg("explain", "hip", "low back pain")
    assert code == 0, err
    flat = " ".join(out.split())
    assert flat.startswith("'hip' is a body region: following what affects it or is located "
                           "in it — hip dysfunction")
    assert "How hip leads to low back pain:" in flat
    assert "hip ←affects— hip dysfunction" in flat
    assert "hip dysfunction —causes→ lumbar compensation" in flat


def test_explain_never_phrases_a_mere_relation_as_an_effect(run_kg):
    code, out, _ = run_kg("explain", "physical therapy", "hip pain")
    assert code == 0
    flat = " ".join(out.split())
    assert "No chain of causes leads from physical therapy to hip pain" in flat
    assert "Not a chain of causes: these concepts are related through anti-inflammatory " \
           "medications" in flat
    assert "helps with" not in flat and "How physical therapy" not in flat


def test_explain_json_cites_every_step(run_kg):
    from kg.sources import Document

    code, out, _ = run_kg("explain", "prolonged sitting", "lumbar spine", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["source"]["id"] == "prolonged-sitting"
    assert result["target"]["id"] == "lumbar-spine"
    # the structure is also read as what is located in it: one chain reaches it directly
    direct = [c for c in result["chains"] if [s["object"] for s in c["steps"]] == [
        "hip-flexor-tightness", "anterior-pelvic-tilt", "poor-posture-and-movement-patterns",
        "lumbar-spine"] and c["hops"] == 4]
    assert result["total"] == len(result["chains"]) and len(direct) == 1
    doc = Document("article", Path("article.txt"), SOURCE_TEXT)
    for chain in result["chains"]:
        for step in chain["steps"]:
            assert doc.find_quote(step["quote"], step["sentence"]).sentence == step["sentence"]
    steps = direct[0]["steps"]
    assert [s["object"] for s in steps] == ["hip-flexor-tightness", "anterior-pelvic-tilt",
                                            "poor-posture-and-movement-patterns",
                                            "lumbar-spine"]
    # "The result" of sentence 11 is read from sentences 6-10: inferred, and it says so
    assert [s["reading"] for s in steps] == ["stated", "stated", "inferred", "stated"]
    assert "The result" in steps[2]["note"]
    assert result["relation_path"] is None


def test_explain_text_marks_inferred_steps(run_kg):
    code, out, _ = run_kg("explain", "hip osteoarthritis", "low back pain", "--limit", "1")
    assert code == 0
    assert "inferred: Read from the heading" in out


def test_explain_limit_says_how_many_more(run_kg):
    code, out, _ = run_kg("explain", "hip OA", "LBP", "--limit", "1")
    assert code == 0
    assert re.findall(r"^(\d+)\. ", out, flags=re.M) == ["1"]
    assert "… and 2 more chains (--limit 0 shows all)." in out
    assert "(hip OA: taken as hip osteoarthritis)" in out
    _, out, _ = run_kg("explain", "hip OA", "LBP", "--limit", "1", "--format", "json")
    assert json.loads(out)["total"] == 3 and len(json.loads(out)["chains"]) == 1


def test_explain_without_causal_chain_shows_the_shortest_relation_path(run_kg):
    code, out, _ = run_kg("explain", "knee", "foot")
    assert code == 0
    assert "No chain of causes leads from knee to foot within 6 steps." in out
    assert "Not a chain of causes: these concepts are related through hip pain, pain " \
           "from the lumbar spine, sciatica" in " ".join(out.split())
    assert "knee ←radiates to— hip pain" in out
    assert "sciatica —radiates to→ foot" in out
    _, out, _ = run_kg("explain", "knee", "foot", "--format", "json")
    result = json.loads(out)
    assert result["chains"] == [] and result["relation_path"]["hops"] == 4


def test_explain_backwards_points_to_the_other_direction(run_kg):
    code, out, _ = run_kg("explain", "low back pain", "trochanteric bursitis")
    assert code == 0
    assert "No chain of causes" in out
    assert 'kg explain "trochanteric bursitis" "low back pain"' in out


def _page_data(page):
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page,
                      flags=re.S)
    return json.loads(block.group(1))


def test_explain_html_draws_the_chains_with_the_visualization(run_kg, tmp_path):
    target = tmp_path / "oa.html"
    code, _, err = run_kg("explain", "hip osteoarthritis", "low back pain", "--format",
                          "html", "-o", str(target))
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)  # all inline, offline
    _, out, _ = run_kg("explain", "hip osteoarthritis", "low back pain", "--format", "json")
    chains = json.loads(out)["chains"]
    data = _page_data(page)
    chain_nodes = {n for c in chains for s in c["steps"] for n in (s["subject"], s["object"])}
    chain_statements = {s["statement"] for c in chains for s in c["steps"]}
    assert {n["id"] for n in data["nodes"] if n["mark"]} == chain_nodes
    assert {e["statement"] for e in data["edges"] if e["mark"]} == chain_statements
    # each chain is also written out, in reading order, with its sentences
    assert "2. hip osteoarthritis —involves→ wearing down of cartilage —causes→ hip stiffness" \
        in page
    assert "(sentences 12, 13)" in page


def test_explain_html_is_escaped_and_shows_the_fallback_path(run_kg, tricky, tmp_path):
    data, build = tricky
    target = tmp_path / "levee.html"
    code, _, err = run_kg("explain", "levee", "heavy rain", "--format", "html", "-o",
                          str(target), data=data, build=build)
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<wall>" not in page
    assert "levee &lt;wall&gt; &amp; dike —reduces→ flood ←causes— heavy rain" in page
    assert "No causal chain leads from levee &lt;wall&gt; &amp; dike to heavy rain" in page
    labels = {n["label"] for n in _page_data(page)["nodes"] if n["mark"]}
    assert labels == {"levee <wall> & dike", "flood", "heavy rain"}


def test_explain_html_without_the_renderer_is_a_minimal_page(run_kg, tricky, tmp_path,
                                                              monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "kg.render.html", None)  # as if not installed
    target = tmp_path / "plain.html"
    code, _, _ = run_kg("explain", "hip OA", "LBP", "--format", "html", "-o", str(target))
    assert code == 0
    page = target.read_text(encoding="utf-8")
    assert page.count('class="chain"') == 3 and "<script" not in page
    assert "<q>This stiffness alters the person’s gait and posture</q>" in page
    data, build = tricky
    code, _, _ = run_kg("explain", "levee", "heavy rain", "--format", "html", "-o",
                        str(target), data=data, build=build)
    page = target.read_text(encoding="utf-8")
    assert "levee &lt;wall&gt; &amp; dike" in page and "<wall>" not in page


# ------------------------------------------------------------------ names

def test_unknown_name_suggests_close_matches(run_kg):
    code, out, err = run_kg("explain", "hip osteoarthritus", "low back pain")
    assert code == 2 and out == ""
    assert "no concept named 'hip osteoarthritus'" in err
    assert "hip osteoarthritis" in err.split("hint:")[1]


def test_ambiguous_name_lists_the_candidates(run_kg, tricky):
    data, build = tricky
    code, out, err = run_kg("explain", "downpours", "flood", data=data, build=build)
    assert code == 2 and out == ""
    assert "'downpours' names 2 concepts" in err
    assert "cloudburst" in err and "heavy rain" in err
    code, out, _ = run_kg("explain", "heavy-rain", "flood", data=data, build=build)
    assert code == 0 and "heavy rain —causes→ flood" in out  # the id settles it


@pytest.mark.parametrize(("name", "concept"), [
    ("FAI", "femoroacetabular-impingement"), ("SI joint", "sacroiliac-joint"),
    ("NSAIDs", "nsaids"), ("THR", "total-hip-replacement"), ("Hip Flexors", "hip-flexors"),
    ("Weight Bearing Activities", "weight-bearing-activities"),
])
def test_abbreviations_and_variants_resolve(run_kg, name, concept):
    code, out, err = run_kg("neighbors", name, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["concept"]["id"] == concept


def test_same_concept_twice_is_a_mistake(run_kg):
    code, _, err = run_kg("explain", "lower back pain", "low back pain")
    assert code == 2 and "same concept" in err


# ------------------------------------------------------------------ neighbors

def test_neighbors_text_and_json(run_kg):
    code, out, _ = run_kg("neighbors", "hip pain", "--direction", "out")
    assert code == 0
    assert out.startswith("hip pain (Symptom): 8 concepts within 1 relation, following "
                          "relations forwards.")
    assert "hip pain —felt in→ groin (sentence 20)" in out
    assert "←" not in out
    code, out, _ = run_kg("neighbors", "pain felt in the hip", "--depth", "2", "--direction", "in",
                          "--types", "Condition", "--format", "json")
    result = json.loads(out)
    assert {n["id"] for n in result["neighbors"]} == {"sacroiliac-joint-dysfunction"}
    assert all(s["forward"] is False for n in result["neighbors"] for s in n["via"])


def test_neighbors_quotes_option(run_kg):
    _, plain, _ = run_kg("neighbors", "knee")
    _, quoted, _ = run_kg("neighbors", "knee", "--quotes")
    assert "“This pain may sometimes radiate down toward the knee" in quoted
    assert "“" not in plain and "(sentence 21)" in plain


def test_neighbors_unknown_type_exits_2(run_kg):
    code, _, err = run_kg("neighbors", "hip", "--types", "Symptoms,Treatmnt")
    assert code == 2
    assert "unknown type 'Treatmnt'" in err and "Treatment" in err


# ------------------------------------------------------------------ compare

def test_compare_hip_pain_and_back_pain_side_by_side(run_kg):
    code, out, _ = run_kg("compare", "hip pain", "lumbar pain")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["relation", "hip", "pain", "(Symptom)", "pain", "from", "the",
                                "lumbar", "spine", "(Symptom)"]

    def row(label):
        start = next(i for i, line in enumerate(lines) if line.startswith(label + "  "))
        block = [lines[start]]
        for line in lines[start + 1:]:
            if not line.startswith(" "):
                break
            block.append(line)
        return "\n".join(block)

    felt = row("felt in")
    assert "front of the thigh [20]" in felt and "groin [20]" in felt
    assert "lower back [22]" in felt and "buttock [22]" in felt
    assert re.match(r"radiates to\s+knee \[21\]\s+—$", row("radiates to"))
    aggravated = row("aggravated by")
    for item in ("weight-bearing activities", "internal rotation of the leg",
                 "prolonged sitting", "bending forward"):
        assert item in aggravated
    assert "spine * [19]" in row("what confounds it")  # the overlapping nerves
    assert "sciatica [23]" in row("what is a kind of it")


def test_compare_json_rows(run_kg):
    code, out, _ = run_kg("compare", "hip pain", "lumbar pain", "--format", "json")
    assert code == 0
    rows = {r["label"]: r for r in json.loads(out)["rows"]}
    assert {s["object"] for s in rows["felt in"]["a"]} == {"groin", "front-of-thigh"}
    assert {s["object"] for s in rows["felt in"]["b"]} == {"lower-back", "buttock"}
    assert rows["what confounds it"]["direction"] == "in"
    assert rows["what confounds it"]["shared"] == ["overlapping-nerves"]


# ------------------------------------------------------------------ hubs

def test_hubs(run_kg):
    code, out, _ = run_kg("hubs", "-n", "3", "--format", "json")
    assert code == 0
    hubs = json.loads(out)["hubs"]
    assert len(hubs) == 3 and "low-back-pain" in [h["id"] for h in hubs]
    code, out, _ = run_kg("hubs", "-n", "3")
    assert code == 0
    assert re.search(r"^\s+\d\s+low back pain\s+Symptom\s+10 \(9/1\)", out, flags=re.M)
    assert "connects" in out and "hip osteoarthritis" in out
    code, _, _ = run_kg("hubs", "-n", "0")
    assert code == 2


@pytest.mark.parametrize("name, kind, members", [
    ("surgery", "Surgical procedure", {"hip arthroscopy", "total hip replacement"}),
    ("surgical procedure", "Surgical procedure", {"hip arthroscopy", "total hip replacement"}),
    ("exercise", "Exercise", {"strengthening exercises", "stretching"}),
    ("drug", "Drug", {"numbing agent"}),
    ("imaging tests", "Imaging test", {"imaging", "X-ray", "MRI scan"}),
])
def test_show_a_kind_lists_its_members_with_definitions(run_kg, name, kind, members):
    code, out, err = run_kg("show", name)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"{kind} (a kind of concept")
    listed = {line.strip().split(" — ")[0].split(" [")[0] for line in lines[1:]
              if line.startswith("  ") and not line.startswith("    ")}
    assert members <= listed
    code, out, _ = run_kg("show", name, "--format", "json")
    data = json.loads(out)
    assert members <= {m["label"] for m in data["members"]}
    assert all(m["definition"] for m in data["members"])


def test_show_a_concept_still_wins_over_a_kind(run_kg):
    code, out, _ = run_kg("show", "imaging")  # a concept (the article's imaging techniques)
    assert code == 0 and out.startswith("imaging ")
