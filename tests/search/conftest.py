import pytest
from django.urls import reverse


@pytest.fixture(autouse=True)
def uncached(settings):
    """Search tests read the view's context (the results it found), which a page served
    from the cache has not: they run with the page caches off."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def search(client):
    """GET the search page with these parameters, as whoever `client` is."""

    def run(q=None, **params):
        if q is not None:
            params["q"] = q
        return client.get(reverse("search:search"), params)

    return run


def found(response) -> list:
    """The posts listed, in order."""
    assert response.status_code == 200, response.content.decode()[:500]
    results = response.context.get("results")
    return [result.post for result in results.items] if results else []


def found_titles(response) -> list[str]:
    return [post.thread.title for post in found(response)]
