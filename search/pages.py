"""The search page, declared like the forum's cached pages (forum.pagecache): the form
and results read the same for every member (and every visitor) who asks the same thing,
until the next forum write."""

from forum import pagecache, readstate
from forum.pages import list_reader
from forum.pagination import page_number
from search.backends import discussions_search
from search.forms import MAX_QUERY_LENGTH, SearchForm


def search_shared(audience, query) -> dict:
    """The form, then one page of the discussions with matching posts the audience may
    read (or of the matching posts, within one discussion)."""
    form = SearchForm(query or None, user=audience.viewer)
    context = {"form": form, "max_query_length": MAX_QUERY_LENGTH}
    if not form.is_bound:
        return context
    if not form.is_valid():
        return {**context, "status": 400}
    criteria = form.criteria()
    context["is_shortened"] = form.is_shortened
    if not criteria.query.has_words:
        # Nothing to look for (empty, only punctuation, only exclusions): no query runs.
        return {**context, "has_no_words": bool(criteria.text)}
    params = query.copy()
    params.pop("page", None)
    results = discussions_search(
        user=audience.viewer, criteria=criteria, page_number=page_number(query)
    )
    everywhere = params.copy()
    everywhere.pop("discussion", None)
    return {
        **context,
        "criteria": criteria,
        "results": results,
        "page_params": "&" + params.urlencode(),
        # Without the discussion: to search everywhere again, or within another one.
        "everywhere_params": everywhere.urlencode(),
        "facts": {"rows": readstate.row_facts(item.post.thread for item in results.items)},
    }


SEARCH = pagecache.Page(
    "search",
    template="search/search.html",
    versions=lambda: [pagecache.SITE],
    shared=search_shared,
    reader=list_reader,
    params=("page", *SearchForm.base_fields),
)
