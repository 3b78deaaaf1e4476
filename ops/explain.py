"""EXPLAIN ANALYZE of the hot queries on the seeded benchmark database (make bench seeds
it): the plans that matter are recorded in docs/benchmarks.md.

Usage: DATABASE_URL=postgres://…/pf_bench DEBUG=1 python ops/explain.py
"""

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402

from forum.models import Post, Thread  # noqa: E402


def plan(title, queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    print(f"### {title}\n\n```")
    print("\n".join(lines))
    print("```\n")


def main():
    visitor = AnonymousUser()
    busiest = Thread.objects.order_by("-reply_count").first()
    community = busiest.community
    threads = Thread.objects.visible_to(visitor).listed()
    plan("Community page 1", threads.for_community_page(community).select_related("author")[:25])
    deep = (community.thread_count // 25 - 1) * 25
    plan(
        f"Community page deep (offset {deep})",
        threads.for_community_page(community).select_related("author")[deep : deep + 25],
    )
    last = (busiest.last_post_number - 2) // 20 + 1
    plan(
        f"Discussion: opening post and replies, last page ({last})",
        Post.objects.filter(thread=busiest)
        .readable_in_thread_by(visitor)
        .with_authors()
        .defer("body", "body_html")
        .opening_and_page_of_replies(page=last, per_page=20),
    )
    plan("Home: latest discussions", threads.with_list_data().latest()[:10])
    plan("Home: most commented", threads.with_list_data().most_commented()[:5])
    author = Post.objects.filter(thread=busiest).exclude(author=None).first().author
    plan(
        "Profile: a member's posts",
        Post.objects.visible_to(visitor)
        .filter(author=author, thread__is_hidden=False)
        .order_by("-created_at", "-id")[:20],
    )
    if connection.vendor == "postgresql":
        from search.backends import Criteria, PostgresBackend, _searchable_posts
        from search.triggers import search_config

        backend = PostgresBackend(config=search_config())
        criteria = Criteria(text="insulin tremor")
        matched = backend.matching(_searchable_posts(visitor, criteria), criteria)
        plan(
            "Search: a page of a two-word query, ranked (before the results cache)",
            backend.ordered(matched, criteria).select_related("thread__community", "author")[:20],
        )


if __name__ == "__main__":
    main()
