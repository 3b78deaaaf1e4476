from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from moderation import services
from moderation.models import ClinicianVerification
from tests.factories import ClinicianVerificationFactory

Status = ClinicianVerification.Status
URL = "/clinicians/verify/"


def test_the_page_has_a_name_and_needs_a_signed_in_member(client):
    assert reverse("moderation:verification") == URL
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_form_explains_who_sees_the_private_details(client, member):
    client.force_login(member)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your full legal name" in html and "Licence or registration number" in html
    assert "seen only by the forum's moderators" in html
    assert "Send my request" in html


def test_sending_the_form_creates_a_pending_request_and_shows_its_status(
    client, member, request_fields
):
    client.force_login(member)
    response = client.post(URL, request_fields, follow=True)
    html = response.content.decode()
    verification = ClinicianVerification.objects.get(applicant=member)
    assert verification.status == Status.PENDING
    assert verification.licence_number == "NMC-12A3456"
    assert "Your request has been sent" in html
    assert "Waiting for review" in html
    assert "Send my request" not in html  # one pending request at a time
    assert "already have a request waiting" in html


def test_an_invalid_form_is_400_and_keeps_what_was_typed(client, member, request_fields):
    client.force_login(member)
    request_fields.update(licence_number="", place_of_practice="Kept hospital text")
    response = client.post(URL, request_fields)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please give your licence or registration number." in html
    assert 'value="Kept hospital text"' in html
    assert not ClinicianVerification.objects.exists()


def test_a_second_request_while_one_is_pending_is_refused_with_the_reason(
    client, member, request_fields
):
    ClinicianVerificationFactory(applicant=member)
    client.force_login(member)
    response = client.post(URL, request_fields)
    assert response.status_code == 403
    assert "already have a request waiting for review" in response.content.decode()
    assert ClinicianVerification.objects.filter(applicant=member).count() == 1


def test_forged_fields_in_the_form_have_no_effect(client, member, other_member, request_fields):
    client.force_login(member)
    forged = {
        **request_fields,
        "status": "approved",
        "role": "clinician",
        "applicant": other_member.pk,
        "decided_by": member.pk,
        "clinician_verified_at": "2026-01-01T00:00:00Z",
    }
    client.post(URL, forged)
    verification = ClinicianVerification.objects.get()
    member.refresh_from_db()
    assert verification.applicant == member
    assert verification.status == Status.PENDING and verification.decided_by is None
    assert member.role == User.Role.PATIENT and not member.is_clinician
    assert not ClinicianVerification.objects.filter(applicant=other_member).exists()


def test_a_rejected_request_shows_the_moderators_reason(client, member, moderator):
    verification = ClinicianVerificationFactory(applicant=member)
    services.verification_reject(
        moderator=moderator,
        verification=verification,
        reason="The register lists a different name.",
    )
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert "Not approved" in html
    assert "The register lists a different name." in html
    assert "Send my request" in html  # they may try again


def test_an_approved_request_shows_the_verified_and_review_dates(client, member, moderator):
    verification = ClinicianVerificationFactory(applicant=member)
    services.verification_approve(moderator=moderator, verification=verification)
    member.refresh_from_db()
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert "Approved" in html
    assert "You are a verified clinician" in html
    assert f'datetime="{member.clinician_review_due:%Y-%m-%d}' in html
    assert "next review due" in html
    assert "Send my request" not in html
    assert moderator.display_name not in html  # who decided stays among moderators


def test_a_clinician_in_the_renewal_window_sees_the_renewal_form(client, clinician):
    User.objects.filter(pk=clinician.pk).update(
        clinician_review_due=timezone.localdate() + timedelta(days=10)
    )
    client.force_login(clinician)
    html = client.get(URL).content.decode()
    assert "Renew your verification" in html


def test_a_member_can_withdraw_their_pending_request(client, member):
    verification = ClinicianVerificationFactory(applicant=member)
    client.force_login(member)
    response = client.post(
        reverse("moderation:verification_withdraw", kwargs={"pk": verification.pk}),
        follow=True,
    )
    verification.refresh_from_db()
    assert verification.status == Status.WITHDRAWN
    assert "has been withdrawn" in response.content.decode()


def test_a_member_never_sees_or_touches_another_members_request(
    client, member, other_member, request_fields
):
    theirs = ClinicianVerificationFactory(
        applicant=other_member,
        full_name="Secret Fullname",
        licence_number="SECRET-LIC-9",
    )
    client.force_login(member)
    page = client.get(URL).content.decode()
    assert "Secret Fullname" not in page and "SECRET-LIC-9" not in page
    assert "Waiting for review" not in page
    withdraw = reverse("moderation:verification_withdraw", kwargs={"pk": theirs.pk})
    assert client.post(withdraw).status_code == 404
    assert client.get(withdraw).status_code == 405
    admin_page = reverse("admin:moderation_clinicianverification_change", args=[theirs.pk])
    assert client.get(admin_page).status_code == 302  # to the admin sign-in
    assert client.get(f"{URL}?pk={theirs.pk}&applicant={other_member.pk}").status_code == 200
    assert "SECRET-LIC-9" not in client.get(f"{URL}?applicant={other_member.pk}").content.decode()
    theirs.refresh_from_db()
    assert theirs.status == Status.PENDING


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(client, member, method):
    client.force_login(member)
    assert getattr(client, method)(URL).status_code == 405


def test_the_verification_page_query_count_is_bounded_and_flat(
    client, member, moderator, django_assert_max_num_queries
):
    ClinicianVerificationFactory(applicant=member, status=Status.REJECTED)
    client.force_login(member)
    client.get(URL)  # the first visit after signing in also writes the session
    with CaptureQueriesContext(connection) as one_request:
        client.get(URL)
    for _ in range(5):
        verification = ClinicianVerificationFactory(applicant=member)
        services.verification_reject(moderator=moderator, verification=verification, reason="No.")
    ClinicianVerificationFactory(applicant=member)
    # Session, member and site-wide middleware, plus two of this page's own: is there a
    # pending request, and the member's requests.
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.content.decode().count("Not approved") == 6
    with CaptureQueriesContext(connection) as seven_requests:
        client.get(URL)
    assert len(seven_requests) == len(one_request)
