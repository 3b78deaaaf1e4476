"""Property-based tests: whatever members type, nothing crashes and the output obeys the
sanitiser's own rules."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import names
from forum import markup
from forum.forms import ReplyForm, ThreadForm
from tests.security.audit import assert_fragment_safe

# Text biased towards markdown and HTML syntax, so the fuzzer reaches the parsers' corners.
SYNTAX = st.sampled_from(
    list("<>[]()!*_`#|-+>\"'=&;:/\\\n\t ")
    + [
        "javascript:",
        "<script>",
        "</",
        "<img ",
        "onerror=",
        "http://",
        "[x](",
        "```",
        "@",
        "&#",
        "<a href=",
        "1. ",
        "- ",
        "> ",
        "{:",
        "<svg",
        "data:",
        "\u202e",
        "\x00",
    ]
)
TEXT = st.lists(st.one_of(SYNTAX, st.text(max_size=8)), max_size=60).map("".join)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(source=TEXT)
@pytest.mark.django_db
def test_rendering_any_text_gives_safe_idempotent_html(source):
    try:
        markup.validate(source)
    except ValidationError:
        return
    html = markup.render(source).html
    assert_fragment_safe(html)
    assert markup.sanitize(html) == html


@FUZZ
@given(text=st.text(max_size=200))
def test_sanitising_arbitrary_html_obeys_the_allowlist(text):
    assert_fragment_safe(markup.sanitize(text))


@FUZZ
@given(title=TEXT, body=TEXT)
@pytest.mark.django_db
def test_the_discussion_form_validates_anything_without_crashing(title, body):
    form = ThreadForm(data={"title": title, "body": body})
    if form.is_valid():
        assert form.cleaned_data["title"].strip() == form.cleaned_data["title"]
        assert "\x00" not in form.cleaned_data["body"]
    else:
        assert form.errors


@FUZZ
@given(body=TEXT)
@pytest.mark.django_db
def test_the_reply_form_validates_anything_without_crashing(body):
    form = ReplyForm(data={"body": body})
    form.is_valid()


@FUZZ
@given(name=st.text(max_size=40))
def test_display_name_validation_only_ever_refuses_with_a_message(name):
    try:
        accepted = names.validate_display_name(name)
    except ValidationError as error:
        assert error.messages
    else:
        assert names.ALLOWED.fullmatch(accepted)
        assert not any(ch in accepted for ch in "\u202e\u200b\x00<>\"'")
