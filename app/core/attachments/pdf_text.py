"""A PDF's text, one page at a time (pypdf), bounded against damaged and hostile files.

Opening reads the page count only; a page's text is extracted when it is shown (the first one too). pypdf's own
limits are tightened for every call (``LIMITS``: at most 32 MiB out of any stream, however it is
compressed, and never an outside ``jbig2dec``), the page tree is flattened at most once, and each
page runs in a daemon thread with a time budget (``PAGE_SECONDS``), since pypdf has no timeout of
its own. An encrypted PDF that does not open with an empty password, and a damaged one, are said
in words (what pypdf said, made safe). Nothing here imports Textual.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from app.core.attachments.bounded import Started, TooSlow
from app.core.text.safe_text import clean, clean_line

if TYPE_CHECKING:
    from pypdf import PdfReader

T = TypeVar("T")

STREAM_LIMIT = 32 * 1024 * 1024
"""Bytes any one stream may inflate to (pypdf's default is 75 MB)."""
LIMITS: dict[str, Any] = {
    "maximum_declared_stream_length": STREAM_LIMIT,
    "array_based_stream_maximum_output_length": STREAM_LIMIT,
    "jbig2_maximum_output_length": STREAM_LIMIT,
    "lzw_maximum_output_length": STREAM_LIMIT,
    "run_length_maximum_output_length": STREAM_LIMIT,
    "zlib_maximum_output_length": STREAM_LIMIT,
    "brotli_maximum_output_length": STREAM_LIMIT,
    "image_maximum_buffer_size": STREAM_LIMIT,
    "stream_decoding_work_maximum_length": 4 * STREAM_LIMIT,
    "page_tree_maximum_entries": 100_000,
    "jbig2dec_binary": None,  # never run a program on a file from outside
}
"""pypdf's ``Configuration`` for every call made here."""
PAGE_SECONDS = 5.0
"""How long one page's text may take to extract."""
PAGE_TEXT_LIMIT = 1024 * 1024
"""Characters of one page's text kept (a hostile page can draw millions)."""
ENCRYPTED = "This PDF is encrypted: its text cannot be shown."
NO_TEXT = "No text on this page (it may be a scanned image)."


class PdfProblem(Exception):
    """The PDF cannot be read (damaged, encrypted); ``str`` is safe words for the agent."""


@contextmanager
def _limits() -> Iterator[None]:
    """pypdf's limits tightened, and its warnings kept off the terminal, for the calls inside."""
    from pypdf import apply_configuration

    logger = logging.getLogger("pypdf")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())  # warnings would go to stderr, under the TUI
        logger.propagate = False
    with apply_configuration(**_known(LIMITS)):
        yield


def _known(limits: dict[str, Any]) -> dict[str, Any]:
    """The limits this pypdf knows (a newer one may rename a few: they are left at its defaults)."""
    import dataclasses

    from pypdf import Configuration

    names = {item.name for item in dataclasses.fields(Configuration)}
    return {name: value for name, value in limits.items() if name in names}


def _damaged(error: BaseException) -> PdfProblem:
    from pypdf.errors import LimitReachedError

    if isinstance(error, LimitReachedError):
        return PdfProblem("This PDF holds more than it may unpack here (a decompression bomb?): not shown.")
    said = clean_line(str(error)).strip()[:200] or type(error).__name__
    return PdfProblem(f"This PDF is damaged: {said}")


@dataclass
class PdfDocument:
    """An opened PDF: its page count and a reader to extract pages from, one at a time."""

    reader: PdfReader = field(repr=False)
    pages: int
    opened_with_empty_password: bool = False
    """It was encrypted, but with an empty password (so its text can be shown)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """One extraction at a time: pypdf's reader is not safe to share between threads."""
    _ahead: tuple[int, Started[PageText]] | None = field(default=None, repr=False)
    """A page whose extraction was started before it was asked for (``prefetch``)."""

    def prefetch(self, index: int) -> None:
        """Start extracting page ``index`` now, in a daemon thread: ``text_of`` takes it up from there."""
        if self._ahead is None and 0 <= index < self.pages:
            self._ahead = (index, Started(lambda: self.page_text(index), name="pdf-page"))

    def ready(self, index: int) -> bool:
        """Whether page ``index`` was started ahead and is extracted already (``text_of`` returns at once)."""
        ahead = self._ahead
        return ahead is not None and ahead[0] == index and ahead[1].done

    def page_text(self, index: int, *, wait: float = PAGE_SECONDS) -> PageText:
        """The text of page ``index`` (from 0); blocking (run it with ``text_of``).

        Raises ``PdfProblem`` when the page cannot be read.
        """
        if not self._lock.acquire(timeout=wait):
            raise PdfProblem("An earlier page is still being read; try again in a moment.")
        try:
            with _limits():
                page = self.reader.pages[index]
                page.get_contents()  # decoded first: extract_text would hide a bomb's refusal as an empty page
                raw = page.extract_text() or ""
        except PdfProblem:
            raise
        except Exception as error:  # noqa: BLE001  # pypdf raises many kinds on a hostile file; all mean damaged
            raise _damaged(error) from None
        finally:
            self._lock.release()
        text = clean(raw[:PAGE_TEXT_LIMIT])
        return PageText(index, text if text.strip() else "", cut=len(raw) > PAGE_TEXT_LIMIT)

    async def text_of(self, index: int, seconds: float = PAGE_SECONDS) -> PageText:
        """Page ``index``'s text, extracted in a daemon thread; a page past ``seconds`` says so."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == index:
            work = ahead[1]  # started already: its budget counts from now
        else:
            work = Started(lambda: self.page_text(index, wait=seconds), name="pdf-page")
        try:
            return await work.result(seconds)
        except TooSlow:
            return PageText(index, "", too_slow=seconds)
        except PdfProblem as problem:
            return PageText(index, "", problem=str(problem))


@dataclass(frozen=True)
class PageText:
    """One page's text, cleaned, or why there is none."""

    index: int
    text: str
    cut: bool = False
    """The page drew more than ``PAGE_TEXT_LIMIT`` characters; the rest is left out."""
    too_slow: float | None = None
    """The budget it went past, when it took too long."""
    problem: str | None = None
    """Why the page could not be read, in words."""

    @property
    def message(self) -> str | None:
        """What to say instead of (or above) the text, if anything."""
        if self.too_slow is not None:
            return f"This page took longer than {self.too_slow:g} s to read, so ticketview stopped waiting."
        if self.problem is not None:
            return self.problem
        if not self.text:
            return NO_TEXT
        return None


def _call(work: Callable[[], T]) -> T:
    try:
        with _limits():
            return work()
    except PdfProblem:
        raise
    except Exception as error:  # noqa: BLE001  # pypdf raises many kinds on a hostile file; all mean damaged
        raise _damaged(error) from None


def open_pdf(data: bytes) -> PdfDocument:
    """Open ``data`` as a PDF and count its pages (blocking: the decoder runs it in a thread).

    Raises ``PdfProblem`` in words when it is damaged or encrypted with a password.
    """
    from pypdf import PasswordType, PdfReader

    reader = _call(lambda: PdfReader(io.BytesIO(data), strict=False))
    empty_password = False
    if _call(lambda: reader.is_encrypted):
        try:
            result = _call(lambda: reader.decrypt(""))
        except PdfProblem:
            raise PdfProblem(ENCRYPTED) from None
        if result == PasswordType.NOT_DECRYPTED:
            raise PdfProblem(ENCRYPTED)
        empty_password = True
    pages = _call(lambda: len(reader.pages))
    return PdfDocument(reader, pages, opened_with_empty_password=empty_password)
