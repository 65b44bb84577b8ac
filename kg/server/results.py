"""Writing a query's answer for ``kg serve``: SPARQL results (JSON, XML, CSV, TSV) and graphs
(Turtle, JSON-LD, N-Triples, RDF/XML), with the row and byte caps counted while writing."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any

from kg.server.errors import RequestError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _term_json(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                        "predicate": _term_json(term.predicate),
                                        "object": _term_json(term.object)}}


def _term_xml(term: Any) -> str:
    import pyoxigraph as ox

    esc = html.escape
    if isinstance(term, ox.NamedNode):
        return f"<uri>{esc(term.value, quote=False)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{esc(term.value, quote=False)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f' xml:lang="{esc(term.language)}"'
        elif term.datatype.value != _XSD_STRING:
            attr = f' datatype="{esc(term.datatype.value)}"'
        else:
            attr = ""
        return f"<literal{attr}>{esc(term.value, quote=False)}</literal>"
    return f"<literal>{esc(str(term), quote=False)}</literal>"


def _term_csv(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    value = f"_:{term.value}" if isinstance(term, ox.BlankNode) else getattr(term, "value",
                                                                             str(term))
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def _term_tsv(term: Any) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _too_big(max_bytes: int) -> RequestError:
    size = (f"{max_bytes / (1 << 20):,.1f} MB" if max_bytes >= 1 << 20 else
            f"{max_bytes / 1024:,.1f} KB")
    return RequestError(422, f"the answer is over {size}, this server's cap (--max-bytes); "
                        "add LIMIT or select fewer or shorter values")


def serialize_solutions(variables: list[str], rows: Iterable[Any], fmt: str,
                        max_rows: int | None,
                        max_bytes: int | None = None) -> tuple[bytes, int]:
    """SELECT results in ``fmt``; RequestError(422) past ``max_rows`` rows or ``max_bytes``
    (counted as the values arrive, before a huge body is built). Returns (body, rows)."""
    count = size = 0

    def capped() -> Iterable[list[Any]]:
        nonlocal count, size
        for solution in rows:
            count += 1
            if max_rows is not None and count > max_rows:
                raise RequestError(
                    422, f"the answer has more than {max_rows:,} rows, this server's cap; "
                    "add LIMIT (and OFFSET to page) or narrow the query")
            values = [solution[v] for v in variables]
            if max_bytes is not None:
                size += sum(len(getattr(t, "value", "")) for t in values if t is not None)
                if size > max_bytes:
                    raise _too_big(max_bytes)
            yield values

    if fmt == "json":
        bindings = [{v: _term_json(t) for v, t in zip(variables, values, strict=True)
                     if t is not None} for values in capped()]
        body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
    elif fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                 "<head>", *(f'<variable name="{v}"/>' for v in variables),
                 "</head><results>"]
        for values in capped():
            parts.append("<result>")
            parts.extend(f'<binding name="{v}">{_term_xml(t)}</binding>'
                         for v, t in zip(variables, values, strict=True) if t is not None)
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        body = "".join(parts).encode()
    elif fmt == "csv":
        lines = [",".join(variables)]
        lines.extend(",".join(_term_csv(t) for t in values) for values in capped())
        body = ("\r\n".join(lines) + "\r\n").encode()
    elif fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join(_term_tsv(t) for t in values) for values in capped())
        body = ("\n".join(lines) + "\n").encode()
    else:  # pragma: no cover - choose_format only gives the above
        raise ValueError(fmt)
    if max_bytes is not None and len(body) > max_bytes:
        raise _too_big(max_bytes)
    return body, count


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return b"true\n" if value else b"false\n"  # csv, tsv: not standardised; as most servers do


def serialize_graph(triples: Iterable[Any], fmt: str, max_rows: int | None,
                    prefixes: dict[str, str] | None = None,
                    max_bytes: int | None = None) -> tuple[bytes, int]:
    import pyoxigraph as ox

    collected = []
    size = 0
    for triple in triples:
        collected.append(triple)
        if max_rows is not None and len(collected) > max_rows:
            raise RequestError(422, f"the answer has more than {max_rows:,} triples, this "
                               "server's cap; narrow the CONSTRUCT or add LIMIT")
        if max_bytes is not None:
            size += sum(len(getattr(t, "value", "")) for t in triple)
            if size > max_bytes:
                raise _too_big(max_bytes)
    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                  "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    kwargs = {"prefixes": prefixes} if prefixes and fmt in ("turtle", "rdfxml") else {}
    body = ox.serialize(collected, format=rdf_format, **kwargs)
    if max_bytes is not None and len(body) > max_bytes:
        raise _too_big(max_bytes)
    return body, len(collected)

