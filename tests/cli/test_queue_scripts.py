"""``ticketview --queue --json|--markdown|--csv`` as scripts run it: pages followed in the API's order,
--limit, bounds a server cannot stretch, and failures that leave nothing half-printed on stdout, with
the exit codes of the other one-shot commands. Each case calls ``main`` against a real server on
127.0.0.1 (the demo API, or a scripted ``FaultServer``).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from app.cli import main
from app.core.api import paging
from app.demo.server import DemoServer
from tests.cli.queue_scripts import (  # noqa: F401 (fixtures, found by name)
    LIST_PATH,
    ROWS,
    TOKEN,
    envelope,
    expected_order,
    ids,
    item,
    list_endpoint,
    page_of,
    queries,
    run,
    server_fixture,
    token_env_fixture,
)
from tests.fault_server import FaultServer, Recorded, Reply

# --- paging and --limit ----------------------------------------------------------------------------


def test_the_default_prints_100_tickets_in_the_apis_order(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route(LIST_PATH, list_endpoint(ROWS))
    code, out, err = run(capsys, "--queue", "--json", "--base-url", server.url)
    assert (code, err) == (0, "")
    assert ids(out) == expected_order(ROWS)[:100]
    assert [(query["page"], query["limit"]) for query in queries(server)] == [("1", "50"), ("2", "50")]
    assert all(request.authorization == f"Bearer {TOKEN}" for request in server.requests)


def test_limit_0_follows_every_page_and_stops_at_the_short_one(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route(LIST_PATH, list_endpoint(ROWS))
    code, out, _ = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert code == 0 and ids(out) == expected_order(ROWS)
    assert [query["page"] for query in queries(server)] == ["1", "2", "3"]


def test_limit_1_asks_for_one_ticket_once(server: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.route(LIST_PATH, list_endpoint(ROWS))
    code, out, _ = run(capsys, "--queue", "--json", "--limit", "1", "--base-url", server.url)
    assert code == 0 and ids(out) == expected_order(ROWS)[:1]
    assert queries(server) == [{"page": "1", "limit": "1"}]


def test_limit_n_keeps_one_page_size_and_cuts_the_last_page(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route(LIST_PATH, list_endpoint(ROWS))
    code, out, _ = run(capsys, "--queue", "--json", "--limit", "60", "--base-url", server.url)
    assert code == 0 and ids(out) == expected_order(ROWS)[:60]
    assert [(query["page"], query["limit"]) for query in queries(server)] == [("1", "50"), ("2", "50")]


def test_an_exact_end_stops_at_the_last_page_the_server_names(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route(LIST_PATH, list_endpoint(ROWS[:100]))
    code, out, _ = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert code == 0 and len(ids(out)) == 100 and len(queries(server)) == 2


def test_an_empty_page_ends_the_list_even_when_more_are_claimed(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    first = [item(f"A-{n}") for n in range(50)]
    server.route(LIST_PATH, [Reply(200, envelope(first, pages=9, total=450)), Reply(200, envelope([], pages=9))])
    code, out, _ = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert code == 0 and ids(out) == [row["_id"] for row in first] and len(queries(server)) == 2


def test_filters_go_to_the_api_as_the_queue_sends_them(server: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [*ROWS[:5], item("T-urgent", status="open", priority="urgent", category="billing")]
    server.route(LIST_PATH, list_endpoint(rows))
    code, out, _ = run(
        capsys, "--queue", "--json", "--status", "open", "--priority", "urgent", "--category", "billing",
        "--base-url", server.url,
    )  # fmt: skip
    assert code == 0 and ids(out) == ["T-urgent"]
    assert queries(server)[0] == {
        "page": "1",
        "limit": "50",
        "status": "open",
        "priority": "urgent",
        "category": "billing",
    }


def test_the_demo_lists_its_tickets_without_a_token(
    demo_server: DemoServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VERIFIK_TOKEN")
    code, out, err = run(capsys, "--demo", "--queue", "--json", "--limit", "0")
    assert (code, err) == (0, "")
    listed = json.loads(out)
    assert len(listed) > 40 and "support_ticket_123456789" in ids(out)
    assert {"_id", "title", "status", "priority", "category", "assignedTo", "createdAt", "updatedAt"} <= set(listed[0])
    code, out, _ = run(capsys, "--demo", "--queue", "--markdown", "--status", "open", "--priority", "high")
    assert code == 0 and out.startswith("| ID | Title |") and len(out.splitlines()) == 2 + 3


def test_markdown_and_csv_print_the_same_tickets(server: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.route(LIST_PATH, list_endpoint(ROWS))
    _, markdown, _ = run(capsys, "--queue", "--markdown", "--limit", "70", "--utc", "--base-url", server.url)
    _, text, _ = run(capsys, "--queue", "--csv", "--limit", "70", "--base-url", server.url)
    order = expected_order(ROWS)[:70]
    assert [line.split(" | ")[0].removeprefix("| ") for line in markdown.splitlines()[2:]] == order
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0][0] == "_id" and [record[0] for record in records[1:]] == order


def test_a_nasty_title_reads_back_from_csv_and_is_never_a_formula(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    title = '=HYPERLINK("http://evil.example","click"), said "he"\nnext line'
    server.route(LIST_PATH, list_endpoint([item("T-1", title), item("T-2", "@SUM(1+1)"), item("T-3", "-2+3")]))
    code, out, _ = run(capsys, "--queue", "--csv", "--base-url", server.url)
    records = list(csv.reader(io.StringIO(out, newline="")))
    titles = {record[0]: record[1] for record in records[1:]}
    assert code == 0 and titles == {"T-1": "'" + title, "T-2": "'@SUM(1+1)", "T-3": "'-2+3"}


# --- a server that does not stop ---------------------------------------------------------------------


def test_pages_that_repeat_for_ever_print_each_ticket_once_and_stop(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [item(f"T-{n:03}") for n in range(50)]
    server.route(LIST_PATH, Reply(200, envelope(rows, pages=1_000_000, total=50_000_000)))
    code, out, err = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert code == 0 and ids(out) == [row["_id"] for row in rows]
    assert len(queries(server)) == 2  # the second page added nothing: stop there
    assert "page 2 listed only tickets printed already" in err


def test_a_list_that_shifts_between_pages_prints_each_ticket_once(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    first = [item(f"T-{n:03}") for n in range(50)]
    second = [item(f"T-{n:03}") for n in range(45, 80)]  # five moved down onto page 2; then the end
    server.route(LIST_PATH, [Reply(200, envelope(first, pages=2)), Reply(200, envelope(second, page=2, pages=2))])
    code, out, err = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert code == 0 and ids(out) == [f"T-{n:03}" for n in range(80)]
    assert "5 tickets came on two pages" in err


def test_a_server_claiming_endless_pages_of_new_tickets_stops_at_the_ceiling(
    server: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "MAX_REQUESTS", 4)
    monkeypatch.setattr(paging, "MAX_LISTED", 4 * 50)

    def endless(request: Recorded) -> Reply:
        page = page_of(request)
        rows = [item(f"P{page}-{n}") for n in range(50)]
        return Reply(200, envelope(rows, page=page, pages=10**9, total=5 * 10**10))

    server.route(LIST_PATH, endless)
    code, out, err = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert code == 0 and len(ids(out)) == 200 and len(queries(server)) == 4
    assert "printed 200 of 50,000,000,000 tickets" in err and "--status" in err


def test_pages_that_bring_one_new_ticket_each_stop_at_the_request_ceiling(
    server: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "MAX_REQUESTS", 5)
    old = [item(f"T-{n:03}") for n in range(49)]

    def trickle(request: Recorded) -> Reply:
        return Reply(200, envelope([*old, item(f"NEW-{page_of(request)}")], pages=10**6))

    server.route(LIST_PATH, trickle)
    code, out, err = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert code == 0 and len(ids(out)) == 49 + 5 and len(queries(server)) == 5
    assert "at most 5 requests" in err


def test_the_real_ceiling_is_2000_requests_and_100000_tickets() -> None:
    assert (paging.MAX_REQUESTS, paging.MAX_LISTED) == (2_000, 100_000)
    assert paging.wanted_count(0) == paging.wanted_count(10**9) == 100_000


# --- failures: nothing half-printed -----------------------------------------------------------------


def test_a_500_on_page_2_prints_nothing_and_exits_4(server: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    good = list_endpoint(ROWS)

    def failing(request: Recorded) -> Reply:
        if page_of(request) == 2:
            return Reply(500, {"error": "boom"}, headers={"Retry-After": "0"})
        return good(request)

    server.route(LIST_PATH, failing)
    code, out, err = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert (code, out) == (4, "")
    assert err.startswith("ticketview: Server error: The API answered HTTP 500")
    assert "Nothing was printed: page 2 failed after 50 of 120 tickets had arrived" in err
    assert [query["page"] for query in queries(server)] == ["1", "2", "2", "2"]  # retried, then given up


def test_401_exits_3_with_the_hint_and_no_token(server: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.route(LIST_PATH, Reply(401, {"error": "Unauthorized", "message": "INVALID_TOKEN"}))
    code, out, err = run(capsys, "--queue", "--csv", "--base-url", server.url)
    assert (code, out) == (3, "")
    assert "not accepted (401)" in err and "VERIFIK_TOKEN" in err and TOKEN not in err
    assert "Nothing was printed" not in err  # nothing had arrived to leave out


def test_no_token_exits_3_and_asks_nobody(
    server: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VERIFIK_TOKEN")
    code, out, err = run(capsys, "--queue", "--json", "--base-url", server.url)
    assert (code, out) == (3, "") and "No API token" in err and server.requests == []


@pytest.mark.parametrize("page", [1, 2])
def test_invalid_json_exits_4_with_nothing_on_stdout(
    page: int, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    good = list_endpoint(ROWS)
    server.route(LIST_PATH, lambda request: Reply(200, b"{not json") if page_of(request) == page else good(request))
    code, out, err = run(capsys, "--queue", "--markdown", "--limit", "0", "--base-url", server.url)
    assert (code, out) == (4, "") and "Unexpected response" in err


def test_refused_filters_exit_1(server: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.route(LIST_PATH, Reply(400, {"success": False, "error": "bad status", "code": "INVALID_PARAMETERS"}))
    code, out, err = run(capsys, "--queue", "--json", "--status", "open", "--base-url", server.url)
    assert (code, out) == (1, "") and "did not accept the queue's filters" in err


def test_offline_is_a_usage_error_that_asks_nobody(server: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--queue", "--json", "--offline", "--base-url", server.url)
    assert (code, out) == (2, "") and "--offline lists nothing" in err and server.requests == []


def test_a_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--queue", "--json", "--limit", "-1"])
    assert stopped.value.code == 2 and "must be 0 (all) or more" in capsys.readouterr().err


def test_a_repeated_page_does_not_count_its_unreadable_rows_twice(
    server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [*(item(f"T-{n:03}") for n in range(48)), {"title": "no id"}, None]
    server.route(LIST_PATH, Reply(200, envelope(rows, pages=1_000, total=50_000)))
    code, out, err = run(capsys, "--queue", "--json", "--limit", "0", "--base-url", server.url)
    assert code == 0 and len(ids(out)) == 48 and len(queries(server)) == 2
    assert "2 rows could not be read" in err
