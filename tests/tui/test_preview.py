"""Reading attachments in place: text or binary, a capped prefix, cleaned text, search, keys.

The servers are real (the demo API, or the fault server for odd files) on 127.0.0.1.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input
from textual.widgets.text_area import Document, WrappedDocument

from app.core.api.client import TicketClient
from app.core.api.models import Attachment
from app.core.attachments.preview import classify, detect_format, fetch_preview, guess_language, is_text_type
from app.core.config.settings import SettingsError, load_settings
from app.core.errors import DownloadError
from app.core.text.search import TextSearch
from app.demo.files import service_log, usage_export, webhook_payload
from app.demo.samples import ATTACHMENTS_ID, HOSTILE_ID
from tests.fault_server import FaultServer, Reply, clear_proxy_env, fault_server_fixture  # noqa: F401
from tests.helpers import FILES_TICKET_ID, make_app, open_ticket, serve_files, settle, wait_until
from widgets.attachments.attachment_viewer import AttachmentText, AttachmentViewer
from widgets.attachments.attachments_pane import AttachmentList
from widgets.attachments.fast_document import FastWrappedDocument

KIB = 1024


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


# --- deciding text or binary ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("types", "head", "kind", "encoding"),
    [
        (("text/plain",), b"2024-01-15 ERROR 401\n", "text", "utf-8"),
        (("text/plain; charset=utf-8",), b"caf\xc3\xa9\n", "text", "utf-8"),
        (("text/plain",), b"looks like text\x00but has a NUL", "binary", None),
        (("application/octet-stream",), b'{"clean": "utf-8 json"}\n', "text", "utf-8"),
        (("", None), b"no type at all, still text\n", "text", "utf-8"),
        (("application/octet-stream",), bytes(range(256)) * 4, "binary", None),
        (("image/png",), b"plain words served as an image", "text", "utf-8"),  # the bytes decide
        (("text/plain",), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", None),
        (("text/plain",), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary", None),
        (("text/plain",), b"caf\xe9 cr\xe8me, na\xefve\n", "text", "cp1252"),
        (("text/plain",), codecs.BOM_UTF16_LE + "hi\n".encode("utf-16-le"), "text", "utf-16"),
        (("text/plain",), b"MZ Corp quarterly log\n", "text", "utf-8"),
        (("application/json", "image/png"), b'{"a": 1}', "text", "utf-8"),
        (("image/svg+xml",), b"<svg xmlns='http://www.w3.org/2000/svg'/>", "text", "utf-8"),
        (("text/plain",), b"\x1b[31mred\x1b[0m and a bell\x07\n", "text", "utf-8"),
    ],
)
def test_classify_by_type_and_first_bytes(types, head, kind, encoding) -> None:
    assert classify(types, head) == (kind, encoding)


def test_a_utf8_character_cut_at_the_sniff_window_is_still_text() -> None:
    head = ("é" * 10).encode()[:-1]
    assert classify(("text/plain",), head) == ("text", "utf-8")
    assert classify(("text/plain",), head, complete=True)[0] == "text"  # falls back to 8-bit text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text/csv", True),
        ("application/x-ndjson", True),
        ("application/vnd.api+json", True),
        ("APPLICATION/YAML; charset=utf-8", True),
        ("application/pdf", False),
        ("application/octet-stream", False),
        ("", False),
    ],
)
def test_text_types(value, expected) -> None:
    assert is_text_type(value) is expected


def test_detect_format_names_common_binaries() -> None:
    assert detect_format(b"\x89PNG\r\n\x1a\n....") == "PNG image"
    assert detect_format(b"%PDF-1.7") == "PDF document"
    assert detect_format(b"PK\x03\x04rest") == "ZIP archive"
    assert detect_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "WebP image"
    assert detect_format(b"MZ\x90\x00") == "Windows executable"
    assert detect_format(b"MZ\x90\x00", weak=False) is None
    assert detect_format(b"hello") is None


def test_guess_language_from_type_then_name() -> None:
    assert guess_language(("application/json",), "x.txt") == "json"
    assert guess_language(("text/plain",), "config.yml") == "yaml"
    assert guess_language(("application/vnd.api+json",), None) == "json"
    assert guess_language(("text/plain",), "service.log") is None


def test_the_preview_cap_comes_from_the_environment() -> None:
    assert load_settings(environ={}).preview_bytes == 2 * 1024 * KIB
    assert load_settings(environ={"TICKETVIEW_PREVIEW_BYTES": "512KiB"}).preview_bytes == 512 * KIB
    assert load_settings(environ={"TICKETVIEW_PREVIEW_BYTES": "4M"}).preview_bytes == 4 * 1024 * KIB
    for bad in ("0", "lots", "2.5M", "5T", "12"):
        with pytest.raises(SettingsError, match="TICKETVIEW_PREVIEW_BYTES"):
            load_settings(environ={"TICKETVIEW_PREVIEW_BYTES": bad})


def _tables(document: WrappedDocument) -> tuple:
    return (
        document._wrap_offsets,
        document._tab_width_cache,
        document._offset_to_line_info,
        document._line_index_to_offsets,
        document.height,
    )


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.sampled_from("ab \t\nxy.é中\u200b"), max_size=120),
    width=st.sampled_from([0, 1, 3, 7, 40]),
    tab_width=st.sampled_from([2, 4, 8]),
)
def test_the_fast_wrapped_document_agrees_with_textual(text: str, width: int, tab_width: int) -> None:
    document = Document(text)
    stock = WrappedDocument(document, width, tab_width)
    fast = FastWrappedDocument(document, width, tab_width)
    assert _tables(fast) == _tables(stock)
    for other in (0, 5):  # rewrapping at another width agrees too
        stock.wrap(other)
        fast.wrap(other)
        assert _tables(fast) == _tables(stock)


async def test_the_viewer_uses_the_fast_document_and_no_bracket_matching(fault_server) -> None:
    body = b"[\n" + b'  {"id": 1},\n' * 5000 + b"]\n"
    serve_files(
        fault_server,
        [("data.json", "application/json", Reply(200, body, headers={"Content-Type": "application/json"}))],
    )
    app = make_app(fault_server.url, token="tok")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await _to_attachment(pilot, 0)
        viewer = await _open_viewer(pilot)
        area = viewer.text_area
        assert isinstance(area.wrapped_document, FastWrappedDocument)
        assert area.wrapped_document.height == body.count(b"\n")  # as many rows as lines (no empty last one)
        assert area.find_matching_bracket("[", (0, 0)) is None
        await pilot.press("w")  # wrap on and off again keeps every row
        await pilot.press("w")
        assert area.wrapped_document.height == body.count(b"\n")  # as many rows as lines (no empty last one)


# --- fetching a capped prefix -----------------------------------------------------------------


def _attachment(url: str, kind: str, size: int | None) -> Attachment:
    return Attachment(filename="file", url=url, size=size, type=kind)


async def test_a_text_file_larger_than_the_cap_is_read_only_up_to_the_cap(fault_server: FaultServer) -> None:
    line = "2024-03-11 INFO café request ok\n"  # a two-byte character, so the cut can fall inside it
    body = (line * 20_000).encode()
    fault_server.route("/big.log", Reply(200, body, headers={"Content-Type": "text/plain"}))
    async with TicketClient(fault_server.url, "tok") as client:
        preview = await fetch_preview(
            client, _attachment(f"{fault_server.url}/big.log", "text/plain", len(body)), limit=64 * KIB + 1
        )
    assert preview.kind == "text" and preview.truncated
    assert preview.received == 64 * KIB + 1 and preview.total == len(body)
    assert body.decode().startswith(preview.text) and "\ufffd" not in preview.text
    assert len(preview.text.encode()) >= 64 * KIB - 1


async def test_a_file_that_fits_is_not_truncated(fault_server: FaultServer) -> None:
    body = webhook_payload()
    fault_server.route("/p.json", Reply(200, body, headers={"Content-Type": "application/json"}))
    async with TicketClient(fault_server.url, "tok") as client:
        preview = await fetch_preview(client, _attachment(f"{fault_server.url}/p.json", "application/json", len(body)))
    assert (preview.kind, preview.truncated, preview.text) == ("text", False, body.decode())
    assert preview.language == "json" and preview.line_count == body.count(b"\n")


async def test_a_binary_file_stops_after_the_first_bytes(fault_server: FaultServer) -> None:
    chunk = bytes(range(256)) * 256  # 64 KiB with NULs

    def body():
        for _ in range(64):  # 4 MiB in all
            yield chunk

    fault_server.route("/blob", Reply(200, body, headers={"Content-Type": "application/octet-stream"}))
    async with TicketClient(fault_server.url, "tok") as client:
        preview = await fetch_preview(
            client, _attachment(f"{fault_server.url}/blob", "application/octet-stream", 4 * 1024 * KIB)
        )
    assert preview.kind == "binary" and preview.text == ""
    assert preview.received < 1024 * KIB and preview.total == 4 * 1024 * KIB


async def test_text_plain_with_nul_bytes_is_binary(fault_server: FaultServer) -> None:
    fault_server.route("/nul.txt", Reply(200, b"header\x00\x01\x02 more", headers={"Content-Type": "text/plain"}))
    async with TicketClient(fault_server.url, "tok") as client:
        preview = await fetch_preview(client, _attachment(f"{fault_server.url}/nul.txt", "text/plain", 17))
    assert preview.kind == "binary"


async def test_escape_sequences_come_out_in_caret_notation(fault_server: FaultServer) -> None:
    body = b"clear \x1b[2J title \x1b]0;pwned\x07 clip \x1b]52;c;aGk=\x07 C1 \xc2\x9b31m bidi \xe2\x80\xae\r\n"
    fault_server.route("/esc.log", Reply(200, body, headers={"Content-Type": "text/plain"}))
    async with TicketClient(fault_server.url, "tok") as client:
        preview = await fetch_preview(client, _attachment(f"{fault_server.url}/esc.log", "text/plain", len(body)))
    assert preview.text == "clear ^[[2J title ^[]0;pwned^G clip ^[]52;c;aGk=^G C1 <U+009B>31m bidi <U+202E>\n"


async def test_fetch_errors_are_download_errors(fault_server: FaultServer) -> None:
    async with TicketClient(fault_server.url, "tok") as client:
        with pytest.raises(DownloadError, match=r"not found|404"):
            await fetch_preview(client, _attachment(f"{fault_server.url}/missing", "text/plain", 10))
        with pytest.raises(DownloadError, match="file"):
            await fetch_preview(client, _attachment("file:///etc/passwd", "text/plain", 10))
    assert len(fault_server.requests) == 1  # the file: link never became a request


# --- search -----------------------------------------------------------------------------------


def test_text_search_counts_and_steps_both_ways() -> None:
    search = TextSearch("Retry one\nno match\nretry two RETRY three\n")
    assert search.search("retry") == 3
    assert [search.span(i)[0] for i in range(3)] == [(0, 0), (2, 0), (2, 10)]
    assert search.next_index((0, 0), inclusive=True) == 0
    assert search.next_index((0, 5)) == 1
    assert search.next_index((2, 15)) == 0  # wraps round
    assert search.next_index((0, 0), forward=False) == 2  # wraps round backwards
    assert search.index_at((2, 10)) == 2 and search.index_at((2, 11)) is None
    assert search.search("absent") == 0 and search.next_index((0, 0)) is None


def test_text_search_caps_the_count() -> None:
    search = TextSearch("a" * 1000, max_matches=100)
    assert search.search("a") == 100 and search.capped


# --- the viewer, driven as an agent would ------------------------------------------------------


async def _open_viewer(pilot, key: str = "enter") -> AttachmentViewer:
    await pilot.press(key)
    await settle(pilot)
    viewer = pilot.app.screen
    assert isinstance(viewer, AttachmentViewer)
    return viewer


async def _to_attachment(pilot, index: int) -> None:
    await pilot.press("3")
    pilot.app.query_one(AttachmentList).highlighted = index
    await pilot.pause()


@pytest.mark.parametrize(
    ("index", "key", "content", "language"),
    [
        (0, "enter", service_log, None),
        (1, "p", webhook_payload, "json"),
        (2, "enter", usage_export, None),
    ],
    ids=["log", "json", "csv"],
)
async def test_text_attachments_open_read_only_with_line_numbers(demo_server, index, key, content, language) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, ATTACHMENTS_ID)
        await _to_attachment(pilot, index)
        viewer = await _open_viewer(pilot, key)
        area = viewer.query_one(AttachmentText)
        expected = content().decode()
        assert area.text == expected.removesuffix("\n")  # the final line break starts no numbered line
        assert area.document.line_count == expected.count("\n")  # the numbers end where the heading's count does
        assert area.read_only and area.show_line_numbers and area.display
        assert app.focused is area
        assert viewer.preview is not None and viewer.preview.language == language
        assert not viewer.query_one("#viewer-notice").display  # not truncated
        meta = str(viewer.query_one("#viewer-meta").render())
        assert f"{expected.count(chr(10)):,} lines" in meta


@pytest.mark.parametrize(
    ("index", "what"),
    [(6, "Binary file · application/octet-stream · 8.0 MiB")],
)
async def test_binary_attachments_say_what_they_are_and_offer_download(demo_server, index, what) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, ATTACHMENTS_ID)
        await _to_attachment(pilot, index)
        viewer = await _open_viewer(pilot)
        message = str(viewer.query_one("#viewer-message").render())
        assert what in message and "Binary file, not shown." in message and "Press d to download" in message
        assert not viewer.query(AttachmentText)
        assert viewer.preview.received < 1024 * KIB  # the 8 MiB file was not read through


async def test_text_larger_than_the_cap_says_truncated_and_offers_download(fault_server, tmp_path: Path) -> None:
    body = "".join(f"line {n:06d} of a long log\n" for n in range(20_000)).encode()  # ~500 KiB
    serve_files(fault_server, [("long.log", "text/plain", Reply(200, body, headers={"Content-Type": "text/plain"}))])
    app = make_app(fault_server.url, token="tok", download_dir=tmp_path, preview_bytes=64 * KIB)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await _to_attachment(pilot, 0)
        viewer = await _open_viewer(pilot)
        notice = viewer.query_one("#viewer-notice")
        assert notice.display
        assert str(notice.render()) == (
            "Truncated: showing the first 64.0 KiB of 507.8 KiB. Press d to download the whole file."
        )
        text = viewer.query_one(AttachmentText).text
        assert body.decode().startswith(text) and len(text) == 64 * KIB
        await pilot.press("d")  # the whole file, from the viewer, which stays open and says where it went
        await settle(pilot)
        assert app.screen is viewer
        assert (tmp_path / "long.log").read_bytes() == body
        assert viewer.download_row is not None and viewer.download_row.saved_path == tmp_path / "long.log"


async def test_long_text_opens_unwrapped_and_w_toggles_wrapping(fault_server) -> None:
    short = b"a line that is much longer than the narrow terminal it is shown on, so it wraps\n"
    long = short * 8000  # ~640 KiB: over the wrapping limit
    serve_files(
        fault_server,
        [
            ("short.log", "text/plain", Reply(200, short, headers={"Content-Type": "text/plain"})),
            ("long.log", "text/plain", Reply(200, long, headers={"Content-Type": "text/plain"})),
        ],
    )
    app = make_app(fault_server.url, token="tok")
    async with app.run_test(size=(60, 20)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await _to_attachment(pilot, 0)
        viewer = await _open_viewer(pilot)
        assert viewer.text_area.soft_wrap and viewer.text_area.wrapped_document.height > 1
        await pilot.press("escape")
        await _to_attachment(pilot, 1)
        viewer = await _open_viewer(pilot)
        assert not viewer.text_area.soft_wrap and viewer.text_area.wrapped_document.height == 8000
        await pilot.press("w")
        await pilot.pause()
        assert viewer.text_area.soft_wrap and viewer.text_area.wrapped_document.height > 8000


async def test_text_plain_with_nul_bytes_shows_the_binary_notice(fault_server) -> None:
    body = b"PK-ish\x00\x00\x00 not text at all" * 10
    serve_files(fault_server, [("notes.txt", "text/plain", Reply(200, body, headers={"Content-Type": "text/plain"}))])
    app = make_app(fault_server.url, token="tok")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await _to_attachment(pilot, 0)
        viewer = await _open_viewer(pilot)
        assert "Binary file, not shown." in str(viewer.query_one("#viewer-message").render())
        assert not viewer.query(AttachmentText)


async def test_escape_sequences_in_a_text_attachment_never_reach_the_screen(fault_server) -> None:
    body = (
        b"red \x1b[31mALERT\x1b[0m\nclear \x1b[2J and title \x1b]0;pwned\x07\n[bold]markup[/] [@click=app.quit]x[/]\n"
    )
    serve_files(fault_server, [("color.log", "text/plain", Reply(200, body, headers={"Content-Type": "text/plain"}))])
    app = make_app(fault_server.url, token="tok")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await _to_attachment(pilot, 0)
        viewer = await _open_viewer(pilot)
        text = viewer.query_one(AttachmentText).text
        assert "^[[31mALERT^[[0m" in text and "^[]0;pwned^G" in text
        assert "\x1b" not in text and "\x07" not in text
        assert "[@click=app.quit]x[/]" in text  # shown literally
        assert app.is_running


async def test_hostile_names_are_shown_as_text_in_the_viewer(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, HOSTILE_ID)
        await _to_attachment(pilot, 2)  # "[bold]report[/].txt", whose text holds markup and ESC
        viewer = await _open_viewer(pilot)
        assert str(viewer.query_one("#viewer-title").render()) == "[bold]report[/].txt"
        assert "[bold red]Markup inside a file[/] ^[[2J" in viewer.query_one(AttachmentText).text
        await pilot.press("escape")
        await _to_attachment(pilot, 0)  # "invoice<U+202E>fdp.exe": clean text, served as octet-stream
        viewer = await _open_viewer(pilot)
        assert str(viewer.query_one("#viewer-title").render()) == "invoice<U+202E>fdp.exe"
        assert viewer.preview.kind == "text"


async def test_find_counts_matches_and_moves_the_selection(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, ATTACHMENTS_ID)
        await _to_attachment(pilot, 0)
        viewer = await _open_viewer(pilot)
        area = viewer.query_one(AttachmentText)
        lines = area.text.split("\n")
        hits = [(row, line.lower().find("retry")) for row, line in enumerate(lines) if "retry" in line.lower()]
        assert all(line.lower().count("retry") == 1 for line in lines if "retry" in line.lower())

        await pilot.press("ctrl+f")
        find = viewer.query_one("#find-input", Input)
        assert app.focused is find
        await pilot.press(*"RETRY")  # case does not matter
        assert viewer.match_count == len(hits) > 10
        assert area.selection.start == hits[0] and area.selection.end == (hits[0][0], hits[0][1] + 5)
        assert viewer.find_status == f"1 of {len(hits)}"

        await pilot.press("enter")
        assert area.selection.start == hits[1] and viewer.find_status == f"2 of {len(hits)}"
        await pilot.press("escape")  # closes the find bar, keeps the matches
        assert app.focused is area and not viewer.query_one("#find-bar").display
        await pilot.press("n", "n")
        assert area.selection.start == hits[3]
        await pilot.press("N")
        assert area.selection.start == hits[2]
        area.move_cursor(area.document.end)
        await pilot.press("n")  # wraps from the end back to the first
        await pilot.pause()
        assert area.selection.start == hits[0]
        area.scroll_home(animate=False)
        await pilot.press("N")  # and backwards to the last, which must be scrolled into view
        await pilot.pause()
        assert area.selection.start == hits[-1]
        assert area.scroll_y > 0

        await pilot.press("slash")
        await pilot.press("ctrl+a", *"no such text")
        assert viewer.match_count == 0 and viewer.find_status == "No matches"


async def test_escape_returns_to_the_attachment_list(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, ATTACHMENTS_ID)
        await _to_attachment(pilot, 3)
        await _open_viewer(pilot)
        await pilot.press("1", "r", "tab")  # the ticket screen's keys do nothing under the viewer
        await pilot.pause()
        assert isinstance(app.screen, AttachmentViewer)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AttachmentViewer)
        assert isinstance(app.focused, AttachmentList) and app.focused.highlighted == 3


async def test_a_preview_that_cannot_be_fetched_says_why(fault_server) -> None:
    serve_files(fault_server, [("gone.txt", "text/plain", Reply(404, {"error": "gone"}))])
    app = make_app(fault_server.url, token="tok")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await _to_attachment(pilot, 0)
        viewer = await _open_viewer(pilot)
        message = str(viewer.query_one("#viewer-message").render())
        assert message.startswith("Could not show this file")
        assert "404" in message or "not found" in message.lower()
        assert app.is_running


async def test_the_ui_stays_live_while_a_slow_preview_loads_and_escape_cancels_it(fault_server) -> None:
    serve_files(fault_server, [("slow.txt", "text/plain", Reply(200, b"late", delay=60))])
    app = make_app(fault_server.url, token="tok")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await _to_attachment(pilot, 0)
        await pilot.press("enter")
        await pilot.pause()
        viewer = app.screen
        assert isinstance(viewer, AttachmentViewer)
        assert viewer.query_one("#viewer-body").loading
        preview_workers = [w for w in app.workers if w.group == "preview"]
        assert [w.is_running for w in preview_workers] == [True]
        await pilot.press("escape")
        await wait_until(pilot, lambda: preview_workers[0].is_finished)
        assert preview_workers[0].is_cancelled
        assert isinstance(app.focused, AttachmentList)


async def test_a_hostile_content_type_is_shown_as_text(fault_server) -> None:
    served = "image/x\x1b[2J[bold]evil[/]"
    serve_files(
        fault_server,
        [("prog", "image/png", Reply(200, b"\x7fELF\x02\x01\x01\x00\x00", headers={"Content-Type": served}))],
    )
    app = make_app(fault_server.url, token="tok")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await _to_attachment(pilot, 0)
        viewer = await _open_viewer(pilot)
        message = str(viewer.query_one("#viewer-message").render())
        assert "ELF executable · image/x^[[2j[bold]evil[/] · 9 B" in message


def test_highlighting_needs_a_known_grammar_and_a_short_text() -> None:
    from widgets.attachments.attachment_viewer import HIGHLIGHT_LIMIT, highlighting

    assert highlighting("json", 1000) == "json"
    assert highlighting("yaml") == "yaml"
    assert highlighting("json", HIGHLIGHT_LIMIT + 1) is None  # tree-sitter would take seconds
    assert highlighting("cobol") is None and highlighting(None) is None
