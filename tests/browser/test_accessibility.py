"""Automated accessibility checks (axe-core) on the main pages, at desktop and phone
width.

A "serious" or "critical" violation fails the test. Checks axe cannot make (keyboard
use, the skip link) are written out below.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts import comfort
from accounts.comfort import Comfort
from accounts.models import User
from tests.browser.conftest import SCREENSHOTS, browser_test, horizontal_overflow
from tests.browser.pages import main_pages, server_error_html

pytestmark = browser_test

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def describe(page_name, violation) -> str:
    lines = [f"{page_name}: [{violation['impact']}] {violation['id']}: {violation['help']}"]
    lines += [f"    {node}" for node in violation["nodes"]]
    return "\n".join(lines)


def axe_page(new_context, page_for, page_problems, email=None):
    # axe is injected as an inline script, which our Content-Security-Policy
    # (script-src 'self') rightly blocks. These contexts bypass the policy so that axe
    # can run; every other browser test keeps it enforced.
    if email:
        return page_for(User.objects.get(email=email), bypass_csp=True)
    return page_problems.watch(new_context(bypass_csp=True).new_page())


def test_the_main_pages_have_no_serious_accessibility_violations(
    demo, new_context, page_for, page_problems
):
    failures, notes = [], []
    for visit in main_pages():
        page = axe_page(new_context, page_for, page_problems, visit.as_email)
        assert page.goto(visit.path).status == visit.status, visit
        for violation in axe_violations(page):
            serious = violation["impact"] in FAILING_IMPACTS
            (failures if serious else notes).append(describe(visit.name, violation))
        assert horizontal_overflow(page) == 0, f"{visit.name} scrolls sideways"
        page.context.close()
    # Moderate and minor findings do not fail the suite; `pytest -rP` shows them.
    print("\n".join(notes))
    assert failures == [], "\n" + "\n".join(failures)


# The reading-comfort themes: (choices, the device's colour scheme, the page's
# background). "device-dark" is the default theme on a device set to dark.
THEMES = {
    "dark": (Comfort(theme="dark"), "light", "rgb(19, 25, 25)"),
    "device-dark": (Comfort(), "dark", "rgb(19, 25, 25)"),
    "high-contrast": (Comfort(theme="light", high_contrast=True), "dark", "rgb(255, 255, 255)"),
    "high-contrast-dark": (Comfort(theme="dark", high_contrast=True), "light", "rgb(0, 0, 0)"),
    "largest-legible": (
        Comfort(size=3, legible_font=True, reduced_motion=True),
        "light",
        "rgb(255, 255, 255)",
    ),
}
THEMED_PAGES = {
    "home",
    "discussion",
    "discussion-moderator",
    "new-discussion",
    "search",
    "settings",
    "reading-comfort",
}


# The light (every other test), dark and high-contrast themes and the largest text are
# checked at both widths; the device's own dark mode and high contrast on dark, which
# reuse those colours, at one each (the suite's time stays in bounds).
THEMED_SCREENS = [
    ("dark", "desktop"),
    ("dark", "phone"),
    ("device-dark", "desktop"),
    ("high-contrast", "desktop"),
    ("high-contrast", "phone"),
    ("high-contrast-dark", "phone"),
    ("largest-legible", "desktop"),
    ("largest-legible", "phone"),
]


@pytest.mark.parametrize(("theme", "screen"), THEMED_SCREENS)
def test_the_main_pages_pass_axe_in_every_theme(
    demo, new_context, page_for, page_problems, live_server, settings, theme
):
    # Each reader's choices, from their account or their cookie (cached pages are kept
    # per choice).
    assert {name for name, _ in THEMED_SCREENS} == set(THEMES), "a theme is never checked"
    chosen, scheme, background = THEMES[theme]
    User.objects.update(
        theme=chosen.theme,
        text_size=chosen.size,
        prefers_high_contrast=chosen.high_contrast,
        prefers_legible_font=chosen.legible_font,
        prefers_reduced_motion=chosen.reduced_motion,
    )
    failures = []
    for visit in main_pages():
        if visit.name not in THEMED_PAGES:
            continue
        if visit.as_email:
            page = page_for(
                User.objects.get(email=visit.as_email), bypass_csp=True, color_scheme=scheme
            )
        else:
            page = page_problems.watch(new_context(bypass_csp=True, color_scheme=scheme).new_page())
            page.context.add_cookies(
                [{"name": comfort.COOKIE, "value": chosen.cookie(), "url": live_server.url}]
            )
        assert page.goto(visit.path).status == visit.status, visit
        shown = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert shown == background, (visit.name, shown)
        failures += [
            describe(f"{visit.name} ({theme})", violation)
            for violation in axe_violations(page)
            if violation["impact"] in FAILING_IMPACTS
        ]
        assert horizontal_overflow(page) == 0, f"{visit.name} scrolls sideways in {theme}"
        page.context.close()
    assert failures == [], "\n" + "\n".join(failures)


def test_the_server_error_page_is_accessible_and_needs_no_request(new_context, page_problems):
    page = axe_page(new_context, None, page_problems)
    html = server_error_html()
    page.route(
        "**/a-page-that-fails",
        lambda route: route.fulfill(status=500, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto("/a-page-that-fails")
    expect(page.get_by_role("heading", level=1)).to_have_text("Something went wrong on our side")
    # The site's stylesheet loaded: the page looks like the rest of the site.
    assert page.evaluate("() => getComputedStyle(document.body).fontSize") == "17px"
    failures = [
        describe("500", violation)
        for violation in axe_violations(page)
        if violation["impact"] in FAILING_IMPACTS
    ]
    assert failures == [], "\n" + "\n".join(failures)
    assert horizontal_overflow(page) == 0


def test_the_first_tab_focuses_the_skip_link_which_jumps_to_the_content(demo, visitor_page):
    page = visitor_page
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues inside the content, not back in the navbar.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_keyboard_focus_is_clearly_visible(visitor_page):
    page = visitor_page
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline


def test_the_personal_data_warning_is_accessible(demo, new_context, page_for, page_problems):
    """The second look before posting: a state of the reply box and of the new-discussion
    form, checked by axe at this width (both widths run the suite)."""
    from forum.models import Thread
    from tests.browser.pages import GENE_THERAPY, KARMIN

    page = axe_page(new_context, page_for, page_problems, KARMIN)
    page.goto(Thread.objects.get(title=GENE_THERAPY).get_absolute_url())
    page.get_by_label("Your reply").fill("My nurse is on 07700 900123 if it helps")
    page.get_by_role("button", name="Post your reply").click()
    warning = page.locator("#personal-data")
    expect(warning.locator("mark")).to_have_text("07700 900123")
    failures = [describe("personal-data", v) for v in axe_violations(page)]
    assert [f for f in failures if any(i in f for i in FAILING_IMPACTS)] == []
    assert horizontal_overflow(page) == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    warning.screenshot(path=SCREENSHOTS / f"personal-data-{page.viewport_size['width']}.png")


def test_crisis_support_before_posting_is_accessible(demo, new_context, page_for, page_problems):
    """Support before posting: a state of the reply box, checked by axe, then its choice
    to send to the moderators only."""
    from forum.models import Thread
    from tests.browser.pages import GENE_THERAPY, KARMIN

    page = axe_page(new_context, page_for, page_problems, KARMIN)
    page.goto(Thread.objects.get(title=GENE_THERAPY).get_absolute_url())
    page.get_by_label("Your reply").fill("Some nights I want to end it all")
    page.get_by_role("button", name="Post your reply").click()
    support = page.locator("#crisis-support")
    expect(support).to_contain_text("You are not alone")
    failures = [describe("crisis-support", v) for v in axe_violations(page)]
    assert [f for f in failures if any(i in f for i in FAILING_IMPACTS)] == []
    assert horizontal_overflow(page) == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    support.screenshot(path=SCREENSHOTS / f"crisis-support-{page.viewport_size['width']}.png")
    page.get_by_role("button", name="Send it to the moderators only").click()
    expect(page.locator(".alert").first).to_contain_text("moderators only")
