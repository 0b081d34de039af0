"""Attachment downloads: safe names, no overwrite, nothing left behind, the token kept at home."""

from __future__ import annotations

import asyncio
import errno
import os
import stat
import unicodedata
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.api.client import TicketClient, is_loopback
from app.core.api.models import Attachment
from app.core.attachments import downloads
from app.core.attachments.downloads import (
    PART_PREFIX,
    PART_SUFFIX,
    Progress,
    download_attachment,
    numbered,
    publish,
    remove_stale_parts,
    safe_filename,
)
from app.core.errors import DownloadError
from tests.fault_server import FaultServer, Reply, clear_proxy_env

# isort: split
# pytest finds these fixtures by their names, fault_server and other_origin
from tests.fault_server import fault_server_fixture, other_origin_fixture  # noqa: F401

TOKEN = "s3cr3t-t0ken-value"
CONTENT = bytes(range(256)) * 40  # 10,240 bytes
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{kind}{n}" for kind in ("COM", "LPT") for n in range(1, 10)}


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def make_client(base_url: str, **options: object) -> TicketClient:
    """A client for the API at ``base_url`` with short timeouts."""
    return TicketClient(base_url, TOKEN, connect_timeout=2.0, read_timeout=2.0, **options)  # type: ignore[arg-type]


def attachment(url: str, filename: str | None = "error_logs.txt", size: int | None = len(CONTENT)) -> Attachment:
    """An attachment as the API would describe it."""
    return Attachment(filename=filename, url=url, size=size, type="text/plain")


def files_in(folder: Path) -> list[str]:
    """Every entry of ``folder``, hidden ones included, sorted."""
    return sorted(entry.name for entry in folder.iterdir()) if folder.exists() else []


async def download_error(server: FaultServer, item: Attachment, folder: Path, **options: object) -> DownloadError:
    """The DownloadError a download raises."""
    async with make_client(server.url) as client:
        with pytest.raises(DownloadError) as caught:
            await download_attachment(client, item, folder, **options)  # type: ignore[arg-type]
    return caught.value


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("error_logs.txt", "error_logs.txt"),
        (".config.json", "config.json"),  # never a hidden file
        (".ticketview-99999-abcdefgh.part", "ticketview-99999-abcdefgh.part"),  # nor one named as a part file
        ("..hidden.part", "hidden.part"),
        ("report (final).pdf", "report (final).pdf"),
        ("факту́ра.pdf", "факту́ра.pdf"),
        ("报告 2024.xlsx", "报告 2024.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/etc/shadow", "shadow"),
        ("C:\\Users\\x\\evil.bat", "evil.bat"),
        ("dir/", "dir"),
        ("..", "attachment"),
        (".", "attachment"),
        ("...", "attachment"),
        ("", "attachment"),
        (None, "attachment"),
        ("/", "attachment"),
        ("a\x00b.txt", "ab.txt"),
        ("bell\x07\x1b[31m.txt", "bell[31m.txt"),
        ("invoice\u202etxt.exe", "invoicetxt.exe"),
        ("\u2066x\u2069\u200b\u200d\ufeff.pdf", "x.pdf"),
        ("CON.txt", "CON_.txt"),
        ("con", "con_"),
        ("LPT1.tar.gz", "LPT1_.tar.gz"),
        ("a:b|c?.txt", "a_b_c_.txt"),
        ("trailing. ", "trailing"),
        ("line\nbreak.txt", "linebreak.txt"),
    ],
)
def test_safe_filename(name: str | None, expected: str) -> None:
    assert safe_filename(name) == expected


def test_safe_filename_caps_bytes_and_keeps_the_extension() -> None:
    for name in ("a" * 300 + ".txt", "é" * 200 + ".pdf", "日本" * 100 + ".tar.gz"):
        safe = safe_filename(name)
        assert len(safe.encode()) <= 255 and safe.endswith(os.path.splitext(name)[1]) and safe[0] == name[0]


@given(
    st.one_of(
        st.text(st.characters(codec="utf-8")),
        st.from_regex(r"[./\\ ]*(CON|nul|com1|Lpt9|aux|PRN)?[ .]*\w*", fullmatch=True),
    )
)
@settings(max_examples=200, deadline=None)
def test_any_name_becomes_one_plain_file_name(name: str) -> None:
    safe = safe_filename(name)
    assert safe and safe not in (".", "..") and len(safe.encode()) <= 255
    assert not set(safe) & set('/\\\0:*?"<>|')
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp") for ch in safe)
    assert safe == safe.strip() and not safe.endswith(".") and not safe.startswith(".")
    assert safe.split(".")[0].strip().upper() not in WINDOWS_DEVICES


def test_a_file_saved_under_a_part_file_name_outlives_the_clean_up(tmp_path: Path) -> None:
    """A name sent to look like a killed download's part file (a process long gone) is saved as a
    plain file, which the clean-up at the next start leaves alone."""
    saved = tmp_path / safe_filename(f"{PART_PREFIX}99999999-abcdefgh{PART_SUFFIX}")
    saved.write_bytes(b"kept")
    assert remove_stale_parts(tmp_path) == 0 and saved.read_bytes() == b"kept"


def test_safe_filename_fallback() -> None:
    assert safe_filename("..", fallback="ticket-file") == "ticket-file"


def test_numbered_names() -> None:
    assert numbered("x.txt", 0) == "x.txt"
    assert numbered("x.txt", 1) == "x (1).txt"
    assert numbered(".bashrc", 2) == ".bashrc (2)"
    long = numbered("a" * 251 + ".txt", 12)
    assert long.endswith(" (12).txt") and len(long.encode()) <= 255


def test_progress_numbers() -> None:
    assert Progress(50, 200, 2.0).speed == 25.0 and Progress(50, 200, 2.0).fraction == 0.25
    assert Progress(5, None, 0.0).speed == 0.0 and Progress(5, None, 0.0).fraction is None


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("localhost", "127.0.0.1", "127.9.8.7", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("example.com", "10.0.0.1", "128.0.0.1", "localhost.example.com"))


# --- success ------------------------------------------------------------------------------------


async def test_download_saves_the_file_privately(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/log", Reply(200, CONTENT))
    folder = tmp_path / "new" / "downloads"
    reports: list[Progress] = []
    async with make_client(fault_server.url) as client:
        path = await download_attachment(
            client, attachment(f"{fault_server.url}/files/log"), folder, on_progress=reports.append
        )
    assert path == folder / "error_logs.txt" and path.read_bytes() == CONTENT
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert files_in(folder) == ["error_logs.txt"]
    assert reports[-1] == Progress(len(CONTENT), len(CONTENT), reports[-1].elapsed) and reports[-1].fraction == 1.0


async def test_download_never_overwrites(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/x", Reply(200, CONTENT))
    (tmp_path / "x.txt").write_bytes(b"mine")
    (tmp_path / "x (1).txt").write_bytes(b"mine too")
    async with make_client(fault_server.url) as client:
        path = await download_attachment(client, attachment(f"{fault_server.url}/files/x", "x.txt"), tmp_path)
    assert path.name == "x (2).txt" and path.read_bytes() == CONTENT
    assert (tmp_path / "x.txt").read_bytes() == b"mine" and (tmp_path / "x (1).txt").read_bytes() == b"mine too"


async def test_a_symlink_under_the_name_is_never_followed(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/x", Reply(200, CONTENT))
    folder, outside = tmp_path / "downloads", tmp_path / "outside.txt"
    folder.mkdir()
    outside.write_bytes(b"precious")
    (folder / "x.txt").symlink_to(outside)
    (folder / "x (1).txt").symlink_to(tmp_path / "does-not-exist")
    async with make_client(fault_server.url) as client:
        path = await download_attachment(client, attachment(f"{fault_server.url}/files/x", "x.txt"), folder)
    assert path.name == "x (2).txt" and not path.is_symlink()
    assert outside.read_bytes() == b"precious" and not (tmp_path / "does-not-exist").exists()
    assert (folder / "x.txt").is_symlink() and (folder / "x (1).txt").is_symlink()


def test_publish_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(downloads.os, "link", no_links)
    (tmp_path / "x.txt").write_bytes(b"mine")
    (tmp_path / "x (1).txt").symlink_to(tmp_path / "nowhere")
    part = tmp_path / ".abc.part"
    part.write_bytes(b"data")
    final = publish(part, tmp_path, "x.txt")
    assert final.name == "x (2).txt" and final.read_bytes() == b"data" and not part.exists()
    assert (tmp_path / "x.txt").read_bytes() == b"mine" and not (tmp_path / "nowhere").exists()


def test_publish_leaves_no_reserved_name_when_the_move_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(downloads.os, "link", no_links)
    monkeypatch.setattr(downloads.os, "replace", disk_full)
    part = tmp_path / ".abc.part"
    part.write_bytes(b"data")
    with pytest.raises(OSError):
        publish(part, tmp_path, "x.txt")
    assert files_in(tmp_path) == [".abc.part"]


async def test_progress_is_reported_at_most_twenty_times_a_second(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/slow", Reply(200, CONTENT, drip=(256, 0.005)))
    reports: list[Progress] = []
    async with make_client(fault_server.url) as client:
        await download_attachment(
            client, attachment(f"{fault_server.url}/files/slow"), tmp_path, on_progress=reports.append
        )
    assert 2 <= len(reports) <= reports[-1].elapsed * 20 + 2
    assert [r.received for r in reports] == sorted(r.received for r in reports)
    assert reports[-1].received == len(CONTENT)


async def test_a_gzip_encoded_file_is_saved_decoded(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/z", Reply(200, CONTENT, gzip=True))
    async with make_client(fault_server.url) as client:
        path = await download_attachment(client, attachment(f"{fault_server.url}/files/z"), tmp_path)
    assert path.read_bytes() == CONTENT
    assert fault_server.requests[0].headers["accept-encoding"] == "identity"


async def test_the_name_comes_from_the_url_when_the_api_gives_none(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/report%20v2.pdf", Reply(200, CONTENT))
    async with make_client(fault_server.url) as client:
        item = attachment(f"{fault_server.url}/files/report%20v2.pdf", filename=None)
        path = await download_attachment(client, item, tmp_path)
    assert path.name == "report v2.pdf"


# --- failures leave nothing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "size", "words"),
    [
        (Reply(200, CONTENT, content_length=len(CONTENT) + 100), len(CONTENT) + 100, "broke"),
        (Reply(200, CONTENT, content_length=len(CONTENT) - 100), len(CONTENT), "got 10140 of 10240 bytes"),
        (Reply(200, CONTENT), 20_000, "It stopped short: got 10240 of 20000 bytes"),
        (Reply(200, CONTENT), 100, "More arrived than expected"),
        (Reply(200, CONTENT, close_after=5000), len(CONTENT), "broke"),
        (Reply(404, "gone"), len(CONTENT), "The file is no longer on the server (404)."),
        (Reply(403, "no"), len(CONTENT), "refused access to the file (403)"),
        (Reply(503, "<html>"), len(CONTENT), "failed (HTTP 503)"),
    ],
)
async def test_a_failed_download_leaves_no_file(
    fault_server: FaultServer, tmp_path: Path, reply: Reply, size: int, words: str
) -> None:
    fault_server.route("/files/f", reply)
    error = await download_error(fault_server, attachment(f"{fault_server.url}/files/f", size=size), tmp_path)
    assert words in error.message
    assert files_in(tmp_path) == []


async def test_cancelling_mid_download_leaves_no_file(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/slow", Reply(200, CONTENT, stall_after=4096))
    started = asyncio.Event()
    async with make_client(fault_server.url) as client:
        task = asyncio.create_task(
            download_attachment(
                client,
                attachment(f"{fault_server.url}/files/slow"),
                tmp_path,
                on_progress=lambda progress: started.set(),
                chunk_size=1024,
            )
        )
        await asyncio.wait_for(started.wait(), 5)
        assert any(name.endswith(".part") for name in files_in(tmp_path))
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert files_in(tmp_path) == []


async def test_a_size_over_the_limit_is_refused_before_any_request(fault_server: FaultServer, tmp_path: Path) -> None:
    error = await download_error(fault_server, attachment(f"{fault_server.url}/f", size=5000), tmp_path, max_bytes=4096)
    assert "larger than the limit of 4.0 KiB" in error.message
    assert fault_server.requests == [] and files_in(tmp_path) == []


async def test_a_content_length_over_the_limit_is_refused(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/big", Reply(200, CONTENT))
    error = await download_error(
        fault_server, attachment(f"{fault_server.url}/files/big", size=None), tmp_path, max_bytes=4096
    )
    assert "larger than the limit" in error.message and files_in(tmp_path) == []


async def test_a_body_over_the_limit_is_cut_off(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/endless", Reply(200, lambda: iter([CONTENT] * 1000)))
    item = attachment(f"{fault_server.url}/files/endless", size=None)
    error = await download_error(fault_server, item, tmp_path, max_bytes=50_000, chunk_size=4096)
    assert "larger than the limit" in error.message and files_in(tmp_path) == []


async def test_a_folder_that_cannot_be_made_is_a_download_error(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route("/files/f", Reply(200, CONTENT))
    (tmp_path / "taken").write_text("a file, not a folder")
    error = await download_error(fault_server, attachment(f"{fault_server.url}/files/f"), tmp_path / "taken" / "sub")
    assert "could not be saved" in error.message


async def test_connection_refused_is_a_download_error(tmp_path: Path) -> None:
    with FaultServer() as server:
        url = f"{server.url}/files/f"
    async with make_client("https://api.example.test") as client:
        with pytest.raises(DownloadError) as caught:
            await download_attachment(client, attachment(url), tmp_path)
    assert "connection refused" in caught.value.message and files_in(tmp_path) == []


# --- where downloads may come from, and who gets the token ----------------------------------------


class _Recording(httpx.AsyncBaseTransport):
    """Answers every request with a redirect to ``location`` (or 200), recording the URLs asked for."""

    def __init__(self, location: str | None = None) -> None:
        self.location = location
        self.urls: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        if self.location:
            return httpx.Response(302, headers={"Location": self.location})
        return httpx.Response(200, content=CONTENT)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "data:text/plain;base64,aGVsbG8=",
        "ftp://files.example.com/x.txt",
        "javascript:alert(1)",
        "http://storage.example.com/x.txt",
        "http://10.0.0.1/x.txt",
        "//storage.example.com/x.txt",
        "x.txt",
        "",
        None,
    ],
)
async def test_unsafe_addresses_are_refused_before_any_request(url: str | None, tmp_path: Path) -> None:
    transport = _Recording()
    async with TicketClient("https://api.example.test", TOKEN, transport=transport) as client:
        with pytest.raises(DownloadError, match=r"Refusing|not a valid|not a full web address"):
            await download_attachment(client, attachment(url), tmp_path)  # type: ignore[arg-type]
    assert transport.urls == [] and files_in(tmp_path) == []


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_any_address_is_fetched_only_if_https_or_loopback(url: str) -> None:
    async def attempt() -> list[str]:
        transport = _Recording()
        async with TicketClient("https://api.example.test", TOKEN, transport=transport) as client:
            try:
                async with client.stream(url) as response:
                    assert response.status_code == 200
            except DownloadError:
                pass
        return transport.urls

    for sent in asyncio.run(attempt()):
        parsed = httpx.URL(sent)
        assert parsed.scheme == "https" or (parsed.scheme == "http" and is_loopback(parsed.host))


@pytest.mark.parametrize("location", ["http://storage.example.com/x.txt", "file:///etc/passwd"])
async def test_every_redirect_hop_is_checked(location: str, tmp_path: Path) -> None:
    transport = _Recording(location)
    async with TicketClient("https://api.example.test", TOKEN, transport=transport) as client:
        with pytest.raises(DownloadError, match="Refusing"):
            await download_attachment(client, attachment("https://files.example.test/x.txt"), tmp_path)
    assert transport.urls == ["https://files.example.test/x.txt"] and files_in(tmp_path) == []


async def test_https_and_loopback_http_are_fetched(tmp_path: Path) -> None:
    transport = _Recording()
    async with TicketClient("https://api.example.test", TOKEN, transport=transport) as client:
        for url in ("https://files.example.test/a.txt", "http://localhost:9/b.txt", "http://[::1]:9/c.txt"):
            await download_attachment(client, attachment(url, filename=None), tmp_path)
    assert files_in(tmp_path) == ["a.txt", "b.txt", "c.txt"]


async def test_the_token_goes_to_the_api_origin_only(
    fault_server: FaultServer, other_origin: FaultServer, tmp_path: Path
) -> None:
    fault_server.route("/files/a", Reply(200, CONTENT))
    fault_server.route("/files/away", Reply(302, headers={"Location": f"{other_origin.url}/files/b"}))
    other_origin.route("/files/b", Reply(200, CONTENT))
    async with make_client(fault_server.url) as client:
        await download_attachment(client, attachment(f"{fault_server.url}/files/a", "a.txt"), tmp_path)
        await download_attachment(client, attachment(f"{other_origin.url}/files/b", "b.txt"), tmp_path)
        await download_attachment(client, attachment(f"{fault_server.url}/files/away", "c.txt"), tmp_path)
    assert [r.authorization for r in fault_server.requests] == [f"Bearer {TOKEN}"] * 2
    assert [r.authorization for r in other_origin.requests] == [None, None]
    assert files_in(tmp_path) == ["a.txt", "b.txt", "c.txt"]
