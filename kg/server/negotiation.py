"""Content negotiation for ``kg serve``: the media types offered, the ``Accept`` header and the
``format=``/``output=`` parameters read as format keys, and the choice for a result's kind."""

from __future__ import annotations

from kg.server.errors import RequestError

# format key -> media type
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")  # SELECT / ASK
GRAPH_FORMATS = ("turtle", "jsonld", "nt", "rdfxml")  # CONSTRUCT / DESCRIBE
# media type (lower case) -> format key
_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "text/javascript": "json", "application/javascript": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "application/ld+json": "jsonld", "application/x-json+ld": "jsonld",
    "application/n-triples": "nt", "text/plain": "nt",
    "application/rdf+xml": "rdfxml",
    # N3 asked for (SPARQLWrapper's N3): Turtle is N3, so a Turtle answer is one
    "text/n3": "turtle", "text/rdf+n3": "turtle", "application/n3": "turtle",
}
_FORMAT_ALIASES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv",
                   "tsv": "tsv", "turtle": "turtle", "ttl": "turtle", "jsonld": "jsonld",
                   "json-ld": "jsonld", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
                   "rdfxml": "rdfxml", "rdf": "rdfxml", "rdf+xml": "rdfxml", "n3": "turtle"}
#: ``format=``/``output=`` names whose meaning depends on the query form, as SPARQLWrapper
#: sends them: ``xml`` is SPARQL XML results for SELECT/ASK and RDF/XML for a graph, ``json``
#: SPARQL JSON results or JSON-LD
_FORM_DEPENDENT = {"xml": ["xml", "rdfxml"], "json": ["json", "jsonld"]}


def parameter_formats(values: list[str]) -> list[str]:
    """Format keys for the ``format=``/``output=`` values of a request, in order. Clients repeat
    them (SPARQLWrapper sends ``format=tsv&format=text/tab-separated-values&output=...``), so
    empty and unknown values are skipped as long as one is known; none known: 400.

    >>> parameter_formats(["xml", "xml"])
    ['xml', 'rdfxml']
    >>> parameter_formats(["tsv", "text/tab-separated-values", ""])
    ['tsv']
    """
    keys: list[str] = []
    unknown = []
    for value in values:
        name = value.strip().lower()
        if not name:
            continue
        found = (_FORM_DEPENDENT.get(name) or [_FORMAT_ALIASES.get(name) or _ACCEPT.get(name)])
        if found == [None]:
            unknown.append(value)
        keys.extend(k for k in found if k is not None and k not in keys)
    if unknown and not keys:
        raise RequestError(400, f"unknown format {unknown[0]!r}; use one of "
                           + ", ".join(sorted({*_FORMAT_ALIASES, *_FORM_DEPENDENT})))
    return keys


def preferred_formats(accept: str | None) -> list[str]:
    """Format keys in the client's order of preference (q values honoured; wildcards kept
    as ``*/*``, ``text/*``, ``application/*``)."""
    if not accept:
        return ["*/*"]
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, index, media))
    result: list[str] = []
    for _, _, media in sorted(ranked):
        key = _ACCEPT.get(media, media if media.endswith("/*") else None)
        if key and key not in result:
            result.append(key)
    return result


def choose_format(preferences: list[str], kind: str) -> str | None:
    """The format for a result of ``kind`` ('solutions', 'boolean' or 'graph'), or None."""
    allowed = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
    for key in preferences:
        if key in allowed:
            return key
        if key == "*/*":
            return allowed[0]
        if key == "text/*":
            return "turtle" if kind == "graph" else "csv"
        if key == "application/*":
            return allowed[0] if kind != "graph" else "jsonld"
    return None


def _negotiate(accept: list[str], kind: str) -> str:
    fmt = choose_format(accept, kind)
    if fmt is None:
        allowed = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
        offered = ", ".join(MEDIA_TYPES[k] for k in allowed)
        what = "a graph (CONSTRUCT/DESCRIBE)" if kind == "graph" else "query results"
        raise RequestError(406, f"cannot give {what} in the requested media type; "
                           f"this server offers {offered}")
    return fmt

