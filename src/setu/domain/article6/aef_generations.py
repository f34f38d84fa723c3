"""Fit a Party's annual information to a template generation.

setu records every action in the 2026 nomenclature (seven action types, §5.3). The 2024 template the
secretariat's checker reads accepts five (§4.2, §9 row 4), so for `--id-style v1`:
- `Authorization` rows are left out: that template has no such action; Table 2 still lists every
  authorization, and the authorized units appear in Table 3 from their first transfer on;
- `Voluntary Cancellation` rows are written as `Cancellation`, keeping their subtype (for example
  `Voluntary cancellation to deliver OMGE`), so OMGE cancellations stay visible.
Each adjustment is returned as a note for the person exporting.

For v2, `Party ITMO registry ID` is the one registry column next to the split identifier. Sources
conflict on what it holds (`article6.md` §9 row 2): the identifier's element (b), the *originating*
registry, or the registry where the action was tracked / the units are held (*current*). setu numbers
serials per originating registry, so under the current reading a unit issued in JPN01 and a unit of
IND01 acquired into JPN01 can carry the same (CA, registry, Party, serial, vintage) and look like one.
setu therefore writes the originating registry by default (`RegistryReading.ORIGINATING`) and the
current one on request; this departs from the reference's suggested default, for the reason above.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from setu.domain.article6.aef_merge import merge_blocks
from setu.domain.article6.aef_model import AefReport, IdStyle
from setu.domain.article6.vocabulary import V1_ACTION_TYPES, ActionType


class RegistryReading(Enum):
    """What v2's `Party ITMO registry ID` column holds."""

    ORIGINATING = "originating"
    CURRENT = "current"


def for_template(
    report: AefReport, style: IdStyle, *, registry: RegistryReading = RegistryReading.ORIGINATING,
) -> tuple[AefReport, list[str]]:
    """The report as `style`'s template can hold it, and what was changed to get there."""
    if style is IdStyle.V2:
        if registry is RegistryReading.CURRENT:
            return report, []
        return replace(
            report,
            actions=tuple(replace(a, block=replace(a.block, registry=a.block.originating_registry))
                          for a in report.actions),
            holdings=tuple(replace(h, block=replace(h.block, registry=h.block.originating_registry))
                           for h in report.holdings),
        ), []
    dropped = sum(1 for a in report.actions if a.action_type is ActionType.AUTHORIZATION)
    renamed = sum(1 for a in report.actions if a.action_type is ActionType.VOLUNTARY_CANCELLATION)
    actions = [
        replace(a, action_type=ActionType.CANCELLATION) if a.action_type is ActionType.VOLUNTARY_CANCELLATION else a
        for a in report.actions if a.action_type is not ActionType.AUTHORIZATION
    ]
    assert all(a.action_type in V1_ACTION_TYPES for a in actions)
    notes = []
    if dropped:
        notes.append(f"{dropped} Authorization rows are not part of the 2024 template and were left out"
                     " (Table 2 lists the authorizations; use --id-style v2 to include them)")
    if renamed:
        notes.append(f"{renamed} Voluntary Cancellation rows were written as Cancellation with their subtype"
                     " (the 2024 template has no Voluntary Cancellation)")
    return replace(report, actions=merge_blocks(actions)), notes
