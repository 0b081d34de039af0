"""Judging a file by its bytes: signatures first, then text or binary; a mismatch put in words."""

from __future__ import annotations

import gzip
import io
import struct
import tarfile

import pytest

from app.core.attachments.kinds import detect, judge, mismatch
from app.demo.documents import error_dialog_png, kiosk_photo_jpeg, logs_tar_gz, logs_zip


def _tar(name: str = "a.log", data: bytes = b"hello\n") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _bmp() -> bytes:
    header = struct.pack("<2sIHHI", b"BM", 70, 0, 0, 54) + struct.pack(
        "<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, 16, 0, 0, 0, 0
    )
    return header + b"\x00" * 16


@pytest.mark.parametrize(
    ("data", "kind", "label"),
    [
        (error_dialog_png(), "image", "PNG image"),
        (kiosk_photo_jpeg(), "image", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "image", "GIF image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image", "WebP image"),
        (_bmp(), "image", "BMP image"),
        (b"%PDF-1.7\n", "pdf", "PDF document"),
        (logs_zip(), "archive", "ZIP archive"),
        (_tar(), "archive", "tar archive"),
        (logs_tar_gz(), "archive", "tar.gz archive"),
        (gzip.compress(b"one text file\n"), "archive", "gzip file"),
        (b"\x7fELF\x02\x01\x01", "binary", "ELF executable"),
    ],
)
def test_signatures_decide_the_kind(data: bytes, kind: str, label: str) -> None:
    assert judge(("text/plain",), data[:8192]) == (kind, label)  # whatever the type says


def test_text_is_text_whatever_it_is_called_and_bm_alone_is_not_a_bmp() -> None:
    assert judge(("image/png",), b"Kiosk notes: restart the app\n") == ("text", None)
    assert judge(("text/plain",), b"BMW service log, 2024\n") == ("text", None)
    assert detect(b"BMW service log, 2024\n") is None
    assert judge(("application/octet-stream",), bytes(range(256)) * 4)[0] == "binary"


@pytest.mark.parametrize(
    ("name", "served", "kind", "label", "said"),
    [
        (
            "shot.txt",
            "text/plain",
            "image",
            "PNG image",
            "named .txt and listed as text/plain, but its bytes are a PNG image",
        ),
        ("notes.png", "image/png", "text", None, "named .png and listed as image/png, but its bytes are text"),
        (
            "photo.jpg",
            "image/jpeg",
            "image",
            "PNG image",
            "named .jpg and listed as image/jpeg, but its bytes are a PNG image",
        ),
        ("data.bin", "application/octet-stream", "pdf", "PDF document", None),  # promised nothing
        ("report.docx", "application/vnd.openxmlformats-officedocument", "archive", "ZIP archive", None),
        ("logs.tgz", "application/gzip", "archive", "tar.gz archive", None),
        ("invoice.pdf", "application/pdf", "pdf", "PDF document", None),
        (
            "x.pdf",
            "application/pdf",
            "archive",
            "ZIP archive",
            "named .pdf and listed as application/pdf, but its bytes are a ZIP archive",
        ),
        ("x\u202egnp.txt", "", "image", "PNG image", "named .txt, but its bytes are a PNG image"),
    ],
)
def test_a_mismatch_is_said_in_words(name, served, kind, label, said) -> None:
    assert mismatch(name, served, kind, label) == said


def test_a_hostile_type_in_the_mismatch_is_made_safe() -> None:
    said = mismatch("a.txt", "text/\x1b[2J[bold]x", "image", "PNG image")
    assert said is not None and "\x1b" not in said and "^[" in said
