from django.core.management.base import BaseCommand

from config.progress import Progress
from forum import markup
from forum.models import Post


class Command(BaseCommand):
    help = "Re-render stored post HTML with the current markup pipeline (after an upgrade)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Re-render every post, not only outdated ones."
        )

    def handle(self, *args, all=False, **options):
        posts = Post.objects.order_by("pk")
        if not all:
            posts = posts.exclude(render_version=markup.RENDER_VERSION)
        done = 0
        batch = []
        progress = Progress(posts.count(), "posts", self.stdout.write)
        for post in posts.only("pk", "body", "author_id").iterator(chunk_size=1000):
            post.body_html = markup.render(post.body, author_id=post.author_id).html
            post.render_version = markup.RENDER_VERSION
            batch.append(post)
            if len(batch) == 1000:
                done += Post.objects.bulk_update(batch, ["body_html", "render_version"])
                progress.advance(len(batch))
                batch = []
        if batch:
            done += Post.objects.bulk_update(batch, ["body_html", "render_version"])
            progress.advance(len(batch))
        self.stdout.write(f"Re-rendered {done} post(s) at render version {markup.RENDER_VERSION}.")
