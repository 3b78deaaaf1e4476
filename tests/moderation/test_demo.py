from io import StringIO

from django.core.management import call_command

from accounts.models import User
from moderation import services
from moderation.models import ClinicianVerification, ModerationAction


def load_demo(tmp_path, monkeypatch):
    from forum.management.commands import load_demo as command

    monkeypatch.setattr(command, "CREDENTIALS", tmp_path / "credentials")
    call_command("load_demo", stdout=StringIO())


def test_the_demo_has_a_request_to_review_and_the_approval_behind_dr_seignez(
    db, tmp_path, monkeypatch
):
    load_demo(tmp_path, monkeypatch)
    pending = ClinicianVerification.objects.get(status=ClinicianVerification.Status.PENDING)
    assert pending.applicant.display_name == "nadia_k"
    assert pending.profession == User.Profession.NURSE

    approved = ClinicianVerification.objects.get(status=ClinicianVerification.Status.APPROVED)
    seignez = approved.applicant
    assert seignez.display_name == "Dr. Seignez" and seignez.is_clinician
    assert (approved.profession, approved.specialty) == (
        seignez.clinician_profession,
        seignez.clinician_specialty,
    )
    assert approved.decided_by.email == "moderator@example.org"
    entry = ModerationAction.objects.get()
    assert entry.action == ModerationAction.Action.VERIFICATION_APPROVED
    assert (entry.target_user, entry.moderator) == (seignez, approved.decided_by)


def test_a_demo_moderator_can_approve_the_waiting_request(db, tmp_path, monkeypatch):
    load_demo(tmp_path, monkeypatch)
    pending = ClinicianVerification.objects.get(status=ClinicianVerification.Status.PENDING)
    moderator = User.objects.get(email="moderator@example.org")
    services.verification_approve(moderator=moderator, verification=pending)
    assert User.objects.get(display_name="nadia_k").clinician_title == (
        "Nurse · MS specialist nurse"
    )
    # New rows get fresh ids after the fixture's fixed ones (sequences were reset).
    assert ModerationAction.objects.count() == 2


def test_the_demo_moderator_is_in_the_moderators_group(db, tmp_path, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User
    from forum.management.commands import load_demo

    monkeypatch.setattr(load_demo, "CREDENTIALS", tmp_path / "credentials")
    call_command("load_demo", stdout=StringIO())
    assert User.objects.get(email="moderator@example.org").is_moderator
