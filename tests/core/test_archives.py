"""Archive listings and members, against hostile archives: bombs, odd names, huge counts, damage."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

import pytest

from app.core.attachments import archives
from app.core.attachments.archive_members import read_member_bytes, view_member
from app.core.attachments.archives import MAX_MEMBERS, ArchiveError, list_archive
from app.demo.documents import logs_tar_gz, logs_zip

MIB = 1024 * 1024


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _patch_central(data: bytes, offset: int, value: bytes) -> bytes:
    """Overwrite a field of every central-directory entry (the sizes and flags zipfile reads)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        out[at + offset : at + offset + len(value)] = value
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


class _Zeros(io.RawIOBase):
    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def test_the_demo_zip_lists_its_members_with_sizes_dates_and_folders() -> None:
    listing = list_archive(logs_zip())
    assert listing.label == "ZIP archive" and listing.bomb is None and listing.total == 7
    by_name = {member.name: member for member in listing.members}
    assert by_name["logs/"].type == "dir"
    log = by_name["error_logs.txt"]
    assert log.size == 1024 and 0 < (log.compressed or 0) < 1024 and log.modified is not None
    assert log.modified.year == 2024
    view = view_member(listing, log)
    assert view.text is not None and "401 Unauthorized" in view.text
    png = view_member(listing, by_name["screens/error_dialog.png"])
    assert png.text is None and "PNG image" in png.what


def test_the_demo_tar_gz_lists_a_folder_a_file_and_a_link() -> None:
    listing = list_archive(logs_tar_gz())
    assert listing.format == "tar.gz" and listing.total == 4
    types = {member.name: member.type for member in listing.members}
    assert types == {
        "verifik-client": "dir",
        "verifik-client/service.log": "file",
        "verifik-client/webhook_payload.json": "file",
        "verifik-client/latest.log": "link",
    }
    link = listing.members[3]
    assert link.link_target == "service.log" and "never followed" in view_member(listing, link).what
    text = view_member(listing, listing.members[2]).text
    assert text is not None and "biometric_validation.completed" in text


def test_names_are_made_safe_and_traversal_is_marked_outside() -> None:
    names = [
        "../../etc/passwd",
        "/etc/shadow",
        "C:\\Windows\\evil.dll",
        "a/../../b",
        "\x1b[2J[bold]x[/]\u202egnp.txt",
        "ok/fine.txt",
    ]
    listing = list_archive(_zip(dict.fromkeys(names, b"x")))
    shown = [(member.name, member.outside) for member in listing.members]
    assert shown == [
        ("../../etc/passwd", True),
        ("/etc/shadow", True),
        ("C:\\Windows\\evil.dll", True),
        ("a/../../b", True),
        ("^[[2J[bold]x[/]<U+202E>gnp.txt", False),
        ("ok/fine.txt", False),
    ]


def test_tar_links_pointing_outside_are_marked_hard_links_too() -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, kind, target in (
            ("soft", tarfile.SYMTYPE, "/etc/passwd"),
            ("hard", tarfile.LNKTYPE, "../../etc/shadow"),
            ("inside", tarfile.LNKTYPE, "logs/app.log"),
        ):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tar.addfile(info)
    listing = list_archive(buffer.getvalue())
    assert [(member.name, member.outside) for member in listing.members] == [
        ("soft", True),
        ("hard", True),
        ("inside", False),
    ]


def test_a_zip_whose_members_claim_huge_sizes_is_a_bomb_and_not_read() -> None:
    data = _patch_central(_zip({"a.txt": b"hello\n", "b.txt": b"world\n"}), 24, (0xFFFFFFF0).to_bytes(4, "little"))
    listing = list_archive(data)
    assert listing.bomb is not None and "claim to unpack to" in listing.bomb
    view = view_member(listing, listing.members[0])
    assert view.text is None and "decompression bomb" in view.what


def test_a_zip_member_with_a_huge_ratio_is_a_bomb() -> None:
    listing = list_archive(_zip({"zeros.bin": bytes(20 * MIB), "readme.txt": b"hi\n"}))
    assert listing.bomb is not None and "inflate" in listing.bomb
    assert view_member(listing, listing.members[1]).text is None


def test_reading_a_member_stops_at_the_cap_however_far_it_would_inflate() -> None:
    listing = list_archive(_zip({"zeros.txt": b" " * (64 * MIB)}))
    data = read_member_bytes(listing, listing.members[0], cap=MIB)
    assert len(data) == MIB + 1  # one byte past the cap says it goes on; no more was inflated


def test_a_tar_gz_bomb_stops_listing_at_the_inflation_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_INFLATED", 4 * MIB)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("zeros")
        info.size = 64 * MIB
        archive.addfile(info, io.BufferedReader(_Zeros(info.size)))
        archive.addfile(tarfile.TarInfo("after"))
    listing = list_archive(buffer.getvalue())
    assert listing.bomb is not None and "4.0 MiB" in listing.bomb
    assert listing.total is None and [member.name for member in listing.members] == ["zeros"]
    assert "decompression bomb" in view_member(listing, listing.members[0]).what


def test_a_hundred_thousand_members_are_listed_ten_thousand() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(100_000):
            archive.writestr(f"m/{number}.txt", b"")
    listing = list_archive(buffer.getvalue())
    assert len(listing.members) == MAX_MEMBERS and listing.total == 100_000
    assert listing.count_words() == "first 10,000 of 100,000 members"


def test_an_encrypted_member_is_said_and_not_read() -> None:
    data = _patch_central(_zip({"secret.txt": b"hidden\n"}), 8, b"\x01\x00")
    listing = list_archive(data)
    member = listing.members[0]
    assert member.encrypted
    assert view_member(listing, member).what.startswith("encrypted")


def test_one_gzipped_file_is_an_archive_of_one_member_named_from_its_header() -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="kiosk.log", mode="wb", fileobj=buffer, mtime=1_717_400_000) as stream:
        stream.write(b"2024-06-03 ERROR 401\n" * 50)
    listing = list_archive(buffer.getvalue(), "upload.gz")
    assert [(m.name, m.size) for m in listing.members] == [("kiosk.log", 21 * 50)]
    text = view_member(listing, listing.members[0]).text
    assert text is not None and text.startswith("2024-06-03 ERROR 401")
    nameless = list_archive(gzip.compress(b"x"), "notes.txt.gz")
    assert nameless.members[0].name == "notes.txt"


def test_a_nested_archive_is_named_not_opened() -> None:
    listing = list_archive(_zip({"inner.zip": _zip({"a.txt": b"a"})}))
    assert "ZIP archive inside the archive" in view_member(listing, listing.members[0]).what


@pytest.mark.parametrize("data", [b"PK\x03\x04" + b"\x00" * 40, b"PK\x05\x06garbage", b"plain"])
def test_damaged_archives_say_so_in_words(data: bytes) -> None:
    with pytest.raises(ArchiveError, match=r"damaged|not a ZIP"):
        list_archive(data)


def test_a_damaged_gzip_lists_its_one_member_which_then_cannot_be_read() -> None:
    listing = list_archive(b"\x1f\x8b\x08" + b"\xff" * 40, "x.gz")
    view = view_member(listing, listing.members[0])
    assert view.text is None and "damaged" in view.what
