"""``ticketview --new`` beside drafts kept earlier (by the app's form or another run): a failure or a
cancel never replaces them, ``--resume`` sends the newest and says what else is kept, and ``--new``
without it says a draft is waiting. Against a recording server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.core.api.new_ticket import NewTicket
from app.core.storage.drafts import Drafts
from app.core.storage.user_data import UserData
from tests.cli.test_new_ticket_cli import FIELDS, PATH, run_with_editor, sent
from tests.fault_server import FaultServer, Reply

# isort: split
from tests.cli.test_new_ticket_cli import api_fixture, own_folders_fixture  # noqa: F401 (fixtures)

FORM_DRAFT = NewTicket.of(title="Printer jams", description="Tray 2, since Monday.", priority="low", category="general")
"""A draft the app's form kept earlier."""


def drafts_for(api: FaultServer) -> Drafts:
    """The drafts the app and ``--new`` keep for this API (the same folder for both)."""
    return UserData.for_user(api.url).drafts


def test_a_failed_new_keeps_the_forms_draft_and_says_both_are_kept(
    api: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    drafts_for(api).save(FORM_DRAFT)
    api.route(PATH, Reply(503))
    assert main(["--new", "--base-url", api.url, *FIELDS]) == 4
    err = capsys.readouterr().err
    kept = drafts_for(api).kept()
    assert [draft.ticket.title for draft in kept] == ["Card declined", "Printer jams"]  # the newest first
    assert kept[1].ticket == FORM_DRAFT  # untouched
    assert "1 earlier draft is kept beside it (--resume offers the newest first)." in err
    assert f"Your ticket is kept as a draft in {kept[0].path}" in err or "draft in ~/" in err


def test_new_without_resume_says_in_one_line_that_a_draft_is_kept_and_goes_on(
    api: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    drafts_for(api).save(FORM_DRAFT)
    drafts_for(api).save(FORM_DRAFT.with_values(title="Another"))
    assert main(["--new", "--base-url", api.url, *FIELDS]) == 0
    out, err = capsys.readouterr()
    assert out == "support_ticket_1234\n"  # stdout is the ID alone, for id=$(...)
    assert err.count("\n") == 1
    assert err.startswith(
        "ticketview: a draft is kept (“Another”, and 1 more); send it with: ticketview --new --resume"
    )
    assert [body["title"] for body in sent(api)] == ["Card declined"]
    assert len(drafts_for(api).kept()) == 2  # neither was touched


def test_resume_with_two_drafts_sends_the_newest_then_the_other(
    api: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    drafts_for(api).save(FORM_DRAFT)
    newer = NewTicket.of(title="Kiosk 14 offline", description="Since 9am.", priority="high", category="technical")
    drafts_for(api).save(newer)
    assert main(["--new", "--resume", "--base-url", api.url]) == 0
    err = capsys.readouterr().err
    assert "resuming your newest draft; 1 older draft is kept in " in err
    assert "(--resume offers the next once this one is sent)" in err
    assert sent(api)[-1]["title"] == "Kiosk 14 offline"
    assert [draft.ticket for draft in drafts_for(api).kept()] == [FORM_DRAFT]  # only the one sent is gone

    assert main(["--new", "--resume", "--base-url", api.url]) == 0
    assert "older draft" not in capsys.readouterr().err
    assert sent(api)[-1]["title"] == "Printer jams"
    assert drafts_for(api).kept() == []


def test_resume_that_fails_again_keeps_one_draft_not_two(api: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    drafts_for(api).save(FORM_DRAFT)
    api.route(PATH, Reply(500, {"error": "boom"}))
    assert main(["--new", "--resume", "--base-url", api.url, "--priority", "urgent"]) == 4
    kept = drafts_for(api).kept()
    assert [draft.ticket for draft in kept] == [FORM_DRAFT.with_values(priority="urgent")]  # the same draft, updated
    assert "earlier draft" not in capsys.readouterr().err


def test_a_cancel_in_the_editor_keeps_the_forms_draft(
    api: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    drafts_for(api).save(FORM_DRAFT)
    assert run_with_editor(api, tmp_path, monkeypatch, "---\ntitle: Only a title\n---\n") == 1
    err = capsys.readouterr().err
    assert "no description" in err and "1 earlier draft is kept beside it" in err
    assert [draft.ticket.title for draft in drafts_for(api).kept()] == ["Only a title", "Printer jams"]
    assert api.requests == []
