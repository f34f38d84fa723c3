"""The AEF workbook adapter: the secretariat's template layout, its writer and its reader.

`workbook_layout` holds the template as data; `workbook_writer.write_aef` renders an `AefReport` into it;
`workbook_reader.read_aef` reads any AEF workbook back into an `AefReport` plus located findings
(`sheet_scan` and `label_blocks` find the tables, `syntax`, `row_parsers` and `conditions` check cells
and rows).

The `rule` of each finding the reader makes: L1 unreadable file, L2 sheet set, L3 heading, L4 field
missing, L5 field count, L6 spacer not empty, L7 template generation, L8 field out of place; S1 cell
syntax, S2 vocabulary, S3 date cell; X7 conditional fields, X8 subtype for type and X9 CARP placeholders
(the row-level checks of `article6.md` §8.3, applied while reading).
"""
