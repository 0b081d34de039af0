"""The header's badge line never wraps and never breaks a phrase: less useful parts give way whole."""

from __future__ import annotations

import pytest

from app.core.api.models import Ticket
from widgets.ticket.ticket_header import badge_line

TICKET = Ticket.model_validate(
    {"_id": "T-1", "title": "t", "status": "in_progress", "priority": "urgent", "category": "feature_request"}
)
AGE = "2y 10mo ago"


@pytest.mark.parametrize("width", range(20, 121))
def test_the_badge_line_fits_and_keeps_each_phrase_whole(width: int) -> None:
    line = badge_line(TICKET, "cached copy · refreshing…", width, AGE).plain
    assert len(line) <= width and "\n" not in line
    assert ("updated " + AGE) in line or "updated" not in line  # the age whole, or not at all
    assert "Feature request" in line or "Feature" not in line
    assert "In progress" in line  # the status always keeps its words


def test_wide_enough_it_says_everything_and_narrow_it_drops_the_least_useful_first() -> None:
    assert badge_line(TICKET, "", 120, AGE).plain.endswith(f"Feature request  ·  updated {AGE}")
    at_80 = badge_line(TICKET, "cached copy from 10:30 · refreshing…", 80, AGE).plain
    assert "refreshing…" in at_80 and "updated" not in at_80  # the note says how fresh: it stays
    assert "Urgent" in badge_line(TICKET, "", 30, AGE).plain
