"""The command line never prints a traceback for bad input: one line on stderr, exit 2, nothing written."""

from __future__ import annotations

import socket

import pytest

from core.testing import head
from core.instance import open_instance
from tests.cli import run


@pytest.fixture
def folder(tmp_path, capsys):
    code, _, err = run(capsys, "--instance", str(tmp_path), "init", "--demo")
    assert code == 0, err
    return tmp_path


def log_head(folder) -> int:
    instance = open_instance(folder)
    try:
        return head(instance.store)
    finally:
        instance.close()


@pytest.mark.parametrize(("args", "says"), [
    (["erase", "not-a-uuid", "--reason", "x"], "'not-a-uuid' is not a person id"),
    (["erase", "6f1c0c3e-4a8b-4f0e-9b8e-2d7c5a1e9f30", "--reason", "  "], "an erasure needs a reason"),
    (["erase", "6f1c0c3e-4a8b-4f0e-9b8e-2d7c5a1e9f30"], "Missing option '--reason'"),
    (["access-report", "not-a-uuid"], "'not-a-uuid' is not a person id"),
    (["access-report"], "Missing argument 'PERSON_ID'"),
    (["users", "grant", "nobody.helsinki", "auditor"], "no user 'nobody.helsinki'"),
    (["users", "grant", "worker.helsinki", "emperor"], "unknown role 'emperor'"),
    (["users", "deactivate", "nobody.helsinki", "--reason", "left"], "no user 'nobody.helsinki'"),
    (["users", "sign-out", "worker.helsinki", "--reason", " "], "say why the user is signed out"),
    (["users", "add", "x.helsinki", "--city", "atlantis", "--password", "a long passphrase 2026"], "unknown city"),
    (["users", "add", "x.helsinki", "--city", "helsinki", "--password", "short"], "password"),
    (["tokens", "create", "nobody.helsinki"], "no user 'nobody.helsinki'"),
    (["projections", "rebuild", "no_such_projection"], "unknown projection"),
    (["retention", "run", "--as-of", "31.1.2027"], "'31.1.2027' does not match the format '%Y-%m-%d'"),
    (["erasure", "request", "not-a-uuid", "--requester", "x", "--received-on", "2026-11-02"],
     "'not-a-uuid' is not a person id"),
    (["erasure", "request", "6f1c0c3e-4a8b-4f0e-9b8e-2d7c5a1e9f30", "--requester", " ", "--received-on",
      "2026-11-02"], "say who asked and how"),
    (["erasure", "request", "6f1c0c3e-4a8b-4f0e-9b8e-2d7c5a1e9f30", "--requester", "by letter", "--received-on",
      "2999-01-01"], "a request cannot be received in the future"),
    (["verify", "--checkpoint", "/no/such/file"], "No such file or directory"),
    (["replay", "--as-of", "2026-03-02", "case-12"], "no record case-12"),
    (["replay", "--as-of", "2026-03-02", "--reveal", "6f1c0c3e-4a8b-4f0e-9b8e-2d7c5a1e9f30"], "needs --reason"),
    (["import", "/no/such/file"], "does not exist"),
    (["no-such-command"], "No such command"),
])
def test_bad_input_gets_one_line_and_exit_2(folder, capsys, args, says):
    before = log_head(folder)
    code, out, err = run(capsys, "--instance", str(folder), *args)
    assert code == 2, (code, out, err)
    assert says in err and err.count("\n") == 1 and err.startswith("exitfi: ") and "Traceback" not in err
    assert log_head(folder) == before


def test_sign_out_everywhere_and_the_attempts_from_the_command_line(folder, capsys):
    code, out, _ = run(capsys, "--instance", str(folder), "users", "sign-out", "worker.helsinki",
                       "--reason", "laptop stolen on 2026-11-26")
    assert code == 0 and out == "signed worker.helsinki out everywhere\n"
    code, out, _ = run(capsys, "--instance", str(folder), "users", "attempts")
    assert code == 0 and out == "no sign-in attempts in the last day\n"


def test_serve_on_a_busy_port_says_how_to_choose_another(folder, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(capsys, "--instance", str(folder), "serve", "--port", str(port))
    assert code == 2 and err.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err and f"make run PORT={port + 1}" in err
