"""A seeded event log of an online shop, for journey mining.

Customers meet the shop through ads, search, social posts and emails, browse
product pages, fill and abandon carts (and are brought back by abandonment
emails), pay (or fail to), wait for the parcel, return products, write
reviews and sometimes buy again. The log has skips, exits, back-edges and
ties in time, like a real one: one row per event with ``customer_id``,
``event``, ``ts``, ``stage``, ``channel`` and an ``emotion`` score (-2..2)
where a survey or a review recorded one.

Run it as a script to write the log, then mine it::

    python examples/shop_events.py --events 300000 -o shop.parquet
    journeykit mine shop.parquet --stage stage --channel channel --emotion emotion -o shop.yaml

or import :func:`generate` (returns a pyarrow Table). The same seed always
gives the same log.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

# (stage, event name, channel, mean seconds spent before the next event,
#  mean emotion or None when nobody asks)
TOUCHPOINTS: tuple[tuple[str, str, str, float, float | None], ...] = (
    ("Discover", "Sees an Instagram ad", "social", 3600, None),
    ("Discover", "Sees a Google Shopping ad", "ads", 600, None),
    ("Discover", "Hears about the shop from a friend", "word-of-mouth", 86400, 1.0),
    ("Discover", "Reads a blog post", "blog", 1800, None),
    ("Discover", "Opens the newsletter", "newsletter", 1200, None),
    ("Discover", "Searches Google", "search", 120, None),
    ("Discover", "Lands on the home page", "web", 60, None),
    ("Explore", "Searches the site", "web", 40, -0.3),
    ("Explore", "Browses a category", "web", 50, None),
    ("Explore", "Filters results", "web", 30, -0.5),
    ("Explore", "Views a product page", "web", 90, 0.5),
    ("Explore", "Reads customer reviews", "review-sites", 150, 0.4),
    ("Explore", "Compares products", "web", 200, -0.2),
    ("Explore", "Asks the chatbot", "chat", 120, -0.8),
    ("Explore", "Adds to wish list", "web", 600, 0.6),
    ("Decide", "Adds to cart", "web", 120, 0.8),
    ("Decide", "Views the cart", "web", 60, None),
    ("Decide", "Applies a discount code", "web", 30, 1.0),
    ("Decide", "Sees the shipping costs", "web", 20, -1.2),
    ("Decide", "Gets a cart abandonment email", "email", 7200, None),
    ("Decide", "Clicks the abandonment email", "email", 60, 0.3),
    ("Buy", "Starts checkout", "web", 45, -0.2),
    ("Buy", "Creates an account", "web", 90, -1.0),
    ("Buy", "Enters the address", "web", 60, -0.4),
    ("Buy", "Pays", "web", 20, 0.2),
    ("Buy", "Payment fails", "web", 30, -1.8),
    ("Buy", "Gets the order confirmation", "email", 86400, 1.0),
    ("Receive", "Gets the shipping notice", "email", 86400, 0.6),
    ("Receive", "Tracks the parcel", "web", 43200, -0.3),
    ("Receive", "Calls support about the delivery", "phone", 3600, -1.5),
    ("Receive", "Receives the parcel", "delivery", 3600, 1.6),
    ("Receive", "Unboxes the product", "product", 172800, 1.4),
    ("After", "Uses the product", "product", 604800, 1.0),
    ("After", "Requests a return", "web", 86400, -1.3),
    ("After", "Ships the return", "mail", 259200, -0.9),
    ("After", "Gets the refund", "email", 3600, 0.1),
    ("After", "Gets a review request", "email", 3600, None),
    ("After", "Writes a review", "review-sites", 600, 0.9),
    ("After", "Recommends the shop to a friend", "word-of-mouth", 3600, 1.8),
    ("After", "Gets a reorder reminder", "email", 3600, 0.2),
)

# Where customers go next: (from, to, weight). What is left over to 1 after
# the weights of a touchpoint is the share that leaves the journey there.
_FLOW: tuple[tuple[int, int, float], ...] = (
    (0, 10, 0.35),
    (0, 6, 0.15),
    (0, 5, 0.1),
    (1, 10, 0.6),
    (1, 11, 0.05),
    (2, 5, 0.4),
    (2, 6, 0.4),
    (3, 10, 0.3),
    (3, 6, 0.2),
    (4, 6, 0.3),
    (4, 10, 0.35),
    (4, 17, 0.05),
    (5, 6, 0.45),
    (5, 10, 0.35),
    (5, 11, 0.05),
    (6, 7, 0.35),
    (6, 8, 0.4),
    (7, 9, 0.2),
    (7, 10, 0.55),
    (7, 7, 0.1),
    (8, 9, 0.3),
    (8, 10, 0.55),
    (9, 10, 0.75),
    (9, 8, 0.05),
    (10, 11, 0.2),
    (10, 12, 0.1),
    (10, 15, 0.3),
    (10, 10, 0.1),
    (10, 7, 0.08),
    (10, 13, 0.04),
    (10, 14, 0.05),
    (11, 15, 0.35),
    (11, 10, 0.25),
    (11, 12, 0.1),
    (12, 15, 0.3),
    (12, 10, 0.35),
    (13, 10, 0.5),
    (13, 15, 0.2),
    (14, 15, 0.2),
    (14, 4, 0.2),
    (15, 16, 0.5),
    (15, 10, 0.2),
    (15, 21, 0.2),
    (16, 21, 0.45),
    (16, 18, 0.2),
    (16, 17, 0.1),
    (16, 19, 0.15),
    (17, 21, 0.6),
    (17, 16, 0.2),
    (18, 21, 0.35),
    (18, 19, 0.45),
    (19, 20, 0.3),
    (20, 16, 0.8),
    (20, 21, 0.15),
    (21, 22, 0.25),
    (21, 23, 0.6),
    (21, 19, 0.1),
    (22, 23, 0.85),
    (23, 24, 0.85),
    (24, 26, 0.9),
    (24, 25, 0.08),
    (25, 24, 0.6),
    (25, 19, 0.2),
    (26, 27, 0.97),
    (27, 28, 0.4),
    (27, 30, 0.55),
    (28, 30, 0.7),
    (28, 29, 0.2),
    (28, 28, 0.05),
    (29, 30, 0.8),
    (30, 31, 0.95),
    (31, 32, 0.7),
    (31, 33, 0.15),
    (31, 36, 0.1),
    (32, 36, 0.4),
    (32, 39, 0.2),
    (32, 38, 0.1),
    (33, 34, 0.8),
    (33, 29, 0.05),
    (34, 35, 0.9),
    (35, 10, 0.25),
    (35, 36, 0.2),
    (36, 37, 0.3),
    (37, 38, 0.15),
    (37, 10, 0.1),
    (38, 39, 0.2),
    (39, 10, 0.45),
    (39, 15, 0.1),
)

# Where journeys start, as weights.
_STARTS: dict[int, float] = {
    0: 0.22,
    1: 0.2,
    2: 0.06,
    3: 0.05,
    4: 0.07,
    5: 0.2,
    6: 0.1,
    10: 0.1,
}


def _chain() -> tuple[np.ndarray, np.ndarray]:
    """The cumulative next-step and start distributions (last column: leaving)."""
    import numpy as np

    n = len(TOUCHPOINTS)
    matrix = np.zeros((n, n + 1))
    for source, target, weight in _FLOW:
        matrix[source, target] += weight
    matrix[:, n] = 1.0 - matrix[:, :n].sum(axis=1)
    assert (matrix[:, n] >= -1e-9).all(), "weights of a touchpoint add up to more than 1"
    starts = np.zeros(n)
    for index, weight in _STARTS.items():
        starts[index] = weight
    return np.cumsum(matrix, axis=1), np.cumsum(starts / starts.sum())


def _walk(
    rng: np.random.Generator,
    chain: tuple[np.ndarray, np.ndarray],
    ids: np.ndarray,
    max_steps: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Walk a batch of customers through the chain: (customer, touchpoint) of every step."""
    import numpy as np

    cumulative, starts = chain
    n = len(TOUCHPOINTS)
    state = np.minimum(np.searchsorted(starts, rng.random(ids.size), side="right"), n - 1)
    batch_customers, batch_steps = [ids], [state]
    for _ in range(max_steps - 1):
        draw = rng.random(state.size)
        state = (draw[:, None] > cumulative[state]).sum(axis=1)
        alive = state < n
        ids, state = ids[alive], state[alive]
        if not ids.size:
            break
        batch_customers.append(ids)
        batch_steps.append(state)
    return np.concatenate(batch_customers), np.concatenate(batch_steps)


def generate(events: int = 300_000, *, seed: int = 7, max_steps: int = 200) -> pa.Table:
    """Return a seeded shop event log of about ``events`` rows, sorted by customer and time.

    Customers are simulated in batches until ``events`` rows exist; the last
    batch's customers are dropped past ``events`` so the log never cuts a
    journey short. ``max_steps`` bounds one customer's journey.
    """
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    cumulative, starts = _chain()
    waits = np.array([t[3] for t in TOUCHPOINTS])
    moods = np.array([np.nan if t[4] is None else t[4] for t in TOUCHPOINTS])
    customers: list[np.ndarray] = []
    steps: list[np.ndarray] = []
    first_customer = 0
    total = 0
    while total < events:
        batch = max(1000, (events - total) // 8)
        ids = np.arange(first_customer, first_customer + batch)
        batch_ids, batch_steps = _walk(rng, (cumulative, starts), ids, max_steps)
        per_customer = np.bincount(batch_ids - first_customer, minlength=batch)
        keep = int(np.searchsorted(np.cumsum(per_customer), events - total, side="left")) + 1
        keep = min(keep, batch)
        mask = batch_ids < first_customer + keep
        customers.append(batch_ids[mask])
        steps.append(batch_steps[mask])
        total += int(per_customer[:keep].sum())
        first_customer += keep
    customer = np.concatenate(customers)
    step = np.concatenate(steps)
    order = np.argsort(customer, kind="stable")  # by customer, then step (stable)
    customer, step = customer[order], step[order]
    # Whole seconds: quick clicks share a second, so the log has ties in time.
    wait = np.ceil(rng.exponential(waits[step]) / 4).astype(np.int64)
    is_first = np.r_[True, customer[1:] != customer[:-1]]
    start = rng.integers(0, 90 * 86400, size=first_customer)[customer]
    offset = np.cumsum(wait) - wait
    offset -= np.maximum.accumulate(np.where(is_first, offset, 0))
    seconds = np.datetime64("2026-01-01T00:00:00", "s") + start + offset
    asked = ~np.isnan(moods[step]) & (rng.random(step.size) < 0.3)
    mood = np.clip(np.rint(moods[step] + rng.normal(0, 0.8, step.size)), -2, 2)
    names = pa.array([t[1] for t in TOUCHPOINTS])
    stages = pa.array([t[0] for t in TOUCHPOINTS])
    channels = pa.array([t[2] for t in TOUCHPOINTS])
    index = pa.array(step.astype(np.int32))
    return pa.table(
        {
            "customer_id": pa.array(customer.astype(np.int64)),
            "event": names.take(index),
            "ts": pa.array(seconds),
            "stage": stages.take(index),
            "channel": channels.take(index),
            "emotion": pa.array(np.where(asked, mood, np.nan), from_pandas=True),
        }
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300_000, help="about how many rows")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", required=True, help="a .parquet or .csv file")
    args = parser.parse_args(argv)
    table = generate(args.events, seed=args.seed)
    if args.output.endswith(".csv"):
        from pyarrow import csv

        csv.write_csv(table, args.output)
    else:
        import pyarrow.parquet as pq

        pq.write_table(table, args.output)
    import pyarrow.compute as pc

    customers = pc.count_distinct(table["customer_id"]).as_py()
    print(
        f"{table.num_rows} events of {customers} customers written to {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
