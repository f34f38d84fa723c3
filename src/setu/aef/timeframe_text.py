"""`Authorized timeframe` as text, both ways (`article6.md` §4.3 row 15, §9 row 6).

setu stores four dates and writes the staff checker's form, `Occurred: from dd/mm/yyyy to dd/mm/yyyy`
with an optional `. Use: from … to …`. Reading also accepts that form with `yyyy` or `mm/yyyy` dates (a
`from` date means the first day of the year or month, a `to` date the last) and XEP's `2021 - 2030`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from setu.domain.article6.aef_model import Timeframe

_DATE = r"(?:\d{2}/)?(?:\d{2}/)?\d{4}"
_CHECKER_FORM = re.compile(
    rf"Occurred: from (?P<of>{_DATE}) to (?P<ot>{_DATE})(?:\. Use: from (?P<uf>{_DATE}) to (?P<ut>{_DATE}))?\.?"
)
_YEARS_FORM = re.compile(r"(?P<of>\d{4})\s*-\s*(?P<ot>\d{4})")


def timeframe_text(timeframe: Timeframe | None) -> str | None:
    """The checker's form; None when there is no timeframe. A use period needs both ends."""
    if timeframe is None:
        return None
    text = f"Occurred: from {_dmy(timeframe.occurred_from)} to {_dmy(timeframe.occurred_to)}"
    if timeframe.use_from is None and timeframe.use_to is None:
        return text
    if timeframe.use_from is None or timeframe.use_to is None:
        raise ValueError(
            f"Authorized timeframe: a use period needs both ends, got {timeframe.use_from} to {timeframe.use_to}"
        )
    return f"{text}. Use: from {_dmy(timeframe.use_from)} to {_dmy(timeframe.use_to)}"


def parse_timeframe(text: str) -> Timeframe:
    """The four dates of either accepted form; `ValueError` for anything else."""
    text = text.strip()
    match = _CHECKER_FORM.fullmatch(text) or _YEARS_FORM.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not 'Occurred: from dd/mm/yyyy to dd/mm/yyyy[. Use: from dd/mm/yyyy to dd/mm/yyyy]'"
            " or 'yyyy - yyyy'"
        )
    found = match.groupdict()
    use_from, use_to = found.get("uf"), found.get("ut")
    timeframe = Timeframe(
        _day(found["of"], last=False), _day(found["ot"], last=True),
        None if use_from is None else _day(use_from, last=False), None if use_to is None else _day(use_to, last=True),
    )
    if timeframe.occurred_from > timeframe.occurred_to or (
        timeframe.use_from is not None and timeframe.use_to is not None and timeframe.use_from > timeframe.use_to
    ):
        raise ValueError(f"{text!r} ends before it starts")
    return timeframe


def _day(text: str, *, last: bool) -> date:
    parts = [int(p) for p in text.split("/")]
    year = parts[-1]
    month = parts[-2] if len(parts) >= 2 else (12 if last else 1)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    day = parts[0] if len(parts) == 3 else (calendar.monthrange(year, month)[1] if last else 1)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a date") from None


def _dmy(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
