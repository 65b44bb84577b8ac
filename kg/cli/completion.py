"""kg completion — a shell completion script for the kg command (bash, zsh or tcsh)."""

from __future__ import annotations

import argparse
import sys

DESCRIPTION = """\
Print a completion script for your shell: with it installed, Tab completes kg's commands,
their options and the values an option allows (formats, engines...), and folders for --data
and --build-dir. The script is generated from kg's own command line (by shtab), so it always
matches this version."""
EPILOG = """\
examples:
  source <(kg completion bash)                  this shell only
  kg completion bash > ~/.local/share/bash-completion/completions/kg
  kg completion zsh > ~/.zfunc/_kg              with fpath+=(~/.zfunc) before compinit
  kg completion tcsh > ~/.kg.completion.csh     then: source ~/.kg.completion.csh"""

SHELLS = ("bash", "zsh", "tcsh")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def run(args: argparse.Namespace) -> int:
    import shtab

    from kg.cli import build_parser

    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell))
    return 0
