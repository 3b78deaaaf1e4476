"""Issue 4 end to end: apply, approval, an expert answer, its badge and listing."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from moderation.models import ClinicianVerification
from tests.factories import UserFactory


def test_apply_approve_answer_and_the_discussion_is_listed_as_answered(
    client, thread, moderator, django_capture_on_commit_callbacks
):
    nurse = UserFactory(display_name="Nadia K")
    client.force_login(nurse)
    response = client.post(
        reverse("moderation:verification"),
        {
            "full_name": "Nadia Kowalczyk",
            "profession": "nurse",
            "specialty": "MS nurse",
            "licence_number": "NMC-1",
            "country": "GB",
            "place_of_practice": "Leeds",
            "note": "",
        },
    )
    assert response.status_code == 302
    request = ClinicianVerification.objects.get(applicant=nurse)

    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/moderation/clinicianverification/",
            {
                "action": "approve_selected",
                ACTION_CHECKBOX_NAME: [request.pk],
            },
        )
    nurse.refresh_from_db()
    assert nurse.is_clinician

    client.force_login(nurse)
    client.post(
        reverse("forum:reply", kwargs={"pk": thread.pk}),
        {"body": "In general, this is well studied.", "expert": "on"},
    )
    client.logout()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Expert answer" in page and "Nurse · MS nurse" in page
    assert "not a personal consultation" in page
    listing = client.get(thread.community.get_absolute_url(), {"expert": "1"}).content.decode()
    assert thread.title in listing and "Answered by an expert" in listing
