"""The project cycle from the command line: one project from PIN draft to credits in IND01 and JPN01.

Each step runs `python -m setu` as a person would. The public-input window is set to 0 days
(`SETU_PUBLIC_INPUT_DAYS`), so validation may start at once instead of 30 days later.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from setu.domain.cycle.transitions import Action

P = "IN-JCM-PV-001"
SURYA = "Surya Rooftop Energy"
GRANTS = (  # user, role, organisation, extra options
    ("asha", "focal-point", SURYA, ("--scope", P)),
    ("jc", "jc-member", "Joint Committee", ()),
    ("tpe", "tpe", "Kaveri Assurance", ("--sectoral-scope", "1")),
    ("india", "government-of-india", "MoEFCC", ()),
    ("japan", "government-of-japan", "MOEJ", ()),
    ("rm", "registry-manager", "JCM registries", ("--scope", "IND01")),  # a registry manager per registry: one ISSUE
    ("rm", "registry-manager", "JCM registries", ("--scope", "JPN01")),  # fills both, so rm manages both
)


@pytest.fixture
def setu(db_url, tmp_path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "SETU_DATABASE_URL": db_url, "SETU_DOCUMENT_DIR": str(tmp_path / "documents"),
           "SETU_PUBLIC_INPUT_DAYS": "0"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "setu", *args], env=env, capture_output=True, text=True, timeout=120)
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    assert run("init").returncode == 0
    return run


def _ok(result):  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr
    return result.stdout


def _setup(setu) -> None:  # type: ignore[no-untyped-def]
    _ok(setu("registry", "create", "IND01", "--party", "IND", "--name", "India JCM registry"))
    _ok(setu("registry", "create", "JPN01", "--party", "JPN", "--name", "Japan JCM registry"))
    for registry, kind, holder in (("JPN01", "party-holding", "GoJ"), ("IND01", "party-holding", "GoI"),
                                   ("IND01", "entity-holding", SURYA)):
        _ok(setu("account", "open", "--registry", registry, "--type", kind, "--holder", holder))
    for user, role, organisation, extra in GRANTS:
        _ok(setu("role", "grant", user, "--role", role, "--organisation", organisation, "--as", "admin", *extra))
    _ok(setu("project", "create", P, "--name", "Rooftop solar PV, Pune", "--methodology", "IN_AM001",
             "--sectoral-scope", "1", "--participant", SURYA, "--participant", "Nippon Kouden KK", "--as", "asha"))


def _step(setu, tmp_path, user: str, action: Action, *figures: str, period: str | None = None):  # type: ignore[no-untyped-def]
    """File every form `action` needs as `user`, then take it."""
    where = ("--period", period) if period else ()
    named = []
    for form in action.transition.forms:
        path = tmp_path / f"{form.name.lower()}.pdf"
        path.write_bytes(f"{form.title} for {P} {period}".encode())
        out = _ok(setu("document", "upload", "--project", P, *where, "--form", form.name, "--file", str(path), "--as", user))
        named += ["--document", out.split(" document ")[1].split()[0]]
    return setu("cycle", "act", action.name, "--project", P, *where, "--as", user, "--reason", "per the procedure",
                *named, *figures)


def test_one_project_from_pin_to_credits_in_both_registries(setu, tmp_path):
    _setup(setu)
    for user, action in [("asha", Action.SUBMIT_PIN), ("jc", Action.GRANT_NO_OBJECTION),
                         ("asha", Action.REQUEST_REF_ASSESSMENT), ("jc", Action.ASSESS_REF_EMISSIONS),
                         ("asha", Action.PUBLISH_PDD), ("tpe", Action.START_VALIDATION), ("tpe", Action.VALIDATE),
                         ("asha", Action.REQUEST_REGISTRATION), ("india", Action.APPROVE_REGISTRATION),
                         ("japan", Action.APPROVE_REGISTRATION), ("jc", Action.REGISTER),
                         ("asha", Action.SUBMIT_IMPLEMENTATION_REPORT)]:
        _ok(_step(setu, tmp_path, user, action))
    mp = "MP1"
    _ok(_step(setu, tmp_path, "asha", Action.SUBMIT_MONITORING_REPORT, "--claim", "meter:PV1-AC:2026-04-01:2027-03-31",
              "--reported", "2026=982", "--reported", "2027=322", period=mp))
    _ok(_step(setu, tmp_path, "tpe", Action.START_VERIFICATION, period=mp))
    _ok(_step(setu, tmp_path, "tpe", Action.VERIFY, "--verified", "2026=982", "--verified", "2027=322", period=mp))
    for user, action in [("asha", Action.REQUEST_ISSUANCE), ("india", Action.APPROVE_ISSUANCE),
                         ("japan", Action.APPROVE_ISSUANCE)]:
        _ok(_step(setu, tmp_path, user, action, period=mp))
    _ok(_step(setu, tmp_path, "jc", Action.DECIDE_ISSUANCE, "--decision-id", "JC-IN-2027-001", "--decided", "2026=982",
              "--decided", "2027=322", "--allocation", "Government of Japan:JPN01:JPN01-1:50",
              "--allocation", "Government of India:IND01:IND01-1:10", "--allocation", f"{SURYA}:IND01:IND01-2:40",
              "--remainder-to", SURYA, period=mp))
    issued = _ok(setu("cycle", "act", "ISSUE", "--project", P, "--period", mp, "--as", "rm", "--reason", "JC decided",
                      "--key", "issue-1"))
    assert "JCM-IN-IN-JCM-PV-001-MP1-2026-JP-1-491" in issued
    again = _ok(setu("cycle", "act", "issue", "--project", P, "--period", mp, "--as", "rm", "--reason", "JC decided",
                     "--key", "issue-1"))
    assert "nothing was done again" in again

    held = {a["account"]: a["quantity"] for a in json.loads(_ok(setu("holdings", "--json")))}
    # 982 t: 491 / 98 / 393 (remainder 0); 322 t: 161 / 32 / 128 + 1 remainder to the participant
    assert held == {"JPN01-1": 652, "IND01-1": 130, "IND01-2": 522}
    verified = _ok(setu("verify"))
    assert "ledger verified" in verified and "project cycle verified" in verified
    shown = _ok(setu("project", "show", P))
    assert "implemented" in shown and "JC-IN-2027-001" in shown
    assert "ISSUE" in _ok(setu("cycle", "history", P))
    assert "issued" in _ok(setu("project", "list"))
    assert "no step is overdue" in _ok(setu("cycle", "overdue"))

    refused = setu("cycle", "act", "ISSUE", "--project", P, "--period", mp, "--as", "rm", "--reason", "again")
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("PERIOD_ALREADY_ISSUED: period MP1 of IN-JCM-PV-001 is already issued")


def test_a_refusal_prints_code_and_message_and_exits_1(setu, tmp_path):
    for user, role, organisation, extra in GRANTS[:2]:
        _ok(setu("role", "grant", user, "--role", role, "--organisation", organisation, "--as", "admin", *extra))
    _ok(setu("project", "create", P, "--name", "Rooftop solar PV, Pune", "--methodology", "IN_AM001",
             "--sectoral-scope", "1", "--participant", SURYA, "--as", "asha"))
    result = _step(setu, tmp_path, "jc", Action.GRANT_NO_OBJECTION)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("TRANSITION_NOT_ALLOWED: GRANT_NO_OBJECTION: project IN-JCM-PV-001 is PIN draft")
    nobody = setu("cycle", "act", "SUBMIT_PIN", "--project", P, "--as", "mallory", "--reason", "x")
    assert nobody.returncode == 1 and nobody.stderr.startswith("ROLE_NOT_PERMITTED: ")
    missing = setu("project", "show", "IN-JCM-NONE-1")
    assert missing.returncode == 1 and missing.stderr.startswith("PROJECT_NOT_FOUND: ")


BAD_INPUT = (
    (["cycle", "act", "FLY", "--project", P, "--as", "a", "--reason", "x"], "ACTION: 'FLY' is not an action"),
    (["cycle", "act", "DECIDE_ISSUANCE", "--project", P, "--period", "MP1", "--as", "jc", "--reason", "x",
      "--decision-id", "JC-1", "--decided", "2026=10", "--allocation", "GoJ:JPN01:fifty", "--remainder-to", "GoJ"],
     "--allocation: 'GoJ:JPN01:fifty' is not RECIPIENT:REGISTRY:ACCOUNT:PERCENT"),
    (["cycle", "act", "VERIFY", "--project", P, "--period", "MP1", "--as", "tpe", "--reason", "x"],
     "VERIFY needs --verified"),
    (["cycle", "act", "SUBMIT_PIN", "--project", P, "--as", "a", "--reason", "x", "--verified", "2026=1"],
     "--verified: SUBMIT_PIN takes no such figure"),
    (["cycle", "act", "VERIFY", "--project", P, "--period", "MP1", "--as", "tpe", "--reason", "x",
      "--verified", "2026=9.5"], "--verified: '2026=9.5' is not VINTAGE=TONNES"),
    (["document", "upload", "--project", P, "--form", "PIN", "--file", "/nonexistent/pin.pdf", "--as", "a"],
     "--file: cannot read /nonexistent/pin.pdf"),
    (["document", "upload", "--project", P, "--form", "3.99", "--file", "x", "--as", "a"], "--form: '3.99'"),
    (["role", "grant", "u", "--role", "public", "--organisation", "o", "--as", "admin"], "--role: 'public'"),
    (["cycle", "overdue", "--now", "tomorrow"], "--now: 'tomorrow'"),
)


def test_unusable_input_names_the_option_and_exits_2(tmp_path):
    env = {**os.environ, "SETU_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    run = [sys.executable, "-m", "setu"]
    assert subprocess.run([*run, "init"], env=env, capture_output=True).returncode == 0
    for args, fragment in BAD_INPUT:
        result = subprocess.run([*run, *args], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, (args, result.stderr)
        assert fragment in result.stderr and "Traceback" not in result.stderr + result.stdout, result.stderr


def test_the_demo_walks_every_sample_project_to_issued_credits(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    result = subprocess.run([sys.executable, "-m", "setu", "demo", "--database-url", url], capture_output=True,
                            text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for project in ("IN-JCM-PV-001", "IN-JCM-PVS-001", "IN-JCM-CH-001", "IN-JCM-LED-001", "IN-JCM-WHR-001"):
        assert f"│ {project} " in result.stdout and "issued" in result.stdout
    assert "DOUBLE_CLAIM: meter:pv1-ac" in result.stderr and "PERIOD_ALREADY_ISSUED" in result.stderr
    assert "nothing was done again" in result.stdout and "no step is overdue" in result.stdout
    assert "cycle chain entries agree with the stored state" in result.stdout
    assert "expected the opposite" not in result.stderr
