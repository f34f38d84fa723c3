"""Each layout and syntax code, triggered by one deliberately broken workbook, at the cell concerned."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import datetime

import pytest

from setu.aef.workbook_layout import SUMMARY_SHEET
from setu.aef.workbook_reader import read_aef, read_aef_workbook
from setu.domain.article6.aef_findings import AefCode, Severity
from setu.domain.article6.aef_model import IdStyle
from setu.domain.article6.vocabulary import ActionType
from tests.aef.builders import cell, edit, header, sample_report, written

T2, T3, T4 = "Table 2 Authorizations", "Table 3 Actions", "Table 4 Holdings"


def without_sources_row(row):
    return replace(row, source=None)


def _codes(path, expected=None):
    report, findings = read_aef(path, expected)
    return report, [(f.code, f.location) for f in findings], findings


def _set(sheet, coordinate, value):
    def change(book):
        book[sheet][coordinate] = value
    return change


def test_a_file_that_is_not_a_workbook_is_one_finding(tmp_path):
    for name, content in (("notes.xlsx", b"Party,Year\nIND,2027\n"), ("empty.xlsx", b""), ("data.csv", b"a,b")):
        (tmp_path / name).write_bytes(content)
        report, findings = read_aef(tmp_path / name)
        assert report is None and [f.code for f in findings] == [AefCode.WORKBOOK_UNREADABLE]
        assert name in findings[0].message
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert [f.code for f in read_aef(tmp_path / "other.xlsx")[1]] == [AefCode.WORKBOOK_UNREADABLE]
    assert [f.code for f in read_aef(tmp_path / "absent.xlsx")[1]] == [AefCode.WORKBOOK_UNREADABLE]


def test_an_extra_sheet_is_invalid_but_the_report_still_reads(tmp_path):
    path = edit(written(tmp_path), lambda book: book.create_sheet("Lists"))
    report, codes, _ = _codes(path)
    assert codes == [(AefCode.SHEETS_INVALID, "'Lists'!A1")]
    assert report is not None and len(report.actions) == 6


def test_a_missing_sheet_leaves_no_report(tmp_path):
    path = edit(written(tmp_path), lambda book: book.remove(book[T4]))
    report, codes, _ = _codes(path)
    assert report is None and codes == [(AefCode.SHEETS_INVALID, f"'{T4}'")]


def test_a_missing_heading_is_reported_and_the_table_still_found(tmp_path):
    path = edit(written(tmp_path), _set(T3, "A1", "Actions"))
    report, codes, _ = _codes(path)
    assert codes == [(AefCode.HEADING_MISSING, f"'{T3}'!A1")]
    assert report is not None and len(report.actions) == 6


def test_headings_match_in_any_case(tmp_path):
    path = edit(written(tmp_path), _set(T3, "A1", "TABLE 3: ACTIONS "))
    assert _codes(path)[1] == []


def test_a_renamed_field_is_missing(tmp_path):
    path = edit(written(tmp_path), _set(T3, header(3, "vintage"), "Vintage "))  # a trailing space
    report, codes, findings = _codes(path)
    assert report is None
    assert (AefCode.FIELD_MISSING, f"'{T3}'!V2") in codes
    missing = next(f for f in findings if f.code is AefCode.FIELD_MISSING)
    assert missing.message == f"The field 'Vintage' cannot be found in worksheet '{T3}'"


def test_an_extra_field_breaks_the_count(tmp_path):
    path = edit(written(tmp_path), _set(T4, "T2", "Comment"))
    report, codes, findings = _codes(path)
    assert codes == [(AefCode.FIELD_COUNT, f"'{T4}'!A2")]
    assert findings[0].message == f"Number of fields in '{T4}' worksheet is incorrect: 17 found, 16 expected"
    assert report is not None


def test_a_field_in_a_spacer_column_is_out_of_place(tmp_path):
    def swap(book):  # `Last unit ID` moved one column right, into the spacer at +10
        sheet = book[T4]
        sheet["K2"], sheet["J2"] = sheet["J2"].value, None
        for row in (3, 4):
            sheet[f"K{row}"], sheet[f"J{row}"] = sheet[f"J{row}"].value, None
    report, codes, _ = _codes(edit(written(tmp_path), swap))
    assert codes == [(AefCode.FIELD_POSITION, f"'{T4}'!K2")]
    assert report is not None and report.holdings[0].block.last_unit_id == "IN-JP-001-009000"


def test_a_value_in_a_spacer_is_reported_header_or_data(tmp_path):
    def fill(book):
        book[T3]["J2"] = " "
        book[T3]["N4"] = "x"
    report, codes, _ = _codes(edit(written(tmp_path), fill))
    assert codes == [(AefCode.SPACER_NOT_EMPTY, f"'{T3}'!J2"), (AefCode.SPACER_NOT_EMPTY, f"'{T3}'!N4")]
    assert report is not None and len(report.actions) == 6  # the row's values are intact


@pytest.mark.parametrize(("written_as", "asked", "reported"), [
    (IdStyle.V1, IdStyle.V2, True), (IdStyle.V2, IdStyle.V1, True), (IdStyle.V2, IdStyle.V2, False),
    (IdStyle.V2, None, False), (IdStyle.V1, None, False)])
def test_the_generation_is_detected_and_checked_only_when_asked(tmp_path, written_as, asked, reported):
    reading = read_aef_workbook(written(tmp_path, written_as), asked)
    assert reading.generation is written_as
    assert [(f.code, f.location) for f in reading.findings] == (
        [(AefCode.MESSAGE_VERSION, f"'{T3}'!H3")] if reported else [])
    assert reading.report is not None and len(reading.report.actions) == 6


def test_syntax_errors_skip_the_row_and_name_the_cell(tmp_path):
    def spoil(book):
        book[T3][cell(3, "cooperative_approach_id", 1)] = "CA123"
        book[T3][cell(3, "metric", 2)] = "tonnes"
        book[T3][cell(3, "action_date", 3)] = "01/05/2027"
        book[T2][cell(2, "sectors", 1)] = "Energy generation, Space"
    report, codes, findings = _codes(edit(written(tmp_path), spoil))
    assert codes == [
        (AefCode.FIELD_VOCABULARY, f"'{T2}'!J4"), (AefCode.FIELD_SYNTAX, f"'{T3}'!D4"),
        (AefCode.FIELD_VOCABULARY, f"'{T3}'!O5"), (AefCode.DATE_NOT_DATE, f"'{T3}'!A6"),
    ]
    assert "must be a date cell (dd/mm/yyyy), not the text '01/05/2027'" in findings[3].message
    assert report is not None
    assert [a.block.first_serial for a in report.actions] == [1, 4001, 5001]  # rows 2-4 left out
    assert len(report.authorizations) == 1


def test_a_changed_placeholder_is_reserved(tmp_path):
    def claim(book):
        book["Table 1 Submission"]["B6"] = "passed"
        book[T3][cell(3, "check_result")] = None
    report, codes, _ = _codes(edit(written(tmp_path), claim))
    assert codes == [(AefCode.FIELD_RESERVED, "'Table 1 Submission'!B6"), (AefCode.FIELD_RESERVED, f"'{T3}'!AF3")]
    assert report is not None and len(report.actions) == 6


def test_the_conditional_matrix(tmp_path):
    def spoil(book):
        book[T3][cell(3, "transferring_party", 2)] = "NA"  # an Acquisition must name who transferred
        book[T3][cell(3, "acquiring_party", 3)] = "JPN"  # a Use acquires nothing
        book[T4][cell(4, "quantity_non_ghg", 0)] = 7  # a GHG block has no non-GHG quantity
        book[T2][cell(2, "oimp_authorized", 0)] = "CORSIA"  # NDC only
    report, codes, findings = _codes(edit(written(tmp_path), spoil))
    assert codes == [(AefCode.FIELD_CONDITION, f"'{T2}'!O3"), (AefCode.FIELD_CONDITION, f"'{T3}'!X5"),
                     (AefCode.FIELD_CONDITION, f"'{T3}'!Y6"), (AefCode.FIELD_CONDITION, f"'{T4}'!P3")]
    assert {f.rule for f in findings} == {"X7"}
    assert report is not None and len(report.actions) == 4 and len(report.holdings) == 1


def test_a_subtype_of_another_type_and_a_v1_only_type(tmp_path):
    def spoil(book):
        book[T3][cell(3, "subtype", 1)] = "Voluntary cancellation to deliver OMGE"  # on a Transfer
        book[T3][cell(3, "action_type", 5)] = "Voluntary Cancellation"  # not in the 2024 template
    report, codes, findings = _codes(edit(written(tmp_path), spoil))
    assert codes == [(AefCode.FIELD_VOCABULARY, f"'{T3}'!C4"), (AefCode.FIELD_VOCABULARY, f"'{T3}'!B8")]
    assert findings[0].rule == "X8" and "does not belong to action type 'Transfer'" in findings[0].message
    assert report is not None and len(report.actions) == 4
    path = edit(written(tmp_path, IdStyle.V2, name="v2.xlsx"), spoil)
    report = read_aef(path)[0]
    assert report is not None and report.actions[-1].action_type is ActionType.VOLUNTARY_CANCELLATION


def test_v1_identifiers_must_agree_with_their_row(tmp_path):
    def spoil(book):
        book[T3][cell(3, "last_id", 0)] = "CA0123-IND02-IND-1000-2026"
        book[T4][cell(4, "first_id", 0)] = "CA0123-IND01-IND-6001-2025"
        book[T4][cell(4, "first_id", 1)] = "9001"
    report, codes, findings = _codes(edit(written(tmp_path), spoil))
    assert codes == [(AefCode.FIELD_SYNTAX, f"'{T3}'!I3"), (AefCode.FIELD_SYNTAX, f"'{T4}'!E3"),
                     (AefCode.FIELD_SYNTAX, f"'{T4}'!E4")]
    assert "different originating registries (IND01 and IND02)" in findings[0].message
    assert "the identifier names 2025 but the row's Vintage is 2026" in findings[1].message
    assert "not an ITMO unique identifier" in findings[2].message
    assert report is not None and len(report.holdings) == 0


def test_table_1_errors_leave_no_report(tmp_path):
    def spoil(book):
        book["Table 1 Submission"]["B3"] = 1.5  # Version as a number
        book["Table 1 Submission"]["B2"] = "Atlantis"
    report, codes, findings = _codes(edit(written(tmp_path), spoil))
    assert report is None
    assert codes == [(AefCode.FIELD_VOCABULARY, "'Table 1 Submission'!B2"), (AefCode.FIELD_SYNTAX, "'Table 1 Submission'!B3")]
    assert "must be text such as '1.0'" in findings[1].message


def test_numbers_as_text_are_read_with_a_warning(tmp_path):
    path = edit(written(tmp_path), _set(T3, cell(3, "vintage", 0), "2026"))
    report, findings = read_aef(path)
    assert [(f.code, f.severity, f.location) for f in findings] == [
        (AefCode.FIELD_SYNTAX, Severity.WARNING, f"'{T3}'!V3")]
    assert report is not None and report.actions[0].block.vintage == 2026


def test_variant_spellings_names_and_codes_are_accepted(tmp_path):
    def variants(book):
        book[T2][cell(2, "first_transfer_definition", 1)] = "Authorization"  # the checker's spelling
        book[T2][cell(2, "purposes", 0)] = "ndc"
        book[T2][cell(2, "timeframe", 0)] = "2026 - 2030"
        book["Table 1 Submission"]["B2"] = "IND"
        book["Table 5 Auth. entities"]["C3"] = "JPN"
        book["Table 5 Auth. entities"]["C4"] = "Singapore"
        book[T3][cell(3, "action_date", 0)] = datetime(2027, 2, 1, 13, 30)
    report, findings = read_aef(edit(written(tmp_path), variants))
    assert [(f.code, f.severity) for f in findings] == [(AefCode.FIELD_VOCABULARY, Severity.WARNING)]
    assert report is not None
    assert [without_sources_row(a) for a in report.authorizations] == list(sample_report().authorizations)
    assert report.submission.party == "IND" and [e.country for e in report.entities] == ["JPN", "Singapore"]


def test_the_summary_sheet_must_list_the_fields(tmp_path):
    def spoil(book):
        sheet = book[SUMMARY_SHEET]
        sheet["A14"] = None  # a blank row inside Table 2's list: the rest of it no longer counts
        sheet["A1"] = "Summary"
    report, codes, _ = _codes(edit(written(tmp_path), spoil))
    assert codes[0] == (AefCode.HEADING_MISSING, f"'{SUMMARY_SHEET}'!A1")
    assert (AefCode.FIELD_MISSING, f"'{SUMMARY_SHEET}'!A14") in codes
    assert (AefCode.FIELD_COUNT, f"'{SUMMARY_SHEET}'!A12") in codes
    assert report is not None
