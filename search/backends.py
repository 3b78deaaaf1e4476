"""Search over posts, shown by discussion: one entry point, `discussions_search`, and
three backends behind it.

A result is a discussion: its best matching post (a snippet of it, and a link to it) and
how many of its other posts match, with a link to search within that discussion, where
each result is one post. So one long discussion that uses a word on every page takes one
line, not the whole page. An opening post stands for its discussion's title, so its
document holds the title as well as its text. Snippets are (text, is_match) parts
(search.snippets), so that templates escape every part and mark the matches without ever
trusting the markdown source.

PostgreSQL (`PostgresBackend`): full-text search on the stored `search_vector` (see
search.triggers) with `websearch_to_tsquery`, so quotes, `or` and `-word` work and words
are stemmed ("treatments" finds "treatment"). Relevance is `ts_rank` with PostgreSQL's
default weights: A (title) 1.0, B (text) 0.4. Because ts_rank sums a word's occurrences
with quickly shrinking weights (1, 1/4, 1/9, ...), one title occurrence outranks any
number of occurrences in the text alone. Snippets come from `ts_headline`, evaluated only
for the posts shown.

SQLite (`SqliteBackend`, the embedded default): FTS5 with the Porter stemmer, kept by
triggers (see search.sqlite_fts), the same query syntax translated by search.query;
relevance is bm25 with a title match weighing ten times a text match.

Elsewhere (`FallbackBackend`, an SQLite without FTS5): the same query syntax,
read by search.query, becomes case-insensitive substring conditions: every wanted word
must appear in the text or, for an opening post, in the title; a phrase must appear as
written; an excluded word or phrase must not appear. No stemming, and SQLite folds case
for ASCII letters only. Relevance: opening posts whose title holds every wanted word,
then the rest.

Work is bounded whatever matches, in two queries. The first walks back from the newest
post and stops at MAX_MATCHES matches, reading each one's discussion, date and rank (a
common word costs a short walk along the primary key rather than the ranking of tens of
thousands of matches; a rare one is found through the index). Discussions are ordered in
Python by their best match (equal ranks: the newest first), or by their newest match. The
second query reads the shown posts, with their snippets, their discussion and author.
When more posts match than that, older ones are not weighed (the page says so and
suggests narrowing the search).

Pages of results are cached for PAGE_CACHE_SECONDS under the site's version
(forum.pagecache.SITE, bumped by every forum write), one copy for visitors and one for
members: every signed-in member, moderators included, is shown the same posts (hidden
and held ones never appear in search), so a popular search runs once per write.
"""

import hashlib
import operator
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace

from accounts.models import private_fields
from forum import pagecache
from forum.models import Community, Post, Thread
from forum.pagination import Page
from forum.querysets import EXPERT_ANSWER
from search import sqlite_fts, triggers
from search.query import ParsedQuery, parse
from search.snippets import (
    START,
    STOP,
    Part,
    snippet_from_highlighted,
    snippet_from_text,
)

RESULTS_PER_PAGE = 20
# The newest matching posts weighed; bounds the work of a search whatever matches.
MAX_MATCHES = 500


@dataclass(frozen=True)
class Criteria:
    text: str
    community: Community | None = None
    # Within one discussion: each matching post is a result of its own.
    discussion: Thread | None = None
    expert_only: bool = False
    created_from: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive
    newest_first: bool = False
    query: ParsedQuery = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "query", parse(self.text))

    @property
    def has_filters(self) -> bool:
        return bool(
            self.community
            or self.discussion
            or self.expert_only
            or self.created_from
            or self.created_before
        )


@dataclass(frozen=True)
class Result:
    post: Post  # the discussion's best match
    snippet: list[Part]
    more: int = 0  # the discussion's other matching posts


@dataclass(frozen=True)
class Results:
    items: list[Result]
    total: int  # discussions (posts, within one discussion) among the weighed matches
    is_capped: bool  # more than MAX_MATCHES posts matched
    weighed: int  # matching posts weighed: MAX_MATCHES at most
    page: Page


def discussions_search(*, user, criteria: Criteria, page_number: int = 1) -> Results:
    """One page of the discussions `user` may read whose posts match; two queries at
    most, none when the same search was made since the last write."""
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
            criteria.discussion.pk if criteria.discussion else "",
            criteria.expert_only,
            criteria.created_from,
            criteria.created_before,
            criteria.newest_first,
            page_number,
        )
    )
    digest = hashlib.blake2b(what.encode(), digest_size=16).hexdigest()
    return f"pf:search:{pagecache.version(pagecache.SITE)}:{audience}:{digest}"


@dataclass
class _Group:
    best: tuple  # (rank, created_at, pk) of its best match
    count: int = 1


def _search(*, user, criteria: Criteria, page_number: int) -> Results:
    backend = backend_for(connection)
    matched = backend.matching(_searchable_posts(user, criteria), criteria)
    # The newest matches, one more than are weighed (to tell that there were more).
    # Sorted by date, every rank is equal: the best match is then the newest.
    rank = Value(0.0) if criteria.newest_first else backend.rank(criteria)
    matches = list(
        matched.annotate(rank=rank)
        .order_by("-pk")
        .values_list("pk", "thread_id", "created_at", "rank")[: MAX_MATCHES + 1]
    )
    groups: dict[int, _Group] = {}
    for pk, thread_id, created_at, rank in matches[:MAX_MATCHES]:
        key = pk if criteria.discussion else thread_id
        weight = (rank or 0.0, created_at, pk)
        group = groups.get(key)
        if group is None:
            groups[key] = _Group(best=weight)
        else:
            group.count += 1
            group.best = max(group.best, weight)
    ordered = sorted(groups.values(), key=lambda group: group.best, reverse=True)
    page = Page.of(page_number, total=len(ordered), per_page=RESULTS_PER_PAGE)
    start = (page.number - 1) * RESULTS_PER_PAGE
    shown = ordered[start : start + RESULTS_PER_PAGE]
    posts = {}
    if shown:
        posts = backend.with_snippets(
            Post.objects.filter(pk__in=[group.best[2] for group in shown]), criteria
        ).select_related("thread__community", "author")
        # The page of results is cached: nothing private of the authors is read.
        posts = {post.pk: post for post in posts.defer(*private_fields("author"))}
    items = [
        Result(post=post, snippet=backend.snippet(post, criteria), more=group.count - 1)
        for group in shown
        if (post := posts.get(group.best[2])) is not None
    ]
    return Results(
        items=items,
        total=len(ordered),
        is_capped=len(matches) > MAX_MATCHES,
        weighed=min(len(matches), MAX_MATCHES),
        page=page,
    )


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
    if criteria.discussion is not None:
        posts = posts.filter(thread=criteria.discussion)
    if criteria.expert_only:
        posts = posts.filter(EXPERT_ANSWER)
    if criteria.created_from is not None:
        posts = posts.filter(created_at__gte=criteria.created_from)
    if criteria.created_before is not None:
        posts = posts.filter(created_at__lt=criteria.created_before)
    return posts


def searchable_discussion(user, pk: int) -> Thread | None:
    """The discussion to search within, if `user` may search it."""
    return (
        Thread.objects.visible_to(user).listed().select_related("community").filter(pk=pk).first()
    )


def backend_for(connection):
    if connection.vendor == "postgresql":
        return PostgresBackend(config=triggers.search_config())
    if sqlite_fts.is_available(connection):
        return SqliteBackend()
    return FallbackBackend()


# The column is not declared on Post (the forum app knows nothing of search); it exists
# on PostgreSQL only, added by this app's migration.
SEARCH_VECTOR = RawSQL('"forum_post"."search_vector"', [], output_field=SearchVectorField())


class PostgresBackend:
    def __init__(self, *, config: str):
        self.config = config

    def _query(self, criteria: Criteria) -> SearchQuery:
        return SearchQuery(criteria.text, search_type="websearch", config=self.config)

    def matching(self, posts: QuerySet, criteria: Criteria) -> QuerySet:
        return posts.alias(document=SEARCH_VECTOR).filter(document=self._query(criteria))

    def rank(self, criteria: Criteria):
        return SearchRank(SEARCH_VECTOR, self._query(criteria))

    def with_snippets(self, posts: QuerySet, criteria: Criteria) -> QuerySet:
        body = Replace(Replace("body", Value(START), Value("")), Value(STOP), Value(""))
        headline = SearchHeadline(
            body,
            self._query(criteria),
            config=self.config,
            start_sel=START,
            stop_sel=STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        # The headline replaces the body: long texts are not sent over the wire.
        return posts.annotate(headline=headline).defer("body", "body_html")

    def snippet(self, post: Post, criteria: Criteria) -> list[Part]:
        return snippet_from_highlighted(post.headline)


class SqliteBackend:
    """SQLite's FTS5 index (search.sqlite_fts): stemmed words, phrases, `or` and `-word`
    as on PostgreSQL. Relevance is FTS5's bm25, a title match weighing ten times a text
    match; snippets come from FTS5's `snippet()`, for the posts shown only."""

    # bm25 is lower for a better match: negated, so that higher is better everywhere.
    RANK_SQL = (
        f"(SELECT -bm25({sqlite_fts.TABLE}, 10.0, 1.0) FROM {sqlite_fts.TABLE} "
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

    def rank(self, criteria: Criteria):
        expression = sqlite_fts.match_expression(criteria.query)
        return RawSQL(self.RANK_SQL, [expression], output_field=FloatField())

    def with_snippets(self, posts: QuerySet, criteria: Criteria) -> QuerySet:
        expression = sqlite_fts.match_expression(criteria.query)
        snippet = RawSQL(self.SNIPPET_SQL, [START, STOP, expression])
        return posts.annotate(headline=snippet).defer("body_html")

    def snippet(self, post: Post, criteria: Criteria) -> list[Part]:
        if not post.headline or START not in post.headline:
            # The match was in the title only: show the start of the text.
            return snippet_from_text(post.body, None)
        return snippet_from_highlighted(post.headline)


class FallbackBackend:
    def matching(self, posts: QuerySet, criteria: Criteria) -> QuerySet:
        alternatives = []
        for group in criteria.query.groups:
            every = Q()
            for term in group:
                every &= ~self._found(term) if term.is_excluded else self._found(term)
            alternatives.append(every)
        return posts.filter(reduce(operator.or_, alternatives, Q(pk__in=[])))

    def rank(self, criteria: Criteria):
        # A title holding every wanted word first, then the rest.
        return Case(
            When(self._in_title(criteria.query), then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )

    def with_snippets(self, posts: QuerySet, criteria: Criteria) -> QuerySet:
        return posts.defer("body_html")

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
