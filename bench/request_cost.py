"""What one request of the load scenario costs, endpoint by endpoint, in one process, no concurrency.

    .venv/bin/python bench/request_cost.py                      # the plan of the last bench-load
    .venv/bin/python bench/request_cost.py --rounds 5 --profile var/bench/cost.prof

`make bench-load` measures the whole server under 100 users; its figures move with everything else
the shared machine does. This measures the same requests (the plan bench/load.py wrote:
var/bench/load-plan.json, its accounts and members) through Django's test client in this process,
on the same database (`tanzim_bench`), with `TANZIM_DEBUG=0`: the CPU and database time of one
request, without the network, gunicorn or locust. Each round makes every endpoint's request once
per account (reads only: the writes would change the data between two runs), in a shuffled order;
the figure of an endpoint is the median of its times, and `weighted_ms` is the mean a request of the
scenario costs with locust's weights. `--profile FILE` writes a cProfile of the measured rounds.

Prints JSON (and writes it with `--out`). Not a test, not in CI.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "var" / "bench" / "load-plan.json"
DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tanzim_bench")
# The reads of bench/locustfile.py and their weights there.
WEIGHTS = {
    "org chart": 6,
    "territory page": 4,
    "member list (status + commune)": 10,
    "member list (page)": 4,
    "member search": 8,
    "member page": 12,
    "api territories": 3,
    "api organs": 3,
    "api mandates": 3,
}


def requests_of(account: dict, plan: dict, rng: random.Random) -> list[tuple[str, str, dict, bool]]:
    """(endpoint, path, query, is_api) for one round of one account."""
    return [
        ("org chart", f"/organs/{account['organ_id']}/", {}, False),
        ("territory page", f"/territory/{rng.choice(account['territories'])}/", {}, False),
        (
            "member list (status + commune)",
            "/members/",
            {"status": "active", "territory": rng.choice(account["communes"]), "page": rng.randint(1, 3)},
            False,
        ),
        ("member list (page)", "/members/", {"page": rng.randint(1, 20)}, False),
        ("member search", "/members/", {"q": rng.choice(plan["search"])}, False),
        ("member page", f"/members/{rng.choice(account['members'])}/", {}, False),
        ("api territories", "/api/territories", {"parent": account["territory"], "limit": 100}, True),
        ("api organs", "/api/organs", {"limit": 100}, True),
        ("api mandates", "/api/mandates", {"limit": 100}, True),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, default=PLAN)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--warm-up", type=int, default=2, help="rounds not measured")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the measured rounds here")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "bench"))
    import load as load_bench

    # The settings of bench-load's gunicorn, with a cache directory of this process's own.
    os.environ.update(load_bench.server_env(args.database_url))
    os.environ["TANZIM_CACHE_DIR"] = str(ROOT / "var" / "bench" / "request-cost-cache")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    from tanzim.access.middleware import CHECKED, SECOND_FACTOR

    plan = json.loads(args.plan.read_text(encoding="utf-8"))
    clients = {}
    for account in plan["accounts"]:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=account["username"]))
        session = client.session
        session[SECOND_FACTOR] = CHECKED
        session.save()
        clients[account["username"]] = client

    rng = random.Random(args.seed)
    times: dict[str, list[float]] = {name: [] for name in WEIGHTS}
    profiler = cProfile.Profile() if args.profile else None
    for round_number in range(args.warm_up + args.rounds):
        measured = round_number >= args.warm_up
        batch = [
            (account, request) for account in plan["accounts"] for request in requests_of(account, plan, rng)
        ]
        rng.shuffle(batch)
        for account, (name, path, query, is_api) in batch:
            client = clients[account["username"]]
            headers = {"HTTP_AUTHORIZATION": f"Bearer {account['token']}"} if is_api else {}
            if profiler and measured:
                profiler.enable()
            started = time.perf_counter()
            response = client.get(path, query, **headers)
            elapsed = (time.perf_counter() - started) * 1000
            if profiler and measured:
                profiler.disable()
            if response.status_code != 200:
                raise SystemExit(f"{name} {path} {query}: {response.status_code}")
            if measured:
                times[name].append(elapsed)
    if profiler:
        profiler.dump_stats(args.profile)

    endpoints = {name: round(statistics.median(values), 2) for name, values in times.items()}
    weighted = sum(endpoints[name] * weight for name, weight in WEIGHTS.items()) / sum(WEIGHTS.values())
    result = {
        "rounds": args.rounds,
        "accounts": len(plan["accounts"]),
        "weighted_ms": round(weighted, 2),
        "endpoints_p50_ms": endpoints,
    }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
