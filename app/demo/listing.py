"""The list endpoint's rules: parse and check the query, filter, sort, page and count."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from app.core.api.ticket_filters import CATEGORIES, PRIORITIES, STATUSES
from app.demo.records import Json

DEFAULT_LIMIT = 10
MAX_LIMIT = 100

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class InvalidQuery(ValueError):
    """The query string breaks the API's rules (answered with 400 INVALID_PARAMETERS)."""


@dataclass(frozen=True)
class ListQuery:
    """A checked list query."""

    page: int = 1
    limit: int = DEFAULT_LIMIT
    status: str | None = None
    category: str | None = None
    priority: str | None = None
    count_by_status: bool = False


def _positive_int(raw: str, name: str) -> int:
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise InvalidQuery(f"{name} must be a whole number of at least 1")
    return int(raw)


def _choice(raw: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    if raw is not None and raw not in allowed:
        raise InvalidQuery(f"{name} must be one of {', '.join(allowed)}")
    return raw


def parse_query(query: str) -> ListQuery:
    """Check a raw query string; an empty value counts as absent, unknown parameters are ignored."""
    try:
        values = parse_qs(query, keep_blank_values=True, max_num_fields=50)
    except ValueError as error:
        raise InvalidQuery(str(error)) from None
    last = {name: found[-1] for name, found in values.items() if found[-1] != ""}
    count_raw = last.get("countByStatus")
    if count_raw is not None and count_raw.lower() not in _BOOLEANS:
        raise InvalidQuery("countByStatus must be true or false")
    return ListQuery(
        page=_positive_int(last["page"], "page") if "page" in last else 1,
        limit=min(_positive_int(last["limit"], "limit"), MAX_LIMIT) if "limit" in last else DEFAULT_LIMIT,
        status=_choice(last.get("status"), STATUSES, "status"),
        category=_choice(last.get("category"), CATEGORIES, "category"),
        priority=_choice(last.get("priority"), PRIORITIES, "priority"),
        count_by_status=_BOOLEANS[count_raw.lower()] if count_raw is not None else False,
    )


def _sort_key(item: Json) -> tuple[str, str]:
    return (str(item.get("updatedAt") or ""), str(item.get("_id")))


def list_response(items: list[Json], query: ListQuery) -> Json:
    """The list body for ``query``: newest update first, one page, and counts when asked."""
    others = [
        item
        for item in items
        if (query.category is None or item.get("category") == query.category)
        and (query.priority is None or item.get("priority") == query.priority)
    ]
    matching = [item for item in others if query.status is None or item.get("status") == query.status]
    matching.sort(key=_sort_key, reverse=True)
    start = (query.page - 1) * query.limit
    total = len(matching)
    body: Json = {
        "success": True,
        "data": matching[start : start + query.limit],
        "pagination": {
            "page": query.page,
            "limit": query.limit,
            "total": total,
            "pages": max(1, -(-total // query.limit)),
        },
    }
    if query.count_by_status:
        counts = dict.fromkeys(STATUSES, 0)
        for item in others:  # counts ignore the status filter, so every tab shows its number
            status = str(item.get("status"))
            counts[status] = counts.get(status, 0) + 1
        body["counts"] = counts
    return body
