"""Workbooks that follow the template but not setu's exact placement still read cleanly: blocks moved to
other rows and columns, notes above a heading, trailing empty (formatted) rows, sheets in another order."""

from __future__ import annotations

from openpyxl.styles import PatternFill

from setu.aef.workbook_reader import read_aef
from setu.domain.article6.aef_model import IdStyle
from tests.aef.builders import as_read_back, edit, sample_report, without_sources, written

TABLES = ("Table 1 Submission", "Table 2 Authorizations", "Table 3 Actions", "Table 4 Holdings", "Table 5 Auth. entities")


def _shift(book):
    for number, name in enumerate(TABLES, start=1):
        sheet = book[name]
        sheet.insert_rows(1, amount=number + 1)
        sheet.insert_cols(1, amount=number)
        sheet["A1"] = f"Notes for {name}: prepared by the national focal point"
    book["Table 3 Actions"].insert_rows(6)  # a row between the heading (row 5) and the field names
    book["Table 3 Actions"]["D6"] = "Please fill in one row per block"
    summary = book["Summary information"]
    summary.insert_rows(1, amount=2)
    summary.insert_cols(1, amount=3)


def _trailing_rows(book):
    grey = PatternFill("solid", fgColor="DDDDDD")
    for name in TABLES[1:]:
        sheet = book[name]
        for row in range(sheet.max_row + 1, sheet.max_row + 40):
            sheet.cell(row, 1).fill = grey
            sheet.cell(row, 5).number_format = "dd/mm/yyyy"
        sheet.cell(sheet.max_row + 5, 40, "a note far below and to the right")


def test_shifted_blocks_read_the_same(tmp_path):
    for style in IdStyle:
        path = edit(written(tmp_path, style, name=f"{style.value}.xlsx"), _shift)
        report, findings = read_aef(path, style)
        assert findings == []
        assert report is not None and without_sources(report) == as_read_back(sample_report(), style)
        assert report.actions[0].source == "'Table 3 Actions'!D8"
        assert report.submission.source == "'Table 1 Submission'!B4"


def test_trailing_empty_rows_end_the_tables(tmp_path):
    report, findings = read_aef(edit(written(tmp_path), _trailing_rows))
    assert findings == []
    assert report is not None and without_sources(report) == sample_report()


def test_sheets_in_another_order(tmp_path):
    def reorder(book):
        book._sheets.reverse()  # openpyxl has no public reordering; the order is the list's
        book.active = 0
    report, findings = read_aef(edit(written(tmp_path), reorder))
    assert findings == [] and report is not None and without_sources(report) == sample_report()


def test_an_empty_report_reads_back_with_no_generation(tmp_path):
    from dataclasses import replace

    from setu.aef.workbook_reader import read_aef_workbook

    empty = replace(sample_report(), authorizations=(), actions=(), holdings=(), entities=())
    reading = read_aef_workbook(written(tmp_path, IdStyle.V2, empty), IdStyle.V1)
    assert reading.findings == () and reading.generation is None
    assert reading.report is not None and without_sources(reading.report) == empty
