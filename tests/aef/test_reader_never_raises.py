"""No workbook makes the reader raise: broken files are one finding, odd cells are findings at their cell.

The reader's single broad handler turns a file openpyxl cannot parse into WORKBOOK_UNREADABLE; these tests
make sure that handler never hides a bug of ours: a well-formed xlsx with odd values in any cell must be
read to the end, with findings, never declared unreadable.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
import zipfile
from datetime import datetime, time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from setu.aef.workbook_reader import read_aef
from setu.domain.article6.aef_findings import AefCode
from tests.aef.builders import edit, written

SHEETS = ("Table 1 Submission", "Table 2 Authorizations", "Table 3 Actions", "Table 4 Holdings",
          "Table 5 Auth. entities", "Summary information")
odd_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12), st.sampled_from(["=SUM(A1:A2)", "NA", "#N/A", "Table 3: Actions", "First ID", " "]),
    st.datetimes(datetime(1901, 1, 1), datetime(2100, 1, 1)), st.just(time(12, 30)),
)
edits = st.lists(st.tuples(st.sampled_from(SHEETS), st.integers(1, 8), st.integers(1, 34), odd_values), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_odd_cells_are_findings_never_an_exception(changes):
    with tempfile.TemporaryDirectory() as directory:
        def apply(book):
            for sheet, row, column, value in changes:
                book[sheet].cell(row, column).value = value
        path = edit(written(Path(directory)), apply)
        report, findings = read_aef(path)
    assert AefCode.WORKBOOK_UNREADABLE not in {f.code for f in findings}
    assert all(f.location for f in findings)


def test_damaged_files_are_unreadable_not_a_traceback(tmp_path):
    good = written(tmp_path)
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    garbage = tmp_path / "garbage.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(garbage, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<worksheet><sheetData><row" if item.filename.endswith("sheet5.xml") else data)
    directory = tmp_path / "a-directory.xlsx"
    directory.mkdir()
    renamed = tmp_path / "report.bin"
    shutil.copy(good, renamed)
    for path in (truncated, garbage, directory):
        report, findings = read_aef(path)
        assert report is None and [f.code for f in findings] == [AefCode.WORKBOOK_UNREADABLE], path
    assert read_aef(renamed) [1] == []  # the name does not matter, only the content


def test_a_date_serial_out_of_range_is_a_date_finding_even_under_warnings_as_errors(tmp_path):
    path = edit(written(tmp_path), lambda book: book["Table 2 Authorizations"].cell(3, 2, -693594))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl warns about the serial; that must not make the file unreadable
        report, findings = read_aef(path)
    assert [(f.code, f.location) for f in findings] == [(AefCode.DATE_NOT_DATE, "'Table 2 Authorizations'!B3")]
    assert report is not None and len(report.authorizations) == 1
