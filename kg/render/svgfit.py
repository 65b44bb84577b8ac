"""SVGs that fit the window they are opened in.

Graphviz writes ``width="1155pt" height="578pt"`` on its ``<svg>``: opened directly in a
browser (or dropped on a slide) such a file keeps that size, so a big drawing overflows a
1024×768 window with scroll bars and a small one sits in a corner. With the ``viewBox`` kept and
the width and height at 100 %, the picture scales to its window, whole, without distortion
(``preserveAspectRatio`` "meet").
"""

from __future__ import annotations

import re

_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_SIZE = re.compile(r'\s(width|height)="([^"]*)"')


def fit_viewport(svg: str) -> str:
    """``svg`` with its root element sized to its viewport (see the module text).

    >>> fit_viewport('<svg width="10pt" height="5pt" viewBox="0 0 10 5"><g/></svg>')
    '<svg width="100%" height="100%" viewBox="0 0 10 5" preserveAspectRatio="xMidYMid meet">\
<g/></svg>'
    """
    match = _ROOT.search(svg)
    if match is None or "viewBox" not in match.group(0):
        return svg  # no viewBox: a fixed size is all that keeps it drawable
    tag = match.group(0)
    new = _SIZE.sub("", tag).replace("<svg", '<svg width="100%" height="100%"', 1)
    if "preserveAspectRatio" not in new:
        new = new[:-1].rstrip() + ' preserveAspectRatio="xMidYMid meet">'
    return svg[:match.start()] + new + svg[match.end():]
