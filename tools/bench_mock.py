"""Throughput of the mock server: 1000-record pages in JSON and XML, over local HTTP.

    python tools/bench_mock.py [--requests N]

Starts the mock (1000 omni logs, no rate limit) on a free local port and fetches
``/omni/1/logs?limit=1000`` N times per format with one keep-alive httpx client, after one
warm-up request; prints requests per second and the records served per second.
"""

from __future__ import annotations

import argparse
import time

import httpx

from infobip_logs_spec.mock import running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with (
        running(seed=0, records=1000, rate_limit=None) as server,
        httpx.Client(base_url=server.url, auth=server.credentials.basic) as client,
    ):
        for accept in ("application/json", "application/xml"):
            headers = {"Accept": accept}
            warm = client.get("/omni/1/logs?limit=1000", headers=headers)
            assert warm.status_code == 200, warm.text
            size = len(warm.content)
            start = time.perf_counter()
            for _ in range(args.requests):
                client.get("/omni/1/logs?limit=1000", headers=headers).raise_for_status()
            elapsed = time.perf_counter() - start
            rate = args.requests / elapsed
            print(
                f"{accept:17} {rate:6.1f} pages/s ({rate * 1000:8.0f} records/s, "
                f"{size / 1024:.0f} KiB a page, {elapsed / args.requests * 1000:.1f} ms each)"
            )


if __name__ == "__main__":
    main()
