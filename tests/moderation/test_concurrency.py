import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from moderation import services
from moderation.models import ClinicianVerification, ModerationAction
from tests.factories import ClinicianVerificationFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FIELDS = {
    "full_name": "Camille Martin",
    "profession": "physician",
    "licence_number": "RPPS-1",
    "country": "FR",
    "place_of_practice": "Lyon",
}


def race(*calls):
    """Run the calls at once, each on its own connection; return their errors."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # collected and asserted by the test
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(call,)) for call in calls]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


def test_simultaneous_requests_from_one_member_leave_exactly_one_pending():
    member = UserFactory()
    errors = race(*[lambda: services.verification_request_create(applicant=member, **FIELDS)] * 5)
    assert len(errors) == 4
    assert all(isinstance(error, PermissionDenied) for error in errors)
    assert ClinicianVerification.objects.filter(applicant=member).count() == 1


def test_two_moderators_deciding_at_once_make_one_decision():
    from django.contrib.auth.models import Permission

    # Moderators: staff with the forum's moderation permission (the group made by a
    # migration does not survive this module's flushed database).
    first, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    moderate = Permission.objects.get(codename="moderate_forum", content_type__app_label="forum")
    for moderator in (first, second):
        moderator.user_permissions.add(moderate)
    verification = ClinicianVerificationFactory()
    errors = race(
        lambda: services.verification_approve(moderator=first, verification=verification),
        lambda: services.verification_reject(
            moderator=second, verification=verification, reason="Not found."
        ),
    )
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert ModerationAction.objects.count() == 1
    verification.refresh_from_db()
    applicant = verification.applicant
    assert applicant.is_clinician == (verification.status == "approved")
