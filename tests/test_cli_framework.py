"""The `kg` command framework: help, lazy imports, error formatting, exit codes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import kg.cli
from kg.cli import main
from kg.errors import KGError


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"]])
def test_help_does_not_import_heavy_libraries(argv):
    result = _run_python(f"""
        import sys, contextlib, io
        from kg.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as out:
            try:
                code = main({argv!r})
            except SystemExit as exc:
                code = exc.code
        heavy = [m for m in ("rdflib", "networkx", "pyshacl", "pyvis") if m in sys.modules]
        print(code, heavy, "usage: kg" in out.getvalue())
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 [] True"


def test_import_kg_is_cheap_and_lazy():
    result = _run_python("""
        import sys, kg
        before = "rdflib" in sys.modules
        err = kg.KGError("x")
        print(before, type(err).__name__, "rdflib" in sys.modules)
    """)
    assert result.stdout.strip() == "False KGError False", result.stderr


def test_every_existing_command_module_imports_and_has_the_interface():
    for name, (module_path, _help) in kg.cli.COMMANDS.items():
        module = kg.cli.load_command(module_path)
        if module is None:
            continue
        assert callable(module.add_arguments), name
        assert callable(module.run), name


def test_missing_command_modules_are_skipped_and_cmd_prefix_is_found(monkeypatch, tmp_path):
    pkg = tmp_path / "fakecli"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "cmd_hello.py").write_text(textwrap.dedent("""
        def add_arguments(parser):
            parser.add_argument("who")
        def run(args):
            print("hello", args.who)
            return 3
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(kg.cli, "COMMANDS", {
        "hello": ("fakecli.hello", "say hello"),
        "absent": ("fakecli.absent", "not written yet"),
    })
    parser = kg.cli.build_parser()
    help_text = parser.format_help()
    assert "hello" in help_text and "absent" not in help_text
    assert main(["--data", str(tmp_path), "hello", "you"]) == 3


def test_kgerror_is_one_message_with_location_and_hint(monkeypatch, tmp_path, capsys):
    def boom(args):
        raise KGError("unknown type 'Conditon'", file=tmp_path / "c.yaml", line=7,
                      hint="did you mean 'Condition'?")

    monkeypatch.setattr(kg.cli, "_project", lambda args: None)
    parser = kg.cli.build_parser()
    monkeypatch.setattr(kg.cli, "build_parser", lambda: parser)
    sub = parser._subparsers._group_actions[0]  # the subcommand action
    fake = sub.add_parser("boom")
    fake.set_defaults(run=boom)
    code = main(["boom"])
    err = capsys.readouterr().err
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith("error: ") and lines[0].endswith("c.yaml:7: unknown type 'Conditon'")
    assert lines[1] == "  hint: did you mean 'Condition'?"
    assert "Traceback" not in err


def test_missing_data_folder_is_a_clear_error(tmp_path, capsys):
    parser = kg.cli.build_parser()
    if not parser._subparsers._group_actions[0].choices:
        pytest.skip("no command module exists yet")
    name = next(iter(parser._subparsers._group_actions[0].choices))
    code = main(["--data", str(tmp_path / "nope"), name])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: dataset folder") and "hint:" in err


def test_error_format_without_location():
    assert str(KGError("plain")) == "plain"
    assert str(KGError("m", file="f.yaml")) == "f.yaml: m"


def test_unknown_and_planned_commands_are_clear_errors(capsys):
    available = set(kg.cli._subcommands(kg.cli.build_parser()))
    assert "build" in available
    assert main(["--data", ".", "bild"]) == 2
    err = capsys.readouterr().err
    assert err == "error: unknown command 'bild'\n  hint: did you mean 'build'?\n"
    planned = next((name for name in kg.cli.COMMANDS if name not in available), None)
    if planned:
        assert main([planned]) == 2
        assert "not available in this version" in capsys.readouterr().err


def test_usage_errors_and_help_return_codes(capsys):
    assert main(["build", "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert "error: unrecognized arguments: --no-such-option" in err and "Traceback" not in err
    assert main(["build", "--help"]) == 0
    assert "--check" in capsys.readouterr().out


@pytest.mark.parametrize(("exception", "code"), [(KeyboardInterrupt, 130), (BrokenPipeError, 141),
                                                 (FileNotFoundError(2, "No such file", "x.rq"), 2)])
def test_interrupts_and_missing_files_exit_quietly(monkeypatch, capsys, exception, code):
    def fail(args):
        raise exception

    monkeypatch.setattr(kg.cli, "_project", lambda args: None)
    monkeypatch.setattr(kg.cli, "_silence_stdout", lambda: None)  # keep pytest's stdout
    parser = kg.cli.build_parser()
    monkeypatch.setattr(kg.cli, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].add_parser("fail").set_defaults(run=fail)
    assert main(["fail"]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 2:
        assert err == "error: x.rq: No such file\n"
