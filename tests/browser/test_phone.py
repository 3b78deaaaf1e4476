"""At phone width: the menu works without scripts, every control is big enough to hit,
and a member sees that something is unread without opening the menu."""

from playwright.sync_api import expect

from accounts.models import User
from forum.models import Thread
from notifications.models import Notification
from tests.browser.conftest import SCREENS, browser_test
from tests.browser.pages import GENE_THERAPY, KARMIN, MODERATOR

pytestmark = browser_test

# Controls, not links inside running text (WCAG 2.5.8 exempts those).
CONTROL_SIZES = """() => [...document.querySelectorAll(
    "button, .btn, .post-actions a, .mod-controls a, .page-link, .navbar a, .nav-link"
  )].filter(el => el.offsetParent !== null)
   .map(el => {
     const box = el.getBoundingClientRect();
     return {text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 40),
             width: box.width, height: box.height};
   })
   .filter(box => box.width < 24 || box.height < 24)"""


def test_without_scripts_search_sign_in_and_join_are_reachable_on_a_phone(
    demo, browser, live_server
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=SCREENS["phone"],
        is_mobile=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("searchbox", name="Search discussions")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Join the community")).to_be_visible()
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(page.get_by_label("Email")).to_be_visible()
    context.close()


def test_every_control_on_a_discussion_is_at_least_24_pixels(demo, new_context, page_for, screen):
    thread = Thread.objects.get(title=GENE_THERAPY)
    for email in (KARMIN, MODERATOR):
        page = page_for(User.objects.get(email=email))
        page.goto(thread.get_absolute_url())
        small = page.evaluate(CONTROL_SIZES)
        assert small == [], f"{email} at {screen}: controls under 24 px: {small}"


def test_a_member_sees_the_unread_count_without_opening_the_menu(demo, page_for, screen):
    karmin = User.objects.get(email=KARMIN)
    thread = Thread.objects.get(title=GENE_THERAPY)
    Notification.objects.create(
        recipient=karmin, kind=Notification.Kind.REPLY, post=thread.posts.last(), email="never"
    )
    page = page_for(karmin)
    page.goto("/")
    badge = (
        page.locator(".nav-unread")
        if screen == "phone"
        else page.get_by_role("link", name="Notifications")
    )
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")


def test_the_menu_button_opens_and_folds_the_menu(demo, visitor_page, screen):
    page = visitor_page
    page.goto("/")
    button = page.get_by_role("button", name="Show the menu")
    menu = page.locator("#main-nav")
    if screen == "desktop":  # from 992 px the menu is always open, with no button
        expect(menu).to_be_visible()
        expect(button).to_be_hidden()
        return
    expect(menu).to_be_hidden()
    button.click()
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
