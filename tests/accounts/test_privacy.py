import json

import pytest
from django.urls import reverse

from accounts.models import Consent, User
from forum import services
from forum.models import Community, CommunityFollow, Post, Thread
from tests.factories import UserFactory, make_thread

PASSWORD = "a-long-test-password"


def sign_in(client, user):
    """Sign in, then confirm the password again as sensitive pages require."""
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def download_export(client):
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_export_holds_the_profile_posts_follows_and_consents(client, thread, member):
    services.reply_create(author=member, thread=thread, body="My own follow-up")
    CommunityFollow.objects.create(user=member, community=thread.community)
    sign_in(client, member)
    data = download_export(client)
    assert data["profile"]["email"] == member.email
    assert data["profile"]["display_name"] == "karm!nR"
    texts = [post["text"] for post in data["posts"]]
    assert "My own follow-up" in texts
    assert {post["discussion"] for post in data["posts"]} == {thread.title}
    assert data["communities_followed"][0]["community"] == thread.community.name
    assert {consent["kind"] for consent in data["consents"]} == {
        "terms",
        "health_data",
        "minimum_age",
    }


def test_the_export_holds_nothing_of_other_members(client, thread, member, other_member):
    services.reply_create(author=other_member, thread=thread, body="Someone else's words")
    sign_in(client, member)
    raw = json.dumps(download_export(client))
    assert "Someone else's words" not in raw
    assert other_member.email not in raw


def test_the_export_asks_for_the_password_again_after_a_while(client, member):
    client.force_login(member)  # a session with no recent password entry
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_a_visitor_cannot_export_or_erase(client, db):
    for name in ("accounts:export", "accounts:erase"):
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("choice", ["keep", "delete"])
def test_after_erasure_no_page_or_export_shows_the_email_or_name(client, community, choice):
    leaving = UserFactory(display_name="Leaving Soon", email="leaving@example.org")
    staying = UserFactory(display_name="Staying Put")
    started = make_thread(community=community, author=leaving, title="A question I asked")
    services.reply_create(author=staying, thread=started, body="Hello @Leaving Soon, welcome!")
    theirs = make_thread(community=community, author=staying, title="Another discussion")
    services.reply_create(author=leaving, thread=theirs, body="My reply here")
    lonely = make_thread(community=community, author=leaving, title="Nobody answered this")

    client.force_login(leaving)
    response = client.post(reverse("accounts:erase"), {"posts": choice, "password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="leaving@example.org").exists()
    assert not client.get("/").context["user"].is_authenticated

    pages = [
        "/",
        community.get_absolute_url(),
        started.get_absolute_url(),
        theirs.get_absolute_url(),
        staying.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Leaving Soon" not in html, url
        assert "leaving@example.org" not in html, url
    sign_in(client, staying)
    raw = json.dumps(download_export(client))
    assert "Leaving Soon" not in raw and "leaving@example.org" not in raw
    assert services.counters_rebuild() == {"threads": 0, "communities": 0}

    theirs.refresh_from_db()
    if choice == "keep":
        assert "My reply here" in client.get(theirs.get_absolute_url()).content.decode()
        assert "Former member" in client.get(started.get_absolute_url()).content.decode()
        assert theirs.reply_count == 1
        assert Thread.objects.filter(pk=lonely.pk).exists()
    else:
        assert not Post.objects.filter(body="My reply here").exists()
        assert theirs.reply_count == 0
        assert not Thread.objects.filter(pk=lonely.pk).exists()
        # Others replied here: the discussion stays, its opening post emptied.
        page = client.get(started.get_absolute_url()).content.decode()
        assert "deleted by its author" in page
        assert Community.objects.get(pk=community.pk).thread_count == 2


def test_a_wrong_password_erases_nothing_and_says_so(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:erase"), {"posts": "keep", "password": "nope"})
    assert response.status_code == 400
    assert "That password is not correct." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_erasure_needs_a_choice_about_posts(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "Please choose what happens to your posts." in response.content.decode()


def test_sign_up_records_each_consent_with_its_version(db, client, settings):
    settings.TERMS_VERSION = "2031-01"
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "display_name": "Newcomer",
            "role": "patient",
            "password1": "a quiet morning walk",
            "password2": "a quiet morning walk",
            "terms": "on",
            "health_data": "on",
            "minimum_age": "on",
        },
    )
    user = User.objects.get(email="new@example.org")
    consents = {c.kind: c.version for c in user.consents.all()}
    assert consents == {
        "terms": "2031-01",
        "health_data": "2026-11",
        "minimum_age": "16",
    }


@pytest.mark.parametrize("missing", ["terms", "health_data", "minimum_age"])
def test_sign_up_cannot_finish_without_each_consent(client, db, missing):
    data = {
        "email": "new@example.org",
        "display_name": "Newcomer",
        "role": "patient",
        "password1": "a quiet morning walk",
        "password2": "a quiet morning walk",
        "terms": "on",
        "health_data": "on",
        "minimum_age": "on",
    }
    del data[missing]
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_new_terms_version_is_asked_again_at_next_sign_in(client, member, settings):
    settings.TERMS_VERSION = "2099-01"
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:consent"))
    response = client.post(reverse("accounts:consent") + "?next=/", {"terms": "on", "next": "/"})
    assert response.status_code == 302
    assert member.consents.filter(kind="terms", version="2099-01").exists()
    assert client.get("/").status_code == 200


def test_withdrawing_health_data_consent_leads_to_erasure(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:consent_withdraw"))
    assert response["Location"] == reverse("accounts:erase")
    assert member.consents.get(kind=Consent.Kind.HEALTH_DATA).withdrawn_at is not None
    assert client.get(reverse("accounts:erase")).status_code == 200
    # Anything else asks for consent again first.
    assert client.get("/")["Location"].startswith(reverse("accounts:consent"))


@pytest.mark.parametrize("how", ["by-the-member", "admin-delete", "admin-bulk-delete"])
def test_after_erasure_no_cached_copy_shows_the_name_or_bio(
    client, community, settings, django_capture_on_commit_callbacks, how
):
    settings.PAGE_CACHE_SECONDS = 300
    leaving = UserFactory(
        display_name="Leaving Soon", bio="My own words about me", profile_is_public=True
    )
    User.objects.filter(pk=leaving.pk).update(bio_html="<p>My own words about me</p>")
    staying = UserFactory(display_name="Staying Put")
    thread = make_thread(community=community, author=staying, title="A shared discussion")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=leaving, thread=thread, body="My reply stays here")
    pages = [
        thread.get_absolute_url(),
        leaving.get_absolute_url(),
        "/",
        "/search/?q=reply",
    ]

    def views(viewer):
        # A visitor and a member each fill every cache: whole pages, shared copies, posts.
        client.logout()
        if viewer:
            client.force_login(viewer)
        return {url: client.get(url).content.decode() for url in pages}

    for viewer in (None, staying):
        assert "Leaving Soon" in views(viewer)[thread.get_absolute_url()]
    if how == "by-the-member":
        client.force_login(leaving)
        url, data = reverse("accounts:erase"), {"posts": "keep", "password": PASSWORD}
    else:
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        if how == "admin-delete":
            url = reverse("admin:accounts_user_delete", args=[leaving.pk])
            data = {"post": "yes"}
        else:
            url = reverse("admin:accounts_user_changelist")
            data = {
                "action": "delete_selected",
                "_selected_action": [leaving.pk],
                "post": "yes",
            }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert not User.objects.filter(pk=leaving.pk).exists()

    for viewer in (None, staying):
        for url, html in views(viewer).items():
            assert "Leaving Soon" not in html, (viewer, url)
            assert "My own words about me" not in html, (viewer, url)
        assert "My reply stays here" in views(viewer)[thread.get_absolute_url()]


def test_guessing_the_password_on_the_deletion_form_is_limited(client, member):
    client.force_login(member)
    url = reverse("accounts:erase")
    statuses = [
        client.post(url, {"posts": "keep", "password": f"guess-{n}"}).status_code for n in range(6)
    ]
    assert statuses[:5] == [400] * 5
    assert statuses[5] == 429
    # Over the limit even the right password is refused: the limit is no oracle.
    response = client.post(url, {"posts": "keep", "password": PASSWORD})
    assert response.status_code == 429
    assert User.objects.filter(pk=member.pk).exists()


def test_confirming_the_password_again_is_limited_like_sign_in(client, member):
    client.force_login(member)
    url = reverse("account_reauthenticate")
    answers = [client.post(url, {"password": f"guess-{n}"}).status_code for n in range(7)]
    assert 429 in answers
