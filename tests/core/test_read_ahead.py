"""Work started before it is awaited: a daemon thread's result within a budget, and a PDF's first
page read while the viewer makes ready to show it."""

from __future__ import annotations

import threading
import time

import pytest

from app.core.attachments.bounded import Started, TooSlow
from app.core.attachments.decoders import decode
from app.core.attachments.pdf_text import PdfDocument
from app.core.attachments.preview import Preview
from app.demo.documents import invoice_pdf


async def test_started_work_runs_before_anyone_waits_for_it() -> None:
    ran = threading.Event()

    def work() -> int:
        ran.set()
        return 42

    started = Started(work)
    assert ran.wait(5)  # it ran with nobody awaiting it
    assert await started.result(5) == 42 and started.done
    assert await started.result(5) == 42  # and its result can be had again


async def test_started_work_is_given_up_on_after_its_budget_and_its_errors_reach_the_caller() -> None:
    gate = threading.Event()
    slow = Started(gate.wait, name="slow")
    begun = time.monotonic()
    with pytest.raises(TooSlow):
        await slow.result(0.1)
    assert time.monotonic() - begun < 2
    gate.set()
    with pytest.raises(ZeroDivisionError):
        await Started(lambda: 1 // 0).result(5)


def _preview(data: bytes) -> Preview:
    return Preview(
        "pdf",
        "",
        content_type="application/pdf",
        received=len(data),
        total=len(data),
        truncated=False,
        limit=2**21,
        data=data,
    )


async def test_a_pdf_is_opened_with_its_first_page_already_being_read(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    page_text = PdfDocument.page_text

    def counting(self: PdfDocument, index: int, **options: float):  # type: ignore[no-untyped-def]
        calls.append(index)
        return page_text(self, index, **options)

    monkeypatch.setattr(PdfDocument, "page_text", counting)
    document = await decode(_preview(invoice_pdf()))
    assert isinstance(document, PdfDocument) and document.pages == 3
    page = await document.text_of(0)
    assert "Total due" in page.text and calls == [0]  # the page read ahead, taken up, not read again
    assert document.ready(0) is False  # taken: the next ask reads it again
    assert "2024-05-31" in (await document.text_of(1)).text and calls == [0, 1]


class _SlowPage:
    def get_contents(self) -> None:
        return None

    def extract_text(self) -> str:
        time.sleep(2)  # a page pypdf takes long over (the work under test, not synchronisation)
        return "late"


class _SlowReader:
    pages = [_SlowPage()]


async def test_a_page_read_ahead_that_takes_too_long_is_given_up_on() -> None:
    document = PdfDocument(_SlowReader(), 1)  # type: ignore[arg-type]
    document.prefetch(0)
    assert not document.ready(0)
    begun = time.monotonic()
    page = await document.text_of(0, seconds=0.2)
    assert time.monotonic() - begun < 1.5
    assert page.too_slow == 0.2
