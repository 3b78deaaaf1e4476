"""The self-harm workflow (issue 21, item 3): a report of a risk of self-harm alerts the
moderators at once; from the alert, the review screen; "reach out" sends the author a
caring message with their country's help lines (in the app and by email, never the
post's words); hiding the post tells them why in the same kind words; each step logged."""

from django.core import mail
from django.urls import reverse

from forum import crisis, services
from moderation import actions, outreach
from moderation.models import CaringMessage, ModerationAction, Outreach
from notifications.models import Notification
from tests.factories import UserFactory

WORDS = "I cannot see the point of going on."


def test_from_the_alert_a_moderator_reaches_out_then_hides_with_the_same_kind_words(
    client, thread, moderator, django_capture_on_commit_callbacks
):
    author = UserFactory(display_name="Tired Owl")
    post = services.reply_create(author=author, thread=thread, body=WORDS)
    with django_capture_on_commit_callbacks(execute=True):
        actions.report_create(reporter=UserFactory(), post=post, reason="self_harm")
    alert = Notification.objects.get(recipient=moderator, kind="urgent_report")
    [alert_email] = [m for m in mail.outbox if m.to == [moderator.email]]
    assert WORDS not in alert_email.body

    client.force_login(moderator)
    review = client.get(alert.get_absolute_url()).content.decode()
    assert WORDS in review and "reach out to the author first" in review
    page = client.get(reverse("moderation:reach_out", args=[post.pk])).content.decode()
    assert "We read what you wrote" in page  # the team's words, ready to send
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("moderation:reach_out", args=[post.pk]),
            {"text": "We are here for you, Tired Owl."},
        )
    assert sent.status_code == 302
    [letter] = [m for m in mail.outbox if m.to == [author.email]]
    assert "We are here for you" in letter.body and WORDS not in letter.body
    assert crisis.help_lines(author) in letter.body  # their country's help lines

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("moderation:post_action", args=[post.pk, "hide"]),
            {"reason": "Risk of self-harm; reached out"},
        )
    hidden_words = str(outreach.DEFAULTS[outreach.Kind.POST_HIDDEN])[:40]
    assert Outreach.objects.filter(member=author, kind="post_hidden").exists()
    assert not Notification.objects.filter(recipient=author, kind="post_hidden").exists()
    assert Notification.objects.filter(recipient=author, kind="reach_out").count() == 2
    client.force_login(author)
    messages = client.get(reverse("moderation:messages")).content.decode()
    assert "We are here for you" in messages and hidden_words in messages
    steps = list(
        ModerationAction.objects.order_by("created_at", "id").values_list("action", flat=True)
    )
    assert steps == ["reached_out", "reached_out", "post_hidden"]
    client.force_login(moderator)
    log = client.get(reverse("admin:moderation_moderationaction_changelist")).content.decode()
    assert log.count("Quiet Lighthouse reached out to Tired Owl") == 2
    assert "Quiet Lighthouse hid a post by Tired Owl" in log
    assert "Risk of self-harm; reached out" in log


def test_moderators_edit_the_caring_words_and_the_next_message_uses_them(
    client, thread, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    response = client.post(
        reverse("admin:moderation_caringmessage_add"),
        {"kind": "post_hidden", "text": "Our own kind words."},
    )
    assert response.status_code == 302
    assert CaringMessage.objects.get(kind="post_hidden").text == "Our own kind words."
    post = services.reply_create(author=UserFactory(), thread=thread, body=WORDS)
    actions.report_create(reporter=UserFactory(), post=post, reason="self_harm")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_hide(moderator=moderator, post=post, reason="x")
    assert Outreach.objects.get(post=post).text == "Our own kind words."


def test_only_moderators_reach_out(client, thread, member):
    post = services.reply_create(author=UserFactory(), thread=thread, body=WORDS)
    client.force_login(member)
    url = reverse("moderation:reach_out", args=[post.pk])
    assert client.post(url, {"text": "Hello"}).status_code == 403
    assert not Outreach.objects.exists()
