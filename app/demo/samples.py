"""The hand-written demo tickets, each showing one part of the app, and the IDs the start screen lists."""

from __future__ import annotations

from app.demo.conversation import long_conversation
from app.demo.documents import DOCUMENTS_ID
from app.demo.files import (
    attachments_showcase,
    error_logs,
    pdf_document,
    png_image,
    text_file,
    webhook_payload,
)
from app.demo.records import DemoFile, DemoTicket, Json, with_files

EXAMPLE_ID = "support_ticket_123456789"
RESOLVED_ID = "support_ticket_204817365"
LONG_ID = "support_ticket_318274650"
ATTACHMENTS_ID = "support_ticket_427361905"
UNASSIGNED_ID = "support_ticket_530918274"
HOSTILE_ID = "support_ticket_hostile"
HUGE_ID = "support_ticket_huge"

SAMPLE_IDS: list[tuple[str, str]] = [
    (EXAMPLE_ID, "The API page's example: in progress, 401 errors, one log file"),
    (RESOLVED_ID, "Resolved billing ticket with a resolution and system messages"),
    (LONG_ID, "Long conversation: 62 messages over five days"),
    (ATTACHMENTS_ID, "Seven attachments: log, JSON, CSV, YAML, PNG, PDF, 8 MiB binary"),
    (UNASSIGNED_ID, "Open, urgent, unassigned, no attachments"),
    (HOSTILE_ID, "Hostile text: markup, escape sequences, odd file names"),
    (DOCUMENTS_ID, "Screenshot, photo, PDF invoice, zip and tar.gz of logs, mislabelled files"),
    (HUGE_ID, "Huge: 10,000 messages and 200 attachments"),
]
"""(ticket ID, one-line description) in the order the start screen lists them."""


def _message(author: str, kind: str, timestamp: str, message: str) -> Json:
    return {"author": author, "message": message, "timestamp": timestamp, "type": kind}


def example_ticket() -> DemoTicket:
    """The API page's example ticket, field for field; only the attachment URL points here."""
    data: Json = {
        "_id": EXAMPLE_ID,
        "title": "API Integration Issue",
        "description": "Having trouble integrating the biometric validation API. Getting 401 errors when trying to authenticate.",
        "status": "in_progress",
        "priority": "high",
        "category": "technical",
        "client": "client_123456789",
        "assignedTo": "agent_123456789",
        "threads": [
            _message(
                "client_123456789",
                "user",
                "2024-01-15T10:30:00Z",
                "Having trouble integrating the biometric validation API. Getting 401 errors when trying to authenticate.",
            ),
            _message(
                "agent_123456789",
                "agent",
                "2024-01-15T11:00:00Z",
                "I've reviewed your API key and it appears to be valid. Let me check the logs and get back to you.",
            ),
        ],
        "attachments": [],
        "tags": ["api", "authentication", "biometric"],
        "resolution": None,
        "createdAt": "2024-01-15T10:30:00Z",
        "updatedAt": "2024-01-15T11:00:00Z",
        "resolvedAt": None,
    }
    return with_files(data, [DemoFile("error_logs.txt", "text/plain", error_logs)])


def resolved_ticket() -> DemoTicket:
    """A billing ticket that was resolved, with its resolution and system messages."""
    client, agent = "client_204817365", "agent_773410298"
    description = (
        "Our February invoice (INV-2024-0207) was charged twice to our corporate card on "
        "March 1st. Please refund the duplicate charge of USD 1,284.50."
    )
    data: Json = {
        "_id": RESOLVED_ID,
        "title": "Charged twice for the February invoice",
        "description": description,
        "status": "resolved",
        "priority": "medium",
        "category": "billing",
        "client": client,
        "assignedTo": agent,
        "threads": [
            _message(client, "user", "2024-03-04T09:12:44Z", description),
            _message("system", "system", "2024-03-04T09:30:02Z", f"Ticket assigned to {agent}"),
            _message(
                agent,
                "agent",
                "2024-03-04T10:05:31Z",
                "Hello, thanks for the screenshot. I can see two payments for INV-2024-0207, "
                "3 minutes apart: the payment page was submitted twice.\n\nI've asked our finance "
                "team to refund the second payment. Refunds take 5 to 10 business days to appear "
                "on a card statement.",
            ),
            _message(
                client,
                "user",
                "2024-03-04T10:20:10Z",
                "Thank you. Could you send a confirmation for our accountant?",
            ),
            _message(
                agent,
                "agent",
                "2024-03-05T14:48:57Z",
                "Of course: the refund confirmation is attached. Reference RF-2024-0391.",
            ),
            _message(client, "user", "2024-03-11T08:02:19Z", "The refund arrived today. All good, thanks!"),
            _message("system", "system", "2024-03-11T08:15:00Z", "Ticket status changed to resolved"),
        ],
        "attachments": [],
        "tags": ["billing", "invoice", "refund"],
        "resolution": (
            "Duplicate payment of INV-2024-0207 refunded in full (USD 1,284.50, reference "
            "RF-2024-0391). The payment page now disables the Pay button after the first click."
        ),
        "createdAt": "2024-03-04T09:12:44Z",
        "updatedAt": "2024-03-11T08:15:00Z",
        "resolvedAt": "2024-03-11T08:15:00Z",
    }
    refund = [
        "Verifik - Refund confirmation RF-2024-0391",
        "Client: client_204817365",
        "Invoice: INV-2024-0207 (paid twice on 2024-03-01)",
        "Refunded: USD 1,284.50 to the card ending 4417",
        "Date: 2024-03-05",
    ]
    return with_files(
        data,
        [
            DemoFile("card_statement.png", "image/png", lambda: png_image(120, 48, hue=120)),
            DemoFile("refund_confirmation_RF-2024-0391.pdf", "application/pdf", lambda: pdf_document(refund)),
        ],
    )


def long_ticket() -> DemoTicket:
    """A week-long conversation with a client preparing a launch."""
    threads = long_conversation()
    data: Json = {
        "_id": LONG_ID,
        "title": "Duplicate webhooks creating duplicate accounts before our campaign",
        "description": threads[0]["message"],
        "status": "in_progress",
        "priority": "high",
        "category": "technical",
        "client": "client_318274650",
        "assignedTo": "agent_662190437",
        "threads": threads,
        "attachments": [],
        "tags": ["webhooks", "sdk", "rate-limit", "campaign"],
        "resolution": None,
        "createdAt": threads[0]["timestamp"],
        "updatedAt": threads[-1]["timestamp"],
        "resolvedAt": None,
    }
    return with_files(data, [DemoFile("webhook_payload.json", "application/json", webhook_payload)])


def attachments_ticket() -> DemoTicket:
    """A ticket carrying one attachment of every common kind, from 1 KiB to 8 MiB."""
    client, agent = "client_427361905", "agent_551203984"
    description = (
        "The February invoice bills 21,480 biometric validations, but our own records show "
        "19,902. Our logs, usage export, configuration and a capture from the kiosk tablet are "
        "attached."
    )
    data: Json = {
        "_id": ATTACHMENTS_ID,
        "title": "Billed validations do not match our records (logs and export attached)",
        "description": description,
        "status": "pending",
        "priority": "medium",
        "category": "billing",
        "client": client,
        "assignedTo": agent,
        "threads": [
            _message(client, "user", "2024-03-11T09:40:12Z", description),
            _message(
                agent,
                "agent",
                "2024-03-11T11:02:45Z",
                "Thank you for the detailed files. The webhook payload shows attempt 2: retried "
                "requests are billed once, so I suspect your records count retries differently "
                "from ours.\n\nI've sent the export to our billing engineers and will come back "
                "to you within two business days.",
            ),
            _message(
                client,
                "user",
                "2024-03-11T11:30:09Z",
                "Thanks. The screenshot shows the liveness screen on the kiosk where most of the retries happen.",
            ),
            _message("system", "system", "2024-03-11T11:31:00Z", "Ticket status changed to pending"),
        ],
        "attachments": [],
        "tags": ["billing", "usage", "invoice", "logs"],
        "resolution": None,
        "createdAt": "2024-03-11T09:40:12Z",
        "updatedAt": "2024-03-11T11:31:00Z",
        "resolvedAt": None,
    }
    return with_files(data, attachments_showcase())


def unassigned_ticket() -> DemoTicket:
    """An urgent ticket nobody has picked up yet, with no attachments."""
    client = "client_530918274"
    description = (
        "Since 07:50 UTC every call to /v2/biometric-validations answers 500 Internal Server "
        "Error. Our branch onboarding is stopped in 40 offices."
    )
    data: Json = {
        "_id": UNASSIGNED_ID,
        "title": "All biometric validations fail with HTTP 500",
        "description": description,
        "status": "open",
        "priority": "urgent",
        "category": "technical",
        "client": client,
        "assignedTo": None,
        "threads": [
            _message(client, "user", "2024-05-20T08:03:51Z", description),
            _message(
                client,
                "user",
                "2024-05-20T08:21:07Z",
                "Still failing. Request IDs from the last minutes:\nreq_9a1f03c2e8b4\n"
                "req_9a1f03d77c10\nreq_9a1f03e0a5f9\n\nPlease call us at the number on file.",
            ),
        ],
        "attachments": [],
        "tags": ["outage", "biometric", "http-500"],
        "resolution": None,
        "createdAt": "2024-05-20T08:03:51Z",
        "updatedAt": "2024-05-20T08:21:07Z",
        "resolvedAt": None,
    }
    return DemoTicket(data)


def hostile_ticket() -> DemoTicket:
    """Text written to trick a viewer: markup, terminal escapes, controls, deceptive file names."""
    client = "client_[@click=app.quit]666[/]"
    data: Json = {
        "_id": HOSTILE_ID,
        "title": "[bold red]URGENT[/] refund \u001b[2J[@click=app.quit]click me[/] \u001b]0;pwned\u0007",
        "description": (
            "Markup: [bold red]x[/] [link=https://evil.example]x[/link] and a lone [/\n"
            "Clear screen: \u001b[2J set title: \u001b]0;pwned\u0007 clipboard: \u001b]52;c;aGk=\u0007\n"
            "C1 CSI: \u009b31m red? Bidi: abc\u202edcba\u202c Carriage\rreturn and a bell\u0007."
        ),
        "status": "escalated",
        "priority": "p0",
        "category": "technical",
        "client": client,
        "assignedTo": "agent_\u001b[31mred\u001b[0m",
        "threads": [
            _message(client, "user", "2024-06-03T12:00:00Z", "[@click=app.quit]click me[/] for the invoice"),
            _message(
                "agent_[link=https://evil.example]support[/link]",
                "agent",
                "2024-06-03T12:05:00Z",
                "Reply with \u001b]52;c;aGk=\u0007 copied, \u001b[2J cleared and \u009b2J via C1.",
            ),
            _message("bot_9000", "bot", "2024-06-03T12:06:00Z", "A [b]bot[/b] message of unknown type [/"),
            _message("system", "system", "2024-06-03T12:07:00Z", "Progress 10%\rDone\u001b[1A\u001b[K"),
        ],
        "attachments": [],
        "tags": ["[bold]tag[/]", "\u001b[5mblink\u001b[0m", "normal"],
        "resolution": None,
        "createdAt": "2024-06-03T12:00:00Z",
        "updatedAt": "2024-06-03T12:07:00Z",
        "resolvedAt": None,
    }
    return with_files(
        data,
        [
            DemoFile(
                "invoice\u202efdp.exe",
                "application/octet-stream",
                text_file(["This demo file's name hides its real extension (.exe) behind a bidi override."]),
            ),
            DemoFile(
                "../../etc/passwd",
                "text/plain",
                text_file(["This demo file's name tries to leave the download folder."]),
            ),
            DemoFile(
                "[bold]report[/].txt",
                "text/plain",
                text_file(["[bold red]Markup inside a file[/] \u001b[2J and an escape sequence."]),
            ),
        ],
    )
