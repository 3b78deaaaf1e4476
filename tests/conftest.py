from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from tests.factories import CommunityFactory, UserFactory, make_thread


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL: on SQLite they are deselected, not skipped."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("postgres") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached fragments must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _rate_limit_clock_still(monkeypatch):
    """Rate-limit windows are fixed: the clock stands at the start of one for the whole
    test, so that a test counting requests never straddles two windows."""
    monkeypatch.setattr("accounts.ratelimit.clock", lambda: 3600.0 * 500_000)


@pytest.fixture
def member(db):
    # A member who chose a public profile (profiles are members-only by default).
    return UserFactory(display_name="karm!nR", profile_is_public=True)


@pytest.fixture
def other_member(db):
    return UserFactory(display_name="MapleRunner")


@pytest.fixture
def clinician(db):
    return UserFactory(
        display_name="Dr. Seignez",
        role=User.Role.CLINICIAN,
        clinician_profession=User.Profession.PHYSICIAN,
        clinician_specialty="Neurology",
        clinician_verified_at=timezone.now(),
        clinician_review_due=timezone.now().date() + timedelta(days=365),
    )


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Group

    user = UserFactory(display_name="Quiet Lighthouse", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def community(db):
    return CommunityFactory(name="Multiple sclerosis", slug="multiple-sclerosis")


@pytest.fixture
def thread(community, member):
    return make_thread(
        community=community,
        author=member,
        title="Gene therapy for autoimmune disease?",
        body="Is there research on gene therapy for autoimmune disease?",
    )
