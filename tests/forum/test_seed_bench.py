from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from forum import services
from forum.models import Community, Post, Thread


def test_seeding_a_small_skewed_data_set_leaves_exact_counters(db):
    out = StringIO()
    call_command(
        "seed_bench", communities=3, members=20, threads=100, posts=3000, batch=500, stdout=out
    )
    assert Thread.objects.count() == 100
    assert Post.objects.count() == 3000
    assert services.counters_rebuild() == {"threads": 0, "communities": 0}
    busiest = Thread.objects.order_by("-reply_count").first()
    assert busiest.reply_count >= 2000
    assert Thread.objects.filter(reply_count=0).count() >= 10
    assert sum(Community.objects.values_list("thread_count", flat=True)) == 100
    assert "Seeded" in out.getvalue()
    # Each discussion's opening post is its author's.
    assert not Post.objects.filter(number=1).exclude(author_id=F("thread__author_id")).exists()


def test_communities_are_skewed_as_real_ones_are(db):
    call_command(
        "seed_bench", communities=10, members=20, threads=600, posts=1200, stdout=StringIO()
    )
    sizes = list(Community.objects.order_by("position").values_list("thread_count", flat=True))
    assert sizes[0] > 3 * sizes[4] > 0  # the first one is by far the largest
    assert sizes[0] > sum(sizes) / 4
    assert min(sizes) > 0  # and the smallest still has some


def test_seeding_refuses_a_database_that_has_discussions(db, thread):
    with pytest.raises(CommandError, match="already has discussions"):
        call_command("seed_bench", threads=10, posts=20, stdout=StringIO())
