"""How the pages read: screenshots for people to look at, and the layout rules that can
be measured (no sideways scrolling on a phone, readable text size and line length)."""

from accounts.models import User
from forum import services
from forum.models import Thread
from tests.browser.conftest import (
    SCREENS,
    SCREENSHOTS,
    browser_test,
    horizontal_overflow,
)
from tests.browser.pages import (
    GENE_THERAPY,
    add_replies_to_the_gene_therapy_discussion,
    main_pages,
    server_error_html,
)

pytestmark = browser_test

SCREENSHOT_PAGES = {
    "home",
    "search-in-a-discussion",
    "private-messages",
    "private-conversation",
    "new-private-conversation",
    "messages-and-other-members",
    "another-members-profile",
    "community",
    "discussion-member",
    "new-discussion",
    "profile",
    "following",
    "saved-posts",
    "drafts",
    "withdraw",
    "discussion-moderator",
    "members-only-for-a-visitor",
    "print-an-expert-answer",
    "search",
    "search-nothing-found",
    "clinician-note-under-a-post",
    "posts-flagged-for-clinicians",
    "add-a-clinician-note",
    "answer-flags-without-a-note",
    "waiting-for-expert",
    "moderation-home",
    "review-a-reported-post",
    "suspended-member-home",
    "suspension-and-appeal",
    "sign-up",
    "not-found",
    "not-allowed",
}


def text_metrics(page):
    return page.evaluate(
        """() => {
          const body = parseFloat(getComputedStyle(document.body).fontSize);
          const post = document.querySelector(".post-body p");
          return {
            body,
            postLineEms: post ? post.getBoundingClientRect().width / body : 0,
          };
        }"""
    )


def test_screenshots_of_the_main_pages_with_no_sideways_scrolling(
    demo, screen, new_context, page_for, page_problems
):
    add_replies_to_the_gene_therapy_discussion()
    width = SCREENS[screen]["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for visit in main_pages():
        if visit.name not in SCREENSHOT_PAGES:
            continue
        if visit.as_email:
            page = page_for(User.objects.get(email=visit.as_email))
        else:
            page = page_problems.watch(new_context().new_page())
        assert page.goto(visit.path).status == visit.status, visit
        name = visit.name.removesuffix("-member")
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        if overflow := horizontal_overflow(page):
            problems.append(f"{name} is {overflow}px wider than the screen")
        metrics = text_metrics(page)
        if metrics["body"] < 16:
            problems.append(f"{name}: body text is {metrics['body']}px")
        # About 75 characters a line at most: roughly 40em of text.
        if metrics["postLineEms"] > 42:
            problems.append(f"{name}: post lines are {metrics['postLineEms']:.0f}em wide")
        page.context.close()

    page = page_problems.watch(new_context().new_page())
    page.route(
        "**/a-page-that-fails",
        lambda route: route.fulfill(
            status=500,
            content_type="text/html; charset=utf-8",
            body=server_error_html(),
        ),
    )
    page.goto("/a-page-that-fails")
    page.screenshot(path=SCREENSHOTS / f"server-error-{width}.png", full_page=True)
    assert problems == []


def test_a_ten_thousand_character_word_wraps_on_a_small_phone(
    demo, browser, live_server, page_problems
):
    thread = Thread.objects.get(title=GENE_THERAPY)
    word = "a" * 10_000
    services.reply_create(
        author=User.objects.get(email="karmin@example.org"),
        thread=thread,
        body=f"Look: {word}",
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 667}, is_mobile=True
    )
    page = page_problems.watch(context.new_page())
    page.goto(thread.get_absolute_url())
    post = page.locator("article.post").filter(has_text="Look: aaaa")
    box = post.locator(".post-body").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert box["height"] > 300  # the word was broken over many lines
    assert horizontal_overflow(page) == 0
    context.close()


def test_the_favicon_is_served(live_server, browser):
    context = browser.new_context(base_url=live_server.url)
    response = context.new_page().goto("/static/img/favicon.svg")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    context.close()
