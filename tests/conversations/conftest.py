import pytest

from accounts.models import User
from tests.factories import UserFactory, make_thread


def published(member, community):
    """A member with a published post: who may start a conversation."""
    make_thread(community=community, author=member, title=f"A first post by {member.pk}")
    return member


@pytest.fixture
def alice(community):
    return published(UserFactory(display_name="Alice Harbour"), community)


@pytest.fixture
def bruno(community):
    return published(UserFactory(display_name="Bruno Lantern"), community)


@pytest.fixture
def chloe(community):
    return published(UserFactory(display_name="Chloe Meadow"), community)


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start a conversation as a service call, with its events run."""
    from conversations import services

    def _start(author: User, *recipients: User, subject="How did you tell work?", body="Hi"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.conversation_start(
                author=author, recipients=list(recipients), subject=subject, body=body
            )

    return _start
