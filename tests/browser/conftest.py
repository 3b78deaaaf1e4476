"""Browser tests: Debian's Chromium, driven by Playwright, against Django's live server.

Every journey runs at a desktop and a phone width (the `screen` parameter). Pages are
served by pytest-django's `live_server`, so tests use a transactional database: it is
emptied after each test, and `serialized_rollback` restores what the migrations created
(the Moderators group and its permissions) before each one.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client

# Debian's build: the browser that Playwright downloads for itself is not used.
CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium reaches out to the network at start (updates, sync, field
# trials) and waits for answers that never come.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "demo-patient-2026"

# Every browser test needs the live server's transactional database, restored from the
# migrations' rows each time (see the module docstring).
browser_test = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM} (Debian package 'chromium').")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread. Django would
    # then refuse every ORM call from the tests as "async unsafe" (nothing here is
    # asynchronous: the loop only drives the browser), so that is allowed while it
    # runs, and only then: a subprocess started by a later test must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a loop running, Django also looks its connections up in a separate store, and
    # would open new ones there. Keep the ones the test database was set up with: they
    # hold what serialized_rollback restores, and SQLite's in-memory test database.
    ours = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in ours.items():
        connections[alias] = connection
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request):
    return request.param


@pytest.fixture
def new_context(browser, live_server, screen):
    """Open browser contexts at this width (each its own cookie jar: a member, a
    visitor…)."""
    contexts = []

    def make(**options):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=SCREENS[screen],
            is_mobile=screen == "phone",
            has_touch=screen == "phone",
            reduced_motion="reduce",
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


class PageProblems:
    """Collects what the browser reports against our pages: script errors, console
    errors (a Content-Security-Policy violation by one of our own pages shows up there)
    and stylesheets, scripts or images that fail to load. A page's own status is the
    test's business (a 404 page is expected to answer 404)."""

    def __init__(self):
        self.errors = []

    def watch(self, page):
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)
        return page

    def _console(self, message):
        # Failed loads are reported with their address by _response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def _response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")


@pytest.fixture
def page_problems():
    problems = PageProblems()
    yield problems
    assert problems.errors == [], "The browser reported problems:\n" + "\n".join(problems.errors)


@pytest.fixture
def visitor_page(new_context, page_problems):
    """A page for someone who is not signed in."""
    return page_problems.watch(new_context().new_page())


@pytest.fixture
def page_for(new_context, page_problems, live_server):
    """A page in a fresh context where `user` is signed in (a session made on the
    server, as the test client's force_login does: the sign-in form has its own
    journey)."""

    def make(user, **context_options):
        client = Client()
        client.force_login(user)
        context = new_context(**context_options)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return page_problems.watch(context.new_page())

    return make


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """The demo communities, members and discussions, as `make run` shows them."""
    from forum.management.commands import load_demo

    monkeypatch.setattr(load_demo, "CREDENTIALS", tmp_path / "credentials")
    call_command("load_demo", verbosity=0, stdout=StringIO())
    call_command("load_demo_conversations", verbosity=0, stdout=StringIO())
    mail.outbox.clear()  # the demo conversation's notification emails


def open_menu(page):
    """At phone width the navbar is collapsed behind its toggler: open it if so."""
    toggler = page.get_by_role("button", name="Show the menu")
    if toggler.is_visible():
        toggler.click()
        page.locator("#main-nav").wait_for(state="visible")


def sign_in(page, email, password=DEMO_PASSWORD):
    """Sign in through the navbar link and the sign-in form, as a person would."""
    open_menu(page)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: nothing scrolls sideways).
    Measured against the viewport we asked for: a phone browser may zoom out to fit."""
    return page.evaluate(
        "width => Math.max(0, document.documentElement.scrollWidth - width)",
        page.viewport_size["width"],
    )
