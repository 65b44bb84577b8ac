"""kg review — accept, reject or edit the proposals of a draft."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import KGError, display_path

DESCRIPTION = """\
Open a local page (served on 127.0.0.1 only) listing the proposals of a draft sentence by
sentence, the sentence shown with the quote marked. Keys: a accept, r reject, e edit (type,
label, predicate from the vocabulary's lists, or "same as" an existing concept), u undo,
j/k move. Each decision is saved to the draft at once; a re-run of `kg draft` keeps them.
--tty asks in the terminal instead (for a remote shell)."""
EPILOG = """\
examples:
  kg review data/curated/drafts/knee-pain.yaml          open the review page
  kg review --tty data/curated/drafts/knee-pain.yaml    review in the terminal
  kg draft --accept data/curated/drafts/knee-pain.yaml  then move the accepted items"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="DRAFT", help="a draft written by kg draft")
    parser.add_argument("--tty", action="store_true", help="review in the terminal")
    parser.add_argument("--port", type=int, default=0,
                        help="port on 127.0.0.1 (default: any free port)")
    parser.add_argument("--no-browser", action="store_true",
                        help="print the address only; do not open a browser")
    parser.add_argument("--all", action="store_true",
                        help="with --tty: also go over items already decided")


def run(args: argparse.Namespace) -> int:
    from kg.draft.review import ReviewSession, make_server

    if not args.file.is_file():
        raise KGError(f"no draft {args.file}", hint="make one with `kg draft ARTICLE.txt`")
    session = ReviewSession(args.file, args.project)
    if args.tty:
        from kg.draft.review_tty import review_tty

        review_tty(session, _input, sys.stdout, only_proposed=not args.all)
        return 0
    if not 0 <= args.port <= 65535:
        raise KGError(f"bad port {args.port}")
    try:
        server = make_server(session, args.port)
    except OSError as exc:
        raise KGError(f"cannot listen on 127.0.0.1:{args.port} ({exc.strerror})",
                      hint="choose another --port, or 0 for any free one") from None
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"reviewing {display_path(args.file)} at {url} (Ctrl-C to stop)", flush=True)
    if not args.no_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped; decisions are saved in the draft", file=sys.stderr)
    finally:
        server.server_close()
    return 0


def _input(prompt: str) -> str:
    try:
        answer = input(prompt)
    except EOFError:
        return "q"
    if not sys.stdin.isatty():
        print(answer)  # answers read from a file or pipe: show them, so the log reads as a session
    return answer
