"""Status and priority badges: colour plus a symbol plus words, never colour alone."""

from __future__ import annotations

from textual.content import Content

from app.core.text.formatting import priority_label, status_label

STATUS_STYLES = {
    "open": "$text-warning on $warning-muted",
    "pending": "$text-accent on $accent-muted",
    "in_progress": "$text-primary on $primary-muted",
    "resolved": "$text-success on $success-muted",
    "closed": "$foreground-muted on $boost",
}
PRIORITY_STYLES = {
    "low": "$foreground-muted on $boost",
    "medium": "$text-primary on $primary-muted",
    "high": "$text-warning on $warning-muted",
    "urgent": "bold $text-error on $error-muted",
}
UNKNOWN_STYLE = "$foreground on $boost"


def _badge(symbol: str, words: str, style: str) -> Content:
    return Content.styled(f" {symbol} {words} ", style)


def status_badge(status: str | None) -> Content:
    """A badge for a ticket status, e.g. `◑ In progress` on blue."""
    symbol, words = status_label(status)
    return _badge(symbol, words, STATUS_STYLES.get((status or "").lower(), UNKNOWN_STYLE))


def priority_badge(priority: str | None, *, short: bool = False) -> Content:
    """A badge for a priority, e.g. `▲ High priority` on amber (`▲ High` when ``short``)."""
    symbol, words = priority_label(priority)
    style = PRIORITY_STYLES.get((priority or "").lower(), UNKNOWN_STYLE)
    return _badge(symbol, words if short else f"{words} priority", style)
