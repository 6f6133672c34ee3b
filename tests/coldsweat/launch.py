"""Runs coldsweat's command line (setup, import, fetch, run) for Lamplight's sync tests.

coldsweat refetches a feed at most every 180 s (coldsweat.fetcher.MIN_FETCH_INTERVAL); the
tests add an item and fetch again at once, so the interval is 0 here. Everything else is
coldsweat 0.10.2 as published.
"""
import sys

import coldsweat.fetcher

coldsweat.fetcher.MIN_FETCH_INTERVAL = 0

from coldsweat import cli  # noqa: E402

if __name__ == "__main__":
    sys.exit(cli())
