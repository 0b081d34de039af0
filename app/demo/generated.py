"""Deterministic queue tickets with varied status, priority, category and assignee: the demo's
forty, and any number more for a long queue (tests and benchmarks)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from app.demo.files import png_image, text_file
from app.demo.records import DemoFile, DemoTicket, Json, with_files

_TOPICS: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    # (title, tags, description)
    "technical": (
        (
            "Liveness check times out on iOS 17.4",
            ("sdk", "ios", "liveness"),
            "Since iOS 17.4 the liveness step times out for about one user in ten.",
        ),
        (
            "Webhook signature verification fails",
            ("webhooks", "security"),
            "Our HMAC check rejects every webhook since yesterday; the secret did not change.",
        ),
        (
            "Cedula lookup returns empty names",
            ("cedula", "data"),
            "For some IDs the cedula endpoint answers 200 with empty firstName and lastName.",
        ),
        (
            "OCR misreads dates on Peruvian DNI",
            ("ocr", "documents"),
            "The OCR endpoint swaps day and month on DNI cards issued after 2020.",
        ),
        (
            "Face match score drops with glasses",
            ("biometric", "face-match"),
            "Users wearing glasses get scores around 0.6 although it is clearly the same person.",
        ),
        (
            "Timeouts from the Bogota region",
            ("network", "latency"),
            "Requests from our servers in Bogota time out intermittently between 18:00 and 20:00.",
        ),
        (
            "Android SDK crashes on camera permission denial",
            ("sdk", "android"),
            "The app crashes instead of showing an error when the user denies the camera permission.",
        ),
        (
            "Sandbox returns production data",
            ("sandbox", "privacy"),
            "A sandbox token returned what looks like a real person's record.",
        ),
    ),
    "billing": (
        (
            "Invoice shows the wrong tax ID",
            ("invoice", "tax"),
            "Our March invoice carries our old NIT; we need it corrected for accounting.",
        ),
        (
            "Prepaid credits not applied",
            ("credits", "payments"),
            "We bought 10,000 credits on the 3rd but validations are still billed to the card.",
        ),
        (
            "Request a quote for the Growth plan",
            ("plans", "sales"),
            "We expect 500,000 validations per month from July and need a quote.",
        ),
        (
            "Card declined for the monthly renewal",
            ("payments", "card"),
            "The renewal failed and the dashboard warns that the account will be suspended.",
        ),
        (
            "Need invoices in USD instead of COP",
            ("invoice", "currency"),
            "Our parent company pays from the US and needs invoices in dollars.",
        ),
        (
            "Failed validations were billed",
            ("usage", "invoice"),
            "Validations that ended with LIVENESS_CAPTURE_FAILED appear as billable.",
        ),
        (
            "Change the billing contact",
            ("account", "invoice"),
            "Please send invoices to finance@example-client.com from now on.",
        ),
        (
            "Refund for unused annual plan months",
            ("refund", "plans"),
            "We are moving to monthly billing and ask about the remaining months.",
        ),
    ),
    "account": (
        (
            "Cannot log in after enabling 2FA",
            ("login", "2fa"),
            "The authenticator codes are rejected since I switched phones.",
        ),
        (
            "Add three team members to our project",
            ("team", "invitations"),
            "Please add our new developers; the invitation emails never arrive.",
        ),
        (
            "Rotate a leaked API token",
            ("security", "tokens"),
            "A token was pushed to a public repository by mistake; please revoke it.",
        ),
        (
            "Transfer project ownership",
            ("team", "ownership"),
            "Our CTO is leaving; ownership should move to the new head of engineering.",
        ),
        (
            "Account suspended by mistake",
            ("suspension", "payments"),
            "The account shows as suspended although the last invoice is paid.",
        ),
        (
            "Delete a test project",
            ("projects",),
            "We created a test project that we no longer need and want it removed.",
        ),
        (
            "SSO login loops back to the sign-in page",
            ("login", "sso"),
            "Logging in with Google Workspace SSO returns to the login page.",
        ),
        ("Export our audit log", ("audit", "compliance"), "Our auditors ask for the access log of the last 12 months."),
    ),
    "feature_request": (
        (
            "Spanish texts in the liveness screen",
            ("sdk", "i18n"),
            "Our users in Mexico would like the SDK's instructions in Spanish.",
        ),
        (
            "Webhook retries configurable per project",
            ("webhooks",),
            "We would like to set our own retry schedule for webhooks.",
        ),
        (
            "Dark mode for the web verification flow",
            ("web", "ui"),
            "Our app is dark and the white verification page stands out.",
        ),
        (
            "Batch endpoint for cedula lookups",
            ("cedula", "api"),
            "We need to check 50,000 existing customers and would prefer a batch call.",
        ),
        (
            "Filter the dashboard by SDK version",
            ("dashboard",),
            "It would help us track how many users are still on old versions.",
        ),
        (
            "Support Ecuadorian ID cards",
            ("documents", "coverage"),
            "We are expanding to Ecuador and need document validation there.",
        ),
        (
            "Python client library",
            ("sdk", "python"),
            "A maintained Python package would save us from writing our own client.",
        ),
        (
            "Email alerts when usage reaches 80%",
            ("alerts", "usage"),
            "We would like a warning before running out of prepaid credits.",
        ),
    ),
    "general": (
        (
            "Questions about data retention",
            ("privacy", "compliance"),
            "How long are selfies and document images kept, and can we shorten it?",
        ),
        (
            "Is Verifik ISO 27001 certified?",
            ("compliance", "security"),
            "Our security team needs the certificate for vendor approval.",
        ),
        ("Planned maintenance this weekend?", ("status",), "We saw a banner about maintenance but no dates."),
        (
            "Contact for a partnership",
            ("partnership",),
            "We build onboarding software and would like to resell Verifik.",
        ),
        (
            "Documentation link is broken",
            ("docs",),
            "The link to the webhook reference in the quick start gives a 404.",
        ),
        (
            "Which regions host our data?",
            ("privacy", "hosting"),
            "We need to know where our users' data is stored and processed.",
        ),
        (
            "Demo for our compliance team",
            ("sales",),
            "Could we schedule a call to show the product to our compliance officers?",
        ),
        (
            "Meaning of the REVIEW status",
            ("docs", "biometric"),
            "Some validations end in REVIEW; what should we do with them?",
        ),
    ),
}

_AGENTS = (
    "agent_123456789",
    "agent_551203984",
    "agent_662190437",
    "agent_773410298",
    "agent_884512076",
    "agent_995031862",
)

_AGENT_REPLIES: dict[str, tuple[str, ...]] = {
    "technical": (
        "Thanks for reporting this. I've reproduced it and passed it to the team that owns this area.",
        "Could you send a request ID and the UTC time of one occurrence? Then I can find it in our logs.",
    ),
    "billing": (
        "Thanks, I've forwarded this to our finance team and will update you as soon as they answer.",
        "I've checked your billing history and can see the issue. A correction is on its way.",
    ),
    "account": (
        "For security, please confirm this request by replying from the account owner's email.",
        "I've checked your account and made the change. Please try again and let me know.",
    ),
    "feature_request": (
        "Thank you for the suggestion! I've shared it with the product team with your use case.",
        "Good idea. It's already on our roadmap; I've added your project to the interested clients.",
    ),
    "general": (
        "Thanks for your question. I've sent you the document by email as well.",
        "Happy to help. I've put you in touch with the right team; they will contact you this week.",
    ),
}

_FOLLOW_UPS = (
    "Any news on this? It is still open on our side.",
    "Thank you, that helps. We'll wait for your update.",
    "Thanks for the quick answer!",
)

_RESOLUTIONS = (
    "Fixed on our side and confirmed by the client.",
    "Configuration corrected in the client's project; no further errors reported.",
    "Answered the client's question and shared the relevant documentation.",
    "Change applied as requested and confirmed by email.",
)

_STATUSES = ("open", "pending", "in_progress", "resolved", "closed")
_PRIORITIES = ("low", "medium", "high", "urgent")
_FIRST_DAY = datetime(2024, 1, 2, 8, tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _message(author: str, kind: str, moment: datetime, message: str) -> Json:
    return {"author": author, "message": message, "timestamp": _stamp(moment), "type": kind}


def _json_file(body: Json) -> bytes:
    return (json.dumps(body, indent=2) + "\n").encode("ascii")


def _attachment(rng: random.Random, ticket_id: str) -> list[DemoFile]:
    """One small file for about a third of the tickets."""
    kind = rng.randrange(9)
    if kind == 0:
        hue = rng.randrange(256)
        return [DemoFile("screenshot.png", "image/png", lambda: png_image(64, 40, hue=hue))]
    if kind == 1:
        body = {
            "ticket": ticket_id,
            "status": 500,
            "error": "Internal Server Error",
            "requestId": f"req_{rng.getrandbits(40):010x}",
        }
        return [DemoFile("response.json", "application/json", lambda: _json_file(body))]
    if kind == 2:
        codes = [rng.choice((200, 401, 500, 504)) for _ in range(8)]
        lines = [f"2024-05-{day:02d} attempt {day}: HTTP {code}" for day, code in enumerate(codes, start=1)]
        return [DemoFile("request_log.txt", "text/plain", text_file(lines))]
    return []


def _ticket(rng: random.Random, ticket_id: str, category: str, topic: tuple[str, tuple[str, ...], str]) -> DemoTicket:
    """One ticket on ``topic`` with a short, consistent history."""
    title, tags, description = topic
    status = rng.choices(_STATUSES, weights=(8, 6, 8, 10, 8))[0]
    priority = rng.choices(_PRIORITIES, weights=(8, 14, 10, 4))[0]
    client = f"client_{rng.randint(100_000_000, 999_999_999)}"
    assignee = None if status == "open" and rng.random() < 0.6 else rng.choice(_AGENTS)
    created = moment = _FIRST_DAY + timedelta(minutes=rng.randint(0, 174 * 24 * 60))
    threads = [_message(client, "user", moment, description)]
    if assignee:
        moment += timedelta(minutes=rng.randint(5, 240))
        threads.append(_message("system", "system", moment, f"Ticket assigned to {assignee}"))
        moment += timedelta(minutes=rng.randint(5, 600))
        threads.append(_message(assignee, "agent", moment, rng.choice(_AGENT_REPLIES[category])))
        if rng.random() < 0.5:
            moment += timedelta(minutes=rng.randint(30, 1800))
            threads.append(_message(client, "user", moment, rng.choice(_FOLLOW_UPS)))
    resolved = status in ("resolved", "closed")
    if resolved or status == "pending":
        moment += timedelta(minutes=rng.randint(30, 4000))
        change = "resolved" if resolved else "pending"
        threads.append(_message("system", "system", moment, f"Ticket status changed to {change}"))
    data: Json = {
        "_id": ticket_id,
        "title": title,
        "description": description,
        "status": status,
        "priority": priority,
        "category": category,
        "client": client,
        "assignedTo": assignee,
        "threads": threads,
        "attachments": [],
        "tags": list(tags),
        "resolution": rng.choice(_RESOLUTIONS) if resolved else None,
        "createdAt": _stamp(created),
        "updatedAt": _stamp(moment),
        "resolvedAt": _stamp(moment) if resolved else None,
    }
    return with_files(data, _attachment(rng, ticket_id))


def generated_tickets(seed: int = 2024) -> list[DemoTicket]:
    """The queue's filler tickets, the same on every run."""
    rng = random.Random(seed)
    pairs = [(category, topic) for category, topics in _TOPICS.items() for topic in topics]
    rng.shuffle(pairs)
    numbers = rng.sample(range(600_000_000, 999_999_999), len(pairs))
    return [
        _ticket(rng, f"support_ticket_{number}", category, topic)
        for number, (category, topic) in zip(numbers, pairs, strict=False)
    ]


def queue_tickets(count: int, seed: int = 5000) -> list[DemoTicket]:
    """``count`` tickets on the same topics, for a long queue; the same on every run."""
    rng = random.Random(seed)
    pairs = [(category, topic) for category, topics in _TOPICS.items() for topic in topics]
    numbers = rng.sample(range(100_000_000, 999_999_999), count)
    return [
        _ticket(rng, f"support_ticket_{number}", *pairs[index % len(pairs)]) for index, number in enumerate(numbers)
    ]
