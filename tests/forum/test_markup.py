from html.parser import HTMLParser

import markdown.blockprocessors
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from forum import markup
from tests.factories import UserFactory

SAFE_SCHEMES = ("http://", "https://", "mailto:", "/", "#")


class _Audit(HTMLParser):
    """Collects every tag and attribute, so assertions are about the parsed DOM, not text."""

    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value or "") for name, value in attrs)


def audit(html):
    parser = _Audit()
    parser.feed(html)
    return parser


def assert_safe(html):
    found = audit(html)
    assert not set(found.tags) & {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "img",
        "svg",
        "math",
        "form",
        "input",
        "button",
        "meta",
        "base",
        "link",
    }
    for tag, name, value in found.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name not in {"style", "id", "srcdoc", "formaction", "target"}, (tag, name)
        if name in {"href", "src"}:
            assert value.startswith(SAFE_SCHEMES), value


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *soft*", "<p><strong>bold</strong> and <em>soft</em></p>"),
        ("<script>alert(1)</script>hello", "<p>hello</p>"),
        ("[x](javascript:alert(1))", '<p><a rel="nofollow ugc noopener noreferrer">x</a></p>'),
        ("[x](jav\tascript:alert(1))", '<p><a rel="nofollow ugc noopener noreferrer">x</a></p>'),
        ("[x](JaVaScRiPt:alert(1))", '<p><a rel="nofollow ugc noopener noreferrer">x</a></p>'),
        ("[x](&#106;avascript:alert(1))", '<p><a rel="nofollow ugc noopener noreferrer">x</a></p>'),
        (
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            '<p><a rel="nofollow ugc noopener noreferrer">x</a></p>',
        ),
        ("![x](https://evil.example/x.png)", "<p></p>"),
        ('<img src=x onerror="alert(1)">', "<p></p>"),
        (
            '<a href="https://ok.example" onclick="x()" target="_blank">ok</a>',
            '<p><a href="https://ok.example" rel="nofollow ugc noopener noreferrer">ok</a></p>',
        ),
        ('<p style="color:red">hi</p>', "<p>hi</p>"),
        ('# Heading {: onclick="alert(1)" }', '<h3>Heading {: onclick="alert(1)" }</h3>'),
        ("# Big\n\n## Less", "<h3>Big</h3>\n<h4>Less</h4>"),
        (
            "see https://example.org/page",
            '<p>see <a href="https://example.org/page" rel="nofollow ugc noopener noreferrer">'
            "https://example.org/page</a></p>",
        ),
        ("<svg onload=alert(1)>", "<p></p>"),
        ('<iframe src="https://evil.example"></iframe>', ""),
        ("{{ 7*7 }} {% debug %}", "<p>{{ 7*7 }} {% debug %}</p>"),
        ("<!-- hidden -->visible", "<p>visible</p>"),
        ("`<b>code</b>`", "<p><code>&lt;b&gt;code&lt;/b&gt;</code></p>"),
    ],
)
def test_hostile_and_ordinary_markdown_renders_to_the_expected_safe_html(db, source, expected):
    html = markup.render(source).html
    assert html.strip() == expected
    assert_safe(html)


@pytest.mark.parametrize(
    "source",
    [
        "**a** <b onmouseover=x>b</b> [c](https://c.example)",
        "<a href='javascript:1'>x</a> & < > \" '",
        "> quote\n\n- one\n- two\n\n```\n<script>\n```",
    ],
)
def test_sanitising_twice_changes_nothing(db, source):
    once = markup.render(source).html
    assert markup.sanitize(once) == once


def test_every_link_gets_the_rel_that_stops_referrer_and_ranking_abuse(db):
    html = markup.render("[a](https://a.example) and <a href='mailto:x@example.org'>m</a>").html
    anchors = [attrs for attrs in audit(html).attrs if attrs[1] == "rel"]
    assert len(anchors) == 2
    assert all(value == "nofollow ugc noopener noreferrer" for _, _, value in anchors)


def test_a_mention_of_an_existing_member_links_to_their_profile(db):
    member = UserFactory(display_name="karm!nR")
    rendered = markup.render("Hi @karm!nR, thanks!")
    assert f'href="/members/{member.pk}/"' in rendered.html
    assert ">@karm!nR</a>," in rendered.html
    assert rendered.mentioned_user_ids == [member.pk]


def test_a_mention_matches_regardless_of_case_and_keeps_trailing_punctuation_outside(db):
    member = UserFactory(display_name="MapleRunner")
    html = markup.render("Thanks @maplerunner.").html
    assert f'href="/members/{member.pk}/"' in html
    assert "@MapleRunner</a>." in html


def test_a_mention_of_a_name_with_a_space_links_the_longest_match(db):
    doctor = UserFactory(display_name="Dr. Seignez")
    html = markup.render("Thank you @Dr. Seignez for the answer").html
    assert f'href="/members/{doctor.pk}/"' in html
    assert "@Dr. Seignez</a> for the answer" in html


@pytest.mark.parametrize(
    "source", ["@nobody here", "mail me at someone@example.org", '@"><img src=x>', "`@karm!nR`"]
)
def test_text_that_is_not_a_member_mention_stays_text(db, source):
    UserFactory(display_name="karm!nR")
    rendered = markup.render(source)
    assert 'class="mention"' not in rendered.html
    assert rendered.mentioned_user_ids == []
    assert_safe(rendered.html)


def test_a_post_over_the_length_limit_is_refused_with_the_numbers():
    with override_settings(FORUM_POST_MAX_LENGTH=100):
        with pytest.raises(ValidationError) as error:
            markup.validate("x" * 130)
    assert "130 characters; the limit is 100" in str(error.value)
    assert "by 30 characters" in str(error.value)


def test_a_run_of_brackets_is_refused_before_it_reaches_the_slow_parser():
    with pytest.raises(ValidationError) as error:
        markup.validate("[" * 10_000)
    assert "10,000 square brackets" in str(error.value)


def test_too_many_mentions_are_refused():
    text = " ".join(f"@person{i}" for i in range(200))
    with pytest.raises(ValidationError) as error:
        markup.validate(text)
    assert "mentions 200 names" in str(error.value)


def test_pathological_but_allowed_input_renders_safely(db):
    for source in [">" * 1000, "<b>" * 3000, "*" * 5000, "a" * 10_000, "[" * 300]:
        assert_safe(markup.render(source).html)


@pytest.mark.parametrize("source", ["1. " * 2000, "- " * 3000, "* " * 3000])
def test_deeply_nested_lists_are_refused_before_rendering(source):
    with pytest.raises(ValidationError, match="nests lists more than 20 levels"):
        markup.validate(source)


@pytest.mark.parametrize("source", ["1. " * 2000, "- " * 3000, "> " * 3000])
def test_rendering_never_raises_even_on_what_validation_refuses(db, source):
    html = markup.render(source).html
    assert_safe(html)
    assert html.strip()


def test_rendering_that_runs_out_of_stack_falls_back_to_plain_text(db, monkeypatch):
    """Python-Markdown recurses per nesting level; releases before 3.11.4 ran out of stack
    at a few thousand levels. Whatever runs out of stack, the post still renders, as text."""

    def out_of_stack(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markup.markdown.Markdown, "convert", out_of_stack)
    html = markup.render("1. " * 2000 + "<script>x</script>").html
    assert html.startswith("<p>1. 1. ")
    assert "&lt;script&gt;" in html
    assert_safe(html)


def test_raw_html_cannot_pass_for_a_mention(db):
    UserFactory(display_name="Dr. Seignez")
    html = markup.render(
        '<a class="mention" href="https://elsewhere.example">Dr. Seignez</a> and @Dr. Seignez'
    ).html
    assert html.count('class="mention"') == 1
    assert 'class="mention" href="https' not in html
    assert 'href="https://elsewhere.example"' in html  # still a link, an ordinary one


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_controls_in_a_post_are_neutralised(db, control):
    html = markup.render(f"Take {control}gm 05{control} at night [link](https://a.example)").html
    assert control not in html
    assert "gm 05" in html


def test_direction_marks_that_help_mixed_text_are_kept(db):
    assert "\u200f" in markup.render("שלום\u200f (hello)").html


def test_one_render_leaves_nothing_behind_for_the_next(db):
    """The converter is reused: link references and mentioned members do not carry from
    one post to the next."""
    ondine = UserFactory(display_name="Ondine")
    first = markup.render(
        "See [the leaflet].\n\n[the leaflet]: https://a.example/leaflet\n\nThanks @Ondine"
    )
    assert 'href="https://a.example/leaflet"' in first.html
    assert first.mentioned_user_ids == [ondine.pk]
    ondine.is_active = False  # no longer someone this render may mention
    ondine.save()
    second = markup.render("As for [the leaflet], I agree with @Ondine.")
    assert "<a" not in second.html
    assert second.mentioned_user_ids == []


def test_a_render_that_fails_does_not_spoil_the_next(db, monkeypatch):
    """A conversion that fails halfway (deep in a list) leaves the parser's state behind;
    that converter is not used again."""
    source = "- x\n\n    y\n\nz"
    expected = markup.render(source).html

    def out_of_stack(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    with monkeypatch.context() as patched:
        patched.setattr(markdown.blockprocessors.ParagraphProcessor, "run", out_of_stack)
        fallback = markup.render("- item\n\n    more of it\n\n@nobody")
    assert fallback.html.startswith("<p>- item")
    assert fallback.mentioned_user_ids == []
    assert markup.render(source).html == expected


def test_a_post_shown_as_plain_text_mentions_no_one(db, monkeypatch):
    UserFactory(display_name="Ondine")

    def out_of_stack(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    # Fails after the mentions were read (headings are shifted last).
    monkeypatch.setattr(markup._ShiftHeadings, "run", out_of_stack)
    rendered = markup.render("Thanks @Ondine")
    assert rendered.html == "<p>Thanks @Ondine</p>"
    assert rendered.mentioned_user_ids == []


@pytest.mark.parametrize(
    "address",
    [
        "https://notes.example/@Ondine/fatigue",
        "https://notes.example/survey?by=@Ondine",
        "https://notes.example/#@Ondine",
        "https://notes.example/a-@Ondine",
        "https://notes.example/?a=1&by=@Ondine",
    ],
)
def test_an_address_with_an_at_sign_stays_one_link(db, address):
    UserFactory(display_name="Ondine")
    rendered = markup.render(f"Her notes: {address} (worth a read)")
    assert f'href="{address.replace("&", "&amp;")}"' in rendered.html
    assert 'class="mention"' not in rendered.html
    assert rendered.mentioned_user_ids == []


def test_a_mention_inside_a_link_is_the_links_text(db):
    ondine = UserFactory(display_name="Ondine")
    rendered = markup.render("[thanks @Ondine!](https://a.example) and *@Ondine* again")
    assert rendered.html.count("<a ") == 2  # the link, and the mention outside it
    assert (
        '<a href="https://a.example" rel="nofollow ugc noopener noreferrer">thanks @Ondine!</a>'
        in (rendered.html)
    )
    assert rendered.html.count('class="mention"') == 1
    assert rendered.mentioned_user_ids == [ondine.pk]
    alone = markup.render("[@Ondine](https://a.example)")
    assert 'class="mention"' not in alone.html
    assert alone.mentioned_user_ids == []


def test_raw_html_cannot_claim_to_mention_someone(db):
    ondine = UserFactory(display_name="Ondine")
    rendered = markup.render(f'<a data-member="{ondine.pk}" href="/x">hello</a>')
    assert rendered.mentioned_user_ids == []
    assert "data-member" not in rendered.html


def test_what_can_never_be_a_mention_is_not_counted_against_the_limit(settings):
    settings.FORUM_POST_MAX_MENTIONS = 3
    quoted = (
        "> [thanks @Ana and @Bo](https://a.example/@Cy) see https://b.example/?by=@Dee\n"
        ">\n> `@Eve @Fay`\n\n"
        "```\n@Gus @Hal @Ida\n```\n\n"
        "Agreed with @Jo and @Kit."
    )
    markup.validate(quoted)  # two mentions, however many "@" the quote holds
    with pytest.raises(ValidationError, match="mentions 4 names"):
        markup.validate(quoted + " Also @Lu and @Mo.")
