"""Run ``kgx validate -i tsv NODES EDGES`` with no network: print kgx's errors as JSON.

kgx (2.x) reaches for the Biolink model over the network when it is imported (bmt's Toolkit
defaults to the model's GitHub URL, and kgx's config lists remote JSON-LD contexts). Here every
one of those is pointed at the copy an installed package ships: the schema and prefix map of the
``biolink-model`` package, and prefixcommons' registry contexts. Sockets are refused, so a kgx
that still reached out would fail instead of passing.

    python tests/kgx_offline.py NODES.tsv EDGES.tsv [PREFIX=IRI ...]

``PREFIX=IRI`` adds a CURIE prefix to the Biolink context kgx checks ids against (a dataset's own
namespaces are in no Biolink context; see tests/test_kgx.py). Run in its own process because it
patches kgx's and bmt's module state.

It prints one JSON object: ``report``, what ``kgx validate`` returns, and ``findings``, every
``[level, type, message, entity]`` kgx logged. The second is needed because kgx 2.6's report
keeps only the last entity of each message (``kgx/error_detection.py``, ``log_error``:
``self.errors[level][error][message] = [entity]`` then ``.append(entity)``), so a report of
one message may stand for any number of nodes; the findings are not filtered or changed.
"""

from __future__ import annotations

import json
import socket
import sys
from importlib import resources


def _no_network(*_args, **_kwargs):
    raise OSError("kgx tried to use the network")


def main(argv: list[str]) -> int:
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network  # type: ignore[assignment]
    files = [a for a in argv if "=" not in a]
    extra = dict(a.split("=", 1) for a in argv if "=" in a)

    model = resources.files("biolink_model")
    import bmt.toolkit

    # the Toolkit kgx makes at import: the packaged schema, and no predicate map (it only maps
    # older predicate names; validation does not use it)
    bmt.toolkit.Toolkit.__init__.__defaults__ = (str(model / "schema" / "biolink_model.yaml"),
                                                 {"predicate mappings": []})
    import kgx.config

    kgx.config.get_config()
    biolink = json.loads((model / "prefixmaps" / "biolink-model-prefix-map.json").read_text())
    kgx.config.jsonld_context_map["biolink"] = {**biolink, **extra}
    for name in ("monarch_context", "obo_context"):
        context = resources.files("prefixcommons") / "registry" / f"{name}.jsonld"
        kgx.config.jsonld_context_map[name] = json.loads(context.read_text())["@context"]

    from kgx.cli.cli_utils import validate
    from kgx.error_detection import ErrorDetecting, MessageLevel

    findings: list[list[str]] = []
    log_error = ErrorDetecting.log_error

    def record(self, entity, error_type, message, message_level=MessageLevel.ERROR):
        findings.append([message_level.name, error_type.name, message, str(entity).strip()])
        return log_error(self, entity, error_type, message, message_level)

    ErrorDetecting.log_error = record  # type: ignore[method-assign]
    errors = validate(files, "tsv", None, None)
    sys.stdout.write("\n" + json.dumps({"report": errors, "findings": findings},
                                        default=sorted) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
