"""The README and the docs pages tell the truth: their commands run, their output is real, the
CLI reference (docs/reference.md) is current, and they read as one guide (links both ways).

Conventions (also written in a comment in the README, above the tour), for the README and for
every page in :data:`PAGES` (run after the README, in that order, in the same folder):

- A ```console block is a terminal session. Each line starting with ``$ `` is a ``kg`` command
  (no pipes or redirections); the test runs every one, in order, against the embedded data with
  the working directory and ``KG_BUILD`` in a temporary folder, and checks its exit code: 0, or
  ``N`` when the line ends with ``# exit N``. The lines after a command are its output and must
  appear in what it prints (stdout and stderr together, at 100 columns): a line ``…`` stands for
  lines left out, a line ending in `` …`` for the rest of a line; otherwise lines are contiguous,
  and the shown output starts at the first printed line and ends at the last unless ``…`` says
  otherwise. Paths print relative to the folder the command runs in (the repository for a
  reader; the temporary folder here).
- A ```sh block is one of the two quickstart commands; the second must be what ``.ci/run`` runs.
- Other blocks (```text, ```yaml, ```sparql) are not run.
- The CLI reference between ``<!-- cli-reference:start -->`` and ``<!-- cli-reference:end -->``
  in docs/reference.md is ``kg COMMAND --help`` for every command; regenerate it with
  ``python -m kg.cli.docs docs/reference.md``.

``python tests/test_readme.py`` prints what every console command prints now, for pasting.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
#: the guide's pages split from the README, whose console blocks run after the README's
PAGES = [REPO / "docs" / name for name in (
    "curation.md", "store-and-endpoint.md", "sparql-and-engines.md", "performance.md",
    "reference.md")]
REFERENCE = REPO / "docs" / "reference.md"
#: pages of the guide that other pages link to (the README's list, in a reader's order)
GUIDE = ["docs/explorer.md", "docs/pictures.md", "docs/drafting.md", "docs/curation.md",
         "docs/store-and-endpoint.md", "docs/sparql-and-engines.md", "docs/performance.md",
         "docs/reference.md", "docs/fidelity-review.md"]
#: link targets written by other branches of this session, merged with this one; remove each
#: from here once it exists (then the link test checks it like every other)
PENDING: set[str] = set()
CI = REPO / ".ci" / "run"
COLUMNS = "100"
QUICKSTART_BUILD = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kg build"
QUICKSTART_TEST = ("python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && "
                   "bash tests/system-deps.sh && .venv/bin/python -m pytest")
FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w-]*)\s*$")
EXIT = re.compile(r"#\s*exit\s+(?P<code>\d+)\s*$")
GAP = "…"


@dataclass
class Command:
    line: str          # as written after "$ "
    number: int        # line number in its page
    expected: list[str] = field(default_factory=list)
    page: str = "README.md"

    @property
    def exit_code(self) -> int:
        match = EXIT.search(self.line)
        return int(match["code"]) if match else 0

    @property
    def argv(self) -> list[str]:
        lexer = shlex.shlex(self.line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
        operators = [t for t in tokens if t and set(t) <= set("();<>|&")]
        assert not operators, f"README line {self.number}: {self.line!r} uses shell syntax " \
                              f"{operators}; show plain kg commands only"
        return tokens


def blocks(text: str) -> list[tuple[str, int, list[str]]]:
    """Fenced blocks as (language, line number of the first content line, lines); a block
    inside a list item is read without its indentation."""
    found: list[tuple[str, int, list[str]]] = []
    lang: str | None = None
    indent, start, body = 0, 0, []
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if lang is None:
            if match:
                lang, indent, start, body = match["lang"], len(match["indent"]), number + 1, []
        elif line.strip() == "```":
            found.append((lang, start, body))
            lang = None
        else:
            body.append(line[indent:])
    return found


def console_commands(text: str, page: str = "README.md") -> list[Command]:
    commands: list[Command] = []
    for lang, first, lines in blocks(text):
        if lang != "console":
            continue
        assert lines and lines[0].startswith("$ "), \
            f"{page} line {first}: a console block starts with a `$ ` command"
        for offset, line in enumerate(lines):
            if line.startswith("$ "):
                commands.append(Command(line[2:], first + offset, page=page))
            else:
                commands[-1].expected.append(line.rstrip())
    for command in commands:
        while command.expected and not command.expected[-1]:
            command.expected.pop()
    return commands


COMMANDS = [command for path in [README, *PAGES]
            for command in console_commands(path.read_text(encoding="utf-8"),
                                            str(path.relative_to(REPO)))]


# ------------------------------------------------------------------ running


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder to run the README's commands in, with a built release."""
    folder = tmp_path_factory.mktemp("readme")
    with _environment(folder):
        code, output = _run(["-q", "build"])
    assert code == 0, output
    return folder


@contextlib.contextmanager
def _environment(folder: Path):
    saved = {name: os.environ.get(name) for name in ("KG_BUILD", "KG_DATA", "COLUMNS")}
    cwd = Path.cwd()
    os.environ["KG_BUILD"] = str(folder / "build")
    os.environ["COLUMNS"] = COLUMNS
    os.environ.pop("KG_DATA", None)
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(cwd)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run(argv: list[str]) -> tuple[int, str]:
    from kg.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


def _normalize(output: str, folder: Path) -> list[str]:
    """Paths as a reader sees them from the repository: the repository and the temporary
    folder both read as the current folder."""
    for root in (folder.resolve(), folder, REPO):
        output = output.replace(f"{root}/", "").replace(f" {root}\n", " .\n")
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected: list[str], actual: list[str]) -> str | None:
    """None if ``expected`` (with ``…`` gaps) is found in ``actual``, else why not."""
    segments: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == GAP:
            segments.append([])
        else:
            segments[-1].append(line)
    open_start, open_end = not segments[0], not segments[-1]
    segments = [s for s in segments if s]
    position = 0
    for index, segment in enumerate(segments):
        anchored = index == 0 and not open_start
        candidates = [position] if anchored else range(position, len(actual) - len(segment) + 1)
        for start in candidates:
            if all(_line_matches(want, got) for want, got in
                   zip(segment, actual[start:start + len(segment)], strict=False)) and \
                    start + len(segment) <= len(actual):
                position = start + len(segment)
                break
        else:
            where = "at the start of the output" if anchored else "in order"
            return f"these lines are not {where}:\n  " + "\n  ".join(segment)
    if not open_end and position != len(actual):
        return "the output goes on after the last shown line (end the block with …)"
    return None


# File sizes change with every edit of the data; the README shows real ones, but they are not
# behaviour, so "(123 KB)" matches any size.
_SIZE = re.compile(r"\(\d+(?:\.\d+)? (?:B|KB|MB)\b")


def _line_matches(want: str, got: str) -> bool:
    want, got = _SIZE.sub("(SIZE", want), _SIZE.sub("(SIZE", got)
    if want.endswith(" " + GAP):
        return got.startswith(want[: -len(GAP)].rstrip())
    return want == got


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"{c.page}:line{c.number}")
def test_console_command_runs_as_shown(command: Command, workspace: Path):
    argv = command.argv
    where = f"{command.page} line {command.number}"
    assert argv[0] == "kg", f"{where}: only kg commands are run"
    with _environment(workspace):
        code, output = _run(argv[1:])
    actual = _normalize(output, workspace)
    assert code == command.exit_code, (
        f"{where}: `{command.line}` exited {code}, expected {command.exit_code}\n{output}")
    problem = matches(command.expected, actual)
    assert problem is None, (
        f"{where}: the output shown for `{command.line}` is not what it "
        f"prints now: {problem}\n--- it prints ---\n" + "\n".join(actual))


def test_the_tour_covers_the_main_commands():
    used = {c.argv[1] for c in COMMANDS if len(c.argv) > 1}
    assert {"build", "validate", "show", "queries", "query", "explain", "compare", "viz",
            "export"} <= used
    assert any(c.exit_code for c in COMMANDS), "show at least one mistake and its message"


def test_matches_is_strict():
    """The output check can fail: a changed line, a missing line, extra output."""
    actual = ["a", "b", "c", "d"]
    assert matches(["a", "b", "c", "d"], actual) is None
    assert matches(["a", GAP, "d"], actual) is None
    assert matches([GAP, "c …"], ["a", "c and more"]) is None
    assert matches(["a", "c", GAP], actual) is not None      # not contiguous
    assert matches(["b", GAP], actual) is not None           # not the first line
    assert matches(["a", "b"], actual) is not None           # output goes on
    assert matches([GAP, "x"], actual) is not None           # not there at all
    assert matches([GAP, "d", "c"], actual) is not None      # out of order


# ------------------------------------------------------------------ quickstart and CI


def test_quickstart_is_two_commands_and_ci_runs_the_second():
    sh = [lines for lang, _first, lines in blocks(README.read_text(encoding="utf-8"))
          if lang == "sh"]
    assert [[line for line in lines if line.strip()] for lines in sh] == \
        [[QUICKSTART_BUILD], [QUICKSTART_TEST]]
    ci_lines = [line.strip() for line in CI.read_text(encoding="utf-8").splitlines()]
    # .ci/run may quieten pip (-q); otherwise it is the README's command, word for word
    ci_commands = [shlex.split(line.replace(" install -q ", " install "))
                   for line in ci_lines if line.startswith("python3 -m venv")]
    assert ci_commands == [shlex.split(QUICKSTART_TEST)]


def test_quickstart_build_command_is_the_tour_build():
    """The first quickstart command ends in `kg build`, which the tour runs and shows."""
    assert QUICKSTART_BUILD.endswith(".venv/bin/kg build")
    assert COMMANDS and COMMANDS[0].line == "kg build"


# ------------------------------------------------------------------ CLI reference


def _reference_sections() -> dict[str, str]:
    from kg.cli.docs import current_block

    block = current_block(REFERENCE.read_text(encoding="utf-8"))
    sections = re.findall(r"^### `(kg(?: [a-z-]+)?)`\n\n```text\n(.*?)\n```$", block,
                          flags=re.MULTILINE | re.DOTALL)
    return {name: text + "\n" for name, text in sections}


def _help(argv: list[str]) -> str:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = COLUMNS
    try:
        _code, output = _run([*argv, "--help"])
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    return output


def test_cli_reference_matches_help():
    from kg.cli.docs import commands

    sections = _reference_sections()
    assert list(sections) == ["kg"] + [f"kg {name}" for name in commands()], (
        "the CLI reference lists other commands than kg has; run "
        "`python -m kg.cli.docs docs/reference.md`")
    stale = [name for name, text in sections.items() if text != _help(name.split()[1:])]
    assert not stale, (f"the CLI reference is out of date for {', '.join(stale)}; run "
                       "`python -m kg.cli.docs docs/reference.md`")


def test_reference_help_is_what_the_installed_command_prints():
    """The in-process help equals the real console script's (same parser, same width)."""
    script = Path(sys.executable).with_name("kg")
    if not script.exists():
        pytest.skip(f"no kg console script next to {sys.executable}")
    env = {**os.environ, "COLUMNS": COLUMNS}
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 0
    assert result.stdout == _reference_sections()["kg"]


# ------------------------------------------------------------------ the rest


def _links(path: Path) -> list[str]:
    """The local link targets of a page, as paths from the repository (anchors dropped)."""
    targets = re.findall(r"\]\(([^)\s]+)\)", path.read_text(encoding="utf-8"))
    return [str((path.parent / t.split("#", 1)[0]).resolve().relative_to(REPO))
            for t in targets if "://" not in t and not t.startswith("#")]


def test_pictures_and_local_links_exist():
    assert "](docs/metagraph.svg)" in README.read_text(encoding="utf-8")
    for page in [README, *PAGES]:
        for target in _links(page):
            if target not in PENDING:
                assert (REPO / target).exists(), f"{page.name} links to missing {target}"


def test_the_readme_and_the_docs_read_as_one_guide():
    """The README links every page of the guide; each page split from it links back to the
    README and to its neighbours in the README's order."""
    guide = README.read_text(encoding="utf-8").split("\n## Where to go next\n", 1)[1]
    guide = guide.split("\n## ", 1)[0]
    assert re.findall(r"\]\((docs/[^)#\s]+)\)", guide) == GUIDE
    for page in PAGES:
        name = str(page.relative_to(REPO))
        links = set(_links(page))
        assert "README.md" in links, f"{name} does not link back to the README"
        at = GUIDE.index(name)
        neighbours = {GUIDE[i] for i in (at - 1, at + 1) if 0 <= i < len(GUIDE)}
        assert neighbours <= links, f"{name} does not link to {neighbours - links}"


def test_the_readme_is_the_educators_path():
    """Install, the tour and the explorer stay in the README; the internals moved out."""
    text = README.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[:3] == ["Who it is for", "Quickstart", "A five-minute tour"]
    assert "explorer.html" in text and "<!-- cli-reference:start -->" not in text
    for internal in ("Performance", "CLI reference", "Layout", "SPARQL, engines and entailment",
                     "Using the graph in other tools"):
        assert internal not in headings


def test_curation_example_uses_the_vocabulary():
    """The YAML example of adding an article names real types, relations and ID prefixes."""
    import yaml

    from kg.config import Project
    from kg.ontology import read_ontology

    project = Project(REPO / "data")
    onto = read_ontology(project.ontology_dir)
    examples = [yaml.safe_load("\n".join(lines)) for lang, _first, lines in
                blocks((REPO / "docs" / "curation.md").read_text(encoding="utf-8"))
                if lang == "yaml"]
    curated = [e for e in examples if isinstance(e, dict) and "concepts" in e]
    assert curated, "docs/curation.md shows the curated YAML format"
    for example in curated:
        ids = {c["id"] for c in example["concepts"]}
        for concept in example["concepts"]:
            assert concept["type"] in onto.classes, concept
            for curie in concept.get("exact", []) + concept.get("close", []):
                assert curie.split(":")[0] in project.settings.prefixes, curie
        for relation in example["relations"]:
            assert relation["predicate"] in onto.properties, relation
            assert relation["subject"] in ids or relation["object"] in ids, relation
            assert "quote" in relation


def test_performance_page_has_its_tables_places():
    """docs/performance.md: the README's figures around the build's own section."""
    headings = re.findall(r"^#+ (.+)$", (REPO / "docs" / "performance.md").read_text("utf-8"),
                          flags=re.MULTILINE)
    for heading in ("Queries", "Search", "Visualization", "Explorer", "How the build grows",
                    "Store and endpoint"):
        assert heading in headings


def test_every_named_section_the_data_refers_to_exists():
    """The curated YAML and other files point readers at README sections by name."""
    text = README.read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE))
    cited = set()
    for path in [*REPO.glob("data/**/*.yaml"), *REPO.glob("kg/**/*.py")]:
        cited |= set(re.findall(r'README[^"\n]{0,12}"([A-Z][^"]+)"', path.read_text("utf-8")))
    assert cited <= headings, f"missing README sections: {sorted(cited - headings)}"


if __name__ == "__main__":  # print what the console commands print now, to paste
    import tempfile

    folder = Path(tempfile.mkdtemp())
    with _environment(folder):
        for command in COMMANDS:
            code, output = _run(command.argv[1:])
            print(f"$ {command.line}")
            print("\n".join(_normalize(output, folder)))
            print(f"[exit {code}, {command.page} line {command.number}]\n")
