"""Adversarial review of the Article 6 reporting side: AEF rows from the ledger, the NDC and authorization
documents, and the `ca` / `aef` / `ndc` / `a6` commands. Each test is one defect found and fixed."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import openpyxl
import pytest

from setu.article6.documents import DocumentError, authorization_from_document, entity_from_document, load_document
from setu.cli.demo_article6 import article6_chapter
from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import Severity
from setu.domain.article6.ndc_document import parse_ndc
from setu.domain.article6.requests import RecordNdc
from setu.domain.article6.vocabulary import ActionSubtype, ActionType
from setu.services.article6_records import record_ndc
from setu.services.article6_reports import annual_information, ca_report
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
open IND01 oimp-use OU
open IND01 cancellation C
open JPN01 party-holding J
open JPN01 retirement R
approach IND01 CA0123 IND,JPN
approach JPN01 CA0123 IND,JPN
standing IND01
standing JPN01
issue A 1000 vintage=2026
"""
NDC_2030 = {"period": {"first": 2021, "last": 2030}, "kind": "single-year", "method": "averaging",
            "target": {"value": 1000}}


@pytest.fixture
def script(ledger, clock):  # type: ignore[no-untyped-def]
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    for registry, party in (("IND01", "IND"), ("JPN01", "JPN")):
        assert record_ndc(ledger, RecordNdc(f"ndc-{party}", registry, {"party": party, **NDC_2030})).accepted
    return s


def _errors(report, **others):  # type: ignore[no-untyped-def]
    return [str(f) for f in check_consistency(report, **others) if f.severity is Severity.ERROR]


# -- AEF rows -----------------------------------------------------------------------------------------
def test_oimp_first_transfer_rows_carry_the_oimp_purpose(ledger, script):  # type: ignore[no-untyped-def]
    """§4.3 Table 3 #22 and §4.4: a `First transfer` for OIMP fills the OIMP purpose column; it was left NA."""
    script.run("""
authorization IND01 O-AUTH purposes=OIMP oimp=CORSIA definition=Authorisation quantity=100 date=2026-06-01
authorize A O-AUTH 100
authorization IND01 O-USE purposes=OIMP oimp=CORSIA definition='Use or Cancellation' quantity=100 date=2026-06-01
authorize A O-USE 100
oimpuse A OU 30 purpose=CORSIA auth=O-USE
a6cancel A C 10 auth=O-USE
""")
    report = annual_information(ledger, party="IND", year=2026)
    first_transfers = [(a.authorization_id, a.subtype, a.oimp_purpose, a.acquiring_party) for a in report.actions
                       if a.action_type is ActionType.FIRST_TRANSFER]
    assert first_transfers == [
        ("O-AUTH", ActionSubtype.AUTHORIZATION, "CORSIA", None),
        ("O-USE", ActionSubtype.USE_OR_CANCELLATION, "CORSIA", None),
        ("O-USE", ActionSubtype.USE_OR_CANCELLATION, "CORSIA", None),
    ]
    assert _errors(report) == []


def test_authorized_entities_in_table_2_are_named_as_table_5_lists_them(ledger, script):  # type: ignore[no-untyped-def]
    """Table 3 named entities by their identification number, Table 2 by setu's entity id: X2 failed on
    every export of an authorization that names its entities."""
    script.run("""
entity IND01 E1
authorization IND01 N-1 purposes="NDC and OIMP" oimp=CORSIA definition=Authorisation quantity=100 entities=E1 date=2026-06-01
authorize A N-1 100
oimpuse A OU 10 purpose=CORSIA entity=E1
""")
    report = annual_information(ledger, party="IND", year=2026)
    [authorization] = report.authorizations
    assert authorization.authorized_entities == ("ID-E1",)
    assert {a.using_entity for a in report.actions if a.action_type is ActionType.USE} == {"ID-E1"}
    assert _errors(report) == []


def test_table_1_names_the_ndc_period_of_the_reported_year(ledger, script):  # type: ignore[no-untyped-def]
    """Recording the next NDC (2031-2035) made every later export of a 2021-2030 year name 2031-2035 in
    Table 1, and X14 then refused Japan's uses for 2030 in its own export; `ca report` could no longer
    show the running period at all."""
    script.run("""
authorization IND01 N-1 purposes=NDC quantity=100 date=2026-06-01
authorize A N-1 100
send A J 50
use J R 10 year=2030
""")
    next_ndc = {"party": "JPN", "period": {"first": 2031, "last": 2035}, "kind": "single-year",
                "method": "averaging", "target": {"value": 900}}
    assert record_ndc(ledger, RecordNdc("ndc-JPN-2035", "JPN01", next_ndc)).accepted
    japan = annual_information(ledger, party="JPN", year=2026)
    assert (japan.submission.ndc_first_year, japan.submission.ndc_last_year) == (2021, 2030)
    assert _errors(japan, counterpart=annual_information(ledger, party="IND", year=2026)) == []
    assert annual_information(ledger, party="JPN", year=2031).submission.ndc_first_year == 2031
    # The corresponding adjustments of the period that is still running stay reportable.
    assert ca_report(ledger, party="JPN").ndc.first_year == 2031
    current = ca_report(ledger, party="JPN", year=2030)
    assert current.ndc.first_year == 2021 and current.year(2030).row9_used == 10


# -- documents ----------------------------------------------------------------------------------------
NDC_DOCUMENT = {"party": "IND", "period": {"first": 2021, "last": 2030}, "kind": "single-year", "method": "averaging",
                "target": {"value": "1000"}}


@pytest.mark.parametrize("change", [
    {"party": 123},                                   # was a TypeError (a traceback from `setu ndc set`)
    {"inventory": {Decimal("2021.5"): 100}},          # was read as 2021
    {"inventory": {2021.7: 100}},                     # was read as 2021
    {"inventory": {2021: 100, "2021": 200}},          # was silently 200
])
def test_ndc_documents_refuse_garbage_as_value_errors(change):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        parse_ndc({**NDC_DOCUMENT, **change})


def test_ndc_period_years_may_be_written_as_strings():
    """The documented rule ("years may be written as strings"), refused for the period with a confusing
    "first_year: '2021' is not a year from 2021 on"."""
    definition, _ = parse_ndc({**NDC_DOCUMENT, "period": {"first": "2021", "last": "2030"}})
    assert (definition.first_year, definition.last_year) == (2021, 2030)


def test_documents_refuse_null_ids_mappings_as_text_and_duplicate_keys(tmp_path):  # type: ignore[no-untyped-def]
    base = {"date": "2026-01-01", "party": "IND", "cooperative_approach_id": "CA0123", "purposes": "NDC",
            "sectors": ["Energy generation"]}
    with pytest.raises(DocumentError, match="authorization_id: missing"):  # was recorded as authorization "None"
        authorization_from_document({**base, "authorization_id": None}, "a.yaml")
    with pytest.raises(DocumentError, match="conversion_factor"):  # was "[<class 'decimal.ConversionSyntax'>]"
        authorization_from_document({**base, "authorization_id": "A-1", "metric": "non-GHG",
                                     "non_ghg_metric": "MWh", "conversion_factor": "abc"}, "a.yaml")
    entity = {"entity_id": "E1", "party": "IND", "cooperative_approach_id": "CA0123", "date": "2026-01-01",
              "name": "Surya", "country": "IND", "identification_number": "U1"}
    with pytest.raises(DocumentError, match="conditions"):  # was journaled, then broke every AEF export
        entity_from_document({**entity, "conditions": {"a": 1}}, "e.yaml")
    with pytest.raises(DocumentError, match="name"):  # was registered as "['a']"
        entity_from_document({**entity, "name": ["a"]}, "e.yaml")
    (tmp_path / "twice.yaml").write_text("inventory:\n  2021: 100\n  '2021': 200\n")
    with pytest.raises(DocumentError, match="given twice"):
        load_document(tmp_path / "twice.yaml")
    (tmp_path / "date.yaml").write_text("date: 2026-13-01\n")
    with pytest.raises(DocumentError, match="date.yaml"):  # was "error: month must be in 1..12", no file named
        load_document(tmp_path / "date.yaml")


# -- the command line ---------------------------------------------------------------------------------
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


INTENSITY_NDC = """
party: IND
period: {first: 2021, last: 2030}
kind: single-year
method: averaging
target: {value: 0.000045, basis: intensity}
inventory: {2030: 3500000000}
gdp: {unit: INR crore, values: {2030: 100000000000000}}
"""


def test_ca_report_commands(setu, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "bad.yaml").write_text(INTENSITY_NDC.replace("party: IND", "party: 123"))
    result = setu("ndc", "set", "bad.yaml", "--registry", "IND01")
    assert result.returncode == 2 and "party" in result.stderr
    (tmp_path / "ndc.yaml").write_text(INTENSITY_NDC)
    assert setu("ndc", "set", "ndc.yaml", "--registry", "IND01").returncode == 0
    report = setu("ca", "report", "--party", "IND")
    assert "achieved 0.000035 against 0.000045: met" in report.stdout  # was "achieved 0 against 0"
    (tmp_path / "taken.png").mkdir()
    result = setu("ca", "report", "--party", "IND", "--chart", "taken")  # was an IsADirectoryError traceback
    assert result.returncode == 2 and "--chart" in result.stderr


def test_aef_commands_refuse_unusable_input(setu, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "ndc.yaml").write_text(INTENSITY_NDC)
    assert setu("ndc", "set", "ndc.yaml", "--registry", "IND01").returncode == 0
    (tmp_path / "entity.yaml").write_text("entity_id: E1\nparty: IND\ncooperative_approach_id: CA0123\n"
                                          "date: 2026-01-01\nname: Surya\ncountry: IND\nidentification_number: U1\n"
                                          "conditions: {a: 1}\n")
    result = setu("a6", "entity", "entity.yaml", "--registry", "IND01")
    assert result.returncode == 2 and "conditions" in result.stderr
    result = setu("aef", "export", "--party", "IND", "--year", "2026", "--out", "v.xlsx", "--version", "1")
    assert result.returncode == 2 and "--version" in result.stderr  # was written, then refused by `aef check`
    assert setu("aef", "export", "--party", "IND", "--year", "2026", "--out", "ok.xlsx").returncode == 0
    assert openpyxl.load_workbook(tmp_path / "ok.xlsx")["Table 1 Submission"]["B3"].value == "1.0"
    result = setu("aef", "check", "ok.xlsx", "--counterpart", "missing.xlsx")
    assert result.returncode == 2  # was 1, "1 errors in ok.xlsx": the counterpart is what cannot be used
    assert setu("aef", "check", "ok.xlsx").returncode == 0


DEMO_SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding GOI
open IND01 omge-cancellation OMGE
open JPN01 party-holding GOJ
open JPN01 retirement NDC
issue GOI 5000 vintage=2026
"""


class _ClockCell:
    """The demo's `clock[0]`, read and moved, as the test ledger's clock."""

    def __init__(self, clock) -> None:  # type: ignore[no-untyped-def]
        self.clock = clock

    def __getitem__(self, index: int):  # type: ignore[no-untyped-def]
        return self.clock.now

    def __setitem__(self, index: int, value) -> None:  # type: ignore[no-untyped-def]
        self.clock.now = value


@pytest.mark.parametrize("start", ["2027-06-01", "2027-11-20"])
def test_demo_chapter_reports_all_its_actions_in_one_year_submitted_after_them(ledger, clock, tmp_path, start):  # type: ignore[no-untyped-def]
    """The demo's Article 6 chapter spans 74 days from wherever the clock stands (the real date plus the
    cycle chapter), then reports only the last day's year: run in late November, its authorizations and
    first transfers fell in one year and the AEF it wrote and checked was the next one's. Its Table 1
    `Date of submission` was the chapter's first day, before the actions it reports."""
    clock.at(start)
    LedgerScript(ledger).run(DEMO_SETUP)
    moments = _ClockCell(clock)
    assert article6_chapter(ledger, moments, tmp_path, lambda text: None)  # type: ignore[arg-type]
    year = moments[0].year
    [path] = tmp_path.glob("aef-IND-*.xlsx")
    assert path.name == f"aef-IND-{year}.xlsx"
    workbook = openpyxl.load_workbook(path)
    submitted = workbook["Table 1 Submission"]["B5"].value.date()
    rows = [(row[0].value.date(), row[1].value) for row in workbook["Table 3 Actions"].iter_rows(min_row=3)
            if row[0].value]
    assert {kind for _, kind in rows} >= {"First transfer", "Cancellation"}  # the first transfers are in it
    assert submitted >= max(day for day, _ in rows)


def test_ledger_refuses_what_the_aef_could_not_report(uow):  # type: ignore[no-untyped-def]
    """Follow-ups of the reports review, decided in the ledger: an NDC use names no entity; an entity acts
    only in its own Party's registry; an OMGE cancellation is never a first transfer."""
    from setu.services.verification import verify
    from tests.ledger_script import LedgerScript

    s = LedgerScript(uow)
    s.run("""
    registry IND01 IND
    registry JPN01 JPN
    open IND01 party-holding A
    open IND01 omge-cancellation OMGE
    open JPN01 party-holding J
    open JPN01 retirement R
    open JPN01 oimp-use O
    approach IND01 CA0123 IND,JPN
    approach JPN01 CA0123 IND,JPN
    standing IND01
    standing JPN01
    issue A 1000 decided=1000
    entity IND01 E1
    authorization IND01 NDC-1 purposes=NDC
    authorize A NDC-1 100
    send A J 100
    use J R 10 year=2030 entity=E1 -> FIELD_INVALID
    authorization IND01 OIMP-1 purposes=NDC&OIMP oimp=CORSIA definition=Use&or&Cancellation
    """.replace("NDC&OIMP", '"NDC and OIMP"').replace("Use&or&Cancellation", '"Use or Cancellation"'))
    s.run("""
    authorize A OIMP-1 50
    send A J 20 auth=OIMP-1
    oimpuse J O 5 purpose=CORSIA entity=E1 -> ENTITY_NOT_AUTHORIZED
    a6cancel A OMGE 10 auth=OIMP-1
    """)
    with uow(read_only=True) as w:
        _, totals = w.article6.authorization("OIMP-1", lock=False)
    assert totals.first_transferred == 20  # the international transfer, not the OMGE cancellation
    assert verify(uow).ok
