"""The command line as a person uses it: clear lines, exit codes, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def setu(db_url):  # type: ignore[no-untyped-def]
    env = {**os.environ, "SETU_DATABASE_URL": db_url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "setu", *args], env=env, capture_output=True, text=True, timeout=120)

    assert run("init").returncode == 0
    return run


def _ok(result):  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_session_from_registry_to_history(setu):
    _ok(setu("registry", "create", "IND01", "--party", "IND", "--name", "India JCM registry"))
    assert "IND01-1" in _ok(setu("account", "open", "--registry", "IND01", "--type", "party-holding", "--holder", "GoI"))
    _ok(setu("account", "open", "--registry", "IND01", "--type", "retirement", "--holder", "NDC use"))
    out = _ok(setu("issue", "--account", "IND01-1", "--quantity", "1000", "--vintage", "2026", "--project", "P1",
                   "--period", "MP1", "--decision", "JC-1", "--decided", "1000", "--ca", "CA0123"))
    assert "IND01/2026/1-1000" in out
    assert "IND01/2026/901-1000" in _ok(setu("retire", "IND01-1", "IND01-2", "--quantity", "100", "--key", "r1"))
    assert "nothing moved again" in _ok(setu("retire", "IND01-1", "IND01-2", "--quantity", "100", "--key", "r1"))
    holdings = json.loads(_ok(setu("holdings", "--json")))
    assert [a["quantity"] for a in holdings] == [900, 100]
    assert holdings[1]["blocks"][0]["first_identifier"] == "CA0123-IND01-IND-901-2026"
    history = _ok(setu("history", "CA0123-IND01-IND-950-2026"))
    assert "issuance" in history and "retirement" in history
    wrong = setu("retire", "IND01-1", "IND01-2", "--serials", "CA0999-IND01-IND-1-2026..CA0999-IND01-IND-2-2026")
    assert wrong.returncode == 1 and "UNIT_NOT_HELD: no unit CA0999-IND01-IND-1-2026" in wrong.stderr
    assert setu("history", "CA0999-IND01-IND-950-2026").returncode == 1
    mixed = setu("transfer", "IND01-1", "IND01-2", "--serials", "CA0999-IND01-JPN-1-2026..CA0123-IND01-IND-2-2026")
    assert mixed.returncode == 2 and "every element" in mixed.stderr
    assert "ledger verified" in _ok(setu("verify"))


def test_a_rejection_prints_code_and_message_and_exits_1(setu):
    _ok(setu("registry", "create", "IND01", "--party", "IND", "--name", "India"))
    _ok(setu("account", "open", "--registry", "IND01", "--type", "party-holding", "--holder", "GoI"))
    result = setu("transfer", "IND01-1", "IND01-7", "--quantity", "5")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("ACCOUNT_NOT_FOUND: destination account IND01-7 does not exist")
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["transfer", "IND01-1", "IND01-2"], "exactly one of --quantity or --serials"),
        (["transfer", "IND01-1", "IND01-2", "--serials", "IND01/2026/0-5"], "--serials"),
        (["transfer", "nobody", "IND01-2", "--quantity", "1"], "SOURCE"),
        (["transfer", "IND01-1", "IND01-2", "--quantity", "1.5"], "--quantity"),
        (["history", "IND01/2026/1-9"], "one serial"),
        (["registry", "create", "INDIA", "--party", "IND", "--name", "x"], "registry"),
    ],
)
def test_unusable_input_names_the_option_and_exits_2(setu, args, fragment):
    result = setu(*args)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_uninitialized_database_is_reported_not_created(tmp_path):
    env = {**os.environ, "SETU_DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}"}
    result = subprocess.run([sys.executable, "-m", "setu", "holdings"], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "setu init" in result.stderr
    assert not (tmp_path / "none.sqlite3").exists()


def test_the_demo_runs_clean(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    result = subprocess.run([sys.executable, "-m", "setu", "demo", "--database-url", url], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "replay exactly to the stored holdings" in result.stdout
    assert "LIMIT_EXCEEDED" in result.stderr and "UNIT_ALREADY_CONSUMED" in result.stderr
