"""The corresponding-adjustment report as JSON and as a chart."""

from __future__ import annotations

import json

from setu.article6.ca_chart import write_ca_chart
from setu.article6.ca_render import ca_report_dict, display
from setu.domain.article6.adjustments import corresponding_adjustments
from setu.domain.article6.ndc import AveragingDenominator
from tests.article6.ca_worked_example import E_2030_IND, INDIA_FIRST_TRANSFERS, india, inventory


def india_report(**options):
    return corresponding_adjustments(india(**options), inventory(y2029=3_400_000_000, y2030=E_2030_IND),
                                     INDIA_FIRST_TRANSFERS)


def test_display_rounds_half_even_to_two_places_with_separators():
    from fractions import Fraction
    assert [display(Fraction(60_000, 7)), display(Fraction(200_000, 9)), display(Fraction(27_000))] == [
        "8,571.43", "22,222.22", "27,000"]
    assert [display(Fraction(-260_000, 10)), display(Fraction(1, 8)), display(Fraction(-1, 1000))] == [
        "-26,000", "0.12", "0"]


def test_report_dict_is_json_with_exact_and_display_values():
    data = json.loads(json.dumps(ca_report_dict(india_report())))
    years = {row["year"]: row for row in data["years"]}
    assert years[2027]["row11_averaging"] == {"exact": "60000/7", "display": "8,571.43"}
    assert years[2029]["row11_averaging"] == {"exact": "200000/9", "display": "22,222.22"}
    assert years[2030]["balance"] == {"exact": "3500027000", "display": "3,500,027,000"}
    assert years[2025]["balance"] is None and years[2029]["trajectory"] is None
    assert data["ndc"]["averaging_denominator"] == "elapsed-years" and data["ndc"]["method"] == "averaging"
    assert data["averaging_final"]["by_vintage"] == {"exact": "27000", "display": "27,000"}
    assert data["target_test"]["missing_years"] == [2030]  # intensity target, no GDP given


def test_report_dict_names_the_full_period_denominator():
    data = ca_report_dict(india_report(averaging_denominator=AveragingDenominator.FULL_PERIOD))
    assert data["ndc"]["averaging_denominator"] == "full-period"
    assert data["years"][6]["row11_averaging"]["display"] == "6,000"


def test_chart_writes_png_and_svg_identically_twice(tmp_path):
    report = india_report()
    png, svg = write_ca_chart(report, tmp_path / "first" / "ca-IND")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 1000
    assert b"<svg" in svg.read_bytes() and svg.stat().st_size > 1000
    png2, svg2 = write_ca_chart(report, tmp_path / "second" / "ca-IND.svg")
    assert (png2.name, svg2.name) == ("ca-IND.png", "ca-IND.svg")
    assert svg2.read_bytes() == svg.read_bytes()
    assert png2.read_bytes() == png.read_bytes()
