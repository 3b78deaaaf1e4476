"""The small pieces every list repeats, built in Python: a date, a member's name and
role, a discussion's row. Lists show dozens of them, and as templates each one costs
an include, a context and a dozen nodes; here, a few string operations.

They read as the templates did: what comes from the database is escaped; translated
text is trusted as `{% translate %}` and `{% blocktranslate %}` trust it, with only
its variables escaped.

`{% time_of value %}`: `<time datetime="…">5 December 2026</time>` in the reader's
time zone and language. `{% member_link member show_role=True %}`: the pseudonym,
isolated from the text around it, and the role badge. `{% thread_row thread
show_community=True hold_controls=False %}`: one discussion in a list.
`{% discussions_count n %}`: "12 discussions"."""

from django import template
from django.utils import formats
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext, pgettext

from config.links import link
from forum.templatetags.readerparts import reader_mark

register = template.Library()


def _trusted(text: str, **values) -> SafeString:
    """A translated sentence as a template shows it: the text trusted, its values escaped."""
    return mark_safe(text % {k: conditional_escape(v) for k, v in values.items()})  # noqa: S308


def _date(value) -> str:
    return formats.date_format(template_localtime(value), "DATE_FORMAT") if value else ""


@register.simple_tag
def time_of(value) -> SafeString:
    if not value:
        return mark_safe('<time datetime=""></time>')
    local = template_localtime(value)
    iso = formats.date_format(local, "c")
    shown = formats.date_format(local, "DATE_FORMAT")
    return mark_safe(f'<time datetime="{escape(iso)}">{escape(shown)}</time>')  # noqa: S308


@register.simple_tag
def member_link(member, show_role=False) -> SafeString:
    if not member:
        former = gettext("Former member")
        return mark_safe(f'<span class="member-name former-member">{former}</span>')  # noqa: S308
    html = (
        f'<a class="member-name" href="{escape(member.get_absolute_url())}">'
        f"<bdi>{escape(member.display_name)}</bdi></a>"
    )
    if show_role:
        html += " " + _role_badge(member)
    return mark_safe(html)  # noqa: S308 (escaped above)


def _role_badge(member) -> str:
    if member.is_clinician:
        verified_on = _date(member.clinician_verified_at)
        title = _trusted(gettext("Verified on %(verified_on)s"), verified_on=verified_on)
        hidden = _trusted(gettext(", verified on %(verified_on)s"), verified_on=verified_on)
        label = gettext("Verified clinician")
        return (
            f'<span class="badge role-badge role-clinician" title="{title}">'
            f'{label}<span class="visually-hidden">{hidden}</span></span>'
        )
    if member.role == "caregiver":
        label = gettext("Caregiver")
        return f'<span class="badge role-badge role-caregiver">{label}</span>'
    label = gettext("Patient")
    return f'<span class="badge role-badge role-patient">{label}</span>'


@register.simple_tag
def discussions_count(count: int) -> str:
    """ "12 discussions": a community's count, as on the home page's cards."""
    text = ngettext("%(counter)s discussion", "%(counter)s discussions", count)
    return text % {"counter": formats.localize(count)}


BADGE = '<span class="badge text-bg-light border">{}</span>'


@register.simple_tag(takes_context=True)
def thread_row(context, thread, show_community=False, hold_controls=False) -> SafeString:
    user = context.get("user")
    if user is not None and user.is_authenticated:
        # A member's link goes to their first unread post (forum.readstate).
        href = link("forum:thread_unread", pk=thread.pk)
    else:
        href = thread.get_absolute_url()
    badges = []
    if thread.is_pinned:
        badges.append(BADGE.format(gettext("Pinned")))
    if thread.is_locked:
        badges.append(BADGE.format(gettext("Locked")))
    if thread.members_only:
        badges.append(BADGE.format(gettext("Members only")))
    if thread.has_expert_answer:
        answered = gettext("Answered by an expert")
        badges.append(f'<span class="badge expert-badge">{answered}</span>')
    where = ""
    if show_community:
        community = thread.community
        where = f'<a href="{escape(community.get_absolute_url())}">{escape(community.name)}</a> · '
    hold = ""
    if hold_controls:
        with context.push(thread=thread):
            hold = context.template.engine.get_template("forum/_question_hold.html").render(context)
    count = thread.reply_count
    # Translated outside the f-string: makemessages does not look inside one.
    by, last_activity = pgettext("author", "by"), gettext("last activity")
    replies = ngettext("reply", "replies", count)
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<li class="thread-row{" is-pinned" if thread.is_pinned else ""}">\n'
        f'  <div class="thread-row-main">\n'
        f'    <a class="thread-title" href="{escape(href)}">{escape(thread.title)}</a>\n'
        f"    {reader_mark(context, 'thread-state', thread.pk)}\n"
        f'    <div class="thread-meta">\n'
        f"      {''.join(badge + ' ' for badge in badges)}{where}{by} "
        f"{member_link(thread.author)} · {last_activity} "
        f"{time_of(thread.last_activity_at)}\n"
        f"    </div>{hold}\n"
        f"  </div>\n"
        f'  <div class="thread-row-count">\n'
        f'    <span class="count">{formats.localize(count)}</span>\n'
        f'    <span class="label">{replies}</span>\n'
        f"  </div>\n"
        f"</li>"
    )
