"""Textual widgets of ticketview, one concern per module."""
