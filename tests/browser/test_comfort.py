"""Reading comfort and time zones in a real browser: the panel works with scripts turned
off, and the small time zone script fills in the browser's zone."""

from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import browser_test, open_menu
from tests.browser.pages import GENE_THERAPY, KARMIN

pytestmark = browser_test


def test_a_visitor_without_scripts_chooses_dark_large_text_from_the_footer(
    demo, new_context, page_problems, settings
):
    page = page_problems.watch(new_context(java_script_enabled=False).new_page())
    page.goto("/")
    page.get_by_role("link", name=GENE_THERAPY).first.click()
    discussion = page.url
    page.get_by_role("link", name="Reading comfort: text size, dark mode").click()
    page.get_by_label("Dark", exact=True).check()
    page.get_by_label("Largest", exact=True).check()
    page.get_by_role("button", name="Save reading choices").click()
    assert page.url == discussion
    expect(page.get_by_text("Your reading choices are saved.")).to_be_visible()
    html = page.locator("html")
    expect(html).to_have_attribute("data-bs-theme", "dark")
    style = page.evaluate(
        "() => [getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.documentElement).fontSize]"
    )
    assert style == ["rgb(19, 25, 25)", "20px"]
    # It stays on every page.
    page.goto("/")
    expect(html).to_have_attribute("data-bs-theme", "dark")


def test_the_browsers_time_zone_is_offered_to_a_member_and_remembered_for_pages(
    demo, page_for, live_server
):
    member = User.objects.get(email=KARMIN)
    page = page_for(member, timezone_id="America/Toronto")
    page.goto("/account/settings/")
    expect(page.get_by_label("Time zone", exact=True)).to_have_value("America/Toronto")
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies["tz"] == "America/Toronto"
    page.get_by_role("button", name="Save time zone and quiet hours").click()
    expect(page.get_by_text("Your time zone and quiet hours are saved.")).to_be_visible()
    member.refresh_from_db()
    assert member.time_zone == "America/Toronto"


def test_a_member_pauses_notification_emails_and_turns_them_back_on(demo, page_for):
    page = page_for(User.objects.get(email=KARMIN))
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("For a week").check()
    page.get_by_role("button", name="Pause notification emails").click()
    expect(page.get_by_role("status").first).to_contain_text("Notification emails are paused")
    page.get_by_role("button", name="Turn notification emails back on").click()
    expect(page.get_by_text("Notification emails are back on.")).to_be_visible()
