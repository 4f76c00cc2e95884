#!/usr/bin/env python3
"""Golden reference for src/domain/schedule/, produced with py-fsrs (PyPI `fsrs`, v6).

Regenerate (not run by `cargo test`):

    python3 -m venv /tmp/fsrs-venv && /tmp/fsrs-venv/bin/pip install 'fsrs>=6,<7'
    /tmp/fsrs-venv/bin/python tests/golden/fsrs_reference.py

and paste the printed Rust constants over the `GOLDEN` table in
src/domain/schedule/golden_tests.rs (the `two_machines` log also checked by
src/sync/golden_tests.rs, through a sync).

Scheduler: default parameters, desired_retention 0.9, learning steps (1m, 10m),
relearning steps (10m), maximum_interval 36500, fuzzing OFF.

Each sequence is a list of (when, rating). `when` is ("due", seconds) = the
card's current due time plus `seconds` (negative = early), or ("prev", seconds)
= the previous review time plus `seconds`. The first review is at T0.
Output per review: epoch seconds of the review, rating, epoch seconds of the
resulting due time, resulting state and step, stability, difficulty.
"""

from datetime import datetime, timedelta, timezone

from importlib.metadata import version

from fsrs import Card, Rating, Scheduler

T0 = datetime(2024, 1, 1, 9, 0, 0, tzinfo=timezone.utc)
M, H, D = 60, 3600, 86400
A, HARD, G, E = Rating.Again, Rating.Hard, Rating.Good, Rating.Easy
DUE = lambda s=0: ("due", s)  # noqa: E731
PREV = lambda s: ("prev", s)  # noqa: E731

SEQUENCES = {
    "good_chain": [(DUE(), G)] * 10,
    "again_heavy": [(DUE(), A), (DUE(), A), (DUE(), G), (DUE(), A), (DUE(), G),
                    (DUE(), G), (DUE(), A), (DUE(), A), (DUE(), G), (DUE(), G),
                    (DUE(), G)],
    "easy": [(DUE(), E), (DUE(), E), (DUE(), E), (DUE(), G), (DUE(), E)],
    "lapse_relearn": [(DUE(), G), (DUE(), G), (DUE(), G), (DUE(), G),
                      (DUE(), A), (DUE(), A), (DUE(), HARD), (DUE(), G),
                      (DUE(), G), (DUE(), A), (DUE(), E), (DUE(), G)],
    "hard_mix": [(DUE(), HARD), (DUE(), HARD), (DUE(), G), (DUE(), HARD),
                 (DUE(), G), (DUE(), HARD), (DUE(), HARD), (DUE(), G),
                 (DUE(), HARD), (DUE(), E)],
    "late_early": [(DUE(), G), (PREV(3 * H), G), (DUE(5 * D), G),
                   (DUE(-2 * D), G), (PREV(2 * H), G), (DUE(100 * D), HARD),
                   (DUE(-1 * D + 7 * H), A), (PREV(3 * D), G),
                   (PREV(40 * M), E), (DUE(17 * M), G), (PREV(1), HARD)],
    "learning_gaps": [(DUE(), HARD), (PREV(2 * D + 5 * H), G),
                      (PREV(23 * H + 59 * M), HARD), (PREV(30 * D), A),
                      (DUE(), G), (DUE(), G), (DUE(3 * D), E), (DUE(), E),
                      (DUE(), E), (DUE(), E), (DUE(), E)],
    # One card studied on two machines, offline, then synced: the reviews
    # alternate between them (src/sync/golden_tests.rs gives the even ones
    # to one machine and the odd ones to the other), two on one day.
    "two_machines": [(DUE(), G), (PREV(3 * H), G), (DUE(), HARD),
                     (PREV(40 * M), A), (DUE(), G), (DUE(2 * D), G),
                     (PREV(5 * H), E), (DUE(-1 * D), G), (DUE(), HARD)],
}


def main():
    print(f"// py-fsrs {version('fsrs')}, T0 = {T0.isoformat()}")
    sched = Scheduler(enable_fuzzing=False, desired_retention=0.9,
                      learning_steps=(timedelta(minutes=1), timedelta(minutes=10)),
                      relearning_steps=(timedelta(minutes=10),))
    for name, seq in SEQUENCES.items():
        card = Card()
        prev = None
        print(f'    ("{name}", &[')
        for (kind, secs), rating in seq:
            if prev is None:
                at = T0
            elif kind == "due":
                at = card.due + timedelta(seconds=secs)
            else:
                at = prev + timedelta(seconds=secs)
            card, _ = sched.review_card(card, rating, at)
            prev = at
            step = card.step if card.step is not None else 0
            print(f"        ({int(at.timestamp())}, {int(rating)}, "
                  f"{int(card.due.timestamp())}, \"{card.state.name.lower()}\", {step}, "
                  f"{card.stability:.6}, {card.difficulty:.6}), "
                  f"// ivl {(card.due - at).total_seconds() / 86400:g}d")
        print("    ]),")


if __name__ == "__main__":
    main()
