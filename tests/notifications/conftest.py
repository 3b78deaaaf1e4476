from functools import partial

import pytest

from forum import services
from tests.factories import UserFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit (the forum's and
    moderation's events, the tasks they queue, which run inline, and the emails) when
    the block ends."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def discussion(committed, community, member):
    """The reference discussion, started through the service with its events run, so
    that its author follows it."""
    with committed():
        return services.thread_create(
            author=member,
            community=community,
            title="Gene therapy for autoimmune disease?",
            body="Is there research on gene therapy for autoimmune disease?",
        )


@pytest.fixture
def follower(db):
    return UserFactory(display_name="Willow Ash")
