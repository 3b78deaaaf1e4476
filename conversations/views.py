"""The inbox, a conversation, starting one, writing, leaving. Every response is
`Cache-Control: private, no-store` (never_cache): a private message is never kept by a
browser's or a proxy's cache, nor by ours."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import ratelimit, relations
from accounts.models import User
from accounts.views import posted
from conversations import permissions, services
from conversations.forms import ConversationForm, MessageForm
from conversations.models import Message, Participant
from forum.pagination import Page, page_number

MEMBER_ID = re.compile(r"[0-9]{1,10}")


@never_cache
@login_required
def inbox(request):
    """The member's conversations, latest message first, with what is unread."""
    places = Participant.objects.filter(user=request.user, left_at__isnull=True)
    per_page = settings.CONVERSATIONS_PER_PAGE
    page = Page.of(page_number(request.GET), total=places.count(), per_page=per_page)
    start = (page.number - 1) * per_page
    shown = list(
        places.select_related("conversation").order_by("-last_message_at", "-id")[
            start : start + per_page
        ]
    )
    # The other members of the conversations shown: one query for the page.
    others: dict[int, list] = {}
    rows = (
        Participant.objects.filter(conversation_id__in=[place.conversation_id for place in shown])
        .exclude(user=request.user)
        .select_related("user")
        .only("conversation_id", "left_at", "user__id", "user__display_name", "user__role")
        .order_by("joined_at", "id")
    )
    for row in rows:
        others.setdefault(row.conversation_id, []).append(row)
    for place in shown:
        place.others = others.get(place.conversation_id, [])
    return render(
        request,
        "conversations/inbox.html",
        {"places": shown, "page": page, "start_refusal": permissions.start_refusal(request.user)},
    )


def _conversation_page(request, participant, form=None, status=200):
    conversation = participant.conversation
    per_page = settings.CONVERSATION_MESSAGES_PER_PAGE
    total = conversation.message_count
    last = max(1, -(-total // per_page))
    number = page_number(request.GET) if "page" in request.GET else last
    page = Page.of(number, total=total, per_page=per_page)
    first = (page.number - 1) * per_page + 1
    shown = list(
        Message.objects.filter(
            conversation=conversation, number__gte=first, number__lt=first + per_page
        ).select_related("author")
    )
    members = list(
        Participant.objects.filter(conversation=conversation)
        .select_related("user")
        .order_by("joined_at", "id")
    )
    blocked = set(
        relations.listed(request.user, relations.Kind.BLOCK)
        .filter(other_id__in=[message.author_id for message in shown if message.author_id])
        .values_list("other_id", flat=True)
    )
    for message in shown:
        message.is_folded = message.author_id in blocked
    if page.number == last and shown:
        services.conversation_read(
            user=request.user, participant=participant, up_to=shown[-1].number
        )
    refusal = permissions.send_refusal(request.user, conversation)
    context = {
        "conversation": conversation,
        "participant": participant,
        "members": members,
        "shown": shown,
        "page": page,
        "form": form or MessageForm(),
        "send_refusal": refusal,
        "clinician_notice": permissions.shows_clinician_notice(members),
        "is_last_page": page.number == last,
    }
    return render(request, "conversations/conversation.html", context, status=status)


@never_cache
@login_required
def conversation(request, pk):
    participant = permissions.participation_or_404(request.user, pk)
    return _conversation_page(request, participant)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def send(request, pk):
    participant = permissions.participation_or_404(request.user, pk)
    if request.method == "GET":  # the box is on the conversation's page
        return redirect(reverse("conversations:conversation", args=[pk]) + "#reply")
    form = MessageForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            ratelimit.hit(request, "message")
            services.message_send(
                author=request.user,
                conversation=participant.conversation,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:  # a block, a suspension, a rate limit
            form.add_error(None, str(error))
            status = 429 if isinstance(error, ratelimit.RateLimited) else 403
        else:
            return redirect(reverse("conversations:conversation", args=[pk]) + "#reply")
    # The text stays in the box, with the reason next to it, on the last page.
    request.GET = request.GET.copy()
    request.GET.pop("page", None)
    return _conversation_page(request, participant, form=form, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    """A new conversation, from a member's profile or a post (`?to=<member id>`)."""
    sender = request.user
    initial = {}
    recipient = None
    to = request.GET.get("to", "")
    if MEMBER_ID.fullmatch(to):
        recipient = User.objects.filter(pk=int(to), is_active=True).first()
        if recipient is not None and recipient.pk != sender.pk:
            initial["to"] = recipient.display_name
    form = ConversationForm(posted(request), initial=initial, sender=sender)
    refusal = permissions.start_refusal(sender)
    may_start = refusal is None
    status = 200
    if may_start and recipient is not None and request.method == "GET":
        if not permissions.accepts_messages_from(recipient, sender):
            refusal = permissions.not_accepting(recipient)
    if request.method == "POST":
        status = 400
        if refusal is None and form.is_valid():
            try:
                ratelimit.hit(request, "conversation")
                conversation = services.conversation_start(
                    author=sender,
                    recipients=form.cleaned_data["to"],
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except ratelimit.RateLimited as error:
                form.add_error(None, str(error))
                status = 429
            except ValidationError as error:
                form.add_error(None, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(request, _("Your message has been sent."))
                return redirect(conversation)
        elif refusal:
            form.add_error(None, refusal)  # the form comes back with what was typed
            status = 403
    return render(
        request,
        "conversations/new.html",
        {"form": form, "refusal": refusal, "may_start": may_start},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def leave(request, pk):
    participant = permissions.participation_or_404(request.user, pk)
    if request.method == "POST":
        services.conversation_leave(user=request.user, participant=participant)
        messages.success(request, _("You left the conversation."))
        return redirect("conversations:inbox")
    return render(request, "conversations/leave.html", {"conversation": participant.conversation})
