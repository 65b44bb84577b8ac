"""Writing a :class:`~kg.query.engines.Result`: a readable table, CSV/TSV, JSON, the W3C
SPARQL 1.1 results formats (JSON ``srj``, XML ``srx``) and Turtle.

- ``table`` (default): for reading in a terminal. IRIs are shown by their ``rdfs:label`` (or as
  a short ``prefix:name``); a column ``x`` with a companion ``xLabel`` becomes one column ``x``
  showing the label. ASK prints ``yes`` or ``no``.
- ``csv``: the W3C SPARQL 1.1 CSV results format (IRIs and literal values, no types), ready
  for a spreadsheet; the queries return labels next to IRIs for that reason.
- ``tsv``: the same cells separated by tabs (tabs and line breaks inside values become
  spaces). Unlike the W3C TSV results format it does not write Turtle syntax (``<iri>``,
  ``"text"``), which spreadsheets would show verbatim; use ``srj``/``srx`` for typed terms.
- ``json``: plain JSON for scripts: a list of ``{variable: value}`` objects (numbers as numbers),
  ``true``/``false`` for ASK, ``{subject, predicate, object}`` objects for graphs.
- ``srj`` / ``srx``: SPARQL 1.1 Query Results JSON / XML (SELECT and ASK).
- ``turtle``: CONSTRUCT and DESCRIBE results, with the dataset's prefixes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap

from kg.errors import KGError
from kg.query.engines import XSD_IRI, Result, Term

FORMATS = ("table", "csv", "tsv", "json", "srj", "srx", "turtle")
LABEL_SUFFIX = "Label"


def render(result: Result, fmt: str = "table", *, labels: dict[str, str] | None = None,
           prefixes: dict[str, str] | None = None, width: int | None = None) -> str:
    """The result as text in ``fmt``. ``labels`` (IRI -> label) and ``prefixes`` (prefix ->
    namespace) make tables readable; ``width`` wraps a table to that many columns."""
    if fmt not in FORMATS:
        from kg.names import close_matches

        near = close_matches(fmt, FORMATS, n=1)
        raise KGError(f"unknown format {fmt!r}",
                      hint=f"did you mean {near[0]!r}?" if near else
                      "use one of " + ", ".join(FORMATS))
    if fmt == "turtle":
        if not result.is_graph:
            raise KGError(f"--format turtle is for CONSTRUCT and DESCRIBE queries; this is "
                          f"{result.form}", hint="use table, csv, tsv, json, srj or srx")
        return turtle(result, prefixes or {})
    if result.form == "ASK":
        if fmt == "json":
            return json.dumps(bool(result.boolean)) + "\n"
        if fmt == "srj":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        if fmt == "srx":
            return (_XML_HEAD + "  <head/>\n"
                    f"  <boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n")
        return ("yes" if result.boolean else "no") + "\n"
    if fmt in ("srj", "srx") and result.is_graph:
        raise KGError(f"--format {fmt} is a SPARQL results format for SELECT and ASK; this is "
                      f"{result.form}", hint="use turtle (or table, csv, tsv, json)")
    if fmt == "table":
        return table(result, labels or {}, prefixes or {}, width)
    if fmt == "csv":
        return delimited(result, ",")
    if fmt == "tsv":
        return delimited(result, "\t")
    if fmt == "json":
        return json.dumps(result.dicts(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "srj":
        return srj(result)
    return srx(result)


# ------------------------------------------------------------------ table

def columns(variables: list[str]) -> list[tuple[str, int, int | None]]:
    """``(title, index, label index)`` per shown column: ``x`` and ``xLabel`` merge into one.

    A lone ``yLabel`` is titled ``y``; titles are plain words (:func:`header`).

    >>> columns(["x", "xLabel", "n", "yLabel", "firstAnswer", "firstAnswerLabel"])
    [('x', 0, 1), ('n', 2, None), ('y', 3, None), ('first answer', 4, 5)]
    """
    index = {v: i for i, v in enumerate(variables)}
    shown = []
    for i, v in enumerate(variables):
        base = v[:-len(LABEL_SUFFIX)] if v.endswith(LABEL_SUFFIX) else None
        if base and base in index:
            continue
        shown.append((header(base or v), i, index.get(v + LABEL_SUFFIX)))
    return shown


def header(variable: str) -> str:
    """A SPARQL variable as a column title in plain words: camelCase and snake_case split,
    lower case (an all-capitals word such as ``IRI`` is kept).

    >>> header("firstAnswer"), header("source_title"), header("conceptIRI"), header("n")
    ('first answer', 'source title', 'concept IRI', 'n')
    """
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", variable.replace("_", " ")).split()
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


def short(term: Term | None, labels: dict[str, str], prefixes: dict[str, str]) -> str:
    """A term as a person reads it: label, ``prefix:name``, or the literal's text."""
    if term is None:
        return ""
    if term.kind == "uri":
        if term.value in labels:
            return labels[term.value]
        best = ""
        for prefix, namespace in prefixes.items():
            if term.value.startswith(namespace) and len(namespace) > len(best):
                best, name = namespace, prefix
        if best:
            return f"{name}:{term.value[len(best):]}"
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    return " ".join(term.value.split()) if "\n" in term.value or "\t" in term.value \
        else term.value


def table(result: Result, labels: dict[str, str], prefixes: dict[str, str],
          width: int | None = None) -> str:
    shown = columns(result.variables)
    titles = [title for title, _, _ in shown]
    cells = []
    for row in result.rows:
        line = []
        for _, i, label_index in shown:
            label = row[label_index] if label_index is not None else None
            line.append(label.value if label is not None else short(row[i], labels, prefixes))
        cells.append(line)
    if result.is_graph:  # a graph has no order: read it sorted
        cells.sort(key=lambda line: [c.casefold() for c in line])
    numeric = [all(_is_number(row[i]) for row in result.rows if row[i] is not None)
               and any(row[i] is not None for row in result.rows) for _, i, _ in shown]
    widths = [max([len(t)] + [len(c[k]) for c in cells]) for k, t in enumerate(titles)]
    if width:
        longest = [max([len(w) for c in cells for w in c[k].split()] or [0])
                   for k in range(len(titles))]
        widths = _fit(widths, width, longest)
    out = io.StringIO()
    out.write(_line(titles, widths, [False] * len(titles)))
    out.write("  ".join("-" * w for w in widths).rstrip() + "\n")
    for line in cells:
        out.write(_line(line, widths, numeric))
    count = len(result.rows)
    noun = "triple" if result.is_graph else "row"
    out.write(f"({count} {noun}{'' if count == 1 else 's'})\n")
    return out.getvalue()


def _is_number(term: Term | None) -> bool:
    return term is not None and term.kind == "literal" and term.datatype is not None and \
        term.datatype.startswith(XSD_IRI) and isinstance(term.python(), int | float)


def _fit(widths: list[int], total: int, words: list[int] | None = None) -> list[int]:
    """Column widths for a table of at most ``total`` characters.

    Columns narrower than a fair share keep their width; the others share the room left in
    proportion to their natural widths (so a long quote gets more room than a short label
    and rows need fewer lines). A column keeps at least its longest word (``words``) while
    another can give way; only then are words broken, down to 8 characters.

    >>> _fit([16, 18, 8, 37, 85], 100, [11, 10, 8, 16, 11])
    [16, 18, 8, 16, 34]
    """
    widths = list(widths)
    gaps = 2 * (len(widths) - 1)
    if sum(widths) + gaps <= total:
        return widths
    floor = [min(w, max(8, m)) for w, m in zip(widths, words or [8] * len(widths), strict=True)]
    room = total - gaps
    fixed: set[int] = set()
    while True:
        flexible = [k for k in range(len(widths)) if k not in fixed]
        share = (room - sum(widths[k] for k in fixed)) / max(1, len(flexible))
        small = {k for k in flexible if widths[k] <= share}
        if not small:
            break
        fixed |= small
    flexible = [k for k in range(len(widths)) if k not in fixed]
    left = room - sum(widths[k] for k in fixed)
    natural = sum(widths[k] for k in flexible) or 1
    for k in flexible:
        widths[k] = max(floor[k], min(widths[k], left * widths[k] // natural))
    while sum(widths) + gaps > total:  # floors or rounding overshot: narrow the widest
        shrinkable = [k for k in range(len(widths)) if widths[k] > floor[k]] or \
            [k for k in range(len(widths)) if widths[k] > 8]
        if not shrinkable:
            break
        widest = max(shrinkable, key=widths.__getitem__)
        widths[widest] -= 1
    return widths


def _line(values: list[str], widths: list[int], right: list[bool]) -> str:
    wrapped = [textwrap.wrap(v, w) or [""] if len(v) > w else [v]
               for v, w in zip(values, widths, strict=True)]
    lines = []
    for k in range(max(len(w) for w in wrapped)):
        parts = []
        for col, pieces in enumerate(wrapped):
            text = pieces[k] if k < len(pieces) else ""
            parts.append(text.rjust(widths[col]) if right[col] else text.ljust(widths[col]))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


def terminal_width() -> int | None:
    """Columns to fit a table to: ``$COLUMNS`` when set, else the terminal's width when
    stdout is a terminal, else None (a pipe or a file keeps one line per row, for grep; csv,
    tsv and json are never wrapped). Never less than 40."""
    import os
    import sys

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(40, int(columns))
    if not sys.stdout.isatty():
        return None
    return max(40, shutil.get_terminal_size((100, 24)).columns)


# ------------------------------------------------------------------ csv / tsv

def plain(term: Term | None) -> str:
    """W3C CSV cell: IRI or literal value as is, blank node as ``_:b``, unbound empty."""
    if term is None:
        return ""
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def delimited(result: Result, delimiter: str) -> str:
    out = io.StringIO()
    if delimiter == ",":
        writer = csv.writer(out)  # RFC 4180 quoting, CRLF line ends (as the W3C format says)
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([plain(t) for t in row])
        return out.getvalue()
    clean = [" ".join(v.split()) if any(c in v for c in "\t\r\n") else v
             for v in result.variables]
    out.write("\t".join(clean) + "\n")
    for row in result.rows:
        cells = [plain(t) for t in row]
        out.write("\t".join(" ".join(c.split()) if any(x in c for x in "\t\r\n") else c
                            for c in cells) + "\n")
    return out.getvalue()


# ------------------------------------------------------------------ W3C results formats

def _srj_term(term: Term) -> dict[str, str]:
    if term.kind == "uri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    if term.kind == "triple":
        return {"type": "literal", "value": term.value}
    data = {"type": "literal", "value": term.value}
    if term.lang:
        data["xml:lang"] = term.lang
    elif term.datatype:
        data["datatype"] = term.datatype
    return data


def srj(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON Format (application/sparql-results+json)."""
    bindings = [{v: _srj_term(t) for v, t in zip(result.variables, row, strict=True)
                 if t is not None}
                for row in result.rows]
    data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def escape(text: str) -> str:
    """XML character data (xml.sax.saxutils would import urllib: 60 ms at every start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value in double quotes."""
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;") + '"'


_XML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')


def _srx_term(term: Term) -> str:
    if term.kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    attrs = ""
    if term.lang:
        attrs = f" xml:lang={quoteattr(term.lang)}"
    elif term.datatype:
        attrs = f" datatype={quoteattr(term.datatype)}"
    return f"<literal{attrs}>{escape(term.value)}</literal>"


def srx(result: Result) -> str:
    """SPARQL Query Results XML Format (application/sparql-results+xml)."""
    out = io.StringIO()
    out.write(_XML_HEAD + "  <head>\n")
    for v in result.variables:
        out.write(f"    <variable name={quoteattr(v)}/>\n")
    out.write("  </head>\n  <results>\n")
    for row in result.rows:
        out.write("    <result>\n")
        for v, t in zip(result.variables, row, strict=True):
            if t is not None:
                out.write(f"      <binding name={quoteattr(v)}>{_srx_term(t)}</binding>\n")
        out.write("    </result>\n")
    out.write("  </results>\n</sparql>\n")
    return out.getvalue()


# ------------------------------------------------------------------ turtle

def turtle(result: Result, prefixes: dict[str, str]) -> str:
    """The triples as Turtle (sorted, so the output is the same on both engines), declaring
    only the prefixes it uses."""
    import pyoxigraph as ox

    def node(term: Term):
        if term.kind == "uri":
            return ox.NamedNode(term.value)
        if term.kind == "bnode":
            return ox.BlankNode(term.value)
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        if term.datatype:
            return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term.value)

    triples = sorted(set(result.rows), key=lambda t: tuple((x.kind, x.value, x.datatype or "")
                                                          for x in t))
    iris = {x.value for t in triples for x in t if x.kind == "uri"} | \
        {x.datatype for t in triples for x in t if x.datatype}
    used = {name: ns for name, ns in sorted(prefixes.items())
            if name and any(iri.startswith(ns) for iri in iris)}
    data = ox.serialize([ox.Triple(*(node(x) for x in t)) for t in triples],
                        format=ox.RdfFormat.TURTLE, prefixes=used)
    return data.decode("utf-8")
