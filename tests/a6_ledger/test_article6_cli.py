"""Article 6 from the command line: records, unit actions, the CA report and the AEF round trip, with
exit codes 0 / 1 (refused) / 2 (unusable input) and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

AUTHORIZATION = """
authorization_id: IND-CLI-001
version: 1
date: 2026-01-01
party: IND
cooperative_approach_id: CA0123
purposes: NDC
authorized_quantity: 5000
sectors: [Energy generation]
activity_types: [Solar]
authorized_parties: [JPN]
"""
STANDING = """
party: {party}
as_of: 2021-01-01
requirements:
  paris_agreement: {{met: true, evidence: "Party to the Paris Agreement"}}
  authorization_arrangements: {{met: true, evidence: "National authority designated"}}
  tracking_arrangements: {{met: true, evidence: "Registry {party}01"}}
  national_inventory_report: {{met: true, evidence: "Latest NIR submitted"}}
  ndc_and_lt_leds_contribution: {{met: true, evidence: "Initial report section 2"}}
  ndc_maintained: {{met: true, evidence: "NDC registry entry"}}
initial_reports:
  - {{cooperative_approach_id: CA0123, submitted_on: 2021-06-01, reference: "Initial report"}}
"""
NDC = """
party: {party}
period: {{first: 2021, last: 2030}}
kind: single-year
method: {method}
target: {{value: 1000000}}
inventory: {{2024: 900000.5}}
"""


@pytest.fixture
def setu(sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "SETU_DATABASE_URL": sqlite_url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "setu", *args], env=env, capture_output=True, text=True,
                                timeout=120, cwd=tmp_path)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    assert run("init").returncode == 0
    return run


def _ok(result):  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def test_authorize_first_transfer_use_then_report_and_check(setu, tmp_path):
    for args in (("registry", "create", "IND01", "--party", "IND", "--name", "India"),
                 ("registry", "create", "JPN01", "--party", "JPN", "--name", "Japan"),
                 ("account", "open", "--registry", "IND01", "--type", "party-holding", "--holder", "GoI"),
                 ("account", "open", "--registry", "JPN01", "--type", "party-holding", "--holder", "GoJ"),
                 ("account", "open", "--registry", "JPN01", "--type", "retirement", "--holder", "NDC"),
                 ("issue", "--account", "IND01-1", "--quantity", "1000", "--vintage", "2026", "--project", "P1",
                  "--period", "MP1", "--decision", "JC-1", "--decided", "1000", "--ca", "CA0123"),
                 ("a6", "approach", "CA0123", "--registry", "IND01", "--parties", "IND,JPN"),
                 ("a6", "approach", "CA0123", "--registry", "JPN01", "--parties", "IND,JPN")):
        _ok(setu(*args))
    (tmp_path / "auth.yaml").write_text(AUTHORIZATION)
    _ok(setu("a6", "authorization", "record", "auth.yaml", "--registry", "IND01"))
    for party, registry in (("IND", "IND01"), ("JPN", "JPN01")):
        (tmp_path / f"standing-{party}.yaml").write_text(STANDING.format(party=party))
        _ok(setu("a6", "standing", "record", f"standing-{party}.yaml", "--registry", registry))
    shown = json.loads(_ok(setu("a6", "standing", "show", "--party", "IND", "--on", "2026-06-01", "--json")))
    assert shown["eligible"] and shown["first_transfer"] == {"CA0123": {"allowed": True, "problem": None}}
    for party, registry, method in (("IND", "IND01", "averaging"), ("JPN", "JPN01", "averaging")):
        (tmp_path / f"ndc-{party}.yaml").write_text(NDC.format(party=party, method=method))
        _ok(setu("ndc", "set", f"ndc-{party}.yaml", "--registry", registry))
    _ok(setu("a6", "authorize", "IND01-1", "IND-CLI-001", "600"))
    assert "IND01/2026/501-1000" in _ok(setu("a6", "transfer", "IND01-1", "JPN01-1", "500"))
    refused = setu("a6", "use", "JPN01-1", "JPN01-2", "100")
    assert refused.returncode == 1 and "FIELD_INVALID" in refused.stderr and "ndc_year" in refused.stderr
    _ok(setu("a6", "use", "JPN01-1", "JPN01-2", "100", "--ndc-year", "2030"))

    report = json.loads(_ok(setu("ca", "report", "--party", "IND", "--json")))
    by_year = {row["year"]: row for row in report["years"]}
    assert by_year[2026]["first_transferred_by_vintage"]["exact"] == "500"
    japan = json.loads(_ok(setu("ca", "report", "--party", "JPN", "--json", "--chart", "ca-JPN")))
    assert {row["year"]: row["row9_used"]["exact"] for row in japan["years"]}[2030] == "100"
    assert (tmp_path / "ca-JPN.png").stat().st_size > 0 and (tmp_path / "ca-JPN.svg").stat().st_size > 0

    year = str(date.today().year)
    for party in ("IND", "JPN"):
        for style in ("v1", "v2"):
            _ok(setu("aef", "export", "--party", party, "--year", year, "--out", f"aef-{party}-{style}.xlsx",
                     "--id-style", style))
    for style in ("v1", "v2"):
        checked = _ok(setu("aef", "check", f"aef-IND-{style}.xlsx", "--counterpart", f"aef-JPN-{style}.xlsx",
                           "--final", "--json"))
        assert json.loads(checked)["errors"] == 0, checked
    assert _ok(setu("verify"))


def test_unusable_inputs_exit_2_naming_what_is_wrong(setu, tmp_path):
    (tmp_path / "notes.txt").write_text("not a workbook")
    result = setu("aef", "check", "notes.txt")
    assert result.returncode == 2 and "WORKBOOK_UNREADABLE" in result.stdout
    (tmp_path / "auth.yaml").write_text(AUTHORIZATION.replace("purposes: NDC", "purposes: NDC-ish"))
    result = setu("a6", "authorization", "record", "auth.yaml", "--registry", "IND01")
    assert result.returncode == 2 and "purposes" in result.stderr
    result = setu("a6", "transfer", "IND01-1", "JPN01-1")
    assert result.returncode == 2 and "quantity or --serials" in result.stderr
    result = setu("ca", "report", "--party", "KOR")
    assert result.returncode == 2 and "no NDC is recorded for KOR" in result.stderr
    (tmp_path / "ndc.yaml").write_text(NDC.format(party="IND", method="budget"))
    result = setu("ndc", "set", "ndc.yaml", "--registry", "IND01")
    assert result.returncode == 2 and "method" in result.stderr


def test_standing_record_and_show(setu, tmp_path):
    _ok(setu("registry", "create", "IND01", "--party", "IND", "--name", "India"))
    _ok(setu("a6", "approach", "CA0123", "--registry", "IND01", "--parties", "IND,JPN"))
    (tmp_path / "bad.yaml").write_text(STANDING.format(party="IND").replace("  ndc_maintained:", "  ndc_kept:"))
    bad = setu("a6", "standing", "record", "bad.yaml", "--registry", "IND01")
    assert bad.returncode == 2 and "bad.yaml" in bad.stderr and "requirements.ndc_kept" in bad.stderr
    without_report = STANDING.format(party="IND").split("initial_reports:")[0]
    (tmp_path / "v1.yaml").write_text(without_report)
    _ok(setu("a6", "standing", "record", "v1.yaml", "--registry", "IND01"))
    shown = setu("a6", "standing", "show", "--party", "IND", "--on", "2026-06-01", "--json")
    assert shown.returncode == 1
    verdict = json.loads(shown.stdout)
    assert verdict["eligible"] and not verdict["first_transfer"]["CA0123"]["allowed"]
    assert "initial report" in verdict["first_transfer"]["CA0123"]["problem"]
    backdated = setu("a6", "standing", "record", "v1.yaml", "--registry", "IND01")  # a later version reaching back
    assert backdated.returncode == 1 and "PERIOD_INVALID" in backdated.stderr + backdated.stdout
    today = datetime.now(UTC).date().isoformat()
    (tmp_path / "v2.yaml").write_text(STANDING.format(party="IND").replace("as_of: 2021-01-01", f"as_of: {today}"))
    _ok(setu("a6", "standing", "record", "v2.yaml", "--registry", "IND01"))
    assert "CA0123: first transfers allowed" in _ok(setu("a6", "standing", "show", "--party", "IND"))
    assert setu("a6", "standing", "show", "--party", "IND", "--on", "2026-06-01").returncode == 1  # v1 then
    for args in (("--party", "India"), ("--party", "IND", "--on", "2026-13-01"), ("--party", "IND", "--on", "20260601"),
                 ("--party", "IND", "--on", "2026-W22-1")):
        result = setu("a6", "standing", "show", *args)
        assert result.returncode == 2 and "error:" in result.stderr
    wrong = setu("a6", "standing", "record", "v2.yaml", "--registry", "JPN01")
    assert wrong.returncode == 1 and "REGISTRY_NOT_FOUND" in wrong.stderr + wrong.stdout
