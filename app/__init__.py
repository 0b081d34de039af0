"""ticketview: a terminal viewer for Verifik support tickets."""

__version__ = "0.1.0"
