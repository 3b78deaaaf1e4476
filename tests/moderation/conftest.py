import pytest

from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(display_name="Harbor Keeper", is_staff=True, is_superuser=True)


@pytest.fixture
def request_fields():
    """What a member types in the verification form (and passes to the service)."""
    return {
        "full_name": "Nadia Kowalczyk",
        "profession": "nurse",
        "specialty": "MS specialist nurse",
        "licence_number": "NMC-12A3456",
        "country": "GB",
        "place_of_practice": "Community neurology team, Leeds",
        "note": "",
    }
