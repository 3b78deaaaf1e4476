"""Private conversations for the benchmark database (after seed_bench): many between
members, and the bench member in a few hundred of them, so that `make bench` measures
the inbox and a conversation at scale. Rows are written in bulk, not through the
services (the same shape: numbered messages, counters and unread counts that agree)."""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.progress import reporter
from conversations.models import Conversation, Message, Participant
from forum import markup
from forum.management.commands.seed_bench import BENCH_EMAIL, VOCABULARY


class Command(BaseCommand):
    help = "Seed private conversations for the benchmark (run after seed_bench)."

    def add_arguments(self, parser):
        parser.add_argument("--conversations", type=int, default=20_000)
        parser.add_argument("--mine", type=int, default=400, help="the bench member's")
        parser.add_argument("--messages", type=int, default=6, help="on average")
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, conversations, mine, messages, seed, **options):
        if Conversation.objects.exists():
            self.stdout.write("Conversations exist already; nothing to do.")
            return
        rng = random.Random(seed)
        started = time.monotonic()
        bench = User.objects.get(email=BENCH_EMAIL)
        members = list(User.objects.exclude(pk=bench.pk).values_list("pk", flat=True)[:5000])
        body = " ".join(rng.sample(VOCABULARY, 12))
        html = markup.render(body).html
        now = timezone.now()
        done = 0
        progress = reporter("conversations", self.stdout.write)
        for start in range(0, conversations, 1000):
            with transaction.atomic():
                batch = min(1000, conversations - start)
                rows, places, texts = [], [], []
                for n in range(batch):
                    number = start + n
                    pair = rng.sample(members, 2)
                    if number < mine:
                        pair[0] = bench.pk
                    count = max(1, int(rng.expovariate(1 / messages)))
                    last = now - timedelta(minutes=rng.randrange(60 * 24 * 365))
                    rows.append(
                        Conversation(
                            subject=f"Bench conversation {number}",
                            started_by_id=pair[0],
                            created_at=last - timedelta(days=1),
                            message_count=count,
                            last_message_at=last,
                        )
                    )
                    texts.append((pair, count, last))
                created = Conversation.objects.bulk_create(rows)
                for conversation, (pair, count, last) in zip(created, texts, strict=True):
                    unread = rng.randrange(0, 2)
                    for index, member in enumerate(pair):
                        places.append(
                            Participant(
                                conversation=conversation,
                                user_id=member,
                                joined_at=conversation.created_at,
                                last_message_at=last,
                                last_read_number=count - (unread if index else 0),
                                unread_count=unread if index else 0,
                            )
                        )
                Participant.objects.bulk_create(places)
                Message.objects.bulk_create(
                    [
                        Message(
                            conversation=conversation,
                            number=number,
                            author_id=pair[number % 2],
                            body=body,
                            body_html=html,
                            created_at=last - timedelta(minutes=count - number),
                        )
                        for conversation, (pair, count, last) in zip(created, texts, strict=True)
                        for number in range(1, count + 1)
                    ],
                    batch_size=2000,
                )
            done += batch
            progress(done, conversations)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {done:,} conversations ({mine:,} with {BENCH_EMAIL}) "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
