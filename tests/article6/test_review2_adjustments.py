"""Second adversarial review of the Article 6 reports: AEF rows and corresponding adjustments from the
ledger. Each test is one defect the first review missed."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import Severity
from setu.domain.article6.requests import RecordAuthorization, RecordNdc
from setu.domain.article6.vocabulary import ActionType, Metric
from setu.domain.codes import RegistryCode
from setu.services import article6_records
from setu.services.article6_records import record_ndc
from setu.services.article6_reports import ReportUnavailable, annual_information, ca_report
from tests.a6_ledger.conftest import clock, ledger  # noqa: F401 - fixtures
from tests.article6_script import authorization_from_options
from tests.ledger_script import LedgerScript

SETUP = """
registry IND01 IND
registry JPN01 JPN
open IND01 party-holding A
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
def script(ledger, clock):  # type: ignore[no-untyped-def]  # noqa: F811
    s = LedgerScript(ledger)
    clock.at("2026-06-01")
    s.run(SETUP)
    for registry, party in (("IND01", "IND"), ("JPN01", "JPN")):
        assert record_ndc(ledger, RecordNdc(f"ndc-{party}", registry, {"party": party, **NDC_2030})).accepted
    return s


def _non_ghg(ledger, factor: str = "0.5") -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    auth = replace(authorization_from_options("IND", "NG-1", {"date": "2026-06-01"}), metric=Metric.NON_GHG,
                   non_ghg_metric="MWh", conversion_factor=Decimal(factor))
    assert article6_records.record_authorization(
        ledger, RecordAuthorization("k-ng", RegistryCode("IND01"), auth)).accepted


def test_units_of_a_non_ghg_authorization_are_not_reported_as_ghg(ledger, script):  # type: ignore[no-untyped-def]  # noqa: F811
    """Table 3 and Table 4 rows of units authorized for a non-GHG metric said `GHG` and `NA` while Table 2
    said non-GHG: every row came out GHG, whatever the authorization's metric."""
    _non_ghg(ledger)
    script.run("""
authorize A NG-1 100
send A J 40
""")
    india = annual_information(ledger, party="IND", year=2026)
    japan = annual_information(ledger, party="JPN", year=2026)
    rows = [a for r in (india, japan) for a in r.actions] + [h for r in (india, japan) for h in r.holdings]
    assert rows and {(r.block.metric, r.block.non_ghg_metric) for r in rows} == {(Metric.NON_GHG, "MWh")}
    assert {(a.action_type, a.block.tonnes, a.block.quantity_non_ghg) for a in japan.actions} == {
        (ActionType.ACQUISITION, 40, 80)}
    assert [(h.block.tonnes, h.block.quantity_non_ghg) for h in japan.holdings] == [(40, 80)]
    findings = check_consistency(japan, counterpart=india)
    assert [str(f) for f in findings if f.severity is Severity.ERROR] == []


def test_a_non_ghg_quantity_is_never_rounded(ledger, script):  # type: ignore[no-untyped-def]  # noqa: F811
    """At 0.7 t per MWh a tonne is 10/7 MWh: every row would need rounding. The factor is refused when the
    authorization is recorded, so no history can reach an export that must refuse (or round) it."""
    auth = replace(authorization_from_options("IND", "NG-1", {"date": "2026-06-01"}), metric=Metric.NON_GHG,
                   non_ghg_metric="MWh", conversion_factor=Decimal("0.7"))
    outcome = article6_records.record_authorization(ledger, RecordAuthorization("k-ng", RegistryCode("IND01"), auth))
    assert outcome.rejection is not None and outcome.rejection.code.name == "FIELD_INVALID"
    assert "conversion_factor: 0.7" in outcome.rejection.message


MWH_NDC = {"party": "IND", **NDC_2030, "metric": "non-GHG",
           "indicator": {"name": "renewable generation", "unit": "MWh", "direction": "more is better"}}


def test_a_non_ghg_ndc_adjusts_its_indicator_in_its_own_unit(ledger, script):  # type: ignore[no-untyped-def]  # noqa: F811
    """D2 para 9: a non-GHG NDC adjusts its indicator in the metric. The flows were serial counts (t CO2
    eq) whatever the NDC measured: 40 t first transferred at 0.5 t/MWh entered an MWh indicator as 40."""
    assert record_ndc(ledger, RecordNdc("ndc-IND-mwh", "IND01", MWH_NDC)).accepted
    _non_ghg(ledger)
    script.run("""
authorize A NG-1 100
send A J 40
""")
    report = ca_report(ledger, party="IND", year=2026)
    assert report.measure.unit == "MWh"
    assert report.year(2026).first_transferred_by_vintage == 80


def test_ghg_units_cannot_enter_a_non_ghg_indicator(ledger, script):  # type: ignore[no-untyped-def]  # noqa: F811
    assert record_ndc(ledger, RecordNdc("ndc-IND-mwh", "IND01", MWH_NDC)).accepted
    script.run("""
authorization IND01 N-1 purposes=NDC quantity=100 date=2026-06-01
authorize A N-1 100
send A J 40
""")
    with pytest.raises(ReportUnavailable, match="cannot enter an indicator measured in MWh"):
        ca_report(ledger, party="IND", year=2026)


def test_the_method_cannot_change_within_a_period_once_the_next_ndc_is_recorded(ledger, script):  # type: ignore[no-untyped-def]  # noqa: F811
    """D2 para 7: the method is applied consistently throughout the NDC period. The rule compared a new
    version with the latest one only: once the 2031-2035 NDC was recorded, India's 2021-2030 NDC could be
    re-recorded with the trajectory method, and `ca report --year 2030` switched from averaging to it."""
    next_ndc = {"party": "IND", "period": {"first": 2031, "last": 2035}, "kind": "single-year",
                "method": "averaging", "target": {"value": 900}}
    assert record_ndc(ledger, RecordNdc("ndc-IND-2035", "IND01", next_ndc)).accepted
    trajectory = {"party": "IND", **NDC_2030, "method": "trajectory",
                  "trajectory": {year: 1000 for year in range(2021, 2031)}}
    assert not record_ndc(ledger, RecordNdc("ndc-IND-2030-trajectory", "IND01", trajectory)).accepted
    assert ca_report(ledger, party="IND", year=2030).ndc.method.value == "averaging"
