"""The demo's screenshots, photo, PDF invoice and archives: made by code when first asked for.

Pillow draws the images (imported only then); the PDF is written by hand (a real multi-page text
PDF with a correct cross-reference table); the archives are built in memory. Nothing is made at
import or when the demo starts: the ticket that carries them makes them on its first request.
"""

from __future__ import annotations

import io
import time
from typing import TYPE_CHECKING

from app.demo.files import error_logs, pdf_pages, service_log, text_file, usage_export, webhook_payload
from app.demo.records import DemoFile, DemoTicket, Json

if TYPE_CHECKING:
    import tarfile

DOCUMENTS_ID = "support_ticket_639202718"

FIXED_TIME = time.mktime((2024, 6, 3, 9, 12, 0, 0, 0, -1))
"""The date stamped on archive members, so the archives are the same on every run."""


def error_dialog_png() -> bytes:
    """A screenshot of an error dialog (about 480x260), as a client would paste it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 260), (236, 239, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 479, 34), fill=(52, 73, 102))
    draw.text((14, 11), "Verifik Onboarding - Kiosk 14", fill=(255, 255, 255))
    draw.ellipse((28, 62, 88, 122), fill=(200, 40, 50))
    draw.line((45, 79, 71, 105), fill=(255, 255, 255), width=6)
    draw.line((71, 79, 45, 105), fill=(255, 255, 255), width=6)
    draw.text((110, 66), "Verification failed", fill=(20, 20, 20))
    draw.text((110, 90), "Error 401: Invalid or expired token", fill=(60, 60, 60))
    draw.text((110, 110), "Request req_8f3a2f10 - 2024-06-03 09:11 UTC", fill=(90, 90, 90))
    draw.rectangle((360, 200, 456, 236), fill=(52, 120, 220), outline=(30, 80, 160))
    draw.text((398, 212), "OK", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def kiosk_photo_jpeg() -> bytes:
    """An 800x600 photo of a kiosk against a sky (gradients and shapes), as a phone would take it."""
    from PIL import Image, ImageDraw

    sky = Image.linear_gradient("L").resize((800, 600))
    image = Image.merge(
        "RGB", (sky.point(lambda v: 90 + v // 3), sky.point(lambda v: 140 + v // 4), sky.point(lambda v: 230 - v // 5))
    )
    draw = ImageDraw.Draw(image)
    draw.ellipse((600, 60, 700, 160), fill=(255, 226, 140))
    draw.rectangle((0, 430, 799, 599), fill=(96, 104, 96))
    draw.rectangle((300, 170, 500, 520), fill=(40, 44, 52), outline=(20, 20, 24), width=6)
    draw.rectangle((325, 200, 475, 330), fill=(180, 220, 250))
    draw.ellipse((370, 220, 430, 280), fill=(230, 190, 160))
    draw.rectangle((360, 280, 440, 330), fill=(60, 90, 150))
    draw.rectangle((340, 370, 460, 400), fill=(200, 200, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def invoice_pdf() -> bytes:
    """A three-page invoice: summary, itemised usage by day, terms."""
    summary = [
        "Verifik - Invoice INV-2024-0603",
        "",
        "Billed to: Andes Retail S.A.S. (client_639202718)",
        "Period: 2024-05-01 to 2024-05-31",
        "",
        "Biometric validations     24,310 x USD 0.12    USD 2,917.20",
        "Liveness checks           22,904 x USD 0.08    USD 1,832.32",
        "Document validations       3,115 x USD 0.15      USD 467.25",
        "",
        "Subtotal                                        USD 5,216.77",
        "VAT (19%)                                         USD 991.19",
        "Total due                                       USD 6,207.96",
        "",
        "Due date: 2024-06-30. Itemised usage on the next page.",
    ]
    days = ["Usage by day (biometric validations / liveness / documents)", ""]
    for day in range(1, 32):
        days.append(
            f"2024-05-{day:02d}    {700 + (day * 37) % 180:>5}    {640 + (day * 53) % 170:>5}    {80 + (day * 11) % 40:>4}"
        )
    terms = [
        "Terms",
        "",
        "Retried requests with the same deliveryId are billed once.",
        "Questions about this invoice: billing@verifik.co, quoting INV-2024-0603.",
        "Disputes must be raised within 30 days of the invoice date.",
    ]
    return pdf_pages([summary, days, terms])


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    import tarfile

    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(FIXED_TIME)
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def logs_zip() -> bytes:
    """A zip of the kiosk's logs: a folder of daily logs, the error log and the usage export."""
    import zipfile

    buffer = io.BytesIO()
    stamp = (2024, 6, 3, 9, 12, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("logs/", stamp), b"")
        for day in range(1, 4):
            info = zipfile.ZipInfo(f"logs/kiosk-14-2024-06-0{day}.log", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, service_log(lines=120 + 40 * day, seed=day))
        for name, data in (("error_logs.txt", error_logs()), ("usage_may.csv", usage_export(rows=93, seed=9))):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        info = zipfile.ZipInfo("screens/error_dialog.png", stamp)
        archive.writestr(info, error_dialog_png())
    return buffer.getvalue()


def logs_tar_gz() -> bytes:
    """A tar.gz of the integration's configuration and logs, as a Linux server would send them."""
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as archive:
        directory = tarfile.TarInfo("verifik-client")
        directory.type, directory.mode, directory.mtime = tarfile.DIRTYPE, 0o755, int(FIXED_TIME)
        archive.addfile(directory)
        _add(archive, "verifik-client/service.log", service_log(lines=200, seed=21))
        _add(archive, "verifik-client/webhook_payload.json", webhook_payload())
        link = tarfile.TarInfo("verifik-client/latest.log")
        link.type, link.linkname, link.mtime = tarfile.SYMTYPE, "service.log", int(FIXED_TIME)
        archive.addfile(link)
    # gzip stamps the time it ran into its header: fix it, so the bytes are the same on every run.
    data = bytearray(buffer.getvalue())
    data[4:8] = int(FIXED_TIME).to_bytes(4, "little")
    return bytes(data)


def _message(author: str, kind: str, timestamp: str, message: str) -> Json:
    return {"author": author, "message": message, "timestamp": timestamp, "type": kind}


def documents_ticket() -> DemoTicket:
    """A ticket with a screenshot, a photo, a PDF invoice, a zip and a tar.gz of logs, and two
    mislabelled files; its files are made on its first request (``DemoTicket.complete``)."""
    client, agent = "client_639202718", "agent_551203984"
    description = (
        "Kiosk 14 shows an error dialog on every verification since Monday (screenshot and a "
        "photo of the kiosk attached), and the May invoice looks high. Logs attached as a zip "
        "and as a tar.gz from our server."
    )
    data: Json = {
        "_id": DOCUMENTS_ID,
        "title": "Kiosk error dialog and a high May invoice (screenshot, photo, PDF, logs)",
        "description": description,
        "status": "in_progress",
        "priority": "high",
        "category": "technical",
        "client": client,
        "assignedTo": agent,
        "threads": [
            _message(client, "user", "2024-06-03T09:20:00Z", description),
            _message(
                agent,
                "agent",
                "2024-06-03T10:02:00Z",
                "Thanks. The dialog says 401: the kiosk's token expired. The logs show it retrying "
                "with the old token, and each retry is billed. I'll check the invoice against them.",
            ),
            _message(
                client,
                "user",
                "2024-06-03T10:15:00Z",
                "Also attaching what our kiosk app exported; its file names may be off.",
            ),
        ],
        "attachments": [],  # filled on the first request, when the files are made
        "tags": ["kiosk", "401", "invoice"],
        "resolution": None,
        "createdAt": "2024-06-03T09:20:00Z",
        "updatedAt": "2024-06-03T10:15:00Z",
        "resolvedAt": None,
    }
    files = [
        DemoFile("error_dialog.png", "image/png", error_dialog_png),
        DemoFile("kiosk_photo.jpg", "image/jpeg", kiosk_photo_jpeg),
        DemoFile("invoice_INV-2024-0603.pdf", "application/pdf", invoice_pdf),
        DemoFile("kiosk_logs.zip", "application/zip", logs_zip),
        DemoFile("verifik-client-logs.tar.gz", "application/gzip", logs_tar_gz),
        DemoFile("kiosk_export.txt", "text/plain", error_dialog_png),  # a PNG named .txt
        DemoFile(
            "kiosk_notes.png",
            "image/png",
            text_file(["Kiosk 14 notes: token rotated 2024-05-27; app not restarted since."]),
        ),
    ]
    return DemoTicket(data, {item.filename: item for item in files})
