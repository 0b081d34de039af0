"""PDF text page by page, against damaged, encrypted, bomb-carrying and slow PDFs."""

from __future__ import annotations

import io
import time
import zlib

import pytest

from app.core.attachments.pdf_text import ENCRYPTED, NO_TEXT, PdfDocument, PdfProblem, open_pdf
from app.demo.documents import invoice_pdf
from app.demo.files import pdf_file, pdf_pages


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(invoice_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_stream(stream: bytes, filters: bytes = b"") -> bytes:
    """A one-page PDF whose content stream is ``stream`` (already encoded by ``filters``)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d %s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
    ]
    return pdf_file(objects)


def test_the_invoice_has_three_pages_each_extracted_when_asked() -> None:
    document = open_pdf(invoice_pdf())
    assert document.pages == 3
    first, second = document.page_text(0), document.page_text(1)
    assert "Total due" in first.text and "USD 6,207.96" in first.text
    assert "2024-05-31" in second.text and "Total due" not in second.text
    assert first.message is None


def test_a_page_without_text_says_it_may_be_a_scanned_image() -> None:
    page = open_pdf(pdf_pages([[]])).page_text(0)
    assert page.text == "" and page.message == NO_TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\ngarbage",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj trailer << /Root 1 0 R >>",
        invoice_pdf()[:900],
    ],
)
def test_a_damaged_pdf_says_so_in_words(data: bytes) -> None:
    with pytest.raises(PdfProblem, match=r"^This PDF is damaged") as caught:
        open_pdf(data)
    assert "\x1b" not in str(caught.value)


def test_an_encrypted_pdf_says_it_cannot_show_its_text() -> None:
    with pytest.raises(PdfProblem) as caught:
        open_pdf(_encrypted("secret"))
    assert str(caught.value) == ENCRYPTED


def test_an_encrypted_pdf_with_an_empty_password_opens() -> None:
    document = open_pdf(_encrypted(""))
    assert document.opened_with_empty_password and "Total due" in document.page_text(0).text


def test_a_stream_that_inflates_past_the_limit_is_refused() -> None:
    packer = zlib.compressobj(9)
    spaces = b" " * (1024 * 1024)
    bomb = packer.compress(b"BT ET ") + b"".join(packer.compress(spaces) for _ in range(200)) + packer.flush()
    assert len(bomb) < 300 * 1024  # inflates to 200 MiB
    document = open_pdf(_with_stream(bomb, b"/Filter /FlateDecode"))
    started = time.monotonic()
    with pytest.raises(PdfProblem, match="decompression bomb"):
        document.page_text(0)
    assert time.monotonic() - started < 5


def test_escape_sequences_in_a_page_are_shown_not_sent() -> None:
    text = open_pdf(pdf_pages([["\x1b[2J cleared? [bold]markup[/]"]])).page_text(0).text
    assert "\x1b" not in text and "^[[2J" in text and "[bold]markup[/]" in text


def test_many_pages_open_at_once_and_are_read_one_at_a_time() -> None:
    data = pdf_pages([[f"Page {number}"] for number in range(5000)])
    started = time.monotonic()
    document = open_pdf(data)
    assert document.pages == 5000 and time.monotonic() - started < 5
    assert document.page_text(4321).text.strip() == "Page 4321"


class _SlowPage:
    def get_contents(self) -> None:
        return None

    def extract_text(self) -> str:
        time.sleep(2)
        return "late"


class _SlowReader:
    pages = [_SlowPage()]


async def test_a_page_that_takes_too_long_is_given_up_on() -> None:
    document = PdfDocument(_SlowReader(), 1)  # type: ignore[arg-type]
    started = time.monotonic()
    page = await document.text_of(0, seconds=0.2)
    assert time.monotonic() - started < 1.5
    assert page.too_slow == 0.2 and page.message is not None and "took longer than 0.2 s" in page.message
