"""The bytes of the demo's attachments: logs, JSON, CSV, YAML, a real PNG, a real PDF, a big blob.

Everything is deterministic and made only when first asked for, so importing this costs nothing.
"""

from __future__ import annotations

import json
import random
import struct
import zlib
from collections.abc import Callable

from app.demo.records import DemoFile

BIG_FILE_SIZE = 8 * 1024 * 1024
"""The size of the large binary attachment (8 MiB)."""

_ERROR_LOG_LINES = (
    "2024-01-15T10:21:04.118Z INFO  verifik-client 2.3.1 starting (env=production, node=v20.10.0)\n",
    "2024-01-15T10:21:04.342Z DEBUG POST https://api.verifik.co/v2/biometric-validations\n",
    "2024-01-15T10:21:04.611Z ERROR 401 Unauthorized: Invalid or expired token (req_8f3a2c91)\n",
    "2024-01-15T10:21:05.612Z WARN  retry 1/3 in 1000 ms\n",
    "2024-01-15T10:21:05.890Z ERROR 401 Unauthorized: Invalid or expired token (req_8f3a2d07)\n",
    "2024-01-15T10:21:07.891Z WARN  retry 2/3 in 2000 ms\n",
    "2024-01-15T10:21:08.164Z ERROR 401 Unauthorized: Invalid or expired token (req_8f3a2e4b)\n",
    "2024-01-15T10:21:12.165Z WARN  retry 3/3 in 4000 ms\n",
    "2024-01-15T10:21:12.433Z ERROR 401 Unauthorized: Invalid or expired token (req_8f3a2f10)\n",
    "2024-01-15T10:21:12.434Z ERROR giving up: biometric validation for session sess_51c0 failed\n",
    "2024-01-15T10:21:12.435Z DEBUG Authorization header: Bearer eyJhbGciOi...(redacted)\n",
    "2024-01-15T10:21:12.436Z DEBUG token issued 2024-01-14T09:02:11Z, project prj_7d21\n",
    "2024-01-15T10:21:12.437Z INFO  exiting with code 1 after 4 failed requests.\n",
)


def error_logs() -> bytes:
    """``error_logs.txt`` of the API page's example: exactly 1,024 bytes of a failing client."""
    return "".join(_ERROR_LOG_LINES).encode("ascii")


_ENDPOINTS = (
    ("POST", "/v2/biometric-validations"),
    ("POST", "/v2/face-recognition/liveness"),
    ("GET", "/v2/co/cedula"),
    ("POST", "/v2/document-validations"),
    ("GET", "/v2/support-tickets"),
    ("POST", "/v2/ocr/scan-prompt"),
)


def service_log(lines: int = 345, seed: int = 11) -> bytes:
    """A few hundred lines of an integration's request log (about 40 KiB)."""
    rng = random.Random(seed)
    out: list[str] = []
    seconds = 0
    for number in range(lines):
        seconds += rng.randint(1, 40)
        hours, rest = divmod(seconds, 3600)
        stamp = f"2024-03-11T{8 + hours:02d}:{rest // 60:02d}:{rest % 60:02d}.{rng.randint(0, 999):03d}Z"
        method, path = rng.choice(_ENDPOINTS)
        status = rng.choices((200, 201, 400, 401, 429, 502), weights=(60, 10, 6, 8, 10, 6))[0]
        level = "INFO " if status < 400 else ("WARN " if status in (400, 429) else "ERROR")
        latency = rng.randint(80, 2400) if status != 502 else 30000
        request_id = f"req_{rng.getrandbits(48):012x}"
        out.append(
            f"{stamp} {level} [worker-{number % 4}] {method} {path} -> {status} in {latency} ms ({request_id})\n"
        )
        if status == 429:
            out.append(f"{stamp} WARN  [worker-{number % 4}] rate limited, Retry-After: 2\n")
        elif status == 502:
            out.append(f"{stamp} ERROR [worker-{number % 4}] upstream gateway error, will retry\n")
    return "".join(out).encode("ascii")


def webhook_payload() -> bytes:
    """A pretty-printed webhook body the client says arrived twice."""
    payload = {
        "event": "biometric_validation.completed",
        "deliveryId": "dlv_65f0c2a91e7b4d0012a3b4c5",
        "attempt": 2,
        "createdAt": "2024-03-11T09:14:27Z",
        "data": {
            "validationId": "bv_65f0c2a7f1d2e30012fedcba",
            "status": "approved",
            "score": 0.9731,
            "liveness": {"passed": True, "score": 0.988, "method": "passive"},
            "document": {"type": "CC", "country": "CO", "number": "******4821"},
            "checks": [
                {"name": "face_match", "result": "pass", "threshold": 0.85, "value": 0.9731},
                {"name": "liveness", "result": "pass", "threshold": 0.9, "value": 0.988},
                {"name": "document_expiry", "result": "pass"},
            ],
            "metadata": {"sessionId": "sess_51c0a9", "channel": "mobile-sdk", "sdkVersion": "4.2.0"},
        },
        "signature": "t=1710148467,v1=5f2b9c0e8a71d3c4b6e9f0a1d2c3b4a5968776655443322110ffeeddccbbaa99",
    }
    return (json.dumps(payload, indent=2) + "\n").encode("ascii")


def usage_export(rows: int = 60, seed: int = 5) -> bytes:
    """A CSV export of daily API usage, as a billing client would send it."""
    rng = random.Random(seed)
    out = ["date,endpoint,requests,billable,failed,cost_usd\n"]
    for day in range(rows // 3):
        for endpoint, price in (("biometric-validations", 0.12), ("liveness", 0.08), ("cedula", 0.03)):
            requests = rng.randint(150, 2200)
            failed = rng.randint(0, requests // 25)
            billable = requests - failed
            out.append(f"2024-02-{day + 1:02d},{endpoint},{requests},{billable},{failed},{billable * price:.2f}\n")
    return "".join(out).encode("ascii")


_INTEGRATION_YAML = """\
# verifik-client configuration (production)
api:
  base_url: https://api.verifik.co
  version: v2
  token: ${VERIFIK_TOKEN}
  timeout_seconds: 30
retry:
  attempts: 3
  backoff: exponential
  initial_delay_ms: 1000
webhooks:
  endpoint: https://hooks.example-client.com/verifik
  secret: ${VERIFIK_WEBHOOK_SECRET}
  events:
    - biometric_validation.completed
    - biometric_validation.failed
    - document_validation.completed
  deduplicate_by: deliveryId
biometrics:
  liveness: passive
  face_match_threshold: 0.85
  store_images: false
logging:
  level: debug
  redact_headers: [Authorization, X-Webhook-Signature]
"""


def integration_config() -> bytes:
    """The client's YAML configuration file."""
    return _INTEGRATION_YAML.encode("ascii")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_image(width: int = 96, height: int = 64, hue: int = 0) -> bytes:
    """A real RGB PNG: a soft gradient with a check mark, like a cropped screenshot."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            on_mark = abs((y - height * 0.62) + (x - width * 0.38) * 0.9) < 3 and x < width * 0.42
            on_mark |= abs((y - height * 0.72) - (x - width * 0.42) * 0.9) < 3 and x >= width * 0.38
            if on_mark and width * 0.2 < x < width * 0.8 and height * 0.2 < y < height * 0.85:
                rows += bytes((40, 160, 90))
            else:
                rows += bytes(((hue + 30 + x * 2) % 256, (90 + y * 2) % 256, (200 - x) % 256))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_pages(pages: list[list[str]], *, size: int = 11, leading: int = 15, left: int = 64, top: int = 780) -> bytes:
    """A real PDF with one page per list of lines (Helvetica text, correct cross-reference table).

    ``size`` and ``leading`` are the font size and line spacing in points; ``left`` and ``top`` place
    the first line on an A4 page.
    """
    count = len(pages)
    font = 3 + 2 * count  # object numbers: 1 catalog, 2 pages, then a page and its contents each
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (3 + 2 * n) for n in range(count)), count),
    ]
    for number, lines in enumerate(pages):
        text = "".join(f"({_pdf_text(line)}) Tj T* " for line in lines)
        stream = f"BT /F1 {size} Tf {leading} TL {left} {top} Td {text}ET".encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * number, font)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; the first is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def pdf_document(lines: list[str]) -> bytes:
    """A real one-page PDF of 12-point lines."""
    return pdf_pages([lines], size=12, leading=16, left=72, top=770)


def big_binary() -> bytes:
    """8 MiB of deterministic bytes: a 64 KiB random block repeated (cheap to make)."""
    return random.Random(20240311).randbytes(64 * 1024) * (BIG_FILE_SIZE // (64 * 1024))


def text_file(lines: list[str]) -> Callable[[], bytes]:
    """A maker of a small UTF-8 text file."""
    return lambda: ("\n".join(lines) + "\n").encode("utf-8")


def attachments_showcase() -> list[DemoFile]:
    """The files of the ticket that shows every kind of attachment."""
    invoice = [
        "Verifik - Invoice INV-2024-0311",
        "Client: client_427361905",
        "Period: 2024-02-01 to 2024-02-29",
        "Biometric validations: 21,480 x USD 0.12",
        "Liveness checks: 18,302 x USD 0.08",
        "Total due: USD 4,041.76",
    ]
    return [
        DemoFile("integration-service.log", "text/plain", service_log),
        DemoFile("webhook_payload.json", "application/json", webhook_payload),
        DemoFile("usage_february.csv", "text/csv", usage_export),
        DemoFile("verifik-client.yaml", "application/yaml", integration_config),
        DemoFile("liveness_screen.png", "image/png", png_image),
        DemoFile("invoice_INV-2024-0311.pdf", "application/pdf", lambda: pdf_document(invoice)),
        DemoFile("device_capture.bin", "application/octet-stream", big_binary, BIG_FILE_SIZE),
    ]
