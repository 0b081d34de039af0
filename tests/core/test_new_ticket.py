"""A new ticket's fields: cleaned as typed, checked before anything is sent, and the API's codes mapped to fields."""

from app.core.api.new_ticket import MAX_TAGS, MAX_TITLE, NewTicket, field_for_code


def test_a_complete_ticket_has_no_problems_and_its_body_is_the_api_s():
    new = NewTicket.of(
        title="  API  Integration\nIssue ",
        description="Line one\r\nLine two\x1b[31m  \n",
        priority="High",
        category="Feature request",
        tags="api, auth,api ,",
    )
    assert new.problems() == {}
    assert new.body() == {
        "title": "API Integration Issue",
        "description": "Line one\nLine two[31m",
        "priority": "high",
        "category": "feature_request",
        "tags": ["api", "auth"],
    }


def test_missing_fields_are_each_named():
    problems = NewTicket.of().problems()
    assert set(problems) == {"title", "description", "priority", "category"}
    assert "required" in problems["title"]
    assert "low, medium, high, urgent" in problems["priority"]


def test_unknown_values_and_bounds_are_refused_in_words():
    new = NewTicket.of(
        title="x" * (MAX_TITLE + 1),
        description="d",
        priority="critical",
        category="sales",
        tags=[f"t{n}" for n in range(MAX_TAGS + 1)],
    )
    problems = new.problems()
    assert "at most 200" in problems["title"]
    assert "'critical'" in problems["priority"]
    assert "'sales'" in problems["category"]
    assert "at most 20" in problems["tags"]


def test_bidi_and_escape_characters_never_reach_the_api():
    new = NewTicket.of(title="invoice\u202egnp.exe", description="a\x07b\x9bc", priority="low", category="general")
    assert new.title == "invoicegnp.exe"
    assert new.description == "abc"


def test_the_api_s_codes_name_their_field():
    assert field_for_code("TITLE_REQUIRED") == "title"
    assert field_for_code("INVALID_PRIORITY") == "priority"
    assert field_for_code("invalid-category") == "category"
    assert field_for_code("DESCRIPTION_TOO_LONG") == "description"
    assert field_for_code("INTERNAL") is None
    assert field_for_code(None) is None
