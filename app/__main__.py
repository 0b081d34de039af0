"""``python -m app`` runs ticketview."""

from app.cli import run

run()
