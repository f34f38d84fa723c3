"""Property: any history the model plays yields AEF reports that check clean, and whose holdings roll forward.

Each Party's report is checked with its previous year's and the other Party's report of the same year,
at finalization; holdings rows are merged on one side and not on the other, so the checks see the same
units cut into different rows.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from setu.domain.article6.aef_consistency import check_consistency, roll_forward

from .builders import report
from .history import OTHER, STEP_KINDS, History

steps = st.lists(
    st.tuples(st.sampled_from(STEP_KINDS), st.integers(0, 999), st.integers(0, 999), st.integers(0, 999)),
    min_size=1, max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(steps=steps, first_year=st.integers(0, 40), merge=st.booleans())
def test_consistent_histories_check_clean_and_roll_forward(steps, first_year, merge):
    history = History(steps_in_first_year=first_year).run(steps)
    for year in (2027, 2028):
        for party in ("IND", "JPN"):
            this = history.report(party, year, merge=merge)
            previous = history.report(party, 2027, merge=not merge) if year == 2028 else report(party, 2026)
            counterpart = history.report(OTHER[party], year, merge=not merge)
            findings = check_consistency(this, previous=previous, counterpart=counterpart, finalization=True)
            assert findings == [], [str(f) for f in findings]
            balances = roll_forward(this, previous)
            assert all(line.expected == line.reported for line in balances.values())
            assert sum(line.reported for line in balances.values()) == sum(h.block.tonnes for h in this.holdings)
