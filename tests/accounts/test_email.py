import re

from django.core import mail
from django.urls import reverse

from accounts.models import User
from forum.models import Post
from tests.factories import UserFactory

SIGNUP = {
    "email": "newcomer@example.org",
    "display_name": "Willow 42",
    "role": "patient",
    "password1": "a quiet morning walk",
    "password2": "a quiet morning walk",
    "terms": "on",
    "health_data": "on",
    "minimum_age": "on",
}


def test_an_unconfirmed_member_reads_but_is_refused_posting_with_a_resend_offer(
    client, thread, community
):
    unconfirmed = UserFactory(verified_email=False)
    client.force_login(unconfirmed)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Please confirm your email address before posting." in page
    assert 'name="body"' not in page

    response = client.post(reverse("forum:reply", kwargs={"pk": thread.pk}), {"body": "Hi all"})
    assert response.status_code == 403
    assert "Please confirm your email address before posting." in response.content.decode()
    assert "Hi all" in response.content.decode()  # the text is kept
    assert not Post.objects.filter(author=unconfirmed).exists()

    new = client.get(reverse("forum:thread_new", kwargs={"slug": community.slug}))
    assert new.status_code == 403
    assert "Send me the link again" in new.content.decode()


def test_the_resend_action_sends_a_new_link_once_in_a_while(client, db):
    from allauth.account.models import EmailAddress

    unconfirmed = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=unconfirmed, email=unconfirmed.email, primary=True)
    client.force_login(unconfirmed)
    client.post(reverse("accounts:resend_confirmation"), {"next": "/"})
    client.post(reverse("accounts:resend_confirmation"), {"next": "/"})
    assert len(mail.outbox) == 1
    assert unconfirmed.email in mail.outbox[0].to


def test_a_bad_or_used_confirmation_link_gives_a_clear_page(client, db):
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert "expired or is invalid" in response.content.decode()
    assert "signing in sends you a new link" in response.content.decode()

    client.post(reverse("account_signup"), SIGNUP)
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]
    assert client.post(link).status_code == 302
    client.logout()
    used = client.get(link)
    assert used.status_code == 200
    assert "expired or is invalid" in used.content.decode()


def test_a_bad_password_reset_link_offers_a_new_one(client, db):
    response = client.get("/accounts/password/reset/key/xx-set-password/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "This link no longer works" in body
    assert reverse("account_reset_password") in body


def test_sign_up_with_a_taken_email_looks_the_same_as_a_new_one(client, member):
    taken = client.post(reverse("account_signup"), {**SIGNUP, "email": member.email})
    fresh = client.post(reverse("account_signup"), {**SIGNUP, "display_name": "Someone New"})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email=member.email).count() == 1


def test_password_reset_says_the_same_for_known_and_unknown_addresses(client, member):
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_failed_sign_ins_are_rate_limited(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "a-long-test-password"}
    )
    assert response.status_code == 429 or "Too many" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


def test_a_member_changes_their_email_after_confirming_the_new_address(client, member):
    client.force_login(member)
    client.post(reverse("account_reauthenticate"), {"password": "a-long-test-password"})
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "karmin.new@example.org"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email != "karmin.new@example.org"  # not before it is confirmed
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)[1]
    assert mail.outbox[-1].to == ["karmin.new@example.org"]
    client.post(link)
    member.refresh_from_db()
    assert member.email == "karmin.new@example.org"


def test_password_change_and_reset_pages_use_the_site_layout(client, member):
    client.force_login(member)
    for name in ("account_change_password", "account_reset_password"):
        html_page = client.get(reverse(name)).content.decode()
        assert "Patient Forum" in html_page and 'class="btn btn-primary"' in html_page


def test_the_session_key_changes_at_sign_in(client, member):
    session = client.session
    session["seen"] = True
    session.save()
    before = session.session_key
    client.post(
        reverse("account_login"), {"login": member.email, "password": "a-long-test-password"}
    )
    assert client.session.session_key != before
    assert client.get("/").context["user"] == member
