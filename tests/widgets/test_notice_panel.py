"""The notice panel: what stands where the ticket would be (welcome, loading, an error)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import LoadingIndicator

from widgets.shell.notice_panel import SPINNER_AFTER, NoticePanel


def spinner_shown(app: App[None]) -> bool:
    return any(spinner.display for spinner in app.query(LoadingIndicator))


class NoticeApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NoticePanel()


async def test_a_quick_load_never_shows_the_spinner() -> None:
    app = NoticeApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(NoticePanel)
        panel.show("Loading support_ticket_1…", "Press escape to cancel.", kind="loading")
        await pilot.pause()
        assert not spinner_shown(app), "the spinner shows at once"
        assert panel._spinner is not None and panel._spinner._interval == SPINNER_AFTER
        panel.show("Ticket not found", kind="error")  # the answer came first: no spinner was ever drawn
        await pilot.pause()
        assert not spinner_shown(app) and panel._spinner is None


async def test_a_slow_load_shows_the_spinner_until_the_wait_ends() -> None:
    app = NoticeApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(NoticePanel)
        panel.show("Loading support_ticket_1…", kind="loading")
        timer = panel._spinner
        panel.show_spinner()  # what the timer does after SPINNER_AFTER
        await pilot.pause()
        assert spinner_shown(app)
        panel.show("Loading support_ticket_1…", "Retrying in 2 s", kind="loading")  # still the same wait
        await pilot.pause()
        assert spinner_shown(app) and panel._spinner is timer
        panel.show("Welcome")
        await pilot.pause()
        assert not spinner_shown(app)
        panel.show("Loading support_ticket_2…", kind="loading")  # a new wait starts without a spinner
        await pilot.pause()
        assert not spinner_shown(app) and panel._spinner is not timer
