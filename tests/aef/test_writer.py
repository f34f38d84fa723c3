"""The written workbook is the template (§4.2): its sheets, headings, field names and spacers, and cells
of the right type, read back with openpyxl as any other tool would see them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest

from setu.aef.workbook_layout import CARP_INFORMATION, CARP_LINK, SHEETS, TABLE_3, TABLE_4, template
from setu.aef.workbook_writer import write_aef
from setu.domain.article6.aef_model import ActionRow, IdStyle
from setu.domain.article6.vocabulary import ActionType
from tests.aef.builders import block, cell, header, sample_report, written

SPACERS = {"Table 2 Authorizations": ("E",), "Table 3 Actions": ("J", "N", "T", "W", "Z", "AE"),
           "Table 4 Holdings": ("G", "K", "Q"), "Table 5 Auth. entities": ()}


def test_the_layout_puts_each_field_between_its_spacers():
    assert [TABLE_3.fields[i].name for i in (8, 9)] == ["Last ID", "Underlying unit registry ID"]
    assert TABLE_3.offset("last_id") == 8 and TABLE_3.offset("underlying_registry") == 10
    assert TABLE_3.offset("vintage") == 21 and TABLE_3.offset("transferring_party") == 23
    assert TABLE_3.offset("check_result") == 31 and TABLE_3.width == 33
    assert TABLE_4.offset("mitigation_type") == 17 and TABLE_4.width == 19
    v1, v2 = template(IdStyle.V1), template(IdStyle.V2)
    for number in range(1, 6):  # the generations differ in what a cell holds, never in names or places
        assert [f.name for f in v1.table(number).fields] == [f.name for f in v2.table(number).fields]
        assert v1.table(number).offsets == v2.table(number).offsets
    assert len(v1.action_types) == 5 and len(v2.action_types) == 7


@pytest.mark.parametrize("style", list(IdStyle))
def test_sheets_headings_field_names_and_spacers(tmp_path, style):
    book = openpyxl.load_workbook(written(tmp_path, style))
    assert book.sheetnames == list(SHEETS)
    for table in template(style).tables[1:]:
        sheet = book[table.sheet]
        assert sheet["A1"].value == table.heading
        names = [sheet.cell(2, 1 + offset).value for offset in table.offsets]
        assert names == [f.name for f in table.fields]
        for letter in SPACERS[table.sheet]:
            for row in (2, 3):
                assert sheet[f"{letter}{row}"].value is None
                assert sheet[f"{letter}{row}"].data_type == "n"  # no cell written at all
        assert sheet.max_column == table.width


def test_no_spacer_cell_exists_in_the_sheet_xml(tmp_path):
    import zipfile

    with zipfile.ZipFile(written(tmp_path)) as archive:
        xml = archive.read("xl/worksheets/sheet5.xml").decode()  # Table 3 Actions
    for letter in SPACERS["Table 3 Actions"]:
        assert f'r="{letter}2"' not in xml and f'r="{letter}3"' not in xml


def test_summary_information_lists_each_table_under_its_heading(tmp_path):
    sheet = openpyxl.load_workbook(written(tmp_path))["Summary information"]
    column = [row[0] for row in sheet.iter_rows(values_only=True)]
    start = column.index("Table 3: Actions")
    assert column[start + 1:start + 28] == [f.name for f in TABLE_3.fields]
    assert column[start + 28] is None and column[start + 29] == "Table 4: Holdings"


def test_table_1_is_vertical_with_a_name_text_version_and_a_real_date(tmp_path):
    sheet = openpyxl.load_workbook(written(tmp_path))["Table 1 Submission"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Party"] == "India" and rows["Version"] == "1.0" and rows["Reported year"] == 2027
    assert rows["Date of submission"] == datetime(2028, 3, 31)
    assert sheet["B5"].number_format == "dd/mm/yyyy" and sheet["B5"].is_date
    assert rows["Review status of the initial report"] == CARP_INFORMATION
    assert rows["Result of the consistency check of this AEF submission"] == CARP_INFORMATION
    assert rows["Reference to the Article 6 technical expert review report of the initial report"] == CARP_LINK
    assert sheet["B3"].data_type == "s"


@pytest.mark.parametrize(("style", "first", "last"), [
    (IdStyle.V1, "CA0123-IND01-IND-1-2026", "CA0123-IND01-IND-1000-2026"), (IdStyle.V2, 1, 1000)])
def test_action_cells_have_template_types_and_na(tmp_path, style, first, last):
    sheet = openpyxl.load_workbook(written(tmp_path, style))["Table 3 Actions"]
    at = {key: sheet[cell(3, key)] for key in ("action_date", "action_type", "first_id", "last_id", "quantity",
                                               "transferring_party", "quantity_non_ghg", "vintage", "ndc_use_year",
                                               "subtype", "check_result", "underlying_registry")}
    assert (at["first_id"].value, at["last_id"].value) == (first, last)
    assert at["action_date"].value == datetime(2027, 2, 1) and at["action_date"].number_format == "dd/mm/yyyy"
    assert at["action_type"].value == "First transfer" and at["subtype"].value == "First transfer to another Party"
    assert at["quantity"].value == 1000 and at["quantity"].data_type == "n"
    assert at["vintage"].value == 2026 and at["vintage"].data_type == "n"
    assert at["transferring_party"].value == "NA" and at["quantity_non_ghg"].value == "NA"
    assert at["ndc_use_year"].value == "NA" and at["underlying_registry"].value == "JCM"
    assert at["check_result"].value == CARP_INFORMATION
    use = sheet[cell(3, "ndc_use_year", 3)]
    assert use.value == 2027 and use.data_type == "n"


def test_authorizations_and_entities_spell_controlled_values_exactly(tmp_path):
    book = openpyxl.load_workbook(written(tmp_path))
    t2 = book["Table 2 Authorizations"]
    assert t2[cell(2, "sectors")].value == "Energy generation, Industrial processes"
    assert t2[cell(2, "first_transfer_definition")].value == "First international transfer"
    assert t2[cell(2, "first_transfer_definition", 1)].value == "Authorisation"
    assert t2[cell(2, "purposes", 1)].value == "NDC and OIMP"
    assert t2[cell(2, "non_ghg_metric")].value == "NA" and t2[cell(2, "oimp_authorized")].value == "NA"
    assert t2[cell(2, "authorized_quantity", 1)].value is None  # optional and absent: empty, not NA
    assert t2[cell(2, "documentation")].value == CARP_LINK
    assert t2[cell(2, "timeframe", 1)].value == "Occurred: from 01/01/2026 to 31/12/2030. Use: from 01/01/2027 to 31/12/2035"
    assert book["Table 5 Auth. entities"]["C3"].value == "Japan"
    assert header(2, "authorized_quantity") == "F2"


def test_v1_refuses_an_action_type_the_2024_template_does_not_accept(tmp_path):
    report = sample_report()
    authorization = ActionRow(date(2027, 1, 5), ActionType.AUTHORIZATION, "IN-AUTH-2026-01", block(1, 10))
    broken = replace(report, actions=(*report.actions, authorization))
    with pytest.raises(ValueError, match="'Authorization' is not accepted by the v1 template"):
        write_aef(broken, tmp_path / "aef.xlsx", IdStyle.V1)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file
    write_aef(broken, tmp_path / "aef.xlsx", IdStyle.V2)
    assert openpyxl.load_workbook(tmp_path / "aef.xlsx")["Table 3 Actions"][cell(3, "action_type", 6)].value == "Authorization"


def test_a_failed_write_keeps_the_previous_workbook(tmp_path):
    path = written(tmp_path)
    before = path.read_bytes()
    unknown = replace(sample_report(), submission=replace(sample_report().submission, party="SGP"))
    with pytest.raises(ValueError, match="SGP"):
        write_aef(unknown, path, IdStyle.V1)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["aef.xlsx"]
    with pytest.raises(ValueError, match="not a directory"):
        write_aef(sample_report(), tmp_path / "missing" / "aef.xlsx", IdStyle.V1)


def test_text_longer_than_a_cell_is_refused_not_cut(tmp_path):
    report = sample_report()
    long = replace(report.actions[0], explanation="x" * 40_000)
    with pytest.raises(ValueError, match="longer than a cell holds"):
        write_aef(replace(report, actions=(long,)), tmp_path / "aef.xlsx", IdStyle.V1)
    assert list(tmp_path.iterdir()) == []
