import pytest
from django.urls import reverse

from forum import services
from forum.models import Thread
from moderation.models import ModerationAction, Report
from tests.factories import UserFactory


def report_url(post):
    return reverse("moderation:report", kwargs={"pk": post.pk})


@pytest.fixture
def reply(thread, other_member):
    return services.reply_create(author=other_member, thread=thread, body="Cure-all pills here")


def test_a_member_reports_a_post_once_and_gets_a_confirmation(client, member, reply):
    client.force_login(member)
    assert client.get(report_url(reply)).status_code == 200
    response = client.post(report_url(reply), {"reason": "misinformation", "note": "Dangerous"})
    assert response.status_code == 200
    assert "your report was received" in response.content.decode()
    report = Report.objects.get()
    assert (report.post, report.reporter, report.reason, report.note) == (
        reply,
        member,
        "misinformation",
        "Dangerous",
    )
    again = client.post(report_url(reply), {"reason": "spam"})
    assert again.status_code == 409
    assert "already reported this post" in again.content.decode()
    assert Report.objects.count() == 1


def test_a_self_harm_report_shows_where_to_find_urgent_help(client, member, reply, settings):
    settings.MODERATION_URGENT_HELP_TEXT = "Call the helpline on 0000."
    client.force_login(member)
    response = client.post(report_url(reply), {"reason": "self_harm"})
    assert "Call the helpline on 0000." in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_reporting_ones_own_post_is_refused_with_a_clear_answer(client, other_member, reply):
    client.force_login(other_member)
    response = client.post(report_url(reply), {"reason": "spam"})
    assert response.status_code == 403
    assert "your own post" in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_while_signed_out_leads_to_sign_in(client, reply):
    response = client.post(report_url(reply), {"reason": "spam"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Report.objects.exists()


def test_a_report_without_a_reason_is_400_and_keeps_the_note(client, member, reply):
    client.force_login(member)
    response = client.post(report_url(reply), {"note": "my careful note"})
    assert response.status_code == 400
    assert "Please choose a reason." in response.content.decode()
    assert "my careful note" in response.content.decode()


def test_an_unconfirmed_member_cannot_report(client, reply):
    client.force_login(UserFactory(verified_email=False))
    assert client.post(report_url(reply), {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_enough_reports_from_different_members_hide_the_post_pending_review(
    client, reply, settings
):
    settings.MODERATION_AUTO_HIDE_REPORTS = 3
    for _ in range(3):
        client.force_login(UserFactory())
        client.post(report_url(reply), {"reason": "spam"})
    reply.refresh_from_db()
    assert reply.is_hidden
    assert Thread.objects.get(pk=reply.thread_id).reply_count == 0
    log = ModerationAction.objects.get(action="post_auto_hidden")
    assert log.moderator is None and log.target_post_id == reply.pk


def test_the_reported_member_never_sees_who_reported_them(client, member, other_member, reply):
    client.force_login(member)
    client.post(report_url(reply), {"reason": "abuse"})
    client.force_login(other_member)
    for url in ["/", reply.thread.get_absolute_url(), other_member.get_absolute_url()]:
        assert (
            member.display_name
            not in client.get(url).content.decode().replace(reply.thread.author.display_name, "")
            or url == reply.thread.get_absolute_url()
        )
    assert client.get("/admin/moderation/reportedpost/").status_code == 302


def test_the_reporters_data_export_lists_their_reports(client, member, reply):
    import json

    actions_report = Report.objects.create(post=reply, reporter=member, reason="spam", note="ad")
    client.force_login(member)
    client.post(reverse("account_reauthenticate"), {"password": "a-long-test-password"})
    data = json.loads(client.post(reverse("accounts:export")).content)
    assert data["reports_filed"][0]["reason"] == actions_report.get_reason_display()
    assert data["reports_filed"][0]["note"] == "ad"
