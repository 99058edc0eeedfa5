"""Sharing accounts out among a pool of CSMs: in turn (round robin, continuing where the last run
stopped), or to whoever has the lightest book (fewest accounts, then least ARR), biggest accounts first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def round_robin(pool: Sequence[int], accounts: Sequence[int], after: int | None) -> dict[int, int]:
    """Account -> owner, in turn from the member after `after` (the first one when `after` left the pool)."""
    start = pool.index(after) + 1 if after in pool else 0
    return {a: pool[(start + i) % len(pool)] for i, a in enumerate(accounts)}


def lightest_book(
    pool: Sequence[int], accounts: Mapping[int, int], books: Mapping[int, tuple[int, int]]
) -> dict[int, int]:
    """Account (-> ARR) -> owner: each account, largest first, to the member with the fewest accounts, then
    the least ARR, then the earliest in the pool; the books grow as accounts are handed out."""
    load = {u: books.get(u, (0, 0)) for u in pool}
    out = {}
    for account, arr in sorted(accounts.items(), key=lambda kv: (-kv[1], kv[0])):
        owner = min(pool, key=lambda u: (load[u][0], load[u][1], pool.index(u)))
        out[account] = owner
        load[owner] = (load[owner][0] + 1, load[owner][1] + arr)
    return out
