"""The "New ticket" form: a screen over the main one with a new ticket's fields and what is wrong with them.

It collects and shows, nothing more: the values leave as ``Submitted(NewTicket)`` (or
``Cancelled``, to be kept as a draft), and what comes back (the problems found before sending, the
API's refusal, "Creating…", where the draft was kept) is handed in by the App's controller
(``app.tui.new_ticket``). Which fields are wrong is decided by ``NewTicket.problems()`` in the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from app.core.api.filter_values import CATEGORIES, PRIORITIES
from app.core.api.new_ticket import FIELDS, Field, NewTicket
from app.core.text.formatting import category_label, priority_label
from styles import STYLES_DIR
from widgets.focus import caught_up, focus_now
from widgets.new_ticket.choice import Choice
from widgets.new_ticket.inputs import DescriptionArea, TextInput

NoticeKind = Literal["info", "warning", "error"]
PRIORITY_OPTIONS = [(" ".join(priority_label(value)), value) for value in PRIORITIES]
CATEGORY_OPTIONS = [(category_label(value), value) for value in CATEGORIES]
CREATE, CREATING = "Create", "Creating…"
CATCH_UP_SECONDS = 2.0
"""How long ctrl+s waits at most for the fields to take the keys typed before it (they take them in milliseconds)."""


class NewTicketForm(ModalScreen[None]):
    """Title, description, priority, category and tags; ``ctrl+s`` sends, ``escape`` closes (keeping a draft)."""

    CSS_PATH = STYLES_DIR / "new_ticket.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    """At 32 rows and more (and 100 columns, see the App) the form is a framed box; below, the whole screen."""
    BINDINGS = [
        # Priority for every key that moves the focus or reads the fields: done in the order the keys
        # were typed. Textual hands each key of a burst (over SSH, "title tab description" arrives at
        # once) to the field focused as the burst is read, and runs a field's own bindings only later:
        # so tab moves the focus the moment it is read, and ctrl+s, enter in a line and ctrl+n first
        # wait for the fields to take the keys typed before them.
        Binding("ctrl+s", "send", "Create", key_display="^s", priority=True, id="new-ticket.create"),
        Binding("escape", "cancel", "Close, keep draft", key_display="esc", id="new-ticket.cancel"),
        Binding("ctrl+n", "start_empty", "Start empty", key_display="^n", priority=True, id="new-ticket.start-empty"),
        Binding("tab", "next_field", "Next field", show=False, priority=True, id="new-ticket.next-field"),
        Binding(
            "shift+tab", "previous_field", "Previous field", show=False, priority=True, id="new-ticket.previous-field"
        ),
        # enter in the title or the tags sends, as in a web form (elsewhere enter is the field's own)
        Binding("enter", "enter_in_line", "Create", show=False, priority=True, id="new-ticket.enter-sends"),
        # q quits elsewhere; here, on a choice or a button, it would end the app under a half-written ticket
        Binding("q", "nothing", show=False, id="new-ticket.no-quit"),
    ]

    sending: reactive[bool] = reactive(False, bindings=True)
    """The ticket is on its way: the fields stay, nothing more is sent until the answer comes."""
    offering_draft: reactive[bool] = reactive(False, bindings=True)
    """The fields hold a kept draft (``ctrl+n`` starts empty)."""

    class Submitted(Message):
        """The agent asked to create ``ticket`` (checked and found fine by the form's controller first)."""

        def __init__(self, form: NewTicketForm, ticket: NewTicket) -> None:
            super().__init__()
            self.form = form
            self.ticket = ticket

    class Cancelled(Message):
        """The agent closed the form with ``ticket`` in it (kept as a draft if anything was written)."""

        def __init__(self, form: NewTicketForm, ticket: NewTicket, *, written: bool) -> None:
            super().__init__()
            self.form = form
            self.ticket = ticket
            self.written = written

    def __init__(
        self,
        *,
        draft: NewTicket | None = None,
        draft_key: str | None = None,
        notice: str = "",
        notice_kind: NoticeKind = "info",
        can_send: bool = True,
    ) -> None:
        """``draft``: values to start with (a kept draft, named ``draft_key``); ``notice``: a line at
        the top (the draft offered, no token); ``can_send`` False: the Create button is off (the
        notice says why)."""
        super().__init__()
        self._draft = draft
        self.draft_key = draft_key
        """The kept draft these fields continue (saving replaces it); ``None`` once ``ctrl+n`` starts a new one."""
        self._notice = (notice, notice_kind)
        self._can_send = can_send
        self._marked: set[Field] = set()
        """Fields showing a problem: checked again as the agent corrects them."""
        self._hold: str | None = None
        """Words said on the next ``ctrl+s`` instead of sending (the last try may have created the ticket)."""
        self._discard_ok = False
        """Escape closes without keeping the draft (keeping it failed, and the agent was told)."""
        # Held here, not queried: ``ticket()`` still reads them while the app ends (after they are unmounted).
        self._title = TextInput(placeholder="what the client needs, in one line", id="title")
        self._description = DescriptionArea(
            id="description",
            soft_wrap=True,
            tab_behavior="focus",
            highlight_cursor_line=False,
            placeholder="what happened, in full (ctrl+e writes it in your own editor)",
        )
        self._priority = Choice(PRIORITY_OPTIONS, prompt="choose…", id="priority")
        self._category = Choice(CATEGORY_OPTIONS, prompt="choose…", id="category")
        self._tags = TextInput(placeholder="optional, comma-separated: api, login", id="tags")

    # --- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="new-ticket-dialog") as dialog:
            dialog.border_title = "New ticket"
            yield Static(Content("New ticket"), id="new-ticket-heading")
            yield Static(id="new-ticket-notice")
            with Horizontal(classes="field", id="title-field"):
                yield Label("Title", classes="field-label")
                with Vertical(classes="field-body"):
                    yield self._title
                    yield _problem("title")
            with Horizontal(classes="field", id="description-field"):
                yield Label("Description", classes="field-label")
                with Vertical(classes="field-body"):
                    yield self._description
                    yield _problem("description")
            with Horizontal(classes="field", id="choices-field"):
                yield Label("Priority", classes="field-label")
                with Vertical(classes="field-body", id="priority-body"):
                    yield self._priority
                    yield _problem("priority")
                yield Label("Category", classes="field-label", id="category-label")
                with Vertical(classes="field-body", id="category-body"):
                    yield self._category
                    yield _problem("category")
            with Horizontal(classes="field", id="tags-field"):
                yield Label("Tags", classes="field-label")
                with Vertical(classes="field-body"):
                    yield self._tags
                    yield _problem("tags")
            with Horizontal(id="new-ticket-buttons"):
                yield Button(CREATE, variant="primary", id="create", compact=True, disabled=not self._can_send)
                yield Button("Close", id="cancel", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self._draft is not None:
            self.fill(self._draft)
            self.offering_draft = True
        self.set_notice(*self._notice)
        focus_now(self._title)

    # --- the values -----------------------------------------------------------------------

    def ticket(self) -> NewTicket:
        """What the fields hold, cleaned (``NewTicket.of``)."""
        return NewTicket.of(
            title=self._title.value,
            description=self._description.text,
            priority=_chosen(self._priority),
            category=_chosen(self._category),
            tags=self._tags.value,
        )

    @property
    def written(self) -> bool:
        """Whether any field holds something the agent wrote or chose."""
        ticket = self.ticket()
        return bool(ticket.title or ticket.description or ticket.priority or ticket.category or ticket.tags)

    def fill(self, ticket: NewTicket) -> None:
        """Put ``ticket``'s values in the fields (a choice the form does not offer is left unset)."""
        self._title.value = ticket.title
        self._description.load_text(ticket.description)
        for select, value, known in (
            (self._priority, ticket.priority, PRIORITIES),
            (self._category, ticket.category, CATEGORIES),
        ):
            if value in known:
                select.value = value
            else:
                select.clear()
        self._tags.value = ", ".join(ticket.tags)

    def set_description(self, text: str) -> None:
        """The description as edited elsewhere (``ctrl+z`` in the field brings the old one back)."""
        self._description.put_text(text)
        focus_now(self._description)

    # --- what the controller hands back ----------------------------------------------------

    def set_notice(self, text: str, kind: NoticeKind = "info") -> None:
        """The line at the top of the form: a kept draft, a missing token, an error from the API."""
        notice = self.query_one("#new-ticket-notice", Static)
        notice.update(Content(text))
        notice.display = bool(text)
        for name in ("info", "warning", "error"):
            notice.set_class(name == kind, f"-{name}")

    def mark(self, problems: Mapping[Field, str], *, focus: bool = True) -> None:
        """Show ``problems`` at their fields (and clear the others); focus the first one."""
        for name in FIELDS:
            self._show_problem(name, problems.get(name, ""))
        first = next((name for name in FIELDS if name in problems), None)
        if focus and first is not None:
            focus_now(self.query_one(f"#{first}", Widget))

    def refused(self, field: Field | None, message: str) -> None:
        """The API refused the ticket: at the field it names, or at the top when it names none."""
        if field is None:
            self.set_notice(message, "error")
        else:
            self.mark({field: message})

    def set_sending(self, sending: bool) -> None:
        """While the ticket is on its way: Create off and saying so; the fields stay as they are."""
        self.sending = sending
        button = self.query_one("#create", Button)
        button.label = CREATING if sending else CREATE
        button.disabled = sending or not self._can_send

    def hold_next_submit(self, words: str) -> None:
        """The next ``ctrl+s`` says ``words`` instead of sending; the one after sends."""
        self._hold = words

    def allow_discard(self) -> None:
        """The next escape closes the form without keeping what it holds (the agent was told why)."""
        self._discard_ok = True

    def _show_problem(self, name: Field, problem: str) -> None:
        line = self.query_one(f"#{name}-problem", Static)
        line.update(Content(problem))
        line.display = bool(problem)
        self.query_one(f"#{name}", Widget).set_class(bool(problem), "-invalid")
        if isinstance(line.parent, Widget):
            line.parent.set_class(bool(problem), "-invalid")  # the field's body: its label and frame
        if problem:
            self._marked.add(name)
        else:
            self._marked.discard(name)

    # --- keys and buttons -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter_in_line":
            return isinstance(self.focused, Input)  # elsewhere enter is the field's own (a new line, a list, a button)
        if action == "start_empty":
            return self.offering_draft and not self.sending
        if action == "send":
            return None if self.sending or not self._can_send else True
        return True

    async def action_send(self) -> None:
        """``ctrl+s``: send what the fields hold once they have taken every key typed before it."""
        await self._caught_up()
        self.action_submit()

    async def action_enter_in_line(self) -> None:
        """Enter in the title or the tags sends, as in a web form (a missing field is marked instead)."""
        await self._caught_up()
        self.action_submit()

    async def _caught_up(self) -> None:
        """Wait until each field has taken the keys already handed to it (a burst is read ahead of them)."""
        fields = (self._title, self._description, self._priority, self._category, self._tags)
        await caught_up(*fields, limit=CATCH_UP_SECONDS)

    def action_submit(self) -> None:
        """Send the ticket, unless a field is wrong (marked, nothing sent) or it is already on its way."""
        if self.sending or not self._can_send:
            return
        ticket = self.ticket()
        problems = ticket.problems()
        self.mark(problems)
        if problems:
            return
        if self._hold is not None:
            self.set_notice(self._hold, "warning")
            self._hold = None
            return
        self.post_message(self.Submitted(self, ticket))

    def action_cancel(self) -> None:
        """Close; what was written is handed on to be kept as a draft (escape again after a failed keep)."""
        if self.sending:
            self.set_notice("The ticket is on its way: the form closes when the API answers.", "warning")
            return
        if self._discard_ok:
            self.dismiss()
            return
        self.post_message(self.Cancelled(self, self.ticket(), written=self.written))

    async def action_start_empty(self) -> None:
        """Clear the fields filled from the kept draft (which stays kept, untouched) to write another ticket."""
        await self._caught_up()  # keys typed before ctrl+n land before the fields are cleared, not after
        self.offering_draft = False
        self.draft_key = None  # what is written now is another ticket: the offered draft stays kept as it is
        self._hold = None  # a warning about the draft's last send is about a ticket no longer here
        self.fill(NewTicket())
        self.mark({}, focus=False)
        self.set_notice("")
        focus_now(self._title)

    def action_next_field(self) -> None:
        """``tab``: the next field or button, at once (from the description and from a choice's open list too)."""
        self._leave_list()
        self.focus_next()

    def action_previous_field(self) -> None:
        """``shift+tab``: the field or button before, at once."""
        self._leave_list()
        self.focus_previous()

    def _leave_list(self) -> None:
        """From a choice's open list, tab moves on from the choice itself (the list closes, nothing picked)."""
        focused = self.focused
        if focused is not None and not isinstance(focused, Choice) and isinstance(focused.parent, Choice):
            focused.parent.close_list()

    def action_nothing(self) -> None:
        """A key that does nothing here."""

    @on(Button.Pressed, "#create")
    def _create_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _edited(self, event: Message) -> None:
        """A field marked wrong is checked again as it changes, so the mark goes once it is right."""
        if self._marked:
            problems = self.ticket().problems()
            for name in list(self._marked):
                self._show_problem(name, problems.get(name, ""))


def _problem(name: Field) -> Static:
    return Static(id=f"{name}-problem", classes="problem")


def _chosen(select: Select[str]) -> str:
    value = select.value
    return value if isinstance(value, str) else ""
