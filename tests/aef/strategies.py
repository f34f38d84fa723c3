"""Hypothesis strategies for random AEF reports that obey §4.4, per template generation.

Reports are drawn the way setu builds them: a quantity equal to the serial count is None, v2 blocks
name their current registry as the originating one (a v2 row carries only one registry), v1 reports use
only the five action types of the 2024 template.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from setu.aef.workbook_layout import template
from setu.domain.article6.aef_model import (
    ActionRow,
    AefReport,
    AuthorizationRow,
    EntityRow,
    HoldingRow,
    IdStyle,
    ItmoBlock,
    Submission,
    Timeframe,
)
from setu.domain.article6.vocabulary import (
    ALLOWED_SUBTYPES,
    ActionSubtype,
    ActionType,
    ActivityType,
    FirstTransferDefinition,
    Metric,
    MitigationType,
    Purpose,
    Sector,
    UnderlyingRegistry,
)

PARTIES = ("IND", "JPN")
days = st.dates(date(2000, 1, 1), date(2099, 12, 31))
years = st.integers(2021, 2060)
codes = st.from_regex(r"[A-Z]{3}", fullmatch=True)
ca_ids = st.from_regex(r"CA[0-9]{4}", fullmatch=True)
registries = st.from_regex(r"[A-Z]{3}[0-9]{2}", fullmatch=True)
authorization_ids = st.from_regex(r"[A-Z0-9][A-Za-z0-9\-/.]{0,14}", fullmatch=True)
_letters = st.characters(categories=("L", "N"), include_characters=" -.,()/'&:", exclude_characters="=")
texts = st.text(_letters, min_size=1, max_size=24).filter(lambda t: t.strip() == t and t and t != "NA" and t[0] != "=")
list_items = texts.filter(lambda t: "," not in t and ";" not in t)
maybe_text = st.none() | texts


@st.composite
def timeframes(draw: st.DrawFn) -> Timeframe:
    occurred = sorted(draw(st.lists(days, min_size=2, max_size=2)))
    use = draw(st.none() | st.lists(days, min_size=2, max_size=2).map(sorted))
    return Timeframe(occurred[0], occurred[1], *(use or (None, None)))


@st.composite
def authorizations(draw: st.DrawFn) -> AuthorizationRow:
    metric = draw(st.sampled_from(Metric))
    purposes = draw(st.sampled_from(Purpose))
    if purposes.allows_oimp:
        definition = draw(st.none() | st.sampled_from([d for d in FirstTransferDefinition if d.is_oimp_choice]))
    else:
        definition = draw(st.sampled_from([None, FirstTransferDefinition.FIRST_INTERNATIONAL_TRANSFER]))
    return AuthorizationRow(
        draw(authorization_ids), draw(days), draw(ca_ids), draw(st.integers(1, 99)),
        draw(st.none() | st.integers(0, 10**12)), metric, purposes,
        tuple(draw(st.lists(st.sampled_from(Sector), min_size=1, max_size=3, unique=True))),
        tuple(draw(st.lists(st.sampled_from(ActivityType), max_size=3, unique=True))),
        draw(maybe_text), draw(texts) if metric is Metric.NON_GHG else None,
        tuple(draw(st.lists(codes, max_size=3))), tuple(draw(st.lists(list_items, max_size=3))),
        draw(maybe_text) if purposes.allows_oimp else None, draw(st.none() | timeframes()), draw(maybe_text),
        definition, draw(maybe_text),
    )


@st.composite
def blocks(draw: st.DrawFn, style: IdStyle) -> ItmoBlock:
    first = draw(st.integers(1, 10**9))
    last = first + draw(st.integers(0, 10**6))
    count = last - first + 1
    metric = draw(st.sampled_from(Metric))
    registry = draw(registries)
    units = draw(st.none() | st.tuples(texts, texts))
    non_ghg = metric is Metric.NON_GHG
    return ItmoBlock(
        draw(ca_ids), draw(codes), registry, registry if style is IdStyle.V2 else draw(registries), first, last,
        draw(years), metric, draw(st.sampled_from(MitigationType)),
        draw(st.none() | st.integers(0, 10**12).filter(lambda q: q != count)),
        draw(st.sampled_from(UnderlyingRegistry)), *(units or (None, None)), draw(maybe_text),
        draw(texts) if non_ghg else None, draw(st.integers(0, 10**12)) if non_ghg else None,
    )


@st.composite
def actions(draw: st.DrawFn, style: IdStyle) -> ActionRow:
    kind = draw(st.sampled_from(sorted(template(style).action_types, key=lambda t: t.value)))
    subtype = draw(st.none() | st.sampled_from(sorted(ALLOWED_SUBTYPES[kind], key=lambda s: s.value)))
    party = st.sampled_from(PARTIES)
    acquiring = None
    if kind is ActionType.TRANSFER or subtype is ActionSubtype.FIRST_TRANSFER_TO_PARTY:
        acquiring = draw(party)
    elif kind is ActionType.FIRST_TRANSFER:
        acquiring = draw(st.none() | party)
    using = kind in (ActionType.FIRST_TRANSFER, ActionType.USE, ActionType.CANCELLATION,
                     ActionType.VOLUNTARY_CANCELLATION)
    ndc_year = oimp_purpose = None
    if kind is ActionType.USE:
        if draw(st.booleans()):
            ndc_year = draw(years)
        else:
            oimp_purpose = draw(texts)
    elif using:
        oimp_purpose = draw(maybe_text)
    return ActionRow(
        draw(days), kind, draw(authorization_ids), draw(blocks(style)), subtype,
        draw(party) if kind is ActionType.ACQUISITION else None, acquiring, oimp_purpose,
        draw(st.none() | party) if using else None, draw(maybe_text) if using else None, ndc_year, draw(maybe_text),
    )


@st.composite
def reports(draw: st.DrawFn, style: IdStyle) -> AefReport:
    first_year = draw(st.integers(2021, 2035))
    submission = Submission(
        draw(st.sampled_from(PARTIES)), f"{draw(st.integers(1, 20))}.{draw(st.integers(0, 20))}", draw(years),
        draw(days), first_year, first_year + draw(st.integers(0, 10)),
    )
    entities = st.builds(EntityRow, days, texts, st.sampled_from(PARTIES), list_items, ca_ids, maybe_text, maybe_text,
                         maybe_text)
    holdings = st.builds(HoldingRow, authorization_ids, blocks(style))
    return AefReport(
        submission, tuple(draw(st.lists(authorizations(), max_size=4))), tuple(draw(st.lists(actions(style), max_size=8))),
        tuple(draw(st.lists(holdings, max_size=4))), tuple(draw(st.lists(entities, max_size=3))),
    )
