"""English and French: a visitor's language from the switcher's cookie or their browser,
a member's from their settings; emails in the recipient's language; French dates and
plurals."""

import re
from functools import partial

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User
from forum import services
from tests.accounts.test_signup import SIGNUP
from tests.factories import UserFactory, make_thread

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def html_lang(page) -> str:
    return re.search(r'<html lang="([\w-]+)"', page.content.decode()).group(1)


def text(page) -> str:
    return page.content.decode()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return partial(django_capture_on_commit_callbacks, execute=True)


# Visitors -----------------------------------------------------------------------------


def test_a_french_visitor_reads_the_home_page_in_french(client, thread):
    page = client.get("/", **FRENCH)
    assert html_lang(page) == "fr" and page["Content-Language"] == "fr"
    assert "Parlez avec des gens qui comprennent" in text(page)
    assert "Dernières discussions" in text(page) and "Communautés" in text(page)
    assert "Talk with people who understand" not in text(page)


def test_a_french_visitor_reads_a_discussion_in_french(client, thread):
    page = text(client.get(thread.get_absolute_url(), **FRENCH))
    assert "Sujet de la discussion" in page
    assert "0 réponse" in page and "Pas encore de réponse." in page
    assert "Connectez-vous</a> ou <a" in page  # the reply box's invitation
    assert "Topic of the discussion" not in page


def test_a_french_visitor_signs_up_in_french_and_a_refused_form_says_why_in_french(client, db):
    page = client.get(reverse("account_signup"), **FRENCH)
    assert html_lang(page) == "fr"
    assert "<h1>Rejoindre la communauté</h1>" in text(page)
    assert "Créer mon compte" in text(page) and "Pseudonyme" in text(page)

    refused = client.post(
        reverse("account_signup"),
        {**SIGNUP, "display_name": "Admin", "password2": "something else", "terms": ""},
        **FRENCH,
    )
    assert refused.status_code == 200
    page = text(refused)
    assert "Ce pseudonyme est réservé à l&#x27;équipe du forum." in page
    assert "Veuillez accepter les conditions d&#x27;utilisation pour continuer." in page
    assert "Sign up" not in page and "is reserved" not in page
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_a_french_sign_up_keeps_french_for_the_member_and_their_confirmation_email(client, db):
    response = client.post(reverse("account_signup"), SIGNUP, **FRENCH)
    assert response.status_code == 302
    assert User.objects.get(email=SIGNUP["email"]).language == "fr"
    [email] = mail.outbox
    assert email.subject == "[Patient Forum] Veuillez confirmer votre adresse e-mail"
    assert email.body.startswith("Bonjour Willow 42,")


# The page cache is on: its keys carry the language, so one copy per language.
def test_the_switcher_sets_a_cookie_and_english_sticks_across_pages(client, thread, settings):
    assert html_lang(client.get("/", **FRENCH)) == "fr"

    switched = client.post(reverse("accounts:language"), {"language": "en", "next": "/"}, **FRENCH)
    assert switched.status_code == 302 and switched["Location"] == "/"
    cookie = switched.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE

    home = client.get("/", **FRENCH)
    assert html_lang(home) == "en" and "Talk with people who understand" in text(home)
    discussion = text(client.get(thread.get_absolute_url(), **FRENCH))
    assert "Topic of the discussion" in discussion and "0 replies" in discussion
    assert "<h1>Join the community</h1>" in text(client.get(reverse("account_signup"), **FRENCH))

    client.post(reverse("accounts:language"), {"language": "fr", "next": "/"}, **ENGLISH)
    assert html_lang(client.get("/", **ENGLISH)) == "fr"


def test_the_switcher_is_a_plain_form_on_every_page(client, thread):
    for url in ("/", thread.get_absolute_url(), reverse("account_login"), "/no-such-page/"):
        page = text(client.get(url, **FRENCH))
        assert f'action="{reverse("accounts:language")}"' in page, url
        assert 'name="language" value="en" lang="en">English</button>' in page, url
        assert '<strong lang="fr" aria-current="true">Français</strong>' in page, url


def test_the_switcher_refuses_a_language_we_do_not_speak_and_a_foreign_next(client, db):
    response = client.post(
        reverse("accounts:language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_error_pages_speak_the_visitors_language(client, db):
    missing = client.get("/no-such-page/", **FRENCH)
    assert missing.status_code == 404 and html_lang(missing) == "fr"
    assert "Nous ne trouvons pas cette page" in text(missing)


# Members ------------------------------------------------------------------------------


def test_a_member_reads_in_the_language_of_their_settings_whatever_the_browser(client, thread):
    french = UserFactory(display_name="Camille", language="fr")
    client.force_login(french)
    page = client.get(thread.get_absolute_url(), **ENGLISH)
    assert html_lang(page) == "fr"
    assert "Paramètres" in text(page) and "Publier votre réponse" in text(page)
    settings_page = text(client.get(reverse("forum:settings"), **ENGLISH))
    assert '<option value="fr" selected>Français</option>' in settings_page


def test_members_of_each_language_get_their_own_shared_copy_and_post_actions(
    client, thread, other_member
):
    """The page cache is on: one shared copy per language, each filled in for its
    reader (the post footer's actions included)."""
    services.reply_create(author=other_member, thread=thread, body="Une réponse")
    english, french = UserFactory(language="en"), UserFactory(language="fr")
    for round in range(2):  # the first makes each copy, the second is served from it
        client.force_login(english)
        page = text(client.get(thread.get_absolute_url(), **FRENCH))
        assert html_lang(client.get("/")) == "en"
        assert ">Report<" in page and "Signaler" not in page, round
        client.force_login(french)
        page = text(client.get(thread.get_absolute_url(), **ENGLISH))
        assert ">Signaler<" in page and ">Report<" not in page, round


def test_a_member_changes_their_language_in_their_settings(client, member):
    client.force_login(member)
    response = client.post(
        reverse("forum:settings"),
        {"display_name": member.display_name, "bio": "", "language": "fr"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "fr"
    assert html_lang(client.get(reverse("forum:settings"), **ENGLISH)) == "fr"


def test_the_switcher_changes_a_members_setting_too(client, member):
    client.force_login(member)
    client.post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    member.refresh_from_db()
    assert member.language == "fr"


def test_emails_go_out_in_the_recipients_language(committed, client, thread, other_member):
    french = UserFactory(display_name="Camille", language="fr")
    with committed():
        services.reply_create(author=other_member, thread=thread, body="Hello @Camille!")
    [email] = [message for message in mail.outbox if message.to == [french.email]]
    # (Subjects are folded onto one line with plain spaces.)
    assert email.subject == (
        "[Patient Forum] MapleRunner vous a mentionné dans « Gene therapy for autoimmune disease? »"
    )
    assert email.body.startswith("Bonjour Camille,")
    assert "Arrêter ces e-mails (en un clic)" in email.body

    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": french.email}, **ENGLISH)
    [reset] = mail.outbox
    assert reset.subject == "[Patient Forum] Choisissez un nouveau mot de passe"
    assert "Bonjour Camille," in reset.body


# Plurals and dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replies", "shown"), [(0, "0 réponse"), (1, "1 réponse"), (2, "2 réponses")]
)
def test_french_plurals(client, community, replies, shown):
    thread = make_thread(community=community, replies=replies)
    page = text(client.get(thread.get_absolute_url(), **FRENCH))
    assert f'<span class="reply-count">{shown}</span>' in page


def test_french_dates_name_the_month_in_full(client, thread):
    from forum.models import Post, Thread

    when = "2026-12-05T10:00:00+00:00"
    Thread.objects.filter(pk=thread.pk).update(created_at=when)
    Post.objects.filter(thread=thread).update(created_at=when)
    french = text(client.get(thread.get_absolute_url(), **FRENCH))
    assert ">5 décembre 2026</time>" in french
