"""Once units are authorized, a new version keeps the metric they are reported in (AEF X6 across years)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from setu.domain.article6.authorization import check_new_version
from setu.domain.article6.vocabulary import Metric
from setu.domain.rejections import RejectionCode
from tests.article6_script import authorization_from_options

V1 = authorization_from_options("IND", "AUTH-1", {"date": "2026-03-01"})
V2_NON_GHG = replace(V1, version=2, authorization_date=date(2026, 6, 1), metric=Metric.NON_GHG, non_ghg_metric="MWh",
                     conversion_factor=Decimal("0.5"))


def _check(new, latest, authorized):  # type: ignore[no-untyped-def]
    return check_new_version(new, latest, first_transferred=0, approach_parties=("IND", "JPN"), recording_party="IND",
                             today=date(2026, 6, 1), authorized=authorized)


def test_the_metric_is_fixed_once_units_are_authorized():
    assert _check(V2_NON_GHG, V1, authorized=0) is None
    refused = _check(V2_NON_GHG, V1, authorized=10)
    assert refused is not None and refused.code is RejectionCode.REFERENCE_INVALID
    assert "GHG" in refused.message and "MWh" in refused.message
    v3 = replace(V2_NON_GHG, version=3, conversion_factor=Decimal("0.25"))
    assert _check(v3, V2_NON_GHG, authorized=10).code is RejectionCode.REFERENCE_INVALID  # type: ignore[union-attr]
