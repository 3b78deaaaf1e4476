"""Seed a large, realistically skewed data set for benchmarks (never on a live site).

Default: 50 communities, 5,000 members, 20,000 discussions and 400,000 posts. A handful of
famous discussions have thousands of replies, most have a few, many have none. Bulk
inserts in batches; counters are computed as rows are generated, so no recount is needed.
"""

import random
import time
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts import names
from accounts import services as account_services
from accounts.models import User
from config.progress import reporter
from forum import markup
from forum.models import Community, Post, Thread

BENCH_EMAIL = "bench@example.org"
BENCH_PASSWORD = "bench-password-2026"
FAMOUS_REPLIES = (2600, 2400, 2200, 2050)

SENTENCES = [
    "Fatigue hits me hardest in the early afternoon, even on days I sleep well.",
    "My neurologist suggested keeping a symptom diary, and it really helped.",
    "Heat makes everything worse; a cooling vest changed my summers.",
    "Has anyone tried splitting their dose between morning and evening?",
    "I found a physiotherapist who understands the condition, which made a difference.",
    "Explaining an invisible illness at work is still the hardest part for me.",
    "My morning stiffness eases after a warm shower and some gentle stretching.",
    "The new sensor stays on much better with an overpatch in hot weather.",
    "Counting carbohydrates at restaurants gets easier with practice, I promise.",
    "Thank you all, reading your replies made me feel much less alone.",
    "I would ask your specialist nurse; mine answered within a day.",
    "Small walks every day did more for me than one long walk a week.",
]


# A vocabulary large enough that a two-word search matches a realistic fraction of posts
# (a few percent), not half the corpus as a dozen fixed sentences would.
VOCABULARY = sorted(
    {word.strip(".,?!").lower() for sentence in SENTENCES for word in sentence.split()}
    | set(
        """
    ache appetite appointment balance bladder blood bloods bruise calendar cane cardiology
    caregiver cholesterol clinic cold cramps dairy daughter dentist diary diet dizziness
    doctor dose dosage drowsy eczema energy exercise eyesight fever flare flu garden
    gluten grief headache hearing heartburn hip hospital husband hydration immune infusion
    injection insulin insurance itching joints kidney knee lab leg letter liver lunch
    massage meditation memory migraine mood mri nausea neck nerve night numbness nurse
    pain pharmacy physio pills pregnancy prescription pump rash referral relapse rest
    retirement scan school shoulder sleep snack son specialist spine steroid stomach
    stress sugar summer support swelling swimming tablets teacher thyroid tingling
    tiredness travel tremor trial vaccine vision vitamin waiting walking weather weight
    wheelchair winter work yoga
""".split()
    )
)


def _body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        words = rng.choices(VOCABULARY, k=rng.randint(12, 40))
        paragraphs.append(" ".join(words).capitalize() + ". " + rng.choice(SENTENCES))
    if rng.random() < 0.2:
        paragraphs.append("- " + "\n- ".join(rng.sample(SENTENCES, 3)))
    if rng.random() < 0.3:
        paragraphs[0] = "**" + paragraphs[0][:40] + "**" + paragraphs[0][40:]
    return "\n\n".join(paragraphs)


def reply_counts(rng: random.Random, threads: int, replies: int) -> list[int]:
    """How many replies each discussion gets: a few famous ones, a long tail, many none."""
    famous = [n for n in FAMOUS_REPLIES[: max(0, min(len(FAMOUS_REPLIES), threads // 100))]]
    rest = threads - len(famous)
    remaining = max(0, replies - sum(famous))
    weights = [0.0 if rng.random() < 0.35 else rng.paretovariate(1.6) for _ in range(rest)]
    total = sum(weights) or 1.0
    counts = [int(remaining * w / total) for w in weights]
    shortfall = remaining - sum(counts)
    for index in rng.sample(range(rest), k=min(rest, shortfall)) if rest else []:
        counts[index] += 1
    # Keep the long tail below the famous discussions.
    cap = min(famous) - 1 if famous else None
    if cap:
        overflow = sum(max(0, c - cap) for c in counts)
        counts = [min(c, cap) for c in counts]
        for index in rng.sample(range(rest), k=min(rest, overflow)):
            counts[index] += 1
    return famous + counts


# Real communities are skewed: a few hold most discussions. Community k (from 1) gets a
# share proportional to 1 / k ** ZIPF: with 50 communities and 20,000 discussions the
# largest has about 5,000 (its deep pages are page 200) and the smallest about 70.
ZIPF = 1.07


def community_weights(count: int, exponent: float = ZIPF) -> list[float]:
    return [1 / rank**exponent for rank in range(1, count + 1)]


class Command(BaseCommand):
    help = "Seed a large benchmark data set (refuses to run on a database with data)."

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=50)
        parser.add_argument("--members", type=int, default=5000)
        parser.add_argument("--threads", type=int, default=20000)
        parser.add_argument(
            "--posts", type=int, default=400000, help="All posts, opening posts included."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, communities, members, threads, posts, seed, batch, **options):
        if Thread.objects.exists():
            raise CommandError("This database already has discussions: seed an empty one.")
        if posts < threads:
            raise CommandError("--posts counts opening posts too: it must be >= --threads.")
        rng = random.Random(seed)
        started = time.monotonic()
        now = timezone.now()

        self._say("members", started)
        password = make_password(None)
        users = [
            User(
                email=f"member{n}@bench.example.org",
                display_name=f"member{n}",
                display_name_key=names.uniqueness_key(f"member{n}"),
                display_name_skeleton=names.skeleton(f"member{n}"),
                password=password,
                date_joined=now - timedelta(days=900),
            )
            for n in range(members)
        ]
        User.objects.bulk_create(users, batch_size=batch)
        bench = User.objects.create_user(BENCH_EMAIL, BENCH_PASSWORD, display_name="Bench Member")
        EmailAddress.objects.create(user=bench, email=BENCH_EMAIL, verified=True, primary=True)
        account_services.consent_record(user=bench, kinds=list(account_services.current_versions()))
        user_ids = list(User.objects.values_list("pk", flat=True))

        self._say("communities", started)
        Community.objects.bulk_create(
            [
                Community(
                    name=f"Community {n}",
                    slug=f"community-{n}",
                    position=n,
                    description="A benchmark community.",
                )
                for n in range(communities)
            ]
        )
        community_ids = list(Community.objects.order_by("pk").values_list("pk", flat=True))

        counts = reply_counts(rng, threads, posts - threads)
        bodies = [_body(rng) for _ in range(2000)]
        rendered = [markup.render(body).html for body in bodies]
        span = timedelta(days=720).total_seconds()

        self._say(f"{threads:,} discussions and {posts:,} posts", started)
        per_community = {pk: 0 for pk in community_ids}
        weights = community_weights(len(community_ids))
        thread_rows, steps, post_rows, done = [], [], [], 0
        for index, reply_count in enumerate(counts):
            # The famous discussions live in the first community (the largest).
            if index < 4:
                community_id = community_ids[0]
            else:
                community_id = rng.choices(community_ids, weights=weights)[0]
            created = now - timedelta(seconds=rng.uniform(0, span))
            step = timedelta(seconds=(now - created).total_seconds() / (reply_count + 1))
            last = created + step * reply_count
            steps.append(step)
            per_community[community_id] += 1
            thread_rows.append(
                Thread(
                    community_id=community_id,
                    author_id=rng.choice(user_ids),
                    title=f"{rng.choice(SENTENCES)[:60].rstrip('.,')} ({index})",
                    slug=f"discussion-{index}",
                    created_at=created,
                    last_activity_at=last,
                    reply_count=reply_count,
                    last_post_number=reply_count + 1,
                )
            )
            if len(thread_rows) >= batch or index == len(counts) - 1:
                with transaction.atomic():
                    created_threads = Thread.objects.bulk_create(thread_rows)
                    for thread, step in zip(created_threads, steps, strict=True):
                        for number in range(1, thread.reply_count + 2):
                            choice = rng.randrange(len(bodies))
                            # The opening post is the discussion's author's.
                            author_id = thread.author_id if number == 1 else rng.choice(user_ids)
                            post_rows.append(
                                Post(
                                    thread_id=thread.pk,
                                    author_id=author_id,
                                    number=number,
                                    body=bodies[choice],
                                    body_html=rendered[choice],
                                    render_version=markup.RENDER_VERSION,
                                    created_at=thread.created_at + step * (number - 1),
                                )
                            )
                            if len(post_rows) >= batch:
                                Post.objects.bulk_create(post_rows)
                                done += len(post_rows)
                                post_rows = []
                                self._progress(done, posts, started)
                    if post_rows:
                        Post.objects.bulk_create(post_rows)
                        done += len(post_rows)
                        post_rows = []
                thread_rows, steps = [], []
                self._progress(done, posts, started)

        for community_id, count in per_community.items():
            Community.objects.filter(pk=community_id).update(thread_count=count)
        if connection.vendor == "postgresql":
            self._say("analyzing tables", started)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {members:,} members, {communities} communities, {threads:,} discussions "
                f"and {done:,} posts in {elapsed:.1f} s. Sign in as {BENCH_EMAIL} / "
                f"{BENCH_PASSWORD}."
            )
        )

    def _say(self, what, started):
        self.stdout.write(f"[{time.monotonic() - started:6.1f}s] {what}…")

    def _progress(self, done, total, started):
        if not hasattr(self, "_report"):
            self._report = reporter("posts", self.stdout.write, every=5.0)
        self._report(done, total)
