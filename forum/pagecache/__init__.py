"""The read path: every cached page, declared once.

A page that many people read (home, community, discussion, profile, search) is a
`Page`: its template, its version keys, a *shared* function and a *reader* function
(forum/pages.py, forum/profile_page.py and search/pages.py declare them; a view parses
the URL and calls `PAGE.serve(request, **url_kwargs)`, knowing nothing of caching).

- `shared(audience, query, **url_kwargs)` computes the page's context for an audience
  (visitors, members, verified clinicians; forum.pagecache.audience), never for a
  request, so nothing of one reader can reach it. The template is rendered from it once,
  without a request: each part that is the reader's own (`{% reader_part %}`, each
  post's footer) is left as a marker.
- `reader(request, kept)` gives the reader's parts (account links, follow button, post
  actions, reply box) from the few plain values the shared copy keeps; None asks for a
  page computed for this reader alone.

Visitors' pages are filled once and stored whole. Members' shared copies are stored as
they are and filled on each request: one cache round trip (the versions and the copy
together), one query for the reader's own state, and the rendering of their parts.
Moderators, readers with a one-off message waiting, forms sent back with their errors,
and readers who see more than their audience go through the same two functions with the
shared part computed live for them, and nothing stored.

Keys: the release (settings.RELEASE, set at deploy), the page, the audience, the
language, time zone and reading comfort (accounts.comfort), and the path with the
parameters the page reads. The versions the copy was made under are stored in it: every
write bumps the versions it affects on commit (forum.services), so nobody is served a
page older than the last write.
"""

from forum.pagecache.page import FOLDED, PAGES, UNFOLDED, Moved, Page
from forum.pagecache.versions import (
    EVERYTHING,
    SITE,
    bump,
    bump_key,
    community_key,
    member_changed,
    thread_key,
    version,
    versions,
)

__all__ = [
    "EVERYTHING",
    "FOLDED",
    "UNFOLDED",
    "PAGES",
    "SITE",
    "Moved",
    "Page",
    "bump",
    "bump_key",
    "community_key",
    "member_changed",
    "thread_key",
    "version",
    "versions",
]
