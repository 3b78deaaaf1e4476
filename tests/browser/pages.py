"""The pages the browser tests visit, and as whom: shared by the accessibility checks
and the screenshots so both look at the same thing."""

from dataclasses import dataclass
from datetime import timedelta

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from accounts.models import User
from conversations.models import Conversation
from forum import services, withdrawal
from forum.models import Bookmark, Draft, Post, PostReaction, Thread
from moderation import actions, message_reports
from moderation.models import MessageReport

GENE_THERAPY = "Gene therapy for autoimmune disease?"
KARMIN = "karmin@example.org"  # the patient who asked it
SEIGNEZ = "seignez@example.org"  # the clinician who answered
MODERATOR = "moderator@example.org"
SUSPENDED = "ben.b@example.org"
MAPLERUNNER = "maplerunner@example.org"


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    as_email: str | None = None  # None: a visitor
    status: int = 200


def main_pages() -> list[Visit]:
    """The main pages, with the demo loaded: each as the person who uses it."""
    thread = Thread.objects.get(title=GENE_THERAPY)
    opening, answer = thread.posts.order_by("number")[:2]
    karmin = User.objects.get(email=KARMIN)
    Bookmark.objects.get_or_create(user=karmin, post=answer)  # her saved posts
    PostReaction.objects.get_or_create(user=karmin, post=answer, kind="me_too")
    Draft.objects.get_or_create(  # and a reply she has not sent
        user=karmin, thread=thread, defaults={"body": "I asked my nurse, and she said"}
    )
    if not thread.posts.filter(withdrawn_at__isnull=False).exists():  # and one she took back
        taken_back = services.reply_create(author=karmin, thread=thread, body="Too much")
        withdrawal.post_withdraw(author=karmin, post=taken_back)
    private = Thread.objects.filter(members_only=True).first() or services.thread_create(
        author=karmin,
        community=thread.community,
        title="Telling my employer about my diagnosis",
        body="I would rather only members read this.",
        members_only=True,
    )
    ben = User.objects.get(email=SUSPENDED)
    if not ben.is_suspended:  # a member who was suspended, and may appeal
        moderator = User.objects.get(email=MODERATOR)
        actions.member_suspend(
            moderator=moderator,
            member=ben,
            until=timezone.now() + timedelta(days=7),
            reason="Repeated advertising for a supplement",
        )
    reported = (
        Post.objects.filter(thread=thread, is_hidden=False, number__gt=1)
        .exclude(author__email="maplerunner@example.org")
        .order_by("-number")
        .first()
    )
    if not reported.reports.filter(status="open").exists():  # a report for the review screen
        actions.report_create(
            reporter=User.objects.get(email="maplerunner@example.org"),
            post=reported,
            reason="personal_data",
            note="It names a nurse at a clinic",
        )
    talk = Conversation.objects.get(subject="Telling my employer")  # a private conversation
    maple = User.objects.get(email=MAPLERUNNER)
    answer_to_karmin = talk.messages.filter(author=maple).first()
    message_report = MessageReport.objects.filter(message=answer_to_karmin).first()
    if message_report is None:  # reported, for the moderators' review page
        message_report = message_reports.message_report_create(
            reporter=karmin, message=answer_to_karmin, reason="other", note="Checking"
        )
    noted = Post.objects.filter(clinician_notes__isnull=False).first()  # demo: a note
    flagged = Post.objects.filter(inaccuracy_flags__status="open").first()  # and a flag
    return [
        Visit("home", "/"),
        Visit("community", "/communities/multiple-sclerosis/"),
        Visit("discussion", thread.get_absolute_url()),
        Visit("discussion-member", thread.get_absolute_url(), KARMIN),
        Visit("discussion-clinician", thread.get_absolute_url(), SEIGNEZ),
        Visit("discussion-moderator", thread.get_absolute_url(), MODERATOR),
        Visit(
            "new-discussion",
            "/communities/multiple-sclerosis/new/",
            KARMIN,
        ),
        Visit("profile", karmin.get_absolute_url(), KARMIN),
        Visit("another-members-profile", maple.get_absolute_url(), KARMIN),
        Visit("private-messages", reverse("conversations:inbox"), KARMIN),
        Visit("private-conversation", talk.get_absolute_url(), KARMIN),
        Visit(
            "new-private-conversation",
            reverse("conversations:new") + f"?to={maple.pk}",
            KARMIN,
        ),
        Visit("messages-and-other-members", reverse("accounts:people"), KARMIN),
        Visit("following", reverse("forum:following"), KARMIN),
        Visit("saved-posts", reverse("forum:saved"), KARMIN),
        Visit("drafts", reverse("forum:drafts"), KARMIN),
        Visit("post-history", reverse("forum:post_history", args=[opening.pk]), KARMIN),
        Visit("reactions", reverse("forum:reactions", args=[answer.pk]), KARMIN),
        Visit("withdraw", reverse("forum:post_withdraw", args=[opening.pk]), KARMIN),
        Visit("print-an-expert-answer", reverse("forum:post_print", args=[answer.pk])),
        Visit("search", "/search/?q=gene+therapy"),
        Visit("search-in-a-discussion", f"/search/?q=gene+therapy&discussion={thread.pk}"),
        Visit("search-nothing-found", "/search/?q=zzyzx"),
        Visit("sign-in", "/accounts/login/"),
        Visit("sign-up", "/accounts/signup/"),
        Visit("settings", "/account/settings/", KARMIN),
        Visit("reading-comfort", reverse("accounts:comfort")),
        Visit("time-zone-and-quiet-hours", reverse("accounts:time"), KARMIN),
        Visit("break-from-emails", reverse("accounts:break"), KARMIN),
        Visit("email-choices", reverse("notifications:preferences"), KARMIN),
        # Less visited, checked all the same.
        Visit("edit-post", reverse("forum:post_edit", args=[opening.pk]), KARMIN),
        Visit("report", reverse("moderation:report", args=[answer.pk]), KARMIN),
        Visit(
            "report-a-private-message",
            reverse("moderation:message_report", args=[talk.pk, answer_to_karmin.number]),
            KARMIN,
        ),
        Visit(
            "review-a-reported-private-message",
            reverse("moderation:message_review", args=[message_report.pk]),
            MODERATOR,
        ),
        Visit(
            "hide-confirmation",
            reverse("moderation:post_action", kwargs={"pk": answer.pk, "action": "hide"}),
            MODERATOR,
        ),
        Visit("clinician-verification", reverse("moderation:verification"), KARMIN),
        Visit("waiting-for-expert", reverse("forum:waiting_for_expert"), SEIGNEZ),
        Visit("clinician-note-under-a-post", noted.get_absolute_url()),
        Visit("moderation-home", reverse("admin:index"), MODERATOR),
        Visit("report-queue", reverse("admin:moderation_reportedpost_changelist"), MODERATOR),
        Visit(
            "suspension-appeals",
            reverse("admin:moderation_suspensionappeal_changelist"),
            MODERATOR,
        ),
        Visit("moderation-log", reverse("admin:moderation_moderationaction_changelist"), MODERATOR),
        Visit(
            "review-a-reported-post",
            reverse("admin:moderation_reportedpost_change", args=[reported.pk]),
            MODERATOR,
        ),
        Visit("suspended-member-home", "/", SUSPENDED),
        Visit("suspension-and-appeal", reverse("moderation:suspension"), SUSPENDED),
        Visit("posts-flagged-for-clinicians", reverse("forum:clinician_flags"), SEIGNEZ),
        Visit("add-a-clinician-note", reverse("forum:clinician_note", args=[flagged.pk]), SEIGNEZ),
        Visit(
            "answer-flags-without-a-note",
            reverse("forum:inaccuracy_flags_dismiss", args=[flagged.pk]),
            SEIGNEZ,
        ),
        Visit("privacy", reverse("accounts:privacy")),
        Visit("delete-account", reverse("accounts:erase"), KARMIN),
        Visit("not-found", "/no-such-page/", status=404),
        Visit("members-only-for-a-visitor", private.get_absolute_url(), status=403),
        Visit("members-only-discussion", private.get_absolute_url(), KARMIN),
        Visit(
            "not-allowed",
            reverse("moderation:thread_action", kwargs={"pk": thread.pk, "action": "lock"}),
            KARMIN,
            status=403,
        ),
    ]


def add_replies_to_the_gene_therapy_discussion():
    """The demo discussion has a question and an expert answer; two replies from
    patients show the whole hierarchy of a discussion page."""
    thread = Thread.objects.get(title=GENE_THERAPY)
    services.reply_create(
        author=User.objects.get(email=KARMIN),
        thread=thread,
        body="Thank you, that helps a lot. I will ask about trials at my next appointment.",
    )
    services.reply_create(
        author=User.objects.get(email="nadia.k@example.org"),
        thread=thread,
        body="Same question here. My nurse said the first results are promising but "
        "**still early**, so I am not getting my hopes up yet.",
    )


def server_error_html() -> str:
    """The 500 page exactly as Django's handler renders it: with no request context."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    return response.content.decode()
