"""Linter.lint_many: same results as lint, in order, on every core, with the GIL released."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

import tact

SAMPLES = [
    "As I already told you, the parcel ships today.",
    "Thanks for the photo! A replacement lid is on its way.",
    "Grüße 😀 — I don’t know. {{first_name}}",
    "Ich weiß es nicht. Das ist nicht mein Problem.",
    "Ma ei tea.",
    "",
    "Please calm down.\nYou have to restart the app.\n\n> I don't know (quoted, skipped)",
]


@pytest.fixture(scope="module")
def linter() -> tact.Linter:
    return tact.Linter()


def test_lint_many_equals_lint_in_order(linter):
    texts = SAMPLES * 300
    many = linter.lint_many(texts)
    assert len(many) == len(texts)
    assert many == [linter.lint(t) for t in texts]
    assert sum(map(len, many)) > 0


def test_lint_many_takes_any_iterable_and_missing_values(linter):
    gen = (t for t in SAMPLES[:2])
    assert linter.lint_many(gen) == [linter.lint(SAMPLES[0]), []]
    assert linter.lint_many([None, float("nan"), "Ma ei tea."]) == [[], [], linter.lint("Ma ei tea.")]
    assert linter.lint_many([]) == []


def test_lint_many_rejects_other_items(linter):
    with pytest.raises(TypeError, match="item 1 is int"):
        linter.lint_many(["fine", 3])
    with pytest.raises(TypeError):
        linter.lint_many(5)


def test_lint_many_releases_the_gil(linter):
    """While lint_many works, another Python thread runs.

    The switch interval is raised so that a call holding the GIL would keep this thread from
    running until it returned; the worker goes straight from `started.set()` into lint_many.
    """
    # A batch that takes about half a second here, whatever the build profile or the load.
    t0 = time.perf_counter()
    linter.lint_many(SAMPLES * 500)
    per_copy = (time.perf_counter() - t0) / 500
    texts = SAMPLES * max(500, min(200_000, int(0.5 / max(per_copy, 1e-7))))
    started, finished = threading.Event(), threading.Event()

    def work():
        started.set()
        linter.lint_many(texts)
        finished.set()

    old = sys.getswitchinterval()
    sys.setswitchinterval(2.0)
    try:
        worker = threading.Thread(target=work)
        t0 = time.perf_counter()
        worker.start()
        started.wait()
        ticks = 0
        while not finished.is_set():
            ticks += 1
            time.sleep(0.001)
        worker.join()
        elapsed = time.perf_counter() - t0
    finally:
        sys.setswitchinterval(old)
    assert elapsed > 0.05, "the batch is too small to tell"
    assert ticks >= 10, f"this thread ran only {ticks} times in {elapsed:.2f}s of lint_many"


COUNT_THREADS = """
import os, tact
threads = lambda: len(os.listdir("/proc/self/task"))
linter = tact.Linter()
linter.lint("I don't know.")
before = threads()
linter.lint_many(["I don't know."] * 1000)
print(before, threads())
"""


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads through Linux /proc")
@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: nothing to spread over")
def test_lint_many_starts_worker_threads():
    """lint is single-threaded; the first lint_many starts a pool of one thread per core."""
    env = {k: v for k, v in os.environ.items() if k != "RAYON_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", COUNT_THREADS], env=env, capture_output=True, text=True, check=True)
    before, after = map(int, out.stdout.split())
    assert after - before >= 2, out.stdout


def test_one_linter_from_many_python_threads(linter):
    expected = [linter.lint(t) for t in SAMPLES]
    results: list[object] = [None] * 8

    def run(i: int) -> None:
        results[i] = [linter.lint(t) for t in SAMPLES * 50] == expected * 50 and linter.fix(SAMPLES[0]) == (
            "As mentioned, the parcel ships today."
        )

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 8
