"""The "New ticket" form (``n``): keys, fields marked before sending, one request, errors, drafts, the editor.

Against real servers on 127.0.0.1: a demo API of the test's own (tickets created in it would show in
the shared one's queue) and the fault server for refusals, failures and a held answer.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual import events
from textual.widgets import Button, Input, Select, TextArea

from app.core.api.new_ticket import NewTicket
from app.demo.server import DemoServer
from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import EXAMPLE_ID, make_app, open_ticket, settle, wait_until
from tests.new_ticket_helpers import (
    CREATE_PATH,
    GOOD,
    TOKEN,
    burst,
    fill_and_send,
    form_of,
    open_form,
    posts,
    shown,
    user_data,
)
from widgets.new_ticket.form import NewTicketForm

# --- keys -----------------------------------------------------------------------------------


async def test_n_opens_the_form_and_tab_walks_its_fields(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        assert app.focused is form.query_one("#title", Input)
        order = []
        for _ in range(7):
            order.append(app.focused.id if app.focused is not None else None)
            await pilot.press("tab")
        assert order == ["title", "description", "priority", "category", "tags", "create", "cancel"]
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "cancel"


async def test_typing_the_whole_ticket_with_the_keyboard(own_demo: DemoServer, tmp_path: Path) -> None:
    app = make_app(own_demo.base_url, demo=True, user_data=user_data(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Refund", "space", *"twice")
        await pilot.press("tab", *"Charged", "space", *"twice.", "enter", *"Card", "space", *"ending", "space", *"4242")
        await pilot.press("tab", "enter")  # the priority's list opens
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # medium
        await pilot.press("tab", "enter")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # billing
        await pilot.press("tab", *"refund,", "space", *"card")
        await pilot.pause()
        assert form.ticket() == NewTicket.of(
            title="Refund twice",
            description="Charged twice.\nCard ending 4242",
            priority="medium",
            category="billing",
            tags=["refund", "card"],
        )
        await pilot.press("enter")  # enter in the tags sends, as in a web form
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        assert app.main.ticket is not None and app.main.ticket.title == "Refund twice"


async def test_pasted_control_characters_never_reach_the_fields(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        app.post_message(events.Paste("Pay\x1b[2J\x07ment \u202eevil"))  # as a terminal delivers it
        await pilot.pause()
        assert form.query_one("#title", Input).value == "Pay[2Jment evil"
        await pilot.press("tab")
        app.post_message(events.Paste("one\r\ntwo\x1b]52;c;AAAA\x07\tend"))  # as a terminal delivers it
        await pilot.pause()
        assert form.query_one("#description", TextArea).text == "one\ntwo]52;c;AAAA\tend"


async def test_choices_take_a_burst_of_keys(demo_server: DemoServer) -> None:
    """Over SSH "enter down down down enter" arrives at once: the list must take the keys after enter."""
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#priority", Select).focus()
        await pilot.pause()
        burst(app, "enter", "down", "down", "down", "enter", "tab", "enter", "down", "enter")
        await settle(pilot)
        assert (form.ticket().priority, form.ticket().category) == ("high", "technical")


async def test_q_on_a_choice_does_not_quit(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#priority", Select).focus()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and app.screen is form


async def test_ctrl_n_opens_the_form_from_the_conversation_and_the_id_bar(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)  # the conversation has the focus: there n is the next message
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewTicketForm))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, NewTicketForm))
        await pilot.press("slash", "ctrl+n")  # in the ID bar too
        await wait_until(pilot, lambda: isinstance(app.screen, NewTicketForm))


async def test_the_palette_offers_a_new_ticket(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert "New ticket" in titles and "n" in titles["New ticket"]


# --- checked before sending -------------------------------------------------------------------


async def test_missing_fields_are_marked_and_nothing_is_sent(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route(CREATE_PATH, Reply(500))
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await open_form(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert shown(form, "#title-problem") == "A title is required."
            assert shown(form, "#description-problem") == "A description is required."
            assert shown(form, "#priority-problem").startswith("Choose a priority")
            assert shown(form, "#category-problem").startswith("Choose a category")
            assert shown(form, "#tags-problem") == ""
            assert form.query_one("#title", Input).has_class("-invalid")
            assert app.focused is form.query_one("#title", Input)

            await pilot.press(*"Printer", "enter")  # the title is fine now: the mark goes, focus to the next wrong one
            await pilot.pause()
            assert shown(form, "#title-problem") == ""
            assert not form.query_one("#title", Input).has_class("-invalid")
            assert app.focused is form.query_one("#description", TextArea)
            await settle(pilot)
            assert posts(server) == []


async def test_a_tag_too_long_is_marked_at_the_tags(tmp_path: Path) -> None:
    with FaultServer() as server:
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot, GOOD.with_values(tags=("x" * 60,)))
            await pilot.pause()
            assert "at most 50" in shown(form, "#tags-problem")
            assert app.focused is form.query_one("#tags", Input)
            assert posts(server) == []


# --- sending once -----------------------------------------------------------------------------


async def test_a_burst_of_ctrl_s_sends_one_request(tmp_path: Path) -> None:
    release = threading.Event()
    created = {"_id": "support_ticket_555", "title": GOOD.title, "status": "open", "priority": "high"}

    def held(request: Recorded) -> Reply:
        if request.method == "POST":
            release.wait(10)
        return Reply(200, {"success": True, "data": created})

    with FaultServer() as server:
        server.route(CREATE_PATH, held)
        server.route(f"{CREATE_PATH}/support_ticket_555", Reply(200, {"data": created}))
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await wait_until(pilot, lambda: len(posts(server)) == 1)
            button = form.query_one("#create", Button)
            assert str(button.label) == "Creating…" and button.disabled
            await pilot.press("ctrl+s", "ctrl+s", "ctrl+s")
            form.query_one("#tags", Input).focus()
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert len(posts(server)) == 1
            assert app.screen is form  # still there, everything typed in it
            assert form.ticket() == GOOD
            release.set()
            await settle(pilot)
            assert len(posts(server)) == 1
            assert not isinstance(app.screen, NewTicketForm)


async def test_escape_while_sending_keeps_the_form(tmp_path: Path) -> None:
    release = threading.Event()

    def held(request: Recorded) -> Reply:
        release.wait(10)
        return Reply(503, b"busy")

    with FaultServer() as server:
        server.route(CREATE_PATH, held)
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await wait_until(pilot, lambda: len(posts(server)) == 1)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is form
            assert "on its way" in shown(form, "#new-ticket-notice")
            release.set()
            await settle(pilot)


# --- what the API says ------------------------------------------------------------------------


async def test_a_refusal_naming_a_field_is_shown_at_that_field(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route(CREATE_PATH, Reply(400, {"error": "Invalid priority level", "message": "INVALID_PRIORITY"}))
        data = user_data(tmp_path)
        app = make_app(server.url, token=TOKEN, user_data=data)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await settle(pilot)
            assert app.screen is form
            assert "Invalid priority level" in shown(form, "#priority-problem")
            assert app.focused is form.query_one("#priority", Select)
            assert shown(form, "#title-problem") == ""
            assert form.ticket() == GOOD  # everything typed is still there
            assert data.drafts.load() == GOOD
            assert f"Your draft is kept in {tmp_path / 'drafts'}/." in shown(form, "#new-ticket-notice")
            assert not form.query_one("#create", Button).disabled


async def test_a_refusal_naming_no_field_is_shown_at_the_top(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route(CREATE_PATH, Reply(422, {"error": "Client account suspended", "message": "ACCOUNT_LOCKED"}))
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await settle(pilot)
            notice = shown(form, "#new-ticket-notice")
            assert "Client account suspended" in notice and "draft" in notice
            assert form.query_one("#new-ticket-notice").has_class("-error")
            assert all(shown(form, f"#{name}-problem") == "" for name in ("title", "priority", "category"))


async def test_a_failure_after_sending_asks_before_sending_again(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route(CREATE_PATH, Reply(502, b"<html>Bad gateway</html>"))
        data = user_data(tmp_path)
        app = make_app(server.url, token=TOKEN, user_data=data)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await settle(pilot)
            notice = shown(form, "#new-ticket-notice")
            assert "may have been created" in notice and f"kept in {tmp_path / 'drafts'}/" in notice
            assert data.drafts.load() == GOOD
            await pilot.press("ctrl+s")  # the first asks to look in the queue first
            await settle(pilot)
            assert len(posts(server)) == 1
            assert "once more sends it anyway" in shown(form, "#new-ticket-notice")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert len(posts(server)) == 2


async def test_a_server_that_cannot_be_reached_keeps_the_draft(tmp_path: Path) -> None:
    server = FaultServer()
    url = server.url
    server.stop()  # nothing listens there any more
    data = user_data(tmp_path)
    app = make_app(url, token=TOKEN, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await fill_and_send(pilot)
        await settle(pilot)
        assert app.screen is form
        assert "Network" in shown(form, "#new-ticket-notice")
        assert data.drafts.load() == GOOD


# --- success ----------------------------------------------------------------------------------


async def test_success_opens_the_ticket_on_a_new_tab_and_remembers_it(own_demo: DemoServer, tmp_path: Path) -> None:
    data = user_data(tmp_path)
    data.drafts.save(GOOD.with_values(title="an older draft"))
    app = make_app(own_demo.base_url, demo=True, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("1", "n")  # from the details (in the conversation n is the next message)
        await pilot.pause()
        form = form_of(app)
        form.fill(GOOD)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        tickets = app.main.tickets
        assert len(tickets.tabs) == 2 and tickets.tabs.index == 1
        created = tickets.ticket
        assert created is not None and created.title == GOOD.title and created.id != EXAMPLE_ID
        assert tickets.tabs.tabs[0].requested == EXAMPLE_ID  # the ticket read before stays on its tab
        assert data.recent.get(created.id) is not None
        assert data.drafts.load() is None
        assert any(note.message == f"Created {created.id} · ctrl+n for another" for note in app._notifications)


async def test_a_created_ticket_shows_in_the_queue_without_r(own_demo: DemoServer, tmp_path: Path) -> None:
    """The queue loaded before the form reloads after the create: the new ticket heads it, marked new."""
    from tests.queue_helpers import queue_ready, row_ids

    app = make_app(own_demo.base_url, demo=True, user_data=user_data(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot)
        before = row_ids(app)
        await fill_and_send(pilot)
        await settle(pilot)
        created = app.main.tickets.ticket
        assert created is not None and created.id not in before
        await wait_until(pilot, lambda: not app.main.queue.busy)
        assert row_ids(app)[0] == created.id and row_ids(app)[1:] == before
        assert created.id in app.main.queue.table.marks
