"""Reading comfort: text size, theme, contrast, font and motion, applied on the server to
`<html>` and `<head>` (no script), chosen by visitors in the panel and by members in their
settings."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts import comfort
from accounts.comfort import Comfort, page_variant
from accounts.models import User
from tests.factories import UserFactory

PANEL = reverse("accounts:comfort")
# Any page outside the page caches will do (caching per variant is forum.pagecache's).
PAGE = reverse("accounts:privacy")
DEFAULTS = {
    "theme": "auto",
    "text_size": "1",
    "high_contrast": "",
    "legible_font": "",
    "reduced_motion": "",
    "time_zone": "",
}


def html_element(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def stylesheets(page: str) -> list[str]:
    head = page.split("<noscript>")[0]
    return re.findall(r'<link rel="stylesheet" href="/static/css/([\w-]+\.css)"([^>]*)>', head)


def choose(client, **choices):
    return client.post(PANEL, {**DEFAULTS, **choices, "next": PAGE})


def test_the_defaults_give_everyone_the_same_page_variant(member):
    factory = RequestFactory()
    visitor = factory.get("/")
    visitor.user = AnonymousUser()
    signed_in = factory.get("/")
    signed_in.user = member
    assert page_variant(visitor) == page_variant(signed_in) == "t=auto;s=1;c=0;f=0;m=0"


def test_a_visitors_default_page_follows_the_device_in_css_alone(client):
    page = client.get(PAGE).content.decode()
    assert html_element(page) == '<html lang="en" class="comfort-theme-auto comfort-size-1">'
    assert stylesheets(page) == [
        ("site.css", ""),
        ("dark.css", ' media="(prefers-color-scheme: dark)"'),
    ]
    # No script of ours runs inline: the Content-Security-Policy would refuse it.
    assert "<script>" not in page


@pytest.mark.parametrize(
    ("choices", "html", "sheets"),
    [
        (
            {"theme": "dark"},
            'class="comfort-theme-dark comfort-size-1" data-bs-theme="dark"',
            [("site.css", ""), ("dark.css", "")],
        ),
        (
            {"theme": "light"},
            'class="comfort-theme-light comfort-size-1" data-bs-theme="light"',
            [("site.css", "")],
        ),
        (
            {"theme": "light", "high_contrast": "on"},
            'class="comfort-theme-light comfort-size-1 comfort-contrast-high" '
            'data-bs-theme="light"',
            [("site.css", ""), ("contrast.css", "")],
        ),
        (
            {"theme": "dark", "high_contrast": "on"},
            'class="comfort-theme-dark comfort-size-1 comfort-contrast-high" data-bs-theme="dark"',
            [("site.css", ""), ("dark.css", ""), ("contrast-dark.css", "")],
        ),
        (
            {"high_contrast": "on"},
            'class="comfort-theme-auto comfort-size-1 comfort-contrast-high"',
            [
                ("site.css", ""),
                ("dark.css", ' media="(prefers-color-scheme: dark)"'),
                ("contrast.css", ' media="not all and (prefers-color-scheme: dark)"'),
                ("contrast-dark.css", ' media="(prefers-color-scheme: dark)"'),
            ],
        ),
        ({"text_size": "2"}, 'class="comfort-theme-auto comfort-size-2"', None),
        ({"text_size": "3"}, 'class="comfort-theme-auto comfort-size-3"', None),
        (
            {"legible_font": "on"},
            'class="comfort-theme-auto comfort-size-1 comfort-font-legible"',
            None,
        ),
        (
            {"reduced_motion": "on"},
            'class="comfort-theme-auto comfort-size-1 comfort-motion-reduce"',
            None,
        ),
    ],
)
def test_each_choice_changes_the_page_sent_without_javascript(client, choices, html, sheets):
    response = choose(client, **choices)
    assert response.status_code == 302 and response["Location"] == PAGE
    cookie = response.cookies[comfort.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"]
    page = client.get(PAGE).content.decode()
    assert html_element(page) == f'<html lang="en" {html}>'
    if sheets is not None:
        assert stylesheets(page) == sheets
    assert "Your reading choices are saved." in page


def test_a_members_choices_are_saved_with_their_account_and_follow_them(member):
    browser = Client()
    browser.force_login(member)
    settings_page = reverse("forum:settings")
    response = browser.post(
        PANEL, {**DEFAULTS, "theme": "dark", "text_size": "3", "next": settings_page}
    )
    assert response.status_code == 302 and response["Location"] == settings_page
    assert comfort.COOKIE not in response.cookies
    member.refresh_from_db()
    assert (member.theme, member.text_size) == ("dark", 3)
    # Another device: the same choices, no cookie needed.
    elsewhere = Client()
    elsewhere.force_login(member)
    page = elsewhere.get(settings_page).content.decode()
    assert 'class="comfort-theme-dark comfort-size-3" data-bs-theme="dark"' in page


def test_a_members_saved_choices_win_over_a_visitors_cookie(client, member):
    client.cookies[comfort.COOKIE] = Comfort(theme="dark", size=3).cookie()
    assert 'data-bs-theme="dark"' in client.get(PAGE).content.decode()
    client.force_login(member)
    page = client.get(PAGE).content.decode()
    assert html_element(page) == '<html lang="en" class="comfort-theme-auto comfort-size-1">'


def test_the_members_page_variant_names_their_saved_choices(member):
    User.objects.filter(pk=member.pk).update(
        theme="light", text_size=2, prefers_high_contrast=True, prefers_reduced_motion=True
    )
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=member.pk)
    assert page_variant(request) == "t=light;s=2;c=1;f=0;m=1"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("theme", "purple", "“purple” is not one of the themes"),
        ("text_size", "9", "“9” is not one of the text sizes"),
        ("text_size", "", "Please choose a text size."),
        ("time_zone", "Mars/Olympus", "“Mars/Olympus” is not a time zone we know"),
        ("time_zone", "localtime", "“localtime” is not a time zone we know"),
    ],
)
def test_a_bad_choice_is_refused_with_a_clear_400_and_nothing_is_stored(
    client, field, value, message
):
    response = choose(client, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert comfort.COOKIE not in response.cookies and "tz" not in response.cookies


def test_a_forged_cookie_falls_back_to_the_defaults_part_by_part(client):
    client.cookies[comfort.COOKIE] = 't:"><script>|s:99|c:1|m:yes|f:1'
    page = client.get(PAGE).content.decode()
    assert html_element(page) == (
        '<html lang="en" class="comfort-theme-auto comfort-size-1 comfort-contrast-high '
        'comfort-font-legible">'
    )


def test_the_panel_refuses_a_post_without_the_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(PANEL, {**DEFAULTS, "theme": "dark"}).status_code == 403


def test_the_panel_sends_back_only_to_our_own_pages(client):
    response = client.post(PANEL, {**DEFAULTS, "next": "https://elsewhere.example/"})
    assert response["Location"] == PANEL


def test_every_page_links_to_the_panel_for_visitors_and_members(client, member, thread):
    for reader in (None, member):
        if reader:
            client.force_login(reader)
        page = client.get(thread.get_absolute_url()).content.decode()
        link = f'href="{PANEL}?next={thread.get_absolute_url()}"'
        assert link in page and "Reading comfort" in page
    assert client.get(PANEL).status_code == 200


def test_the_settings_page_offers_the_same_choices_saved_to_the_panel(client, member):
    User.objects.filter(pk=member.pk).update(theme="dark", prefers_legible_font=True)
    client.force_login(member)
    page = client.get(reverse("forum:settings")).content.decode()
    form = page.split(f'action="{PANEL}"')[1].split("</form>")[0]
    assert re.search(r'name="theme" value="dark"[^>]*checked', form)
    assert re.search(r'name="legible_font"[^>]*checked', form)
    assert not re.search(r'name="reduced_motion"[^>]*checked', form)
    # Members keep their time zone in settings, not in the panel.
    assert 'name="time_zone"' not in client.get(PANEL).content.decode()


@pytest.mark.parametrize("variant", ["auto", "light", "dark"])
def test_every_linked_stylesheet_and_font_file_exists(variant):
    for high_contrast in (False, True):
        for sheet in Comfort(theme=variant, high_contrast=high_contrast).stylesheets:
            assert finders.find(sheet.path), sheet
    site = open(finders.find("css/site.css")).read()
    fonts = re.findall(r'url\("\.\./(vendor/atkinson-hyperlegible/[\w.-]+)"\)', site)
    assert len(fonts) == 8
    for font in fonts:
        assert finders.find(font), font
    licence = open(finders.find("vendor/atkinson-hyperlegible/LICENSE")).read()
    assert "SIL Open Font License" in licence


def test_the_cookie_round_trips_every_choice():
    chosen = Comfort(theme="dark", size=2, high_contrast=True, legible_font=True)
    assert Comfort.from_cookie(chosen.cookie()) == chosen
    assert Comfort.from_cookie(None) == Comfort() == Comfort.from_cookie("")
    assert UserFactory.build().theme == "auto"


def test_a_visitors_choice_changes_no_members_account(client, member):
    choose(client, theme="dark", text_size="3", high_contrast="on")
    member.refresh_from_db()
    assert Comfort.of_member(member) == Comfort()
