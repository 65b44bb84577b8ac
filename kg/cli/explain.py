"""kg explain — how one concept leads to another, step by cited step.

Also holds how the explain-family commands print steps with their quotes (the rest of what
they share is in :mod:`kg.cli.shared`).
"""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Any

from kg.cli.arguments import non_negative_int, positive_int
from kg.cli.shared import (
    Context,
    add_output_options,
    dump_json,
    open_graph,
    terminal_width,
    wrap,
    write_output,
)
from kg.errors import KGError

if TYPE_CHECKING:  # pragma: no cover
    from kg.explain import Step

HELP = "explain how two concepts are connected, citing sentences"
DESCRIPTION = """\
The chains of causes by which concept A leads to concept B, shortest first. Each step is one
relation of the graph, printed as `subject —relation→ object` with the words of the article
that state it and their sentence number.

A chain follows only causal relations: those the vocabulary declares as kgv:causalRelation or
one of its sub-properties, each with its direction of influence (increasing: causes,
contributes to...; decreasing: reduces, treats, impairs...). Directions compose along a chain:
a treatment that reduces a mechanism that causes a symptom helps with the symptom. The first
line says which it is ("How A leads to B", "How A helps with B"). A chain through a relation
with no direction is not offered.

A body structure or region given as A or B (hip joint, lower back) is read as what affects it
or is located in it, and the answer says so. When no chain exists, kg says so and shows the
shortest path of relations of any kind, labelled as not a chain of causes.

Names may be labels, synonyms or abbreviations, in any case, singular or plural."""
EPILOG = """\
examples:
  kg explain CAUSE EFFECT                      up to 5 chains, shortest first
  kg explain CAUSE EFFECT --limit 0            all of them
  kg explain CAUSE EFFECT --max-hops 3 --format json
  kg explain "knee osteoarthritis" "knee pain" --format html -o chains.html"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="A", help="where the chains start (a concept name)")
    parser.add_argument("target", metavar="B", help="where they end")
    parser.add_argument("--max-hops", type=positive_int, default=6, metavar="N",
                        help="longest chain, in relations (default: 6)")
    parser.add_argument("--limit", type=non_negative_int, default=5, metavar="N",
                        help="show at most N chains, 0 for all (default: 5)")
    add_output_options(parser, ("text", "json", "html"))


def run(args: argparse.Namespace) -> int:
    from kg import explain

    ctx = open_graph(args, full=args.format == "html")  # the page draws from the rdflib graph
    source, target = ctx.node(args.source), ctx.node(args.target)
    if source == target:
        raise KGError(f"{args.source!r} and {args.target!r} are the same concept "
                      f"({ctx.label(source)})", hint="name two different concepts")
    answer = explain.how(ctx.G, source, target, max_hops=args.max_hops)
    shown = answer.chains[: args.limit] if args.limit else answer.chains
    path = answer.related
    result: dict[str, Any] = {
        "source": ctx.concept(source),
        "target": ctx.concept(target),
        "max_hops": args.max_hops,
        "causal_predicates": sorted(ctx.G.graph["causal_predicates"]),
        "effect": answer.effect,
        "verb": answer.verb,
        "readings": {node: [m for m, _ in members] for node, members in answer.readings.items()},
        "total": len(answer.chains),
        "chains": [{"hops": len(c.steps), "effect": c.effect,
                    "steps": [s.as_dict() for s in c.all_steps]} for c in shown],
        "relation_path": None if path is None else
        {"hops": len(path), "causal": False, "steps": [s.as_dict() for s in path]},
        "reverse_chains": answer.reverse,
    }
    if args.format == "json":
        write_output(args, dump_json(result))
    elif args.format == "html":
        write_output(args, drawing(ctx, args, result, chains=[c.all_steps for c in shown],
                                   path=path))
    else:
        write_output(args, text_report(ctx, result, answer, shown))
    return 0


# ------------------------------------------------------------------ text

def text_report(ctx: Context, result: dict[str, Any], answer: Any, shown: list[Any]) -> str:
    """The answer in words: the first line says what the source does to the target."""
    from kg.explain.reading import verb

    width = terminal_width()
    a, b = result["source"]["label"], result["target"]["label"]
    total, hops = result["total"], result["max_hops"]
    lines = [f"({note})" for note in ctx.name_notes]
    for node, members in answer.readings.items():
        if members:
            lines.append(wrap(reading_note(ctx, node, [m for m, _ in members]), width))
    if shown:
        groups = answer.by_effect()
        count = f"{total} chain{'s' if total != 1 else ''}"
        if len(groups) == 1:
            lines.append(f"How {a} {answer.verb} {b}: {count}, shortest first.")
        else:
            parts = [f"{len(chains)} that "
                     f"{_third(verb(effect, answer.source_is_treatment), len(chains))} it"
                     for effect, chains in groups]
            lines.append(f"How {a} affects {b}: {count} ({', '.join(parts)}), "
                         f"shortest first.")
        number = 0
        for effect, chains in groups:
            group = [c for c in chains if c in shown]
            if not group:
                continue
            if len(groups) > 1:
                lines += ["", f"{a} {verb(effect, answer.source_is_treatment)} {b}:"]
            for chain in group:
                number += 1
                lines.append("")
                lines += chain_lines(chain.all_steps, width, f"{number}. ",
                                     hops=len(chain.steps))
        more = total - len(shown)
        if more:
            lines += ["", f"… and {more} more chain{'s' if more != 1 else ''} "
                          f"(--limit 0 shows all)."]
    else:
        lines.append(f"No chain of causes leads from {a} to {b} within {hops} steps.")
        if answer.reverse:
            n = answer.reverse
            lines.append(f"But {b} leads to {a} ({n} chain{'s' if n != 1 else ''}): "
                         f"kg explain {_quote_arg(b)} {_quote_arg(a)}")
        path = answer.related
        if path is None:
            lines.append(f"{a} and {b} are not connected by any relation in the graph.")
        else:
            names = ", ".join(dict.fromkeys(s.end_label for s in path[:-1]))
            through = f" through {names}" if names else " directly"
            lines += ["", wrap(f"Not a chain of causes: these concepts are related{through} "
                               f"(the shortest relation of any kind, direction ignored, "
                               f"{len(path)} step{'s' if len(path) != 1 else ''}); it says "
                               f"nothing about what one does to the other:", width)]
            for step in path:
                lines += step_lines(step, width, "   ")
    lines += ["", wrap(causal_note(ctx, result["causal_predicates"]), width)]
    return "\n".join(lines) + "\n"


def _third(words: str, n: int) -> str:
    """``leads to`` -> ``lead to`` for a plural subject."""
    if n == 1:
        return words
    first, _, rest = words.partition(" ")
    plural = {"leads": "lead", "helps": "help", "lessens": "lessen", "affects": "affect"}
    return " ".join(x for x in (plural.get(first, first), rest) if x)


def reading_note(ctx: Context, node: str, members: list[str]) -> str:
    """How a structure's name was read: as what affects it or is located in it."""
    kind = ctx.type_label(node).lower()
    article = "an" if kind[:1] in "aeiou" else "a"
    label = ctx.label(node)
    names = ", ".join(ctx.label(m) for m in members)
    return f"'{label}' is {article} {kind}: following what affects it or is located in " \
           f"it — {names}."


def causal_note(ctx: Context, predicates: list[str]) -> str:
    """Which relations were followed, as the vocabulary names them, by direction."""
    from kg.explain import CAUSAL_ROOT, DECREASING_ROOT, INCREASING_ROOT

    signs = ctx.G.graph.get("predicate_signs", {})
    roots = {CAUSAL_ROOT, INCREASING_ROOT, DECREASING_ROOT}
    up = [ctx.predicate_label(p) for p in predicates if p not in roots and signs.get(p, 1) > 0]
    down = [ctx.predicate_label(p) for p in predicates if p not in roots and signs.get(p) == -1]
    text = f"Causal relations followed (the vocabulary's kinds of " \
           f"'{ctx.predicate_label(CAUSAL_ROOT)}'): increasing {', '.join(up)}"
    return text + (f"; decreasing {', '.join(down)}." if down else ".")


def chain_lines(chain: list[Step], width: int, prefix: str = "",
                hops: int | None = None) -> list[str]:
    """A chain: its concepts in one line, then each step with its quote. ``hops`` counts the
    causal steps when the chain also has steps that only tie it to a named structure."""
    names = " → ".join([chain[0].start_label] + [s.end_label for s in chain])
    hops = len(chain) if hops is None else hops
    hops_text = f"({hops} step{'s' if hops != 1 else ''})"
    lines = textwrap.wrap(f"{names} {hops_text}", width, initial_indent=prefix,
                          subsequent_indent=" " * len(prefix), break_on_hyphens=False)
    for step in chain:
        lines += step_lines(step, width, " " * len(prefix))
    return lines


def step_lines(step: Step, width: int, indent: str = "   ", quotes: bool = True) -> list[str]:
    """``subject —relation→ object`` and, indented below, the quote and its sentence; an
    inferred relation (read across sentences or from a heading) says so, with its note."""
    lines = textwrap.wrap(str(step), width, initial_indent=indent,
                          subsequent_indent=indent + "    ", break_on_hyphens=False)
    if quotes and step.quote:
        # a no-break space keeps "(sentence 12)" on one line
        cite = f"“{step.quote}”" + (f" (sentence\u00a0{step.sentence})" if step.sentence else "")
        lines += [line.replace("\u00a0", " ") for line in
                  textwrap.wrap(cite, width, initial_indent=indent + "    ",
                                subsequent_indent=indent + "     ", break_on_hyphens=False)]
    if quotes and step.reading == "inferred":
        lines += textwrap.wrap(f"inferred: {step.note or 'read across sentences'}", width,
                               initial_indent=indent + "    ",
                               subsequent_indent=indent + "    ", break_on_hyphens=False)
    return lines


def _quote_arg(name: str) -> str:
    return f'"{name}"' if " " in name else name


# ------------------------------------------------------------------ html

def drawing(ctx: Context, args: argparse.Namespace, result: dict[str, Any],
            chains: list[list[Step]], path: list[Step] | None) -> str:
    """The chains drawn by the visualization (:mod:`kg.render`): the offline graph page with
    the chains' concepts and relations marked and each chain written out in the heading.
    Falls back to :func:`html_page` if the renderer is not installed."""
    try:
        from kg.render.html import render_page
        from kg.render.scene import scene_from_selection
        from kg.render.select import Selection
    except ImportError:
        return html_page(ctx, result, chains=chains, path=path)

    source, target = result["source"]["id"], result["target"]["id"]
    a, b = result["source"]["label"], result["target"]["label"]
    notes = list(ctx.name_notes)
    if chains:
        description = f"How “{a}” leads to “{b}”"
        total = result["total"]
        notes.append(f"{total} causal chain{'s' if total != 1 else ''}, shortest first"
                     f"{_more_note(result, chains)}:")
        notes += [f"{n}. {_walk(chain)}" for n, chain in enumerate(chains, 1)]
    else:
        description = f"How “{a}” and “{b}” are connected"
        notes.append(f"No causal chain leads from {a} to {b} within {result['max_hops']} "
                     f"steps." + (" The shortest relation of any kind (direction ignored):"
                                  if path else " They are not connected."))
        if path:
            notes.append(_walk(path))
    notes.append(causal_note(ctx, result["causal_predicates"]))
    selection = Selection({source, target}, marked_nodes={source, target},
                          description=description, notes=notes)
    for step in [s for chain in chains for s in chain] + (path or []):
        selection.nodes |= {step.subject, step.object}
        selection.marked_nodes |= {step.subject, step.object}
        for key, data in (ctx.G.get_edge_data(step.subject, step.object) or {}).items():
            if data.get("statement") == step.statement:
                selection.marked_edges.add((step.subject, step.object, key))
    scene = scene_from_selection(ctx.G, selection, rdf=ctx.graph, project=args.project)
    return render_page(scene)


def _walk(steps: list[Step]) -> str:
    """``a —causes→ b —involves→ c (sentences 3, 4)``: a chain in one line."""
    text = steps[0].start_label
    for step in steps:
        arrow = f"—{step.predicate_label}→" if step.forward else f"←{step.predicate_label}—"
        text += f" {arrow} {step.end_label}"
    numbers = sorted({s.sentence for s in steps if s.sentence})
    if numbers:
        text += f" (sentence{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))})"
    return text


def html_page(ctx: Context, result: dict[str, Any], chains: list[list[Step]],
              path: list[Step] | None) -> str:
    """A minimal self-contained page: each chain as a column of concepts joined by cited
    arrows (used when the visualization package :mod:`kg.render` is not available)."""
    from html import escape

    a, b = result["source"]["label"], result["target"]["label"]
    title = f"How {a} leads to {b}"
    parts = [f"<h1>{escape(title)}</h1>"]
    parts += [f'<p class="note">{escape(note)}</p>' for note in ctx.name_notes]
    if chains:
        parts.append(f"<p>{result['total']} causal chain{'s' if result['total'] != 1 else ''}"
                     f", shortest first{_more_note(result, chains)}.</p>")
        parts.append('<div class="chains">')
        for number, chain in enumerate(chains, 1):
            parts.append(_html_chain(ctx, chain, f"Chain {number} ({len(chain)} step"
                                                 f"{'s' if len(chain) != 1 else ''})"))
        parts.append("</div>")
    else:
        parts.append(f"<p>No causal chain leads from {escape(a)} to {escape(b)} within "
                     f"{result['max_hops']} steps.</p>")
        if path:
            parts.append('<div class="chains">')
            parts.append(_html_chain(ctx, path, "Shortest relation of any kind "
                                               "(direction ignored)"))
            parts.append("</div>")
        elif path is None:
            parts.append("<p>The two are not connected by any relation in the graph.</p>")
    parts.append(f'<p class="note">{escape(causal_note(ctx, result["causal_predicates"]))} '
                 f"Each arrow quotes the sentence of the article that states it.</p>")
    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
body {{ font-family: DejaVu Sans, Liberation Sans, Arial, sans-serif; color: #111;
       margin: 2rem; max-width: 72rem; line-height: 1.4; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.1rem; margin-top: 2rem; }}
.chains {{ display: flex; flex-wrap: wrap; gap: 1.5rem 2.5rem; align-items: flex-start; }}
.chain {{ display: flex; flex-direction: column; width: 21rem; }}
.chain h2 {{ margin: 1rem 0 .6rem; }}
.concept {{ border: 2px solid #555; border-radius: .5rem; padding: .45rem .7rem;
           background: #fff; font-weight: bold; }}
.concept small {{ display: block; font-weight: normal; color: #555; }}
.arrow {{ border-left: 3px solid #6b6b6b; margin: 0 0 0 1.2rem; padding: .35rem 0 .35rem .8rem;
         font-size: .88rem; }}
.arrow .rel {{ display: block; font-weight: bold; }}
.arrow q {{ color: #333; }} .arrow .sent {{ color: #555; white-space: nowrap; }}
.arrow .inferred {{ color: #555; font-style: italic; border-bottom: 1px dashed #555; }}
.note {{ color: #555; margin-top: 2rem; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _more_note(result: dict[str, Any], chains: list) -> str:
    more = result["total"] - len(chains)
    return f" ({len(chains)} shown; {more} more with --limit 0)" if more else ""


def _html_chain(ctx: Context, steps: list[Step], heading: str) -> str:
    """One chain, top to bottom: concept, arrow with the relation and its quote, concept...
    An arrow pointing up is a relation walked backwards (the concept below is its subject)."""
    from html import escape

    def concept(node: str) -> str:
        color = ctx.color(node)
        kind = escape(ctx.type_label(node))
        return (f'<div class="concept" style="border-color:{color}">'
                f"{escape(ctx.label(node))}<small>{kind}</small></div>")

    items = [concept(steps[0].start)]
    for step in steps:
        arrow = f"↓ {step.predicate_label}" if step.forward else f"↑ {step.predicate_label}"
        quote = f"<q>{escape(step.quote)}</q>" if step.quote else ""
        sentence = f' <span class="sent">(sentence {step.sentence})</span>' \
            if step.sentence else ""
        if step.reading == "inferred":
            sentence += (f' <span class="inferred" title="{escape(step.note or "", quote=True)}">'
                         "(inferred)</span>")
        items.append(f'<div class="arrow"><span class="rel">{escape(arrow)}</span>'
                     f"{quote}{sentence}</div>")
        items.append(concept(step.end))
    return f'<div class="chain">\n<h2>{escape(heading)}</h2>\n' + "\n".join(items) + "\n</div>"
