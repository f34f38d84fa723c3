"""Second review of the Article 6 command line and its input documents: what a focal point writes in a
YAML file is what gets recorded, or the command says which key is wrong and exits 2, never silently."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from setu.article6.documents import DocumentError, entity_from_document, load_document

AUTHORIZATION = """\
authorization_id: {id}
version: 1
date: 2026-01-01
party: IND
cooperative_approach_id: CA0123
purposes: NDC
authorized_quantity: {quantity}
timeframe: {timeframe}
sectors: [Energy generation]
authorized_parties: {parties}
"""
ENTITY = """\
entity_id: IND-E-1
party: IND
cooperative_approach_id: CA0123
date: 2026-01-20
name: Surya Rooftop Energy
country: IND
identification_number: 00123
"""
NDC = """\
party: IND
period: {period}
kind: single-year
method: averaging
target: {target}
inventory: {{2024: 900000}}
"""


def _authorization(**changes: str) -> str:
    values = {"id": "IND-R2-001", "quantity": "5000", "parties": "[JPN]",
              "timeframe": "{occurred_from: 2021-01-01, occurred_to: 2030-12-31}"} | changes
    return AUTHORIZATION.format(**values)


@pytest.fixture
def setu(sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "SETU_DATABASE_URL": sqlite_url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "setu", *args], env=env, capture_output=True, text=True,
                                timeout=120, cwd=tmp_path)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    for args in (("init",), ("registry", "create", "IND01", "--party", "IND", "--name", "India"),
                 ("a6", "approach", "CA0123", "--registry", "IND01", "--parties", "IND,JPN")):
        assert run(*args).returncode == 0
    return run


def _unusable(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def _record(setu, tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "auth.yaml").write_text(text)
    return setu("a6", "authorization", "record", "auth.yaml", "--registry", "IND01")


def test_a_leading_zero_identification_number_is_kept_not_read_as_octal(tmp_path):
    (tmp_path / "entity.yaml").write_text(ENTITY)
    entity = entity_from_document(load_document(tmp_path / "entity.yaml"), "entity.yaml")
    assert entity.identification_number == "00123"  # YAML 1.1 reads 00123 as the octal 83


@pytest.mark.parametrize("text", ["0x10", "010", "1:30"])
def test_a_quantity_in_a_non_decimal_integer_spelling_is_refused(tmp_path, text):
    (tmp_path / "auth.yaml").write_text(_authorization(quantity=text))
    with pytest.raises(DocumentError, match="authorized_quantity"):
        from setu.article6.documents import authorization_from_document

        authorization_from_document(load_document(tmp_path / "auth.yaml"), "auth.yaml")


def test_a_key_given_twice_is_refused_not_last_one_wins(setu, tmp_path):
    # A cap appended at the end of the file would silently replace 5000 by 5.
    _unusable(_record(setu, tmp_path, _authorization() + "authorized_quantity: 5\n"), "auth.yaml",
              "authorized_quantity", "twice")
    _unusable(_record(setu, tmp_path, _authorization(parties="[JPN, JPN]")), "authorized_parties", "twice")


def test_aliases_are_refused_without_a_traceback(setu, tmp_path):
    _unusable(_record(setu, tmp_path, _authorization() + "terms: &t [*t]\n"), "auth.yaml", "alias")
    (tmp_path / "laughs.yaml").write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                                          + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
                                                    for p, c in zip("abcdefgh", "bcdefghi", strict=True)))
    _unusable(setu("a6", "entity", "laughs.yaml", "--registry", "IND01"), "laughs.yaml", "alias")


def test_a_misspelt_timeframe_key_is_refused_not_ignored(setu, tmp_path):
    timeframe = "{occurred_from: 2021-01-01, occurred_to: 2030-12-31, use_form: 2031-01-01}"
    _unusable(_record(setu, tmp_path, _authorization(timeframe=timeframe)), "auth.yaml", "timeframe", "use_form")


@pytest.mark.parametrize(("period", "target", "key"), [
    ("{first: 2021, last: 2030, lats: 2035}", "{value: 1000000}", "period.lats"),
    ("{first: 2021, last: 2030}", "{value: 1000000, bassis: intensity}", "target.bassis"),
])
def test_a_misspelt_key_inside_an_ndc_mapping_is_refused(setu, tmp_path, period, target, key):
    (tmp_path / "ndc.yaml").write_text(NDC.format(period=period, target=target))
    _unusable(setu("ndc", "set", "ndc.yaml", "--registry", "IND01"), "ndc.yaml", key)


def test_ndc_set_names_the_registry_option(setu, tmp_path):
    (tmp_path / "ndc.yaml").write_text(NDC.format(period="{first: 2021, last: 2030}", target="{value: 1}"))
    _unusable(setu("ndc", "set", "ndc.yaml", "--registry", "ind01"), "--registry")


def test_ca_report_for_a_year_no_ndc_covers_says_so(setu, tmp_path):
    (tmp_path / "ndc.yaml").write_text(NDC.format(period="{first: 2021, last: 2030}", target="{value: 1000000}"))
    assert setu("ndc", "set", "ndc.yaml", "--registry", "IND01").returncode == 0
    _unusable(setu("ca", "report", "--party", "IND", "--year", "2040"), "--year", "2040", "2021-2030")
    assert json.loads(setu("ca", "report", "--party", "IND", "--year", "2030", "--json").stdout)["ndc"]["last_year"] == 2030
    human = setu("ca", "report", "--party", "IND").stdout
    assert "unknown (inventory missing for 2030)" in human  # as --json's missing_years, and docs/article6.md


def test_the_aef_workbook_is_readable_like_any_file_the_user_writes(setu, tmp_path):
    (tmp_path / "ndc.yaml").write_text(NDC.format(period="{first: 2021, last: 2030}", target="{value: 1000000}"))
    assert setu("ndc", "set", "ndc.yaml", "--registry", "IND01").returncode == 0
    result = setu("aef", "export", "--party", "IND", "--year", "2026", "--out", "aef.xlsx")
    assert result.returncode == 0, result.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "aef.xlsx").stat().st_mode) == 0o666 & ~umask


def test_an_ndc_recorded_before_the_nested_key_check_stays_readable():
    from setu.domain.article6.ndc_document import parse_ndc

    stored = {"party": "IND", "period": {"first": 2021, "last": 2030}, "kind": "single-year", "method": "averaging",
              "target": {"value": "1000000", "foo": 1}}
    assert parse_ndc(stored)[0].last_year == 2030  # reports and the next `ndc set` read it as before
    with pytest.raises(ValueError, match=r"target\.foo"):
        parse_ndc(stored, strict=True)


def test_an_entity_whose_country_the_aef_cannot_name_is_refused_not_recorded(setu, tmp_path):
    # Recorded (append-only), it made every later `aef export` of the Party fail, v1 and v2 alike.
    (tmp_path / "entity.yaml").write_text(ENTITY.replace("country: IND", "country: SGP"))
    refused = setu("a6", "entity", "entity.yaml", "--registry", "IND01")
    assert refused.returncode == 1 and "FIELD_INVALID" in refused.stderr and "SGP" in refused.stderr, refused.stderr
    (tmp_path / "ndc.yaml").write_text(NDC.format(period="{first: 2021, last: 2030}", target="{value: 1000000}"))
    assert setu("ndc", "set", "ndc.yaml", "--registry", "IND01").returncode == 0
    assert setu("aef", "export", "--party", "IND", "--year", "2026", "--out", "aef.xlsx").returncode == 0


def test_a_yaml_syntax_error_points_into_the_file_not_a_unicode_string(tmp_path):
    (tmp_path / "auth.yaml").write_text(_authorization() + "terms:\tx\n")
    with pytest.raises(DocumentError) as caught:
        load_document(tmp_path / "auth.yaml")
    assert "<unicode string>" not in str(caught.value) and 'in "' in str(caught.value)
    assert "auth.yaml" in str(caught.value).split('in "', 1)[1]


def test_holdings_show_which_units_are_authorized_as_json_does(setu, tmp_path):
    for args in (("account", "open", "--registry", "IND01", "--type", "party-holding", "--holder", "GoI"),
                 ("issue", "--account", "IND01-1", "--quantity", "100", "--vintage", "2026", "--project", "P1",
                  "--period", "MP1", "--decision", "JC-1", "--decided", "100", "--ca", "CA0123")):
        assert setu(*args).returncode == 0
    assert _record(setu, tmp_path, _authorization()).returncode == 0
    assert setu("a6", "authorize", "IND01-1", "IND-R2-001", "40").returncode == 0
    blocks = json.loads(setu("holdings", "--json").stdout)[0]["blocks"]
    assert sorted(str(b["authorization_id"]) for b in blocks) == ["IND-R2-001", "None"]
    human = setu("holdings").stdout
    assert "jcm-credit (IND-R2-001)" in human  # authorized, not yet first transferred: not the same as unauthorized


def test_a6_cancel_offers_no_purpose_option_the_registry_always_refuses(setu):
    # Every destination refused it ("only a use for OIMP has one"); the AEF takes the authorization's OIMP.
    assert "--purpose" not in setu("a6", "cancel", "--help").stdout
    assert "--purpose" in setu("a6", "use", "--help").stdout
