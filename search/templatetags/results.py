"""`{% search_result result %}`: one line of search results (a discussion, its best
match and how many more of its posts match), built in Python like the forum's list
rows (forum/templatetags/listing.py): twenty of them on a page, made for every new
search. What comes from the database is escaped; snippets are escaped text with the
matches in <mark> (search.snippets); translated text is trusted as templates trust it."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from forum.templatetags.listing import member_link, time_of
from forum.templatetags.readerparts import reader_mark

register = template.Library()


@register.simple_tag(takes_context=True)
def search_result(context, result) -> SafeString:
    post, thread = result.post, result.post.thread
    community = thread.community
    # Translated outside the f-strings: makemessages does not look inside one.
    reply_in = gettext("Reply in")
    where = gettext("Discussion in") if post.is_opening else reply_in
    by = pgettext("author", "by")
    hidden = "" if post.is_opening else f'<span class="visually-hidden">{reply_in} </span>'
    expert = ""
    if post.is_expert_answer and post.author and post.author.is_clinician:
        label = gettext("Expert answer")
        expert = f' · <span class="badge expert-badge">{label}</span>'
    text = ""
    if post.content_warning:
        label = gettext("Content warning:")
        text = (
            f'\n    <p class="search-snippet mb-0 mt-1"><span class="cw-label">{label} '
            f"{escape(post.content_warning)}</span></p>"
        )
    elif result.snippet:
        parts = "".join(
            f"<mark>{escape(part.text)}</mark>" if part.is_match else escape(part.text)
            for part in result.snippet
        )
        text = f'\n    <p class="search-snippet text-break mb-0 mt-1" dir="auto">{parts}</p>'
    more = ""
    if result.more:
        href = (
            f"{reverse('search:search')}?{context.get('everywhere_params', '')}"
            f"&discussion={post.thread_id}"
        )
        label = ngettext(
            "%(counter)s other post in this discussion matches",
            "%(counter)s other posts in this discussion match",
            result.more,
        ) % {"counter": result.more}
        more = f'\n    <p class="search-more mb-0 mt-1"><a href="{escape(href)}">{label}</a></p>'
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<li class="thread-row search-result">\n'
        f'  <div class="thread-row-main">\n'
        f'    <a class="thread-title" href="{reverse("forum:post", args=[post.pk])}" '
        f'dir="auto">{hidden}{escape(thread.title)}</a>\n'
        f"    {reader_mark(context, 'thread-state', post.thread_id)}\n"
        f'    <div class="thread-meta">\n'
        f'      {where} <a href="{escape(community.get_absolute_url())}">'
        f"{escape(community.name)}</a>\n"
        f"      · {by} {member_link(post.author, show_role=True)}\n"
        f"      · {time_of(post.created_at)}{expert}\n"
        f"    </div>{text}{more}\n"
        f"  </div>\n"
        f"</li>"
    )
