"""Atom feeds: new discussions of a community, replies of a discussion, expert answers
site-wide. Only what a visitor may read (public communities, visible posts), whoever
asks; the same sanitised HTML as the pages (forum.markup). Each feed is cached under the
versions of what it shows (forum.pagecache), so a write is in it at the next request."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from forum import pagecache, permissions
from forum.models import Community, Post, Thread

ENTRIES = 30
VISITOR = AnonymousUser()


def community_feed(request, slug):
    community = get_object_or_404(Community, slug=slug)
    if not community.is_public:
        raise Http404("No such feed.")

    def build():
        threads = (
            Thread.objects.visible_to(VISITOR)
            .listed()
            .filter(community=community)
            .order_by("-created_at", "-id")[:ENTRIES]
        )
        posts = (
            # An opening post its author withdrew (the discussion kept for others'
            # replies) is no longer announced.
            Post.objects.filter(thread__in=threads, number=1, is_hidden=False)
            .select_related("thread", "author")
            .order_by("-thread__created_at", "-thread_id")
        )
        return _feed(
            request,
            title=_("New discussions in %(community)s") % {"community": community.name},
            link=community.get_absolute_url(),
            description=community.description,
            posts=posts,
            entry_title=lambda post: post.thread.title,
        )

    return _cached(request, f"community:{community.pk}", [pagecache.community_key(slug)], build)


def thread_feed(request, pk):
    thread = permissions.visible_thread_or_404(
        VISITOR, pk, Thread.objects.select_related("community").listed()
    )

    def build():
        posts = (
            Post.objects.visible_to(VISITOR)
            .filter(thread=thread, number__gt=1)
            .select_related("author")
            .order_by("-number")[:ENTRIES]
        )
        for post in posts:
            post.thread = thread
        return _feed(
            request,
            title=_("Replies in “%(title)s”") % {"title": thread.title},
            link=thread.get_absolute_url(),
            description=thread.title,
            posts=posts,
            entry_title=lambda post: (
                _("Reply #%(number)s in “%(title)s”")
                % {"number": post.number, "title": thread.title}
            ),
        )

    return _cached(request, f"thread:{thread.pk}", [pagecache.thread_key(thread.pk)], build)


def expert_answers_feed(request):
    def build():
        posts = (
            Post.objects.visible_to(VISITOR)
            .filter(thread__is_awaiting_review=False)
            .expert_answers()
            .select_related("thread", "author")
            .order_by("-created_at", "-id")[:ENTRIES]
        )
        return _feed(
            request,
            title=_("Expert answers on Patient Forum"),
            link=reverse("forum:home"),
            description=_("Answers from verified clinicians, newest first."),
            posts=posts,
            entry_title=lambda post: _("Expert answer: %(title)s") % {"title": post.thread.title},
        )

    return _cached(request, "experts", [pagecache.SITE], build)


def _folded(post) -> str:
    """A post behind a content warning stays folded in feeds too."""
    if not post.content_warning:
        return post.body_html
    label = format_html("{} {}", _("Content warning:"), post.content_warning)
    return format_html(
        '<details class="content-warning"><summary>{}</summary>{}</details>',
        label,
        mark_safe(post.body_html),  # noqa: S308 (forum.markup's sanitised HTML)
    )


def _cached(request, name: str, version_keys: list[str], build) -> HttpResponse:
    names = [pagecache.EVERYTHING, *version_keys]
    found = pagecache.versions(names)
    stamp = ".".join(str(found[key]) for key in names)
    language = translation.get_language()
    key = f"pf:feed:{settings.RELEASE}:{language}:{request.get_host()}:{name}:{stamp}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, settings.PAGE_CACHE_SECONDS or 300)
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def _feed(request, *, title, link, description, posts, entry_title) -> bytes:
    absolute = request.build_absolute_uri
    feed = Atom1Feed(
        title=title,
        link=absolute(link),
        description=description,
        language=translation.get_language(),
        feed_url=absolute(request.path),
        author_name="Patient Forum",
    )
    for post in posts:
        permalink = absolute(reverse("forum:post", args=[post.pk]))
        feed.add_item(
            title=entry_title(post),
            link=permalink,
            description=_folded(post),
            unique_id=permalink,
            pubdate=post.created_at,
            updateddate=post.edited_at or post.created_at,
            author_name=post.author.display_name if post.author else _("Former member"),
        )
    return feed.writeString("utf-8").encode()
