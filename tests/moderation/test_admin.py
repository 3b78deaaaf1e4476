import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from accounts.models import User
from moderation import services
from moderation.models import ClinicianVerification, ModerationAction
from tests.factories import ClinicianVerificationFactory, UserFactory

Status = ClinicianVerification.Status
LIST = reverse("admin:moderation_clinicianverification_changelist")
LOG = reverse("admin:moderation_moderationaction_changelist")


def change_url(verification):
    return reverse("admin:moderation_clinicianverification_change", args=[verification.pk])


def run_action(client, action, verifications, **extra):
    data = {
        "action": action,
        ACTION_CHECKBOX_NAME: [v.pk for v in verifications],
        **extra,
    }
    return client.post(LIST, data, follow=True)


def test_moderators_see_the_requests_with_search_and_filters(client, moderator):
    nadia = UserFactory(display_name="nadia_k")
    ClinicianVerificationFactory(
        applicant=nadia,
        profession="nurse",
        specialty="MS nursing",
        licence_number="NMC-777",
    )
    ClinicianVerificationFactory(status=Status.REJECTED, country="DE")
    client.force_login(moderator)

    html = client.get(LIST).content.decode()
    assert "nadia_k" in html and "Nurse" in html and "MS nursing" in html
    assert "Waiting for review" in html and "Not approved" in html

    assert "nadia_k" in client.get(LIST, {"q": "NMC-777"}).content.decode()
    assert "nadia_k" not in client.get(LIST, {"q": "nobody-like-this"}).content.decode()
    filtered = client.get(LIST, {"status__exact": "rejected"}).content.decode()
    assert "nadia_k" not in filtered
    assert "nadia_k" not in client.get(LIST, {"country": "DE"}).content.decode()


def test_the_list_query_count_does_not_grow_with_the_rows(
    client, moderator, django_assert_max_num_queries
):
    ClinicianVerificationFactory.create_batch(30)
    client.force_login(moderator)
    client.get(LIST)
    # 11: one of them asks whether the moderator has two-factor sign-in.
    with django_assert_max_num_queries(11):
        assert client.get(LIST).status_code == 200


def test_the_approve_action_verifies_pending_requests_and_skips_decided_ones(
    client, moderator, django_capture_on_commit_callbacks
):
    pending = ClinicianVerificationFactory()
    rejected = ClinicianVerificationFactory(status=Status.REJECTED)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client, "approve_selected", [pending, rejected])
    html = response.content.decode()
    assert "Approved 1 request." in html
    assert "Skipped 1 request already decided." in html
    assert User.objects.get(pk=pending.applicant_id).is_clinician
    assert not User.objects.get(pk=rejected.applicant_id).is_clinician
    assert ClinicianVerification.objects.get(pk=rejected.pk).status == Status.REJECTED
    assert ModerationAction.objects.get().action == ModerationAction.Action.VERIFICATION_APPROVED
    assert len(mail.outbox) == 1


def test_the_reject_action_asks_for_a_reason_before_rejecting(client, moderator):
    first, second = ClinicianVerificationFactory.create_batch(2)
    client.force_login(moderator)

    page = run_action(client, "reject_selected", [first, second])
    assert page.status_code == 200
    assert "Reject clinician verification requests" in page.content.decode()
    assert ClinicianVerification.objects.filter(status=Status.PENDING).count() == 2

    empty = run_action(client, "reject_selected", [first, second], confirm="yes", reason="  ")
    assert "A reason is required" in empty.content.decode()
    assert ClinicianVerification.objects.filter(status=Status.PENDING).count() == 2

    done = run_action(
        client,
        "reject_selected",
        [first, second],
        confirm="yes",
        reason="Not in the register.",
    )
    assert "Rejected 2 requests." in done.content.decode()
    for verification in (first, second):
        verification.refresh_from_db()
        assert verification.status == Status.REJECTED
        assert verification.decision_reason == "Not in the register."
    assert ModerationAction.objects.filter(reason="Not in the register.").count() == 2


def test_the_change_page_approves_and_rejects_through_the_services(client, moderator):
    to_approve, to_reject = ClinicianVerificationFactory.create_batch(2)
    client.force_login(moderator)
    page = client.get(change_url(to_approve)).content.decode()
    assert 'name="_approve"' in page and 'name="_reject"' in page
    assert to_approve.licence_number in page  # moderators do see the private details
    assert 'name="_save"' not in page  # the request itself is never edited

    client.post(change_url(to_approve), {"_approve": "1"})
    assert ClinicianVerification.objects.get(pk=to_approve.pk).status == Status.APPROVED

    refused = client.post(change_url(to_reject), {"_reject": "1", "reason": ""}, follow=True)
    assert "Give a reason" in refused.content.decode()
    assert ClinicianVerification.objects.get(pk=to_reject.pk).status == Status.PENDING
    client.post(change_url(to_reject), {"_reject": "1", "reason": "Licence expired."})
    to_reject.refresh_from_db()
    assert (to_reject.status, to_reject.decision_reason) == (
        Status.REJECTED,
        "Licence expired.",
    )


def test_a_moderator_gets_no_decision_buttons_on_their_own_request(client, moderator):
    own = ClinicianVerificationFactory(applicant=moderator)
    client.force_login(moderator)
    page = client.get(change_url(own)).content.decode()
    assert 'name="_approve"' not in page
    assert "another moderator must decide" in page
    response = client.post(change_url(own), {"_approve": "1"}, follow=True)
    assert "Another moderator must decide" in response.content.decode()
    assert ClinicianVerification.objects.get(pk=own.pk).is_pending


def test_revoking_from_the_admin_asks_for_a_reason_and_ends_the_status(client, moderator):
    approved = ClinicianVerificationFactory()
    services.verification_approve(moderator=moderator, verification=approved)
    client.force_login(moderator)

    page = client.get(change_url(approved)).content.decode()
    assert 'name="_revoke"' in page and 'name="_approve"' not in page
    client.post(change_url(approved), {"_revoke": "1", "reason": ""})
    assert User.objects.get(pk=approved.applicant_id).is_clinician

    assert (
        "Revoke clinician status"
        in run_action(client, "revoke_selected", [approved]).content.decode()
    )
    run_action(client, "revoke_selected", [approved], confirm="yes", reason="Struck off.")
    assert not User.objects.get(pk=approved.applicant_id).is_clinician
    entry = ModerationAction.objects.get(action=ModerationAction.Action.CLINICIAN_REVOKED)
    assert (entry.moderator, entry.reason) == (moderator, "Struck off.")


def test_members_cannot_reach_the_moderation_admin(client, member):
    verification = ClinicianVerificationFactory()
    client.force_login(member)
    for url in (LIST, change_url(verification), LOG):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    client.post(LIST, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [verification.pk]})
    client.post(change_url(verification), {"_approve": "1"})
    assert ClinicianVerification.objects.get(pk=verification.pk).is_pending


def test_staff_without_moderation_permissions_are_refused(db, client):
    staff = UserFactory(is_staff=True)  # staff, but not in the Moderators group
    verification = ClinicianVerificationFactory()
    client.force_login(staff)
    assert client.get(LIST).status_code == 403
    assert client.get(LOG).status_code == 403
    assert client.post(change_url(verification), {"_approve": "1"}).status_code == 403
    assert ClinicianVerification.objects.get(pk=verification.pk).is_pending


def test_nobody_can_add_or_delete_requests_in_the_admin(client, superuser):
    verification = ClinicianVerificationFactory()
    client.force_login(superuser)
    assert client.get(reverse("admin:moderation_clinicianverification_add")).status_code == 403
    delete = reverse("admin:moderation_clinicianverification_delete", args=[verification.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ClinicianVerification.objects.filter(pk=verification.pk).exists()


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_the_log_is_read_only_in_the_admin_even_for_a_superuser(db, client, request, who):
    user = request.getfixturevalue(who)
    verification = ClinicianVerificationFactory()
    services.verification_reject(
        moderator=request.getfixturevalue("moderator"),
        verification=verification,
        reason="Original reason.",
    )
    entry = ModerationAction.objects.get()
    client.force_login(user)

    listing = client.get(LOG)
    assert listing.status_code == 200
    assert "Original reason." in listing.content.decode()
    assert "delete_selected" not in listing.content.decode()
    change = reverse("admin:moderation_moderationaction_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200  # readable
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"reason": "Rewritten."}).status_code == 403
    assert client.get(reverse("admin:moderation_moderationaction_add")).status_code == 403
    delete = reverse("admin:moderation_moderationaction_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ModerationAction.objects.get().reason == "Original reason."


def test_the_log_can_be_filtered_and_searched(client, moderator, clinician):
    services.clinician_revoke(moderator=moderator, user=clinician, reason="Licence lapsed.")
    services.verification_reject(
        moderator=moderator,
        verification=ClinicianVerificationFactory(),
        reason="Unknown.",
    )
    client.force_login(moderator)
    revoked = client.get(LOG, {"action__exact": "clinician_revoked"}).content.decode()
    assert "Licence lapsed." in revoked and "Unknown." not in revoked
    found = client.get(LOG, {"q": "Dr. Seignez"}).content.decode()
    assert "Licence lapsed." in found and "Unknown." not in found


def test_a_discussions_community_link_opens_for_a_moderator_read_only(client, moderator, thread):
    client.force_login(moderator)
    page = client.get(reverse("admin:forum_thread_change", args=[thread.pk])).content.decode()
    community_url = reverse("admin:forum_community_change", args=[thread.community.pk])
    assert f'href="{community_url}"' in page
    response = client.get(community_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert thread.community.name in html
    assert 'name="_save"' not in html  # looked at, not changed
    before = thread.community.name
    client.post(community_url, {"name": "Renamed", "slug": thread.community.slug})
    thread.community.refresh_from_db()
    assert thread.community.name == before
