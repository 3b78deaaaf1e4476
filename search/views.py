from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from forum import pagecache, readerpage
from forum.pagination import page_number
from search.backends import posts_search
from search.forms import MAX_QUERY_LENGTH, SearchForm


@require_safe
@pagecache.reads("page", *SearchForm.base_fields)
@pagecache.for_visitors(lambda: pagecache.SITE)
@readerpage.shared_for_members(lambda: [pagecache.SITE])
def search(request):
    """The form, then one page of the matching posts the member may read."""
    form = SearchForm(request.GET or None, user=request.user)
    context = {
        "form": form,
        "max_query_length": MAX_QUERY_LENGTH,
        # The form and results read the same for every member (and every visitor) who
        # asks the same thing: rendered once until the next forum write.
        "fragment_key": pagecache.fragment_key(pagecache.SITE, request),
        "fragment_seconds": settings.PAGE_CACHE_SECONDS,
    }
    if not form.is_bound:
        return render(request, "search/search.html", context)
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    criteria = form.criteria()
    context["is_shortened"] = form.is_shortened
    if not criteria.query.has_words:
        # Nothing to look for (empty, only punctuation, only exclusions): no query runs.
        context["has_no_words"] = bool(criteria.text)
        return render(request, "search/search.html", context)
    params = request.GET.copy()
    params.pop("page", None)
    context.update(
        criteria=criteria,
        results=posts_search(
            user=request.user, criteria=criteria, page_number=page_number(request)
        ),
        page_params="&" + params.urlencode(),
    )
    return render(request, "search/search.html", context)
