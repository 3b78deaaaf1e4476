from django.views.decorators.http import require_safe

from search.pages import SEARCH


@require_safe
def search(request):
    return SEARCH.serve(request)
