"""The values the queue's filters take, as the API spells them: what ``--status`` and its siblings check.

Nothing but constants and one function, so that ``ticketview --help`` builds its parser without
importing anything else (the filters themselves are in ``ticket_filters``).
"""

STATUSES = ("open", "pending", "in_progress", "resolved", "closed")
"""The statuses the API documents, in its own order."""
PRIORITIES = ("low", "medium", "high", "urgent")
CATEGORIES = ("technical", "billing", "account", "feature_request", "general")


def normalise(value: str) -> str:
    """A value as the API spells it: ``In-Progress`` and ``in progress`` become ``in_progress``."""
    return "_".join(value.strip().lower().replace("-", " ").split())
