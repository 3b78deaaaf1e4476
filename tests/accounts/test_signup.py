import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from forum.models import Post

SIGNUP = {
    "email": "newcomer@example.org",
    "display_name": "Willow 42",
    "role": "caregiver",
    "password1": "a quiet morning walk",
    "password2": "a quiet morning walk",
    "terms": "on",
    "health_data": "on",
    "minimum_age": "on",
}


def confirmation_link():
    assert len(mail.outbox) == 1
    match = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


def test_sign_up_confirm_the_email_then_post(client, thread):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert (user.display_name, user.role) == ("Willow 42", User.Role.CAREGIVER)
    # Not signed in before confirming: the reply is refused (sent to sign in).
    refused = client.post(reverse("forum:reply", kwargs={"pk": thread.pk}), {"body": "hi"})
    assert refused.status_code == 302
    assert Post.objects.filter(thread=thread, author=user).count() == 0

    link = confirmation_link()
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    posted = client.post(reverse("forum:reply", kwargs={"pk": thread.pk}), {"body": "Hello all"})
    assert posted.status_code == 302
    assert Post.objects.filter(thread=thread, author=user).count() == 1


def test_sign_in_is_by_email_and_sign_out_needs_a_post(client, member):
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == member
    client.get(reverse("account_logout"))
    assert client.get("/").context["user"] == member  # a GET signs no one out
    client.post(reverse("account_logout"))
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("KARM!NR", "already taken"),
        ("ｋａｒｍ!ｎＲ", "already taken"),
        ("ab", "has 2 characters"),
        ("x" * 31, "has 31 characters"),
        ("bad<name>", "characters we don't allow"),
        ("two  spaces", "characters we don't allow"),
        ("rlo\u202eevil", "characters we don't allow"),
        ("zero\u200bwidth", "characters we don't allow"),
        ("_underscore", "characters we don't allow"),
        ("Admin", "reserved"),
        ("moderator_jo", "reserved"),
        ("Support", "reserved"),
        ("Dr. Who", "verified clinicians"),
        ("DrHouse", "verified clinicians"),
        ("Jane Smith MD", "verified clinicians"),
        # Look-alike and revealing names (the hardening review).
        ("anna.smith.gmail.com", "email address"),
        ("anna.smith@web", "characters we don't allow"),
        ("06 12 34 56 78", "phone number"),
        ("Dг. Seignez", "one alphabet"),  # Cyrillic г
        ("Ꭰr. Seignez", "one alphabet"),  # Cherokee Ꭰ
        ("Quiet Lіghthouse", "one alphabet"),  # Cyrillic і
        ("Моderator", "one alphabet"),  # Cyrillic М
        ("Fοrmer member", "one alphabet"),  # Greek ο
        ("Former member", "reserved"),
        ("Verified clinician", "reserved"),
        ("Expert Anna", "reserved"),
        ("The Moderator", "reserved"),
        ("Karm!n R", "already taken"),  # a space does not make another name
        ("Kârm!nR", "already taken"),  # nor an accent
        ("karm!nr", "already taken"),
    ],
)
def test_display_names_that_are_taken_reserved_or_malformed_are_refused(
    client, member, display_name, message
):
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": display_name})
    assert response.status_code == 200  # allauth re-renders the form
    assert message in html.unescape(response.content.decode())
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.parametrize("display_name", ["Drew", "karm!nR2", "Ben B", "Ana-Lúcia", "sunflower77"])
def test_ordinary_display_names_are_accepted(db, client, display_name):
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": display_name})
    assert response.status_code == 302
    assert User.objects.get(email=SIGNUP["email"]).display_name == display_name


@pytest.mark.parametrize("password", ["short", "password123", "12345678901"])
def test_weak_passwords_are_refused(db, client, password):
    response = client.post(
        reverse("account_signup"),
        {**SIGNUP, "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_a_member_cannot_choose_the_clinician_role_at_sign_up(db, client):
    client.post(reverse("account_signup"), {**SIGNUP, "role": "clinician", "is_staff": "1"})
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    client.post(reverse("account_signup"), {**SIGNUP, "is_staff": "1", "is_superuser": "1"})
    user = User.objects.get(email=SIGNUP["email"])
    assert (user.role, user.is_staff, user.is_superuser) == ("caregiver", False, False)


def test_a_name_in_another_alphabet_that_looks_like_a_members_is_taken(client, db):
    from tests.factories import UserFactory

    UserFactory(display_name="Pepe")
    # Every letter Cyrillic: one alphabet, and to the eye the same name.
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": "Рере"})
    assert "already taken" in html.unescape(response.content.decode())
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.parametrize("display_name", ["Анна", "山田はなこ", "Élodie", "Ζωή"])
def test_names_written_in_one_alphabet_are_welcome(db, client, display_name):
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": display_name})
    assert response.status_code == 302
