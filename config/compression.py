"""Pages compressed for browsers that accept it: Django's GZipMiddleware, at zlib's
fastest level, for whole responses only (streamed files are left as they are).

A member's discussion page is 75 KB of HTML: level 6 (Django's) takes about 1.4 ms of
the worker's time to bring it to 10 KB, level 1 about 0.45 ms to bring it to 12 KB.
Pages are made per request for members, so the faster level is the better trade; a
visitor's page is compressed once per cached copy (forum/pagecache/front.py).

Against BREACH, as Django does: CSRF tokens are masked per response, and the gzip
header carries a file name of random length, so that lengths tell an attacker nothing
reliable.
"""

import gzip
import secrets

from django.middleware import gzip as django_gzip
from django.utils.cache import patch_vary_headers

LEVEL = 1


class GZipMiddleware(django_gzip.GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming:
            # Files (WhiteNoise serves them precompressed, or leaves fonts and images as
            # they are) and downloads: never compressed here, so that ranges still match.
            return response
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        if not django_gzip.re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = compress(response.content, max_random_bytes=self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


def compress(content: bytes, *, max_random_bytes: int) -> bytes:
    """django.utils.text.compress_string at LEVEL: a random-length file name in the
    header (its FNAME flag set)."""
    data = gzip.compress(content, compresslevel=LEVEL, mtime=0)
    header = bytearray(data[:10])
    header[3] = gzip.FNAME
    name = b"a" * secrets.randbelow(max_random_bytes) + b"\x00"
    return bytes(header) + name + data[10:]
