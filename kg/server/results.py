"""Writing a query's answer for ``kg serve``: SPARQL results (JSON, XML, CSV, TSV) and graphs
(Turtle, JSON-LD, N-Triples, RDF/XML), with the row and byte caps counted while the rows arrive.

SELECT and ASK answers are written by the engine-neutral writers of :mod:`kg.query.formats`
(the ones ``kg query --format srj|srx|csv`` uses): the rows become :class:`kg.query.terms.Term`
as they are counted, so the caps stop a huge answer before its body is built. pyoxigraph's own
``QuerySolutions.serialize`` would write the body in one call, with no way to stop it at a cap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.server.errors import RequestError


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
    from kg.query import formats
    from kg.query.terms import Result, oxigraph_converter

    convert = oxigraph_converter()
    collected: list[tuple[Any, ...]] = []
    size = 0
    for solution in rows:
        if max_rows is not None and len(collected) >= max_rows:
            raise RequestError(
                422, f"the answer has more than {max_rows:,} rows, this server's cap; "
                "add LIMIT (and OFFSET to page) or narrow the query")
        values = tuple(convert(solution[v]) for v in variables)
        if max_bytes is not None:
            size += sum(len(t.value) for t in values if t is not None)
            if size > max_bytes:
                raise _too_big(max_bytes)
        collected.append(values)
    result = Result("SELECT", list(variables), collected)
    if fmt == "json":
        text = formats.srj(result, indent=None)
    elif fmt == "xml":
        text = formats.srx(result)
    elif fmt == "csv":
        text = formats.delimited(result, ",")
    elif fmt == "tsv":
        text = formats.w3c_tsv(result)
    else:  # pragma: no cover - choose_format only gives the above
        raise ValueError(fmt)
    body = text.encode()
    if max_bytes is not None and len(body) > max_bytes:
        raise _too_big(max_bytes)
    return body, len(collected)


def serialize_boolean(value: bool, fmt: str) -> bytes:
    from kg.query import formats
    from kg.query.terms import Result

    if fmt in ("json", "xml"):
        return formats.render(Result("ASK", boolean=value), "srj" if fmt == "json" else "srx"
                              ).encode()
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

