"""The viewer's PDF body: one page's text at a time, pages turned with ``]`` / ``[``, find across pages.

A page is extracted only when it is shown (``PdfDocument.text_of``: a daemon thread with a time
budget), so a PDF that claims 100,000 pages opens as fast as one of three. ``n`` / ``N`` step
through the matches on the page, then on to the next (or previous) page that has one, looking at
most ``SEARCH_PAGES`` pages or ``SEARCH_SECONDS`` ahead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from app.core.attachments.bounded import Deadline
from app.core.text.search import TextSearch
from widgets.attachments.text_body import TextBody
from widgets.attachments.viewer_body import ViewerBody

if TYPE_CHECKING:
    from app.core.attachments.pdf_text import PageText, PdfDocument
    from app.core.attachments.preview import Preview

SEARCH_PAGES = 200
"""Pages find looks through for the next match, at most."""
SEARCH_SECONDS = 10.0
"""How long find may look through other pages."""
CACHED_PAGES = 64
"""Pages' texts kept, so turning back and searching again costs nothing."""


class PdfPages(ViewerBody):
    """A PDF, page by page: "Page 3 of 12" in the heading."""

    DEFAULT_CSS = """
    PdfPages > #pdf-note { display: none; height: auto; padding: 0 1; color: $text-muted; text-style: italic; }
    PdfPages.-note > #pdf-note { display: block; }
    """

    BINDINGS = [
        Binding("right_square_bracket,ctrl+pagedown", "page(1)", "Page ▶", key_display="]", id="viewer.next-page"),
        Binding("left_square_bracket,ctrl+pageup", "page(-1)", "◀ Page", key_display="[", id="viewer.previous-page"),
        Binding("ctrl+home", "first_page", "First page", show=False, id="viewer.first-page"),
        Binding("ctrl+end", "last_page", "Last page", show=False, id="viewer.last-page"),
    ]

    def __init__(self, document: PdfDocument, preview: Preview) -> None:
        super().__init__()
        self.document = document
        self._preview = preview
        self.index = 0
        """The page shown (from 0)."""
        self._asked = 0
        """The page last asked for: each key of a burst turns from it, shown or not yet."""
        self._cache: dict[int, PageText] = {}
        self._query = ""
        self._searching: str | None = None
        """What find is doing on other pages, in words, while it does."""
        self._loading = True

    def compose(self) -> ComposeResult:
        yield Static(id="pdf-note")
        yield TextBody(id="pdf-text")

    def on_mount(self) -> None:
        if self.document.pages:
            self.go_to(0)
        else:
            self._loading = False
            self._note("This PDF has no pages.")

    @property
    def text(self) -> TextBody:
        """The page's text."""
        return self.query_one("#pdf-text", TextBody)

    @property
    def pages(self) -> int:
        """Pages in the PDF."""
        return self.document.pages

    # --- pages ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            step = parameters[0] if parameters and isinstance(parameters[0], int) else 1
            return 0 <= self._asked + step < self.pages
        return True

    def action_page(self, step: int) -> None:
        if 0 <= self._asked + step < self.pages:
            self.go_to(self._asked + step)

    def action_first_page(self) -> None:
        self.go_to(0)

    def action_last_page(self) -> None:
        self.go_to(self.pages - 1)

    def go_to(self, index: int, *, select_last: bool = False) -> None:
        """Show page ``index`` once its text is extracted (a newer turn supersedes an older one)."""
        if 0 <= index < self.pages:
            self._asked = index
            self.run_worker(self._go_to(index, select_last), group="pdf-page", exclusive=True, exit_on_error=False)

    async def _page(self, index: int) -> PageText:
        if (page := self._cache.get(index)) is None:
            page = await self.document.text_of(index)
            if page.too_slow is None:  # a slow page may be quicker another time (the machine was busy)
                if len(self._cache) >= CACHED_PAGES:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[index] = page
        return page

    async def _go_to(self, index: int, select_last: bool = False) -> None:
        waiting = index not in self._cache and not self.document.ready(index)  # else no spinner to flash
        if waiting:
            self.text.loading = True
        try:
            page = await self._page(index)
        finally:
            if waiting and self.is_attached:
                self.text.loading = False
        if self.is_attached:
            self._show(page, select_last=select_last)

    def _show(self, page: PageText, *, select_last: bool = False) -> None:
        self.index = self._asked = page.index
        self._loading = False
        self.text.load(self._preview.redact_text(page.text))
        if select_last:
            self.text.select_last()
        elif self._query:
            self.text.select(0 if self.text.has_matches else None)
        message = page.message
        if page.cut:
            message = "This page draws more text than is shown here; the first million characters are."
        self._note(message or "")
        self.refresh_bindings()
        self.changed()

    def _note(self, text: str) -> None:
        self.query_one("#pdf-note", Static).update(Content(text))
        self.set_class(bool(text), "-note")

    # --- what the viewer asks ----------------------------------------------------------------

    def meta(self) -> list[str]:
        if not self.pages:
            return ["no pages"]
        return [f"Page {self.index + 1:,} of {self.pages:,}"]

    def notice(self) -> str:
        if self.document.opened_with_empty_password:
            return "This PDF is encrypted, but with an empty password: its text is shown."
        return ""

    @property
    def can_find(self) -> bool:
        return True

    @property
    def can_wrap(self) -> bool:
        return True

    @property
    def has_matches(self) -> bool:
        return bool(self._query)  # other pages may have one

    @property
    def match_count(self) -> int:
        """Matches on the page shown."""
        return self.text.match_count

    def find_status(self) -> str:
        if self._searching is not None:
            return self._searching
        status = self.text.find_status()
        if not status or not self._query:
            return status
        return "none on this page" if status == "No matches" else f"{status} on this page"

    def search(self, query: str) -> None:
        self._query = query
        self._searching = None
        self.text.search(query)

    def step(self, *, forward: bool) -> None:
        if not self._query:
            return
        index = self.text.next_match(forward=forward)
        if index is not None:
            self.text.select(index)
        elif self.pages > 1:
            self.run_worker(self._search_pages(forward), group="pdf-page", exclusive=True, exit_on_error=False)

    async def _search_pages(self, forward: bool) -> None:
        """Look through the following (or preceding) pages for the query, wrapping round, within bounds."""
        query, start, step = self._query, self.index, 1 if forward else -1
        deadline = Deadline(SEARCH_SECONDS)
        index, looked = start, 0
        for _ in range(min(self.pages - 1, SEARCH_PAGES)):
            index = (index + step) % self.pages
            self._searching = f"looking on page {index + 1:,}…"
            self.changed()
            page = await self._page(index)
            if not self.is_attached or query != self._query:
                return
            looked += 1
            if page.text and TextSearch(page.text).search(query):
                self._searching = None
                self._show(page, select_last=not forward)
                return
            if deadline.expired():
                break
        if looked >= self.pages - 1:
            self._searching = "no match on the other pages"
        else:
            self._searching = f"no match in the {looked:,} pages {'after' if forward else 'before'} this one"
        self.changed()

    def toggle_wrap(self) -> None:
        self.text.toggle_wrap()

    def focus_body(self) -> None:
        self.text.focus_body()

    def on_viewer_body_changed(self, event: ViewerBody.Changed) -> None:
        """The page's text body changed its count: the viewer asks this body, not that one."""
        if event.body is not self:
            event.stop()
            self.changed()
