"""Ticket bodies shared by the tests: the API page's example, verbatim, and a hostile ticket."""

from __future__ import annotations

import json
from typing import Any

# Verbatim from /work/shared/api/support-tickets.md, "The example response, exactly as the page prints it".
EXAMPLE_BODY = b"""{
  "success": true,
  "data": {
    "_id": "support_ticket_123456789",
    "title": "API Integration Issue",
    "description": "Having trouble integrating the biometric validation API. Getting 401 errors when trying to authenticate.",
    "status": "in_progress",
    "priority": "high",
    "category": "technical",
    "client": "client_123456789",
    "assignedTo": "agent_123456789",
    "threads": [
      {
        "author": "client_123456789",
        "message": "Having trouble integrating the biometric validation API. Getting 401 errors when trying to authenticate.",
        "timestamp": "2024-01-15T10:30:00Z",
        "type": "user"
      },
      {
        "author": "agent_123456789",
        "message": "I've reviewed your API key and it appears to be valid. Let me check the logs and get back to you.",
        "timestamp": "2024-01-15T11:00:00Z",
        "type": "agent"
      }
    ],
    "attachments": [
      {
        "filename": "error_logs.txt",
        "url": "https://storage.verifik.co/attachments/error_logs.txt",
        "size": 1024,
        "type": "text/plain"
      }
    ],
    "tags": ["api", "authentication", "biometric"],
    "resolution": null,
    "createdAt": "2024-01-15T10:30:00Z",
    "updatedAt": "2024-01-15T11:00:00Z",
    "resolvedAt": null
  }
}"""
EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_BODY)

# Everything a hostile sender could put in a ticket: escape sequences, C1 controls, bidi overrides,
# invisible characters, markup. Exported or shown, it must come out as text, never as an action.
HOSTILE: dict[str, Any] = {
    "_id": "T-\x1b[31m-1",
    "title": "Refund \x1b]0;pwned\x07 [bold]now[/] [@click=app.quit]x[/]",
    "description": "line one\r\nline two\rover\x9b31m\u202efdp.exe\u200b",
    "status": "\x1b[5mopen",
    "priority": "urgent\x07",
    "category": "[red]billing[/]",
    "client": "client\u2028two",
    "assignedTo": "agent\x7f",
    "threads": [
        {
            "author": "[link=https://evil.example]me[/link]",
            "message": "hi\x1b[2J\tthere\n[/",
            "timestamp": "2024-01-15T10:30:00Z",
            "type": "user",
        },
        {
            "author": "agent\u2066x",
            "message": "second\x85",
            "timestamp": "\x1b[31m",
            "type": "\x1b[1magent",
        },
    ],
    "attachments": [
        {
            "filename": "invoice\u202efdp.exe\x1b",
            "url": "https://x.example/a",
            "size": 5,
            "type": "text/\x9bplain",
        }
    ],
    "tags": ["\x1b[31mtag", "[b]t[/b]"],
    "resolution": "done\x07",
    "createdAt": "2024-01-15T10:30:00Z",
    "updatedAt": "\u202e2024",
    "resolvedAt": None,
}
