"""Search over posts: one entry point, `posts_search`, and two backends behind it.

Results are posts; an opening post stands for its discussion, so its document holds the
discussion title as well as its text. Both backends return the same shape: posts in
order, each with a snippet of its text as (text, is_match) parts, so that templates
escape every part and mark the matches without ever trusting the markdown source.

PostgreSQL (`PostgresBackend`): full-text search on the stored `search_vector` (see
search.triggers) with `websearch_to_tsquery`, so quotes, `or` and `-word` work and words
are stemmed ("treatments" finds "treatment"). Relevance is `ts_rank` with PostgreSQL's
default weights: A (title) 1.0, B (text) 0.4. Because ts_rank sums a word's occurrences
with quickly shrinking weights (1, 1/4, 1/9, ...), one title occurrence outranks any
number of occurrences in the text alone. Equal ranks go newest first. Snippets come from
`ts_headline`, evaluated only for the rows of the page.

SQLite (`SqliteBackend`, the embedded default): FTS5 with the Porter stemmer, kept by
triggers (see search.sqlite_fts), the same query syntax translated by search.query;
relevance is bm25 with a title match weighing ten times a text match.

Elsewhere (`FallbackBackend`, an SQLite without FTS5): the same query syntax,
read by search.query, becomes case-insensitive substring conditions: every wanted word
must appear in the text or, for an opening post, in the title; a phrase must appear as
written; an excluded word or phrase must not appear. No stemming, and SQLite folds case
for ASCII letters only. Relevance: opening posts whose title holds every wanted word,
then the rest; newest first within each.

Work is bounded whatever matches: one query finds the newest matches, up to MAX_PAGES
pages of them (by primary key), and a second ranks them and reads one page. A common
word costs a walk back through the newest posts rather than the ranking of tens of
thousands of matches; when more match than that, older ones are not shown (the page
says so and suggests narrowing the search).

Pages of results are cached for PAGE_CACHE_SECONDS under the site's version
(forum.pagecache.SITE, bumped by every forum write), one copy for visitors and one for
members: every signed-in member, moderators included, is shown the same posts (hidden
and held ones never appear in search), so a popular search runs once per write.
"""

import hashlib
import operator
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace

from accounts.models import private_fields
from forum import pagecache
from forum.models import Community, Post
from forum.pagination import Page
from forum.querysets import EXPERT_ANSWER
from search import sqlite_fts, triggers
from search.query import ParsedQuery, parse

RESULTS_PER_PAGE = 20
# Deep pages of a search are never read; the cap bounds the count and the OFFSET.
MAX_PAGES = 50
SNIPPET_LENGTH = 280


class Part(NamedTuple):
    text: str
    is_match: bool


@dataclass(frozen=True)
class Criteria:
    text: str
    community: Community | None = None
    expert_only: bool = False
    created_from: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive
    newest_first: bool = False
    query: ParsedQuery = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "query", parse(self.text))

    @property
    def has_filters(self) -> bool:
        return bool(self.community or self.expert_only or self.created_from or self.created_before)


@dataclass(frozen=True)
class Result:
    post: Post
    snippet: list[Part]


@dataclass(frozen=True)
class Results:
    items: list[Result]
    total: int  # at most MAX_PAGES pages' worth
    is_capped: bool  # more matched than that
    page: Page


def posts_search(*, user, criteria: Criteria, page_number: int = 1) -> Results:
    """One page of the posts `user` may read that match; two queries at most, none when
    the same search was made since the last write."""
    key = _cache_key(user, criteria, page_number)
    results = cache.get(key)
    if results is None:
        results = _search(user=user, criteria=criteria, page_number=page_number)
        cache.set(key, results, settings.PAGE_CACHE_SECONDS)
    return results


def _cache_key(user, criteria: Criteria, page_number: int) -> str:
    audience = "member" if user.is_authenticated else "visitor"
    what = "\x1f".join(
        str(part)
        for part in (
            criteria.text,
            criteria.community.pk if criteria.community else "",
            criteria.expert_only,
            criteria.created_from,
            criteria.created_before,
            criteria.newest_first,
            page_number,
        )
    )
    digest = hashlib.blake2b(what.encode(), digest_size=16).hexdigest()
    return f"pf:search:{pagecache.version(pagecache.SITE)}:{audience}:{digest}"


def _search(*, user, criteria: Criteria, page_number: int) -> Results:
    backend = backend_for(connection)
    matched = backend.matching(_searchable_posts(user, criteria), criteria)
    limit = RESULTS_PER_PAGE * MAX_PAGES
    # The newest matches, one more than can be shown (to tell that there were more):
    # PostgreSQL walks back along the primary key for a common word instead of ranking
    # every one of its matches, and uses the search index for a rare one.
    newest = list(matched.order_by("-pk").values_list("pk", flat=True)[: limit + 1])
    total = min(len(newest), limit)
    page = Page.of(page_number, total=total, per_page=RESULTS_PER_PAGE)
    items = []
    if total:
        start = (page.number - 1) * RESULTS_PER_PAGE
        rows = (
            backend.ordered(Post.objects.filter(pk__in=newest[:limit]), criteria)
            .select_related("thread__community", "author")
            .defer(
                *private_fields("author")  # the page of results is cached
            )[start : start + RESULTS_PER_PAGE]
        )
        items = [Result(post=post, snippet=backend.snippet(post, criteria)) for post in rows]
    return Results(items=items, total=total, is_capped=len(newest) > limit, page=page)


def _searchable_posts(user, criteria: Criteria) -> QuerySet:
    # Hidden posts and discussions, and those held for review, stay out even for
    # moderators and authors: search is no place to review them, and a result that
    # leads to a placeholder helps no one.
    posts = Post.objects.visible_to(user).filter(
        is_hidden=False,
        is_awaiting_review=False,
        thread__is_hidden=False,
        thread__is_awaiting_review=False,
    )
    if criteria.community is not None:
        posts = posts.filter(thread__community=criteria.community)
    if criteria.expert_only:
        posts = posts.filter(EXPERT_ANSWER)
    if criteria.created_from is not None:
        posts = posts.filter(created_at__gte=criteria.created_from)
    if criteria.created_before is not None:
        posts = posts.filter(created_at__lt=criteria.created_before)
    return posts


def backend_for(connection):
    if connection.vendor == "postgresql":
        return PostgresBackend(config=triggers.search_config())
    if sqlite_fts.is_available(connection):
        return SqliteBackend()
    return FallbackBackend()


# The column is not declared on Post (the forum app knows nothing of search); it exists
# on PostgreSQL only, added by this app's migration.
SEARCH_VECTOR = RawSQL('"forum_post"."search_vector"', [], output_field=SearchVectorField())
# Private-use characters mark matches in ts_headline's output; removed from the text
# first, so a post cannot forge a highlight.
START, STOP = "\ue000", "\ue001"
HIGHLIGHT = re.compile(f"{START}(.*?){STOP}", re.DOTALL)


class PostgresBackend:
    def __init__(self, *, config: str):
        self.config = config

    def _query(self, criteria: Criteria) -> SearchQuery:
        return SearchQuery(criteria.text, search_type="websearch", config=self.config)

    def matching(self, posts: QuerySet, criteria: Criteria) -> QuerySet:
        return posts.alias(document=SEARCH_VECTOR).filter(document=self._query(criteria))

    def ordered(self, matched: QuerySet, criteria: Criteria) -> QuerySet:
        query = self._query(criteria)
        if criteria.newest_first:
            ordered = matched.order_by("-created_at", "-id")
        else:
            ordered = matched.annotate(rank=SearchRank(SEARCH_VECTOR, query)).order_by(
                "-rank", "-created_at", "-id"
            )
        body = Replace(Replace("body", Value(START), Value("")), Value(STOP), Value(""))
        headline = SearchHeadline(
            body,
            query,
            config=self.config,
            start_sel=START,
            stop_sel=STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        # The headline replaces the body: long texts are not sent over the wire.
        return ordered.annotate(headline=headline).defer("body", "body_html")

    def snippet(self, post: Post, criteria: Criteria) -> list[Part]:
        parts, position = [], 0
        for match in HIGHLIGHT.finditer(post.headline):
            parts.append(Part(post.headline[position : match.start()], False))
            parts.append(Part(match.group(1), True))
            position = match.end()
        parts.append(Part(post.headline[position:], False))
        return _tidy(parts)


class SqliteBackend:
    """SQLite's FTS5 index (search.sqlite_fts): stemmed words, phrases, `or` and `-word`
    as on PostgreSQL. Relevance is FTS5's bm25, a title match weighing ten times a text
    match; snippets come from FTS5's `snippet()`, for the rows of the page only."""

    RANK_SQL = (
        f"(SELECT bm25({sqlite_fts.TABLE}, 10.0, 1.0) FROM {sqlite_fts.TABLE} "
        f"WHERE {sqlite_fts.TABLE} MATCH %s AND rowid = forum_post.id)"
    )
    SNIPPET_SQL = (
        f"(SELECT snippet({sqlite_fts.TABLE}, 1, %s, %s, ' … ', 30) FROM "
        f"{sqlite_fts.TABLE} WHERE {sqlite_fts.TABLE} MATCH %s AND rowid = forum_post.id)"
    )

    def matching(self, posts: QuerySet, criteria: Criteria) -> QuerySet:
        expression = sqlite_fts.match_expression(criteria.query)
        if not expression:
            return posts.none()
        return posts.filter(
            pk__in=RawSQL(
                f"SELECT rowid FROM {sqlite_fts.TABLE} WHERE {sqlite_fts.TABLE} MATCH %s",
                [expression],
            )
        )

    def ordered(self, matched: QuerySet, criteria: Criteria) -> QuerySet:
        expression = sqlite_fts.match_expression(criteria.query)
        if criteria.newest_first:
            ordered = matched.order_by("-created_at", "-id")
        else:
            ordered = matched.annotate(rank=RawSQL(self.RANK_SQL, [expression])).order_by(
                "rank", "-created_at", "-id"
            )  # bm25: lower is better
        return ordered.annotate(headline=RawSQL(self.SNIPPET_SQL, [START, STOP, expression])).defer(
            "body_html"
        )

    def snippet(self, post: Post, criteria: Criteria) -> list[Part]:
        if not post.headline or START not in post.headline:
            # The match was in the title only: show the start of the text.
            return snippet_from_text(post.body, None)
        return PostgresBackend.snippet(self, post, criteria)


class FallbackBackend:
    def matching(self, posts: QuerySet, criteria: Criteria) -> QuerySet:
        alternatives = []
        for group in criteria.query.groups:
            every = Q()
            for term in group:
                every &= ~self._found(term) if term.is_excluded else self._found(term)
            alternatives.append(every)
        return posts.filter(reduce(operator.or_, alternatives, Q(pk__in=[])))

    def ordered(self, matched: QuerySet, criteria: Criteria) -> QuerySet:
        if criteria.newest_first:
            ordered = matched.order_by("-created_at", "-id")
        else:
            ordered = matched.annotate(
                is_title_match=Case(
                    When(self._in_title(criteria.query), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            ).order_by("-is_title_match", "-created_at", "-id")
        return ordered.defer("body_html")

    def _in_title(self, query: ParsedQuery) -> Q:
        """An opening post whose title holds every wanted word of one alternative."""
        alternatives = []
        for group in query.groups:
            wanted = [self._found(term, title_only=True) for term in group if not term.is_excluded]
            if wanted:
                alternatives.append(reduce(operator.and_, wanted))
        return reduce(operator.or_, alternatives, Q(pk__in=[]))

    @staticmethod
    def _found(term, *, title_only: bool = False) -> Q:
        # The title belongs to the opening post's document only, as on PostgreSQL.
        texts = [term.text] if term.is_phrase else term.words
        found = Q()
        for text in texts:
            in_title = Q(number=1, thread__title__icontains=text)
            found &= in_title if title_only else Q(body__icontains=text) | in_title
        return found

    def snippet(self, post: Post, criteria: Criteria) -> list[Part]:
        return snippet_from_text(post.body, criteria.query.highlight_pattern())


def snippet_from_text(text: str, pattern: re.Pattern | None) -> list[Part]:
    """A window of `text` around the first match, split into matched and other parts."""
    text = _plain(text)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > SNIPPET_LENGTH // 3:
        start = match.start() - SNIPPET_LENGTH // 3
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    stop = start + SNIPPET_LENGTH
    if stop < len(text):
        space = text.rfind(" ", match.end() if match else start, stop)
        stop = space if space != -1 else stop
    window = text[start:stop]
    parts, position = [], 0
    for found in pattern.finditer(window) if pattern else ():
        parts.append(Part(window[position : found.start()], False))
        parts.append(Part(found.group(), True))
        position = found.end()
    parts.append(Part(window[position:], False))
    if start > 0:
        parts.insert(0, Part("… ", False))
    if stop < len(text):
        parts.append(Part(" …", False))
    return _tidy(parts, already_plain=True)


def _plain(text: str) -> str:
    # Snippets read as text: markdown's bold markers and line breaks get in the way.
    return " ".join(text.replace("**", "").split())


def _tidy(parts: list[Part], *, already_plain: bool = False) -> list[Part]:
    """Drop empty parts; bound the length whatever the backend returned (a single
    20,000-character "word" is one word to ts_headline)."""
    tidy, length = [], 0
    for text, is_match in parts:
        if not already_plain:
            text = re.sub(r"\s+", " ", text.replace("**", ""))
        if not text:
            continue
        room = SNIPPET_LENGTH * 2 - length
        if room <= 0:
            break
        if len(text) > room:
            text = text[:room] + "…"
        tidy.append(Part(text, is_match))
        length += len(text)
    return tidy
