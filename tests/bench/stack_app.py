"""The floor of the stack for a ticket on screen: the bare app (a Header, an Input and a Footer),
which after its first frame fetches the ticket in a thread with httpx, validates it with the
minimal pydantic model of ``stack_get.py`` and shows its title, messages and attachment names.
Nothing of ticketview is imported.

    python stack_app.py URL TOKEN
"""

import sys

from bare_app import PLACEHOLDER
from textual import work
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, Static


class StackApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=PLACEHOLDER)
        yield VerticalScroll(id="ticket")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.fetch)

    @work(thread=True)
    def fetch(self) -> None:
        from stack_get import fetch

        ticket = fetch(sys.argv[1], sys.argv[2])
        self.call_from_thread(self.show, ticket)

    def show(self, ticket) -> None:
        lines = [ticket.title or "", *(message.message or "" for message in ticket.threads)]
        lines += [attachment.filename or "" for attachment in ticket.attachments]
        self.query_one("#ticket").mount_all(Static(line, markup=False) for line in lines)


if __name__ == "__main__":
    StackApp().run()
