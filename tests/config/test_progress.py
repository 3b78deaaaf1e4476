"""Long commands say how far they are: counts, share, rate and the time left."""

from io import StringIO

from django.core.management import call_command

from config.progress import Progress, reporter


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_line_says_how_many_of_how_many_and_the_time_left():
    clock, lines = Clock(), []
    progress = Progress(400_000, "posts", lines.append, every=2.0, clock=clock)
    clock.now += 1
    progress.advance(1_000)
    assert lines == []  # not yet two seconds
    clock.now += 9
    progress.advance(39_000)
    assert lines == ["40,000 of 400,000 posts (10%), 4,000/s, about 1 min 30 s left"]
    clock.now += 90
    progress.advance(360_000)
    assert lines[-1] == "400,000 of 400,000 posts (100%), 4,000/s, done in 1 min 40 s"


def test_a_reporter_follows_done_and_total():
    clock, lines = Clock(), []
    report = reporter("conversations", lines.append, every=0, clock=clock)
    clock.now += 2
    report(50, 200)
    clock.now += 6
    report(200, 200)
    assert lines == [
        "50 of 200 conversations (25%), 25/s, about 6 s left",
        "200 of 200 conversations (100%), 25/s, done in 8 s",
    ]


def test_the_long_commands_report_their_progress(db, thread):
    from forum.models import Thread

    Thread.objects.filter(pk=thread.pk).update(reply_count=7)  # a drifted counter
    out = StringIO()
    call_command("rebuild_counters", stdout=out)
    assert "1 of 1 drifted discussions fixed (100%)" in out.getvalue()
    out = StringIO()
    call_command("rerender_posts", "--all", stdout=out)
    assert "1 of 1 posts (100%)" in out.getvalue()
