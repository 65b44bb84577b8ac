"""kg query — answer a named question, or run a SPARQL query from a file or standard input."""

from __future__ import annotations

import argparse
import sys

HELP = "answer a named question or run a SPARQL query"
DESCRIPTION = """\
Run a named question (see `kg queries`), a .rq file, or SPARQL read from standard input (-).

Parameters: --param name=value, where the value is a concept's label, synonym or id ("knee
osteoarthritis", "knee OA", "knee-osteoarthritis"), a class for (class) parameters
("Treatment"), or a full IRI in <...>. Values are resolved to graph nodes first and then
bound; they are never pasted into the query text. A query file without a header may bind any
of its variables.

Formats: table (default; labels instead of IRIs), csv and tsv (spreadsheets), json (plain
rows for scripts), srj and srx (W3C SPARQL 1.1 results JSON / XML), turtle (CONSTRUCT and
DESCRIBE). An ASK query prints yes or no and exits 0 for yes, 1 for no.

Limits: a query runs in a child process with a time limit (--timeout, default 60 s), so a
runaway or crashing query is stopped with a message. Federated queries (SERVICE <url>) are
refused unless --allow-service; FROM <url> never fetches anything.

Entailment: the named queries use property paths (?x a/rdfs:subClassOf* kgv:Treatment) so
subclasses and sub-properties count; nothing is inferred into the graph itself.

The graph is read-only here: SPARQL Update is refused. Exit codes: 0 ok (or ASK yes), 1 ASK
no, 2 a mistake (syntax error, unknown name...), 3 stopped by --timeout."""
EPILOG = """\
examples:
  kg query hubs
  kg query treatments-for --param condition="knee OA"
  kg query evidence -p from="knee OA" -p to="knee pain" --format csv > evidence.csv
  kg query leads-to -p cause=sitting -p effect="knee pain" && echo linked
  kg query my-question.rq --engine rdflib --timeout 10
  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | kg query -
"""


# The same as kg.query.formats.FORMATS, kg.query.ENGINES and DEFAULT_ENGINE (a test checks),
# written out so that building the parser (every `kg` command does) imports nothing more.
FORMATS = ("table", "csv", "tsv", "json", "srj", "srx", "turtle")
ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"
#: a cross product would otherwise run until memory is gone
DEFAULT_QUERY_TIMEOUT = 60.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="NAME|FILE.rq|-",
                        help="a named question, a .rq file, or - to read SPARQL from stdin")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind a parameter (repeatable)")
    parser.add_argument("-f", "--format", default="table", choices=FORMATS, metavar="FORMAT",
                        help=f"output format: {', '.join(FORMATS)} (default: table)")
    parser.add_argument("--engine", default=DEFAULT_ENGINE, choices=ENGINES,
                        help=f"SPARQL engine (default: {DEFAULT_ENGINE})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_QUERY_TIMEOUT,
                        metavar="SECONDS",
                        help="stop the query after this many seconds (exit 3; default "
                             f"{DEFAULT_QUERY_TIMEOUT:g}; 0: no limit)")
    parser.add_argument("--allow-service", action="store_true",
                        help="let the query follow SERVICE <url> (federated queries make "
                             "this machine send requests; refused by default)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--store", metavar="DIR",
                       help="query a store made by `kg load --store DIR` instead of the release")
    where.add_argument("--endpoint", metavar="URL",
                       help="send the query to a SPARQL endpoint (names are resolved there)")
    parser.add_argument("--graph", metavar="IRI",
                        help="with --endpoint: the graph to ask (sent as default-graph-uri; "
                             "Virtuoso otherwise answers over all its graphs)")


def run(args: argparse.Namespace) -> int:
    from kg.cli import progress
    from kg.errors import KGError
    from kg.query import run as run_query
    from kg.query.formats import render, terminal_width
    from kg.query.limits import check_seconds

    timeout = check_seconds(args.timeout, "--timeout")
    params: dict[str, str] = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise KGError(f"--param {item!r} is not NAME=VALUE",
                          hint='e.g. --param condition="knee osteoarthritis"')
        params[name.strip()] = value
    engine = args.engine
    if args.graph and not args.endpoint:
        raise KGError("--graph goes with --endpoint URL")
    if args.store:
        from kg.store import store_engine

        engine = store_engine(args.store, args.project)
    elif args.endpoint:
        from kg.endpoint import endpoint_engine

        engine = endpoint_engine(args.endpoint, args.project, default_graph=args.graph)
    named, result, engine = run_query(args.source, params, project=args.project, engine=engine,
                                  timeout=timeout, allow_service=args.allow_service,
                                  isolate=True,
                                  progress=lambda message: progress(args, message))
    labels = engine.labels() if args.format == "table" else {}
    prefixes = {}
    if args.format in ("table", "turtle"):
        from kg.query.sparql import prefixes as declared

        prefixes = {**display_prefixes(args.project), **declared(named.text)}
    width = terminal_width() if args.format == "table" else None
    sys.stdout.write(render(result, args.format, labels=labels, prefixes=prefixes, width=width))
    if result.form == "ASK":
        # rdflib takes tens of seconds on the why question's nested paths: yes/no only there
        if args.format == "table" and named.why and getattr(engine, "name", "") != "rdflib":
            reason = why_line(named, params, result.boolean, args.project, engine)
            if reason:
                sys.stdout.write(f"why: {reason}\n")
        return 0 if result.boolean else 1
    return 0


def why_line(named, params: dict[str, str], answer: bool, project, engine) -> str | None:
    """The first ``?why`` of the question's ``why`` companion that fits the answer."""
    from kg.query import load_named
    from kg.query import run as run_query

    _, result, _ = run_query(load_named(named.why, project), params, project=project,
                             engine=engine)
    wanted = "yes" if answer else "no"
    for row in result.dicts():
        if str(row.get("answer")) == wanted and row.get("why"):
            return str(row["why"])
    return None


def display_prefixes(project) -> dict[str, str]:
    """The standard prefixes, the dataset's CURIE prefixes and concept:/statement:/source:."""
    from kg.errors import KGError
    from kg.namespaces import PREFIXES

    prefixes = dict(PREFIXES)
    try:
        settings = project.settings
    except KGError:
        return prefixes
    prefixes.update(settings.prefixes)
    for child in ("concept", "statement", "source"):
        prefixes[child] = f"{settings.base}{child}/"
    return prefixes
