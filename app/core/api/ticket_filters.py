"""The queue's filters (status, priority, category) and the list endpoint's query parameters.

Plain Python, no pydantic or Textual: the command line checks its flags with it before anything
heavy is imported, the client turns it into a query string, and the demo API checks queries
against the same values.
"""

from __future__ import annotations

from typing import NamedTuple

from app.core.api.filter_values import CATEGORIES, PRIORITIES, STATUSES, normalise

__all__ = ["CATEGORIES", "PAGE_SIZE", "PRIORITIES", "STATUSES", "TicketFilters", "normalise"]

PAGE_SIZE = 50
"""Rows asked for per page; the API's own default and maximum are not documented."""


class TicketFilters(NamedTuple):
    """Which tickets the queue lists; ``None`` means any. Combinable: all must match.

    (A named tuple rather than a dataclass: the command line builds it, and ``--help`` should not
    wait for ``dataclasses`` to import.)
    """

    status: str | None = None
    priority: str | None = None
    category: str | None = None

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any((self.status, self.priority, self.category))

    def with_value(self, field: str, value: str | None) -> TicketFilters:
        """These filters with ``field`` (status, priority or category) set to ``value``."""
        return self._replace(**{field: value})

    def params(self, *, page: int, limit: int, count_by_status: bool = False) -> dict[str, str]:
        """The list endpoint's query parameters for one page."""
        params = {"page": str(page), "limit": str(limit)}
        for name in ("status", "priority", "category"):
            value = getattr(self, name)
            if value:
                params[name] = value
        if count_by_status:
            params["countByStatus"] = "true"
        return params
