"""Reports that need a moderator reach one: an abusive discussion is hidden by enough
reports, a self-harm report alerts every moderator at once, and open reports are counted
where moderators look."""

from django.core import mail
from django.urls import reverse

from forum.models import Post, Thread
from moderation import actions
from moderation.models import ModerationAction, Report
from notifications.models import Notification
from tests.factories import UserFactory, make_thread

QUEUE = "/admin/moderation/reportedpost/"


def report(post, reason="spam"):
    return actions.report_create(reporter=UserFactory(), post=post, reason=reason)


def opening(thread):
    return Post.objects.select_related("thread").get(thread=thread, number=1)


def test_enough_reports_on_an_opening_post_hide_the_discussion(client, community, settings):
    settings.MODERATION_AUTO_HIDE_REPORTS = 3
    thread = make_thread(community=community, title="Buy cheap pills here now")
    for _ in range(3):
        report(opening(thread))
    assert Thread.objects.get(pk=thread.pk).is_hidden
    assert client.get(thread.get_absolute_url()).status_code == 404
    logged = ModerationAction.objects.get(action=ModerationAction.Action.POST_AUTO_HIDDEN)
    assert logged.is_automatic and "discussion is hidden" in logged.reason


def test_dismissing_the_reports_brings_the_discussion_back(client, community, moderator, settings):
    settings.MODERATION_AUTO_HIDE_REPORTS = 2
    thread = make_thread(community=community)
    report(opening(thread)), report(opening(thread))
    actions.reports_dismiss(moderator=moderator, post=opening(thread), reason="Fine")
    assert not Thread.objects.get(pk=thread.pk).is_hidden


def test_a_self_harm_report_alerts_every_moderator_at_once(
    thread, moderator, django_capture_on_commit_callbacks
):
    second = UserFactory(display_name="Night Owl")
    second.groups.set(moderator.groups.all())
    second.is_staff = True
    second.save()
    post = Post.objects.create(
        thread=thread,
        author=UserFactory(),
        number=2,
        body="I can't go on any more",
        body_html="<p>I can't go on any more</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report(post, reason=Report.Reason.SELF_HARM)
    alerts = Notification.objects.filter(kind=Notification.Kind.URGENT_REPORT)
    assert set(alerts.values_list("recipient_id", flat=True)) == {moderator.pk, second.pk}
    sent = [m for m in mail.outbox if "self-harm" in m.subject]
    assert {m.to[0] for m in sent} == {moderator.email, second.email}
    for message in sent:
        assert "can't go on" not in message.body
        # The alert's own link, which marks it read and opens the queue.
        alert = alerts.get(recipient__email=message.to[0])
        assert reverse("notifications:open", args=[alert.pk]) in message.body
        assert alert.get_absolute_url() == f"{QUEUE}{alert.post_id}/change/"  # its review


def test_other_reports_alert_no_one(thread, moderator, django_capture_on_commit_callbacks):
    post = opening(thread)
    with django_capture_on_commit_callbacks(execute=True):
        report(post, reason=Report.Reason.SPAM)
    assert not Notification.objects.filter(kind=Notification.Kind.URGENT_REPORT).exists()


def test_only_the_moderators_on_duty_are_alerted_and_everyone_when_nobody_is(
    client, thread, moderator, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    other = UserFactory(display_name="Night Owl", is_staff=True)
    other.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(other)
    assert "You are on duty" in client.get(reverse("admin:index")).content.decode()
    client.post(reverse("moderation:duty"), {"on_duty": "0"})
    assert "You are off duty" in client.get(reverse("admin:index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        report(opening(thread), reason="self_harm")
    alerted = set(
        Notification.objects.filter(kind="urgent_report").values_list("recipient", flat=True)
    )
    assert alerted == {moderator.pk}
    client.force_login(moderator)
    client.post(reverse("moderation:duty"), {"on_duty": "0"})
    reply = Post.objects.create(thread=thread, author=UserFactory(), number=99, body="x")
    with django_capture_on_commit_callbacks(execute=True):
        report(reply, reason="self_harm")
    alerted = set(
        Notification.objects.filter(kind="urgent_report", post=reply).values_list(
            "recipient", flat=True
        )
    )
    assert alerted == {moderator.pk, other.pk}  # nobody on duty: everyone hears


def test_members_cannot_go_on_duty(client, member):
    client.force_login(member)
    assert client.post(reverse("moderation:duty"), {"on_duty": "1"}).status_code == 403
