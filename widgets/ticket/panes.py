"""The ticket's panes, by name, for whoever needs them without importing the ticket view."""

PANES = ("details", "conversation", "attachments")
PANE_TITLES = {"details": "Details", "conversation": "Conversation", "attachments": "Attachments"}
COMPACT_BELOW = 100
"""Columns under which the ticket shows one pane at a time."""
