"""The forum in French in a real browser: the pages a French visitor sees pass the same
accessibility checks, and the language switcher works with JavaScript turned off."""

from playwright.sync_api import expect

from forum.models import Thread
from tests.browser.conftest import browser_test, horizontal_overflow
from tests.browser.test_accessibility import FAILING_IMPACTS, axe_violations, describe

pytestmark = browser_test

FRENCH_PAGES = [
    ("accueil", "/"),
    ("communauté", "/communities/sclerose-en-plaques/"),
    ("inscription", "/accounts/signup/"),
    ("connexion", "/accounts/login/"),
]


def test_french_pages_say_so_and_have_no_serious_accessibility_violations(
    demo, new_context, page_problems
):
    thread = Thread.objects.get(slug__startswith="kine-et-marche")
    failures = []
    for name, path in [*FRENCH_PAGES, ("discussion", thread.get_absolute_url())]:
        # axe is injected inline: this context bypasses the Content-Security-Policy.
        page = page_problems.watch(new_context(locale="fr-FR", bypass_csp=True).new_page())
        assert page.goto(path).status == 200, path
        assert page.get_attribute("html", "lang") == "fr", path
        failures += [
            describe(name, violation)
            for violation in axe_violations(page)
            if violation["impact"] in FAILING_IMPACTS
        ]
        assert horizontal_overflow(page) == 0, f"{name} scrolls sideways"
        page.context.close()
    assert failures == [], "\n" + "\n".join(failures)


def test_the_language_switcher_works_without_javascript(demo, new_context, page_problems):
    page = page_problems.watch(new_context(locale="fr-FR", java_script_enabled=False).new_page())
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Parlez avec des gens qui comprennent"
    )
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Talk with people who understand")
    assert page.get_attribute("html", "lang") == "en"
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the community")
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rejoindre la communauté")
