"""Moderation's part of a member's data export (connected in ModerationConfig.ready).

On erasure nothing needs doing here: reports they filed stay (the reporter link becomes
empty), their verification requests are deleted with the account, and the moderation log
keeps what was done without the person (its member links become empty)."""

from moderation.models import ClinicianVerification, Report


def export_sections(sender, user, **kwargs) -> dict:
    return {
        "reports_filed": [
            {
                "post_url": report.post.get_absolute_url(),
                "discussion": report.post.thread.title,
                "reason": report.get_reason_display(),
                "note": report.note,
                "status": report.get_status_display(),
                "created_at": report.created_at.isoformat(),
            }
            for report in Report.objects.filter(reporter=user).select_related("post__thread")
        ],
        "clinician_verification_requests": [
            {
                "profession": request.get_profession_display(),
                "specialty": request.specialty,
                "full_name": request.full_name,
                "licence_number": request.licence_number,
                "country": request.country,
                "place_of_practice": request.place_of_practice,
                "note": request.note,
                "status": request.get_status_display(),
                "decision_reason": request.decision_reason,
                "created_at": request.created_at.isoformat(),
            }
            for request in ClinicianVerification.objects.filter(applicant=user)
        ],
    }
