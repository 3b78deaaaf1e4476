"""Who may do what. Each rule twice: `can_*` for templates, `check_*` that raises with a reason.

`PermissionDenied` carries a message the 403 page shows; `Http404` is for what the member may
not even know exists.
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import is_moderator  # noqa: F401 (the forum's rules use it by name)
from forum.models import Community, Post, Thread

# Lazy: compared by identity of meaning below, and shown in the reader's language.
EMAIL_NOT_CONFIRMED = gettext_lazy("Please confirm your email address before posting.")


class EmailNotConfirmed(PermissionDenied):
    """Refusal whose page offers to send the confirmation link again."""


def concrete(user):
    """The member behind `request.user`'s lazy wrapper. Rules asked for every post on a
    page cost several times less on the object itself than through the wrapper."""
    user.is_authenticated  # evaluates the wrapper  # noqa: B018
    wrapped = getattr(user, "_wrapped", None)
    return user if wrapped is None else wrapped


def has_confirmed_email(user) -> bool:
    # Cached on the user object: asked several times per page, answered with one query.
    if not hasattr(user, "_has_confirmed_email"):
        user._has_confirmed_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._has_confirmed_email


def remember_confirmed_email(user, confirmed: bool) -> None:
    """For a caller that learnt the answer in a query of its own."""
    user._has_confirmed_email = confirmed


def suspension_message(user) -> str:
    if user.suspended_until:
        until = formats.date_format(timezone.localtime(user.suspended_until), "DATE_FORMAT")
        message = _("Your account is suspended until %(date)s, so you can read but not post.") % {
            "date": until
        }
    else:
        message = _(
            "Your account is suspended until a moderator lifts it, so you can read but not post."
        )
    if user.suspension_reason:
        message += " " + _("Reason: %(reason)s") % {"reason": user.suspension_reason}
    return message


def reply_refusal(user, thread: Thread) -> str | None:
    if not user.is_authenticated:
        return _("Sign in to reply.")
    if not user.is_active:
        return _("This account is not active.")
    if user.is_suspended:
        return suspension_message(user)
    if not has_confirmed_email(user):
        return EMAIL_NOT_CONFIRMED
    if thread.is_hidden and not is_moderator(user):
        return _("This discussion has been removed by a moderator.")
    if thread.is_locked and not is_moderator(user):
        return _("This discussion is locked: no new replies can be added.")
    return None


def can_view_community(user, community: Community) -> bool:
    return community.is_public or user.is_authenticated


def check_can_view_community(user, community: Community) -> None:
    if not can_view_community(user, community):
        raise Http404("No such community.")


def can_view_thread(user, thread: Thread) -> bool:
    if thread.is_hidden and not is_moderator(user):
        return False
    if thread.is_awaiting_review and not (is_moderator(user) or thread.author_id == user.pk):
        return False
    if thread.members_only and not user.is_authenticated:
        return False
    return can_view_community(user, thread.community)


def check_can_view_thread(user, thread: Thread) -> None:
    if not can_view_thread(user, thread):
        raise Http404("No such discussion.")


def visible_thread_or_404(user, pk, queryset=None) -> Thread:
    """A discussion by id if this user may read it, else 404: the one rule for every URL
    that takes a discussion id (the discussion page's own)."""
    queryset = Thread.objects.all() if queryset is None else queryset
    thread = queryset.visible_to(user).filter(pk=pk).first()
    if thread is None:
        raise Http404("No such discussion.")
    return thread


def visible_post_or_404(user, pk, queryset=None) -> Post:
    """A post by id if the discussion page would show this user its text, else 404: the
    one rule for every URL that takes a post id (report, thanks, edit, moderators'
    controls). Held and hidden posts answer exactly as a missing one does, so that
    sequential ids cannot reveal them."""
    queryset = Post.objects.all() if queryset is None else queryset
    post = queryset.visible_to(user).filter(pk=pk).first()
    if post is None:
        raise Http404("No such post.")
    return post


def can_start_thread(user, community: Community) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_suspended
        and has_confirmed_email(user)
        and can_view_community(user, community)
    )


def check_can_start_thread(user, community: Community) -> None:
    check_can_view_community(user, community)
    if user.is_authenticated and user.is_suspended:
        raise PermissionDenied(suspension_message(user))
    if user.is_authenticated and not has_confirmed_email(user):
        raise EmailNotConfirmed(EMAIL_NOT_CONFIRMED)
    if not can_start_thread(user, community):
        raise PermissionDenied(_("Sign in to start a discussion."))


def can_reply(user, thread: Thread) -> bool:
    return reply_refusal(user, thread) is None


def check_can_reply(user, thread: Thread) -> None:
    reason = reply_refusal(user, thread)
    if reason == EMAIL_NOT_CONFIRMED:
        raise EmailNotConfirmed(reason)
    if reason:
        raise PermissionDenied(reason)


def can_edit_post(user, post: Post) -> bool:
    if not user.is_authenticated or not user.is_active or user.is_suspended:
        return False
    if post.withdrawn_at is not None:
        return False  # taken back: nobody puts words in it again
    if post.author_id == user.pk and not has_confirmed_email(user):
        return False
    if post.is_hidden or post.thread.is_locked:
        return is_moderator(user)
    return post.author_id == user.pk or is_moderator(user)


def check_can_edit_post(user, post: Post) -> None:
    if user.is_authenticated and user.is_suspended:
        raise PermissionDenied(suspension_message(user))
    if not can_edit_post(user, post):
        if post.author_id == user.pk:
            raise PermissionDenied(
                _(
                    "This post can no longer be edited: its discussion is locked or the post "
                    "was removed by a moderator."
                )
            )
        raise PermissionDenied(_("You can only edit your own posts."))


def can_moderate(user) -> bool:
    return is_moderator(user)


def check_can_moderate(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))


def can_post_expert_answer(user) -> bool:
    return bool(user.is_authenticated and user.is_clinician)


def check_can_post_expert_answer(user) -> None:
    if not can_post_expert_answer(user):
        raise PermissionDenied(_("Only verified clinicians can post expert answers."))


# Thanks and follows ----------------------------------------------------------------


def thanks_refusal(user, post: Post) -> str | None:
    if not user.is_authenticated:
        return _("Sign in to thank a post.")
    if post.author_id == user.pk:
        return _("This is your own post: thanks are for other members' posts.")
    if user.is_suspended:
        return suspension_message(user)
    if not has_confirmed_email(user):
        return EMAIL_NOT_CONFIRMED
    if post.is_hidden or post.is_awaiting_review:
        return _("This post cannot be thanked: it is not shown to other members.")
    return None


def reaction_refusal(user, post: Post) -> str | None:
    if not user.is_authenticated:
        return _("Sign in to react to a post.")
    if post.author_id == user.pk:
        return _("This is your own post: reactions are for other members' posts.")
    if user.is_suspended:
        return suspension_message(user)
    if not has_confirmed_email(user):
        return EMAIL_NOT_CONFIRMED
    if post.is_hidden or post.is_awaiting_review:
        return _("This post cannot be reacted to: it is not shown to other members.")
    return None


def can_react(user, post: Post) -> bool:
    return reaction_refusal(user, post) is None


def reactable_posts(user, posts: list[Post]) -> set[int]:
    """The ids of a page's posts this member may thank and react to: the rules of
    `thanks_refusal` and `reaction_refusal` (the same two), with the member's part
    asked once for the page rather than once a post."""
    if not user.is_authenticated or user.is_suspended or not has_confirmed_email(user):
        return set()
    return {
        post.pk
        for post in posts
        if post.author_id != user.pk and not post.is_hidden and not post.is_awaiting_review
    }


def check_can_react(user, post: Post) -> None:
    check_can_view_thread(user, post.thread)
    reason = reaction_refusal(user, post)
    if reason == EMAIL_NOT_CONFIRMED:
        raise EmailNotConfirmed(reason)
    if reason:
        raise PermissionDenied(reason)


def can_thank(user, post: Post) -> bool:
    return thanks_refusal(user, post) is None


def check_can_thank(user, post: Post) -> None:
    check_can_view_thread(user, post.thread)
    reason = thanks_refusal(user, post)
    if reason == EMAIL_NOT_CONFIRMED:
        raise EmailNotConfirmed(reason)
    if reason:
        raise PermissionDenied(reason)


def can_see_history(user, post: Post) -> bool:
    """A post's earlier versions may hold what its author took back: only they and the
    moderators read them."""
    if post.withdrawn_at is not None:
        return is_moderator(user)  # withdrawn: its author took all of it back
    return user.is_authenticated and (post.author_id == user.pk or is_moderator(user))


def check_can_see_history(user, post: Post) -> None:
    if not can_see_history(user, post):
        raise Http404("No such page.")


def withdraw_refusal(user, post: Post) -> str | None:
    """A member may take back any post of theirs still shown (suspended or not: taking
    back an overshare is never refused)."""
    if not user.is_authenticated:
        return _("Sign in to withdraw your post.")
    if post.author_id != user.pk:
        return _("You can only withdraw your own posts.")
    if post.withdrawn_at is not None:
        return _("You have already withdrawn this post.")
    if post.is_hidden or post.thread.is_hidden:
        return _("A moderator has removed this post: nobody else can read it.")
    return None


def can_withdraw_post(user, post: Post) -> bool:
    return withdraw_refusal(user, post) is None


def check_can_withdraw_post(user, post: Post) -> None:
    reason = withdraw_refusal(user, post)
    if reason:
        raise PermissionDenied(reason)


def audience_refusal(user, thread: Thread, members_only: bool) -> str | None:
    """Only the author chooses; only in a public community; public again only while
    nobody else has replied (their words were written for members)."""
    if not user.is_authenticated or thread.author_id != user.pk:
        return _("Only the discussion's author can choose who reads it.")
    if not thread.community.is_public:
        return _("Everything in this community is for members only already.")
    if not members_only and thread.members_only and others_replied(thread):
        return _("Others have replied to it for members only: it cannot be made public again.")
    return None


def others_replied(thread: Thread) -> bool:
    return (
        Post.objects.filter(thread_id=thread.pk, number__gt=1)
        .exclude(author_id=thread.author_id)
        .exists()
    )


def check_can_set_audience(user, thread: Thread, members_only: bool) -> None:
    reason = audience_refusal(user, thread, members_only)
    if reason:
        raise PermissionDenied(reason)


def can_bookmark(user, post: Post) -> bool:
    """Any post a member can read may be saved (not a hidden or held one)."""
    return (
        user.is_authenticated
        and not post.is_hidden
        and not post.is_awaiting_review
        and can_view_thread(user, post.thread)
    )


def check_can_bookmark(user, post: Post) -> None:
    if not can_bookmark(user, post):
        raise Http404("No such post.")


def can_follow_thread(user, thread: Thread) -> bool:
    return user.is_authenticated and can_view_thread(user, thread)


def check_can_follow_thread(user, thread: Thread) -> None:
    check_can_view_thread(user, thread)
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to follow a discussion."))
