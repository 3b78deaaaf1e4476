"""Hostile input in a real browser (SECURITY.md A1, D2): nothing a member types runs as
script, and the Content-Security-Policy blocks inline script."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from forum import services
from forum.models import Thread
from tests.browser.conftest import browser_test
from tests.factories import CommunityFactory, UserFactory
from tests.security.corpus import CORPUS, SHORT

pytestmark = browser_test

HOSTILE_TITLE = "</title><script>alert(1)</script>"
HOSTILE_BODIES = [
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<a href='java&#x09;script:alert(1)'>tab</a>",
    "<details open ontoggle=alert(1)>",
]

INSPECT_DOM = (Path(__file__).parent / "inspect_dom.js").read_text()


@pytest.fixture
def dialogs():
    """Messages of every alert/confirm/prompt a page opened: there must be none."""
    opened = []
    yield opened
    assert opened == [], f"A dialog fired: {opened}"


def watch_dialogs(page, opened):
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return page


def test_hostile_posts_typed_in_the_browser_stay_inert_on_every_page_that_shows_them(
    screen, page_for, visitor_page, dialogs, settings
):
    settings.WRITE_RATE_LIMITS = {name: "" for name in settings.WRITE_RATE_LIMITS}
    community = CommunityFactory(name="Lupus", slug="lupus")
    author = UserFactory(display_name="Tester")
    page = watch_dialogs(page_for(author), dialogs)
    page.goto(f"{community.get_absolute_url()}new/")
    page.get_by_label("Title").fill(HOSTILE_TITLE)
    page.get_by_label("Your message").fill(HOSTILE_BODIES[0])
    page.get_by_role("button", name="Post the discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE_TITLE)
    for body in HOSTILE_BODIES[1:]:
        page.get_by_label("Your reply").fill(body)
        page.get_by_role("button", name="Post your reply").click()
        expect(page.get_by_label("Your reply")).to_be_empty()
    thread = Thread.objects.get(community=community)
    assert thread.reply_count == len(HOSTILE_BODIES) - 1

    visitor = watch_dialogs(visitor_page, dialogs)
    for path in [
        thread.get_absolute_url(),
        community.get_absolute_url(),
        "/",
        author.get_absolute_url(),
        "/search/?q=alert",
    ]:
        # goto waits for the load event: any onerror/onload that slipped through
        # has fired by then.
        visitor.goto(path)
        assert visitor.evaluate(INSPECT_DOM) == [], path
    visitor.goto(thread.get_absolute_url())
    assert HOSTILE_TITLE in visitor.title()
    assert visitor.locator(".post-body").count() == len(HOSTILE_BODIES)


@pytest.mark.parametrize("screen", ["desktop"])
def test_the_whole_hostile_corpus_stays_inert_in_the_browser(
    screen, visitor_page, dialogs, settings
):
    settings.FORUM_REPLIES_PER_PAGE = 500
    settings.FORUM_THREADS_PER_PAGE = 500
    community = CommunityFactory(name="Lupus", slug="lupus")
    author = UserFactory(display_name="Tester")
    thread = services.thread_create(
        author=author, community=community, title="Hostile corpus", body="Below."
    )
    for body in CORPUS:
        try:
            services.reply_create(author=author, thread=thread, body=body)
        except ValidationError:
            pass  # refused with a message (too long, too many brackets…): also fine
    for title in SHORT:
        try:
            services.thread_create(author=author, community=community, title=title, body=title)
        except ValidationError:
            pass
    page = watch_dialogs(visitor_page, dialogs)
    for path in [
        thread.get_absolute_url(),
        community.get_absolute_url(),
        "/",
        author.get_absolute_url(),
        "/search/?q=alert",
    ]:
        page.goto(path)
        assert page.evaluate(INSPECT_DOM) == [], path


@pytest.mark.parametrize("screen", ["desktop"])
def test_an_injected_inline_script_is_blocked_by_the_content_security_policy(screen, new_context):
    page = new_context().new_page()
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = true")
    assert page.evaluate("() => window.injected") is None
