from django.urls import reverse


def test_the_admin_sign_in_goes_through_the_rate_limited_site_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_who_is_not_staff_reaches_no_admin_page(client, member):
    client.force_login(member)
    assert client.get("/admin/login/").status_code == 403
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def current_code(user) -> str:
    """What the member's authenticator app shows right now."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from allauth.mfa.utils import decrypt

    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(totp.data["secret"])
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_staff_reach_the_admin_after_signing_in_on_the_site(client, moderator):
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": moderator.email, "password": "a-long-test-password", "next": "/admin/"},
    )
    # The password is not enough: the code from their authenticator app comes next.
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(moderator)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_without_two_factor_are_sent_to_set_it_up_before_the_admin(client, db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    staff = UserFactory(display_name="New Moderator Jo", is_staff=True, two_factor=False)
    staff.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(staff)
    for url in ("/admin/", "/admin/moderation/reportedpost/", "/moderation/posts/1/hide/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_activate_totp")), url
    # Setting it up asks for the password again first; the reason is said on the way.
    page = client.get("/admin/", follow=True)
    assert page.status_code == 200
    assert "two-factor sign-in before they reach" in page.content.decode()


def test_a_member_turns_on_two_factor_sign_in_from_settings(client, member):
    from allauth.mfa.models import Authenticator

    client.force_login(member)
    settings_page = client.get(reverse("forum:settings")).content.decode()
    assert reverse("mfa_index") in settings_page
    client.post(reverse("account_reauthenticate"), {"password": "a-long-test-password"})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=member, type="totp").exists()
    # Recovery codes come with it, for the day the phone is lost.
    assert Authenticator.objects.filter(user=member, type="recovery_codes").exists()
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "a-long-test-password"},
    )
    assert response["Location"] == reverse("mfa_authenticate")


def test_clinicians_are_offered_two_factor_sign_in_at_verification(client, clinician):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    client.force_login(clinician)
    page = client.get(reverse("moderation:verification")).content.decode()
    assert "Protect your badge with two-factor sign-in" in page
    assert reverse("mfa_activate_totp") in page
    TOTP.activate(clinician, generate_totp_secret())
    page = client.get(reverse("moderation:verification")).content.decode()
    assert "Protect your badge" not in page
