"""The ``kg`` command line: one subcommand per module in ``kg/cli/``.

To add a command, create ``kg/cli/<name>.py`` (or ``kg/cli/cmd_<name>.py``) exposing::

    HELP = "one line"                 # optional; the COMMANDS table below wins
    DESCRIPTION = "paragraph"         # optional, shown by `kg <name> --help`
    EPILOG = "examples: ..."          # optional
    def add_arguments(parser): ...    # argparse options of the command
    def run(args) -> int: ...         # exit code; raise KGError for user mistakes

and list it in ``COMMANDS``. A listed command whose module does not exist yet is skipped, so
commands appear as soon as their file does. ``args.project`` is a :class:`kg.config.Project`
built from the global options. Command modules must import heavy libraries (rdflib, networkx,
pyshacl, pyvis) inside ``run()`` only: ``kg --help`` imports every command module.

Exit codes: 0 ok, 1 a check failed (e.g. ``kg build --check``), 2 a user mistake
(:class:`kg.errors.KGError`), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from kg.errors import KGError

# name -> (module path, one-line help). Order is the order of `kg --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("kg.cli.build", "build the graph from data/ and write the release files"),
    "validate": ("kg.cli.validate", "check the curated data (SHACL shapes + integrity checks)"),
    "stats": ("kg.cli.stats", "counts of concepts, relations and sources"),
    "show": ("kg.cli.show", "show one concept: names, definition, relations with quotes"),
    "export": ("kg.cli.export", "write the graph as turtle, json-ld, n-triples, graphml, tsv"),
    "queries": ("kg.cli.queries", "list the named questions (queries/*.rq)"),
    "query": ("kg.cli.query", "answer a named question or run a SPARQL query"),
    "viz": ("kg.cli.viz", "draw the graph (offline HTML, SVG/PNG, Mermaid)"),
    "explain": ("kg.cli.explain", "explain how two concepts are connected, citing sentences"),
    "neighbors": ("kg.cli.neighbors", "concepts directly related to a concept"),
    "compare": ("kg.cli.compare", "what two concepts share and how they differ"),
    "search": ("kg.cli.search", "search the article's sentences, names and definitions for words"),
    "hubs": ("kg.cli.hubs", "the most connected concepts"),
    "handout": ("kg.cli.handout", "a printable handout: causal chains, glossary, quiz and key"),
    "load": ("kg.cli.load", "load the graph into a SPARQL store"),
    "serve": ("kg.cli.serve", "serve the HTML views and a SPARQL endpoint locally"),
    "draft": ("kg.cli.draft", "propose cited concepts and relations for a new article"),
    "review": ("kg.cli.review", "accept, reject or edit the proposals of a draft"),
    "completion": ("kg.cli.completion", "print a shell completion script (bash, zsh, tcsh)"),
}

DESCRIPTION = """\
kg — a knowledge graph of cited facts from articles, for teaching.

Every relation in the graph quotes the sentence of the article that states it. Build the graph,
check it, ask it named questions, and draw it."""

EPILOG = """\
examples:
  kg build                      build from data/ into build/release/
  kg validate                   check the curated data
  kg show NAME                  one concept with its cited relations
  kg queries                    list the named questions
  kg --data other/data build    work on another dataset folder

Run `kg COMMAND --help` for the options of a command."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command; return the exit code (never raises for user mistakes)."""
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        only = _named_command(argv)
        parser = build_parser(only=only) if only else build_parser()
        _check_command(argv, parser)
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help()
            return 0
        args.project = _project(args)
        _escape_terminal_controls()
        return int(args.run(args) or 0)
    except KGError as exc:
        _print_error(str(exc))
        return exc.exit_code
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError) as exc:
        # a path the user gave that is not there; not worth a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        _print_error(f"{where}{exc.strerror or exc}")
        return 2


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors in the same ``error: ...`` / ``hint:`` shape as KGError."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}\n  hint: run `{self.prog} --help`", file=sys.stderr)
        raise SystemExit(2)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser: global options plus every command whose module exists; ``only``: that
    command's alone (a run of one command need not import and describe all nineteen: about
    20-40 ms of a read-only command's start)."""
    parser = _Parser(
        prog="kg", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_global_options(parser, suppress_defaults=False)
    from kg import __version__

    parser.add_argument("--version", action="version", version=f"kg {__version__}",
                        help="print kg's version and exit")
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, suppress_defaults=True)  # also accepted after the command
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, (module_path, help_text) in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = load_command(module_path)
        if module is None:
            continue
        sub = subparsers.add_parser(
            name, help=help_text, parents=[common],
            description=getattr(module, "DESCRIPTION", None) or module.__doc__ or help_text,
            epilog=getattr(module, "EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


_GLOBAL_WITH_VALUE = ("--data", "--build-dir")


def _named_command(argv: list[str]) -> str | None:
    """The command ``argv`` runs, when it names one of :data:`COMMANDS` and asks for no help
    or version before it (those print the list of every command)."""
    tokens = iter(argv)
    for token in tokens:
        if token in _GLOBAL_WITH_VALUE:
            next(tokens, None)
        elif token in ("-h", "--help", "--version") or token.startswith("--help="):
            return None
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def _check_command(argv: list[str], parser: argparse.ArgumentParser) -> None:
    """A clear message for a mistyped command or one that is planned but not there yet
    (argparse would only list the choices)."""
    available = set(_subcommands(parser))
    tokens = iter(argv)
    for token in tokens:
        if token in _GLOBAL_WITH_VALUE:
            next(tokens, None)
            continue
        if token.startswith("-"):
            continue
        if token in available:
            return
        if token in COMMANDS:
            raise KGError(f"command {token!r} is not available in this version of kg",
                          hint=f"available: {', '.join(sorted(available))}")
        from kg.names import close_matches

        near = close_matches(token, sorted(available), n=1)
        raise KGError(f"unknown command {token!r}",
                      hint=f"did you mean {near[0]!r}?" if near else
                      "run `kg --help` for the list of commands")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def load_command(module_path: str) -> ModuleType | None:
    """Import a command module, trying ``cmd_<name>`` too; None if neither file exists.

    A module that exists but fails to import is a bug: it is reported (not hidden) but does
    not take the other commands down with it.
    """
    package, _, name = module_path.rpartition(".")
    for candidate in (module_path, f"{package}.cmd_{name}"):
        if importlib.util.find_spec(candidate) is None:
            continue
        try:
            return importlib.import_module(candidate)
        except Exception as exc:  # noqa: BLE001 - keep the other commands usable
            print(f"warning: command {name!r} is broken ({type(exc).__name__}: {exc})",
                  file=sys.stderr)
            return None
    return None


# shtab's folder completion per shell (shtab.DIRECTORY, written out so that building the
# parser does not import shtab)
_COMPLETE_FOLDERS = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/", "tcsh": "d"}


def _add_global_options(parser: argparse.ArgumentParser, suppress_defaults: bool) -> None:
    default = argparse.SUPPRESS if suppress_defaults else None
    group = parser.add_argument_group("global options")
    for action in (
        group.add_argument("--data", metavar="DIR", type=Path, default=default,
                           help="dataset folder (default: $KG_DATA or the repository's data/)"),
        group.add_argument("--build-dir", metavar="DIR", type=Path, default=default,
                           help="folder for generated files (default: $KG_BUILD or build/ "
                                "next to the dataset folder)")):
        action.complete = _COMPLETE_FOLDERS  # type: ignore[attr-defined] # `kg completion`
    group.add_argument("-q", "--quiet", action="store_true",
                       default=argparse.SUPPRESS if suppress_defaults else False,
                       help="print only results and errors, no progress")


def _project(args: argparse.Namespace):
    from kg.config import Project, default_data_dir

    data_dir = args.data or default_data_dir()
    if not data_dir.is_dir():
        raise KGError(f"dataset folder {data_dir} does not exist",
                      hint="use --data DIR (or set KG_DATA) to point at a folder with kg.yaml")
    return Project(data_dir, args.build_dir)


def _escape_terminal_controls() -> None:
    """Data printed to a terminal cannot send it escape sequences (kg.inputs.escape_controls):
    the build refuses control characters, but a store or an RDF file may hold some."""
    from kg.inputs import TerminalText

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        isatty = getattr(stream, "isatty", None)
        if isatty is not None and isatty() and not isinstance(stream, TerminalText):
            setattr(sys, name, TerminalText(stream))


def _print_error(text: str) -> None:
    print(f"error: {text}", file=sys.stderr)


def _silence_stdout() -> None:
    """After a closed pipe (``kg ... | head``), stop Python complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def progress(args: argparse.Namespace, message: str) -> None:
    """A progress line on stderr (results go to stdout), unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr, flush=True)
