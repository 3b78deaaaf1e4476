"""Crisis support while writing (forum.crisis): the phrases found and those left alone,
in English and French; support and the writer's country's help lines before anything is
posted; "Post it" publishes and alerts the moderators at once, at the top of their queue;
"Send it to the moderators only" holds it for them; the alert email holds none of it."""

import pytest
from django.core import mail
from django.urls import reverse

from forum import crisis, services
from forum.models import Post, Thread
from moderation import actions
from moderation.models import Report
from notifications.models import Notification
from tests.factories import UserFactory

FOUND = [
    "Some days I just want to die.",
    "Honestly I want to end it",
    "there is no reason to live any more",
    "I don’t want to live like this",  # a curly apostrophe, and its own negation
    "I keep thinking I could kill myself",
    "I have started to hurt myself again",
    "J'ai envie d'en finir",
    "je voudrais me faire du mal",
    "je n’en peux plus, vraiment",
    "de plus en plus envie de mourir",
]
LEFT_ALONE = [
    "I don't want to die, I want to get better",
    "I am not suicidal, just exhausted",
    "je n'ai pas envie d'en finir, je veux guérir",
    "> I want to die\nThat sounds so hard. I am here for you.",  # someone else's words
    "this fatigue is killing me",
    "I could kill for a proper night's sleep",
    "Suicide prevention charities do great work",
]


@pytest.mark.parametrize("text", FOUND)
def test_risk_phrases_are_found(text):
    assert crisis.find(text)


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_negations_quotes_and_figures_of_speech_are_left_alone(text):
    assert crisis.find(text) == []


def test_long_hostile_text_goes_through_at_once():
    for text in ("want " * 40000, "I don't " * 30000 + "want to die", "> " * 50000):
        crisis.find(text)


def test_help_lines_follow_where_the_member_is(db, settings):
    assert "116 123" in crisis.help_lines(UserFactory(time_zone="Europe/London"))
    assert "3114" in crisis.help_lines(UserFactory(time_zone="Europe/Paris"))
    assert "988" in crisis.help_lines(UserFactory(time_zone="America/Toronto"))
    assert "112" in crisis.help_lines(UserFactory(time_zone="Asia/Tokyo"))  # the general text
    settings.MODERATION_HELP_LINES = {"GB": "Call our own helpline on 0800 000 000."}
    assert crisis.help_lines(UserFactory(time_zone="Europe/London")).startswith("Call our own")


def reply_url(thread):
    return reverse("forum:reply", args=[thread.pk])


def test_support_comes_before_anything_is_posted(client, thread, member):
    member.time_zone = "Europe/London"
    member.save()
    client.force_login(member)
    response = client.post(reply_url(thread), {"body": "I want to end it all tonight"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "You are not alone" in page and "116 123" in page
    assert "I want to end it all tonight</textarea>" in page  # the text kept
    assert thread.posts.count() == 1


def test_posting_anyway_publishes_and_alerts_the_moderators_at_the_top_of_the_queue(
    client, thread, member, moderator, django_capture_on_commit_callbacks
):
    other = services.reply_create(author=UserFactory(), thread=thread, body="Buy pills")
    actions.report_create(reporter=UserFactory(), post=other, reason=Report.Reason.SPAM)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reply_url(thread), {"body": "I want to end it all tonight", "crisis_ok": "1"}
        )
    assert response.status_code == 302
    post = thread.posts.get(body="I want to end it all tonight")
    assert not post.is_awaiting_review and not post.is_hidden  # published
    report = Report.objects.get(post=post)
    assert report.reason == Report.Reason.SELF_HARM and report.reporter is None
    assert Notification.objects.filter(
        recipient=moderator, kind=Notification.Kind.URGENT_REPORT, post=post
    ).exists()
    alert = [m for m in mail.outbox if moderator.email in m.to]
    assert alert and all("end it all" not in m.body for m in alert)
    client.force_login(moderator)
    queue = client.get("/admin/moderation/reportedpost/").content.decode()
    assert queue.index(f"/reportedpost/{post.pk}/") < queue.index(f"/reportedpost/{other.pk}/")


def test_sending_it_to_the_moderators_only_holds_it_for_them(
    client, thread, member, other_member, moderator, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reply_url(thread),
            {"body": "je n'en peux plus", "crisis_to_moderators": "1"},
            follow=True,
        )
    assert "moderators only" in response.content.decode()
    post = thread.posts.get(body="je n'en peux plus")
    assert post.is_awaiting_review
    assert Report.objects.get(post=post).note.startswith("Its writer was shown")
    assert Notification.objects.filter(recipient=moderator, post=post).exists()
    client.force_login(other_member)
    assert "je n&#x27;en peux plus" not in client.get(thread.get_absolute_url()).content.decode()
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


def test_a_new_discussion_gets_the_same_support(client, community, member):
    client.force_login(member)
    url = reverse("forum:thread_new", args=[community.slug])
    page = client.post(url, {"title": "Tired", "body": "I want to die"}).content.decode()
    assert "You are not alone" in page and not Thread.objects.filter(title="Tired").exists()
    client.post(url, {"title": "Tired", "body": "I want to die", "crisis_to_moderators": "1"})
    held = Thread.objects.get(title="Tired")
    assert held.is_awaiting_review


def test_support_then_the_personal_data_check_then_posted_and_flagged(
    client, thread, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    body = "I want to die. Call me on 07700 900123"
    first = client.post(reply_url(thread), {"body": body}).content.decode()
    assert "You are not alone" in first and "<mark>" not in first
    second = client.post(reply_url(thread), {"body": body, "crisis_ok": "1"}).content.decode()
    assert "<mark>07700 900123</mark>" in second
    assert 'name="crisis_ok" value="1"' in second  # the first choice is kept
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reply_url(thread), {"body": body, "crisis_ok": "1", "personal_data_ok": "1"})
    assert Report.objects.filter(post__body=body, reason=Report.Reason.SELF_HARM).exists()


def test_a_forged_choice_without_a_crisis_phrase_flags_nothing(
    client, thread, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reply_url(thread), {"body": "A sunny day", "crisis_to_moderators": "1"})
    post = thread.posts.get(body="A sunny day")
    assert not post.is_awaiting_review and not Report.objects.exists()


def test_a_new_members_choice_to_post_is_told_as_such_while_held_for_review(
    client, thread, settings, django_capture_on_commit_callbacks
):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    newcomer = UserFactory()
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reply_url(thread), {"body": "I want to die", "crisis_ok": "1"})
    post = thread.posts.get(author=newcomer)
    assert post.is_awaiting_review  # the new-member review still applies
    assert "chose to post it" in Report.objects.get(post=post).note


def test_an_edit_gets_support_too_and_saving_it_alerts_the_moderators(
    client, thread, member, moderator, django_capture_on_commit_callbacks
):
    opening = thread.posts.get(number=1)
    client.force_login(member)
    url = reverse("forum:post_edit", args=[opening.pk])
    data = {"body": "Honestly I want to end it", "title": thread.title, "version": 1}
    page = client.post(url, data).content.decode()
    assert "You are not alone" in page and "Save it" in page
    assert "moderators only" not in page  # already public: no holding it back
    assert Post.objects.get(pk=opening.pk).version == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "crisis_ok": "1"})
    assert Post.objects.get(pk=opening.pk).body == "Honestly I want to end it"
    assert Report.objects.filter(post=opening, reason=Report.Reason.SELF_HARM).exists()
    assert Notification.objects.filter(recipient=moderator, post=opening).exists()
