"""Load benchmark: 100 users reading and writing inside their territories, on 1,000,000 members.

A benchmark, not a test: it stays out of `make test` and CI.

    make bench-load                                   # 100 users, 60 s → bench/results/load.json
    make bench-load LOAD_USERS=50 LOAD_SECONDS=30     # a quick run
    BENCH_REBUILD=1 make bench-load                   # build the data set again first
    .venv/bin/python bench/load.py --users 100 --seconds 60 [--rebuild] [--out FILE]

Steps:

1. data set: the PostgreSQL database `tanzim_bench` (BENCH_DATABASE_URL or --database-url) with the
   1,000,000-member roll of the members bench (bench/members.py, seed 2026). Reused when it holds
   at least --rows people imported by a finished roll import; otherwise (or with --rebuild /
   BENCH_REBUILD=1) dropped, created, migrated, loaded (territory, demo) and imported again
   (about 10 minutes on 2 CPUs), then ANALYZE. `migrate` and `demo_load` run in any case.
2. accounts (a Django process): the demo's provincial secretaries of Taounate (najjari) and
   Tanger-Assilah (limouri), provincial secretaries created for Casablanca, Marrakech, Fès and
   Rabat (bench_* accounts, a person, the secretariat and the mandate), the local secretary of
   Beni Makada (laaziri) and the national admin (admin), enrolled for two-factor codes with a
   secret the bench keeps; an API token each; a sample of member ids, communes and names inside
   each territory.
3. gunicorn as in production (docs/operations.md): `tanzim.wsgi`, 2×cores+1 sync workers,
   --max-requests 2000, TANZIM_DEBUG=0, bound to 127.0.0.1 on a free port. Plain HTTP on the
   loopback, so TLS redirects and secure cookies are off (nginx's part in production).
4. sign-in: one session per account through the real login pages (password, then the
   two-factor code computed from the secret for admin); users of an account share its session,
   like tabs. A short warm-up (every kind of request once per account, not measured).
5. locust, headless (bench/locustfile.py): --users for --seconds after all are spawned, a pause of
   1–3 s between two actions of a user; every answer checked (status, redirect target).
6. bench/results/load.json: users, seconds, requests, errors, p50_ms, p95_ms, p99_ms (nearest rank,
   over every request of the window), per endpoint, CPU use, the machine and the data set.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import members as members_bench  # noqa: E402  (bench/members.py: data set and machine helpers)

BENCH_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "load.json"
DEFAULT_URL = members_bench.DEFAULT_URL
VENV_BIN = Path(sys.executable).parent
TARGETS = {"p95_ms_max": 300.0, "errors_max": 0}
WAIT = (1.0, 3.0)  # seconds between two actions of a user

# (username, province code) of the provincial secretaries the bench adds to the demo's.
BENCH_SECRETARIES = [
    ("bench_casablanca", "06.141"),
    ("bench_marrakech", "07.351"),
    ("bench_fes", "03.231"),
    ("bench_rabat", "04.421"),
]
BENCH_PASSWORD = "bench-load-password-2026"
# Share of the users per kind of account (provincial accounts share theirs equally).
SHARES = {"provincial": 0.78, "local": 0.12, "national": 0.10}
MEMBERS_PER_ACCOUNT = 2000
CIN_PREFIXES = ("ZY", "ZX", "ZW", "ZV")  # not prefixes of the generated rolls nor of the demo
CINS_PER_RUN = 100_000  # room for the members one run enrols, with a wide margin


def log(message: str) -> None:
    print(f"[bench-load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    return members_bench.percentile(values, share)


# ---------------------------------------------------------------------------------------------
# 1. The data set
# ---------------------------------------------------------------------------------------------


def dataset_state(url: str, rows: int) -> dict | None:
    """People and finished imports in the bench database, or None when it is absent or empty."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(url)["dbname"]
    with members_bench.server_connect(url, "postgres") as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return None
    try:
        with members_bench.server_connect(url) as conn:
            people = conn.execute("SELECT count(*) FROM people_person").fetchone()[0]
            imported = conn.execute(
                "SELECT coalesce(max(created), 0) FROM people_rollimport WHERE status = 'done' AND NOT dry_run"
            ).fetchone()[0]
    except psycopg.Error:
        return None
    return {"people": people, "imported": imported, "complete": imported >= rows}


def dataset_ensure(url: str, rows: int, rebuild: bool) -> dict:
    state = None if rebuild else dataset_state(url, rows)
    if state and state["complete"]:
        log(f"reusing {url}: {state['people']} people (an import of {state['imported']} rows)")
        members_bench.manage(url, "migrate", "--noinput")
        members_bench.manage(url, "demo_load")
        return {"reused": True, "build_s": 0.0, **state}
    log(f"building the data set in {url}: {rows} members (drop, create, migrate, load, import)")
    started = time.perf_counter()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    roll, _generate_s = members_bench.roll_ensure(rows, members_bench.SEED)
    members_bench.database_recreate(url)
    members_bench.manage(url, "migrate", "--noinput")
    members_bench.manage(url, "territory_load")
    members_bench.manage(url, "demo_load")
    members_bench.tanzim_import(url, roll)
    members_bench.vacuum_analyze(url)  # statistics before the setup probes the roll
    state = dataset_state(url, rows) or {}
    return {"reused": False, "build_s": round(time.perf_counter() - started, 1), **state}


# ---------------------------------------------------------------------------------------------
# 2. Accounts and the plan (in a Django process on the bench database)
# ---------------------------------------------------------------------------------------------


def phase_setup(args: argparse.Namespace) -> dict:
    members_bench.django_setup()
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from tanzim.access import totp
    from tanzim.access.models import Profile, TotpDevice
    from tanzim.access.queries import members_visible
    from tanzim.access.scope import scope_for
    from tanzim.access.services import api_token_issue, totp_enrol_confirm
    from tanzim.organs.models import Mandate, Organ
    from tanzim.organs.services import mandate_record, organ_create
    from tanzim.people.models import Membership, Person
    from tanzim.people.services import person_create
    from tanzim.territory.models import Territory
    from tanzim.territory.queries import territory_resolve

    sys.path.insert(0, str(ROOT / "bench"))
    import generate_roll

    rng = random.Random(2026)
    with transaction.atomic():
        for username, code in BENCH_SECRETARIES:
            province = Territory.objects.get(code=code)
            organ = Organ.objects.filter(kind="provincial_secretariat", territory=province).first()
            if organ is None:
                organ = organ_create(
                    kind="provincial_secretariat",
                    territory=province,
                    name_ar=f"الأمانة الإقليمية ب{province.name_ar}",
                    name_fr=f"Secrétariat provincial de {province.name_fr}",
                    source="bench/load.py",
                )
            user = User.objects.filter(username=username).first() or User.objects.create_user(
                username=username, password=BENCH_PASSWORD
            )
            profile, _created = Profile.objects.get_or_create(user=user)
            if profile.person_id is None:
                person = person_create(
                    full_name_ar=f"الكاتب الإقليمي {province.name_ar}",
                    full_name_latin=f"Secrétaire provincial {province.name_fr}",
                    home=province,
                    source="bench/load.py",
                )
                profile.person = person
                profile.save(update_fields=["person"])
            if not Mandate.objects.current().filter(person_id=profile.person_id, organ=organ).exists():
                mandate_record(
                    person=profile.person,
                    organ=organ,
                    role="secretary",
                    how="elected",
                    start=datetime.date(2024, 1, 15),
                    title_ar="الكاتب الإقليمي",
                    title_fr="Secrétaire provincial",
                    source="bench/load.py",
                )

    demo_provincial = ["najjari", "limouri"]
    provincial = demo_provincial + [username for username, _code in BENCH_SECRETARIES]
    kinds = {**dict.fromkeys(provincial, "provincial"), "laaziri": "local", "admin": "national"}
    weights = _weights(kinds, args.users)

    # The national admin signs in with a two-factor code, as production requires.
    admin = User.objects.get(username="admin")
    device = TotpDevice.objects.filter(user=admin).first()
    if device is None:
        secret = totp.secret_new()
        totp_enrol_confirm(user=admin, secret=secret, code=totp.code_at(secret), address=None)
        device = TotpDevice.objects.get(user=admin)

    last_names = [(ar, latin[0]) for ar, latin in generate_roll.LAST_NAMES]
    first_names = [(ar, latin[0]) for ar, latin in generate_roll.FIRST_NAMES_M + generate_roll.FIRST_NAMES_F]
    accounts = []
    for username, kind in kinds.items():
        user = User.objects.get(username=username)
        if username in provincial and username not in demo_provincial:
            user.set_password(BENCH_PASSWORD)
            user.save(update_fields=["password"])
        scope = scope_for(user)
        person_id = Profile.objects.filter(user=user).values_list("person_id", flat=True).first()
        own = (
            Mandate.objects.current()
            .filter(person_id=person_id)
            .select_related("organ__territory")
            .order_by("organ__territory__depth")
            .first()
        )
        if own is not None:
            organ, territory = own.organ, own.organ.territory
        else:  # the national admin: the general secretariat, the whole country
            organ = Organ.objects.filter(kind="general_secretariat").first()
            territory = Territory.objects.get(code="MA")
        visible = members_visible(user)
        top = visible.order_by("-pk").values_list("pk", flat=True).first() or 0
        ids: set[int] = set()
        for _probe in range(300):
            if len(ids) >= MEMBERS_PER_ACCOUNT or not top:
                break
            # Random probes into the id range, kept when inside the territory: a fair sample of it.
            probe = [rng.randint(1, top) for _ in range(5000)]
            ids.update(
                visible.filter(pk__in=probe).values_list("pk", flat=True)[: MEMBERS_PER_ACCOUNT - len(ids)]
            )
        active = list(visible.filter(pk__in=ids, status="active").values_list("pk", flat=True))
        communes = list(
            Territory.objects.filter(scope.q("path"), level__in=["commune", "arrondissement"]).order_by("?")[
                :40
            ]
        )
        enrol_communes = [
            c.name_ar
            for c in communes
            if [
                t
                for t in territory_resolve(c.name_ar, levels=["commune", "arrondissement"])
                if scope.contains(t)
            ]
            == [c]
        ][:10]
        territories = list(
            Territory.objects.filter(scope.q("path"), depth__lte=territory.depth + 1)
            .order_by("?")
            .values_list("code", flat=True)[:20]
        )
        accounts.append(
            {
                "username": username,
                "kind": kind,
                "weight": weights[username],
                "password": BENCH_PASSWORD if username.startswith("bench_") else args.demo_password,
                "totp_secret": device.secret if username == "admin" else "",
                "totp_last_step": device.last_step if username == "admin" else 0,
                "token": api_token_issue(user=user, label="bench-load", valid_for=datetime.timedelta(days=1)),
                "organ_id": organ.pk,
                "territory": territory.code,
                "territories": territories or [territory.code],
                "communes": [c.name_ar for c in communes[:20]],
                "enrol_communes": enrol_communes,
                "members": sorted(active),
                "members_in_scope": visible.count(),
            }
        )
        log(
            f"{username:<17} {kind:<10} {weights[username]:>3} users, {accounts[-1]['members_in_scope']:>7} "
            f"members in scope, {len(active)} sampled, {len(enrol_communes)} communes to enrol in"
        )

    # New members get CINs in a two-letter series of no roll and no demo, after the last one used.
    for prefix in CIN_PREFIXES:
        used = Person.objects.filter(cin__startswith=prefix).values_list("cin", flat=True)
        numbers = [int(cin[len(prefix) :]) for cin in used if cin[len(prefix) :].isdigit()]
        highest = max(numbers, default=0)
        if highest + CINS_PER_RUN <= 999_999:
            break
    else:
        raise SystemExit("the bench's CIN series are used up: run with --rebuild")
    return {
        "accounts": accounts,
        "search": [
            f"{first} {last}" for (first, _l1), (last, _l2) in zip(first_names, last_names, strict=False)
        ]
        + [latin for _ar, latin in last_names[:10]],
        "first_names": first_names,
        "last_names": last_names,
        "cin_prefix": prefix,
        "cin_base": highest + 1,
        "today": timezone.localdate().isoformat(),
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
    }


def _weights(kinds: dict[str, str], users: int) -> dict[str, int]:
    """Users per account: SHARES split between the kinds, equally inside a kind, summing to `users`."""
    raw: dict[str, float] = {}
    for kind, share in SHARES.items():
        names = [name for name, k in kinds.items() if k == kind]
        for name in names:
            raw[name] = users * share / len(names)
    weights = {name: int(value) for name, value in raw.items()}
    for name in sorted(raw, key=lambda n: raw[n] - weights[n], reverse=True)[: users - sum(weights.values())]:
        weights[name] += 1
    return weights


# ---------------------------------------------------------------------------------------------
# 3–4. gunicorn, sign-in, warm-up
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(url: str) -> dict[str, str]:
    env = members_bench.django_env(url)
    env.update(
        TANZIM_ALLOWED_HOSTS="127.0.0.1,localhost",
        TANZIM_SSL_REDIRECT="0",
        TANZIM_SECURE_COOKIES="0",
        TANZIM_HSTS_SECONDS="0",
        TANZIM_LOG_LEVEL="WARNING",
        # As docs/operations.md sets it up: the workers share cached figures (emptied before a run).
        TANZIM_CACHE_DIR=str(CACHE_DIR),
    )
    return env


def gunicorn_start(url: str, port: int, workers: int) -> subprocess.Popen:
    log_path = BENCH_DIR / "gunicorn.log"
    args = [
        str(VENV_BIN / "gunicorn"),
        "tanzim.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--max-requests",
        "2000",
        "--error-logfile",
        str(log_path),
        "--access-logfile",
        str(ACCESS_LOG),
        "--access-logformat",
        "%(m)s|%(U)s|%(q)s|%(s)s|%(D)s",  # D: microseconds spent in the worker
    ]
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    process = subprocess.Popen(args, cwd=ROOT, env=server_env(url), start_new_session=True)
    deadline = time.monotonic() + 60
    import requests

    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped ({process.returncode}): see {log_path}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).status_code == 200:
                return process
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


ACCESS_LOG = BENCH_DIR / "gunicorn-access.log"
CACHE_DIR = BENCH_DIR / "cache"


def endpoint_of(method: str, path: str, query: str) -> str:
    """The locust name of a request, from gunicorn's access log."""
    if path.startswith("/api/"):
        return "api " + path.split("/")[2]
    if re.fullmatch(r"/organs/\d+/", path):
        return "org chart"
    if path.startswith("/territory/"):
        return "territory page"
    if path == "/members/new/":
        return "enrol member"
    if re.fullmatch(r"/members/\d+/dues/", path):
        return "record dues"
    if re.fullmatch(r"/members/\d+/status/", path):
        return "change status"
    if re.fullmatch(r"/members/\d+/", path):
        return "member page"
    if path == "/members/":
        if "q=" in query:
            return "member search"
        return "member list (status + commune)" if "status=" in query else "member list (page)"
    return f"other {method} {path}"


def server_times() -> dict:
    """Time spent in the gunicorn workers (no waiting in the listen queue), from the access log
    of the locust run: what the application costs, apart from waiting for a free worker or CPU."""
    by_name: dict[str, list[float]] = {}
    for line in ACCESS_LOG.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("|")
        if len(parts) != 5 or not parts[4].isdigit():
            continue
        method, path, query, _status, micros = parts
        by_name.setdefault(endpoint_of(method, path, query), []).append(int(micros) / 1000)
    every = [ms for values in by_name.values() for ms in values]
    if not every:
        return {}
    return {
        "requests": len(every),
        "p50_ms": round(percentile(every, 0.50), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "p99_ms": round(percentile(every, 0.99), 1),
        "endpoints": {
            name: {
                "p50_ms": round(percentile(values, 0.50), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
                "max_ms": round(max(values), 1),
            }
            for name, values in sorted(by_name.items())
        },
    }


def gunicorn_stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def sign_in(base: str, account: dict) -> dict[str, str]:
    """The real login pages: password, then (admin) the two-factor code; returns the cookies."""
    import requests

    sys.path.insert(0, str(ROOT))
    from tanzim.access import totp

    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    form = {
        "username": account["username"],
        "password": account["password"],
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    answer = session.post(f"{base}/accounts/login/", data=form, allow_redirects=False, timeout=60)
    if answer.status_code != 302:
        raise SystemExit(f"login of {account['username']} refused ({answer.status_code})")
    if answer.headers["Location"].startswith("/accounts/login/code/"):
        # A code works once: take the first step after the last one accepted (the enrolment's, or a
        # previous run's), waiting for it when it is beyond the next one (the ±1 window).
        step = max(totp.step_at(), account["totp_last_step"] + 1)
        while step > totp.step_at() + 1:
            time.sleep(1)
        answer = session.post(
            f"{base}/accounts/login/code/",
            data={
                "code": totp.hotp(account["totp_secret"], step),
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            raise SystemExit(f"two-factor code of {account['username']} refused ({answer.status_code})")
    home = session.get(f"{base}/members/", allow_redirects=False, timeout=60)
    if home.status_code != 200:
        raise SystemExit(f"{account['username']} is not signed in ({home.status_code})")
    return {"sessionid": session.cookies["sessionid"], "csrftoken": session.cookies["csrftoken"]}


def warm_up(base: str, plan: dict) -> None:
    """Every kind of read once per account (templates compiled, caches and connections opened in
    the workers), not measured."""
    import requests

    for _round in range(2):
        for account in plan["accounts"]:
            cookies = account["cookies"]
            bearer = {"Authorization": f"Bearer {account['token']}"}
            for url in (
                f"/organs/{account['organ_id']}/",
                f"/territory/{account['territory']}/",
                f"/members/?status=active&territory={account['communes'][0]}",
                "/members/",
                f"/members/?q={plan['search'][0]}",
                f"/members/{account['members'][0]}/",
            ):
                requests.get(base + url, cookies=cookies, timeout=120)
            for url in ("/api/territories", "/api/organs", "/api/mandates"):
                requests.get(base + url, headers=bearer, timeout=120)


# ---------------------------------------------------------------------------------------------
# 5–6. locust and the results
# ---------------------------------------------------------------------------------------------


def locust_run(
    base: str, plan_path: Path, samples_path: Path, users: int, seconds: int, spawn_rate: int
) -> None:
    # Spawning, then one longest pause before the window opens (bench/locustfile.py).
    wait_max = json.loads(plan_path.read_text(encoding="utf-8"))["wait_max"]
    ramp = users // spawn_rate + 2 + math.ceil(wait_max)
    args = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds + ramp}s",
        "--host",
        base,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "BENCH_LOAD_PLAN": str(plan_path), "BENCH_LOAD_SAMPLES": str(samples_path)}
    with open(BENCH_DIR / "locust.log", "w") as out:
        done = subprocess.run(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    # locust exits 1 when some requests failed: the figures say so, it is not a crash.
    if done.returncode not in (0, 1) or not samples_path.is_file():
        raise SystemExit(f"locust failed ({done.returncode}): see {BENCH_DIR / 'locust.log'}")


def pause_run(
    base: str, plan: dict, pause: tuple[float, float], args: argparse.Namespace, index: int
) -> dict:
    """The same users on the same server with another pause between two actions: how the answer
    times follow the offered load (fewer requests per second as the pause grows)."""
    # Enrolments of this run take CINs further in the series than the main run's (a few hundred).
    plan = {**plan, "wait_min": pause[0], "wait_max": pause[1], "cin_base": plan["cin_base"] + 10_000 * index}
    plan_path = BENCH_DIR / "load-plan-sweep.json"
    samples_path = BENCH_DIR / "load-samples-sweep.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    samples_path.unlink(missing_ok=True)
    ACCESS_LOG.write_text("")
    log(f"locust: {args.users} users, {args.seconds} s, a pause of {pause[0]}–{pause[1]} s")
    locust_run(base, plan_path, samples_path, args.users, args.seconds, args.spawn_rate)
    recorded = json.loads(samples_path.read_text(encoding="utf-8"))
    times = [ms for _name, ms, _failed, _at in recorded["samples"]]
    failed = sum(failed for _name, _ms, failed, _at in recorded["samples"])
    window = recorded["stopped"] - recorded["started"]
    figures = summary(times, failed) if times else {"requests": 0, "errors": 0}
    return {
        "pause_s": list(pause),
        "users": args.users,
        "seconds": round(window, 1),
        "requests_per_s": round(len(times) / window, 1) if window else 0.0,
        **figures,
        "in_workers_p50_ms": server_times().get("p50_ms"),
        "p95_target_met": bool(times) and figures["p95_ms"] <= TARGETS["p95_ms_max"] and failed == 0,
        "endpoints_p95_ms": {
            name: round(percentile(values, 0.95), 1) for name, values in sorted(_by_name(recorded).items())
        },
    }


def _by_name(recorded: dict) -> dict[str, list[float]]:
    by_name: dict[str, list[float]] = {}
    for name, ms, _failed, _at in recorded["samples"]:
        by_name.setdefault(name, []).append(ms)
    return by_name


def _pauses(text: str) -> list[tuple[float, float]]:
    """'3-7,5-15' → [(3.0, 7.0), (5.0, 15.0)]; '' → []."""
    pauses = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        low, _sep, high = part.partition("-")
        pauses.append((float(low), float(high or low)))
    return pauses


def summary(times: list[float], failed: int) -> dict:
    return {
        "requests": len(times),
        "errors": failed,
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
    }


def _category(cmdline: str, database: str) -> str:
    if "gunicorn" in cmdline and "tanzim.wsgi" in cmdline:
        return "gunicorn"
    if cmdline.startswith("postgres:"):
        if f" {database} " in cmdline or "parallel worker" in cmdline:
            return "postgres_bench"
        if "127.0.0.1(" in cmdline or "[local]" in cmdline:
            return "others"  # a session on another database: somebody else's work
        return "postgres_server"  # WAL writer, checkpointer, background writer…
    return "others"


def cpu_snapshot(database: str) -> dict:
    """CPU seconds so far of every process (by category, see `_category`), of the children this
    process waited for (locust), and of the whole machine."""
    import resource

    import psutil

    processes: dict[int, tuple[str, float]] = {}
    for process in psutil.process_iter(["cmdline", "cpu_times"]):
        with contextlib.suppress(psutil.Error, TypeError):
            cmdline = " ".join(process.info["cmdline"] or [])
            used = process.info["cpu_times"].user + process.info["cpu_times"].system
            processes[process.pid] = (_category(cmdline, database), used)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine = psutil.cpu_times()
    busy = sum(getattr(machine, field, 0.0) for field in ("user", "system", "nice", "irq", "softirq"))
    return {"processes": processes, "locust": children.ru_utime + children.ru_stime, "machine": busy}


def cpu_used(before: dict, after: dict, elapsed: float) -> dict[str, float]:
    """Cores used in the window, per category. Processes that started and ended inside the window
    (PostgreSQL's parallel workers, for one) are only in `unattributed`; `others` is what other
    programs on the machine used (other test runs): near zero for a clean measure."""
    totals = {"gunicorn": 0.0, "postgres_bench": 0.0, "postgres_server": 0.0, "others": 0.0}
    for pid, (category, used) in after["processes"].items():
        _was, used_before = before["processes"].get(pid, (category, 0.0))
        totals[category] += max(used - used_before, 0.0)
    totals["locust"] = after["locust"] - before["locust"]
    totals["machine"] = after["machine"] - before["machine"]
    totals["unattributed"] = totals["machine"] - sum(
        value for key, value in totals.items() if key not in ("machine",)
    )
    return {key: round(value / elapsed, 2) for key, value in totals.items()}


def run(args: argparse.Namespace) -> dict:
    import psutil

    url = args.database_url
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    dataset = dataset_ensure(url, args.rows, args.rebuild)

    log("accounts, tokens and samples")
    plan = _phase_setup(url, args)
    dataset["vacuum_analyze_s"] = vacuum_analyze(url)
    tuning = pg_tune(url, apply=args.pg_tuning)
    plan["wait_min"], plan["wait_max"] = args.wait_min, args.wait_max

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log(f"gunicorn: {args.workers} workers on {base}")
    server = gunicorn_start(url, port, args.workers)
    try:
        for account in plan["accounts"]:
            account["cookies"] = sign_in(base, account)
        log("signed in: " + ", ".join(a["username"] for a in plan["accounts"]))
        warm_up(base, plan)
        plan_path = BENCH_DIR / "load-plan.json"
        samples_path = BENCH_DIR / "load-samples.json"
        plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        samples_path.unlink(missing_ok=True)
        ACCESS_LOG.write_text("")  # gunicorn appends (O_APPEND): the log now holds the run only
        speed_before = python_speed_s()
        load_before = os.getloadavg()
        database = url.rsplit("/", 1)[-1]
        cpu_before, wall_before = cpu_snapshot(database), time.time()
        log(f"locust: {args.users} users, {args.seconds} s, a pause of {args.wait_min}–{args.wait_max} s")
        locust_run(base, plan_path, samples_path, args.users, args.seconds, args.spawn_rate)
        cpu_after, wall_after = cpu_snapshot(database), time.time()
        rss = sum(
            p.memory_info().rss
            for p in [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
        )
        in_workers = server_times()
        speed_after = python_speed_s()
        sweep = [
            pause_run(base, plan, pause, args, index)
            for index, pause in enumerate(
                (p for p in args.sweep if p != (args.wait_min, args.wait_max)), start=1
            )
        ]
    finally:
        gunicorn_stop(server)

    recorded = json.loads(samples_path.read_text(encoding="utf-8"))
    samples = recorded["samples"]
    if not samples:
        raise SystemExit("no request was measured: see var/bench/locust.log")
    window = recorded["stopped"] - recorded["started"]
    times = [ms for _name, ms, _failed, _at in samples]
    failed = sum(failed for _name, _ms, failed, _at in samples)
    by_name: dict[str, tuple[list[float], int]] = {}
    for name, ms, was_failed, _at in samples:
        entry = by_name.setdefault(name, ([], 0))
        entry[0].append(ms)
        by_name[name] = (entry[0], entry[1] + was_failed)
    overall = summary(times, failed)
    elapsed = wall_after - wall_before
    cpu = cpu_used(cpu_before, cpu_after, elapsed)
    errors_log = (BENCH_DIR / "locust.log").read_text(encoding="utf-8", errors="replace")
    result = {
        "users": args.users,
        "seconds": round(window, 1),
        "requests": overall["requests"],
        "errors": overall["errors"],
        "p50_ms": overall["p50_ms"],
        "p95_ms": overall["p95_ms"],
        "p99_ms": overall["p99_ms"],
        "max_ms": overall["max_ms"],
        "mean_ms": overall["mean_ms"],
        "requests_per_s": round(overall["requests"] / window, 1),
        "targets": {
            "p95_ms": {
                "max": TARGETS["p95_ms_max"],
                "value": overall["p95_ms"],
                "met": overall["p95_ms"] <= TARGETS["p95_ms_max"],
            },
            "errors": {
                "max": TARGETS["errors_max"],
                "value": overall["errors"],
                "met": overall["errors"] <= TARGETS["errors_max"],
            },
        },
        "endpoints": {name: summary(ms, f) for name, (ms, f) in sorted(by_name.items())},
        "in_workers": in_workers,
        "pause_sweep": sweep,
        "scenario": {
            "pause_s": [args.wait_min, args.wait_max],
            "accounts": {
                a["username"]: {
                    "kind": a["kind"],
                    "users": a["weight"],
                    "members_in_scope": a["members_in_scope"],
                }
                for a in plan["accounts"]
            },
            "sessions": "one per account, shared by its users (like tabs); admin signed in with a TOTP code",
            "spawn_rate_per_s": args.spawn_rate,
            "warm_up": "every read once per account, twice, before the window",
        },
        "server": {
            "gunicorn_workers": args.workers,
            "worker_class": "sync",
            "settings": "TANZIM_DEBUG=0, CONN_MAX_AGE=60 with health checks, a cache shared by the workers "
            "(TANZIM_CACHE_DIR), plain HTTP on 127.0.0.1",
            "rss_mb_at_end": round(rss / 2**20, 1),
            "postgres_tuning": tuning,
        },
        "cpu_cores_used": cpu,
        # What one request costs the application in CPU (every request gunicorn answered during the
        # run, warm-up excluded): unlike p95, it does not blow up when the machine is saturated.
        "gunicorn_cpu_ms_per_request": round(cpu["gunicorn"] * elapsed / in_workers["requests"] * 1000, 1)
        if in_workers.get("requests")
        else None,
        "cpu_cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "python_speed_s": {"before": speed_before, "after": speed_after},
        "dataset": {
            "database": url.rsplit("/", 1)[-1],
            "people": plan["people"],
            "memberships": plan["memberships"],
            **{key: value for key, value in dataset.items() if key != "people"},
        },
        "locust_failures": [line for line in errors_log.splitlines() if "Error" in line or "Failure" in line][
            :20
        ],
        # A copy of the tree (git archive) has no repository: BENCH_COMMIT names its commit.
        "commit": os.environ.get("BENCH_COMMIT") or members_bench.git_commit(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": members_bench.machine(url),
    }
    return result


# The PostgreSQL settings of docs/operations.md for a small machine, set on the bench database only
# (ALTER DATABASE: other databases of the server keep theirs).
PG_TUNING = {"random_page_cost": "1.1", "max_parallel_workers_per_gather": "0"}


def pg_tune(url: str, *, apply: bool) -> dict[str, str]:
    """PG_TUNING on the bench database (or back to the server's settings)."""
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(url)["dbname"]
    with members_bench.server_connect(url, "postgres") as conn:
        for setting, value in PG_TUNING.items():
            statement = "ALTER DATABASE {} SET {} = {}" if apply else "ALTER DATABASE {} RESET {}"
            conn.execute(
                sql.SQL(statement).format(sql.Identifier(name), sql.Identifier(setting), sql.Literal(value))
            )
    return dict(PG_TUNING) if apply else {}


def vacuum_analyze(url: str) -> float:
    """VACUUM ANALYZE, as production's autovacuum does after an import or new accounts (this
    server runs with autovacuum off): statistics for the planner, and a visibility map so that
    index-only scans stay index-only. Small tables matter as much as big ones: a profile added
    after the last ANALYZE once made the planner walk the whole people table on every request."""
    with members_bench.server_connect(url) as conn:
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
    log(f"VACUUM ANALYZE: {elapsed:.1f} s")
    return round(elapsed, 1)


def _phase_setup(url: str, args: argparse.Namespace) -> dict:
    """Run `phase_setup` in a Django process on the bench database; its JSON plan."""
    out = BENCH_DIR / "phase-load-setup.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable,
        __file__,
        "--phase",
        "setup",
        "--phase-out",
        str(out),
        "--users",
        str(args.users),
        "--demo-password",
        args.demo_password,
    ]
    done = subprocess.run(command, env=members_bench.django_env(url), cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"setup failed ({done.returncode})")
    return json.loads(out.read_text(encoding="utf-8"))


def python_speed_s() -> float:
    """Seconds one core takes for a fixed piece of pure Python (dicts, strings, small objects: what a
    request does most), best of three, in this interpreter. This machine is shared: the same figure
    has moved by more than half within a morning, and with it every time the bench measures; runs
    are comparable only next to it."""

    def work() -> int:
        rows = {str(i): (i, {"n": i}) for i in range(200_000)}
        return sum(len(key) + value[0] + value[1]["n"] for key, value in rows.items())

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return round(min(timings), 3)


def earlier_runs(path: Path, keep: int = 6) -> list[dict]:
    """The main figures of the runs before this one (from the file about to be replaced): on a
    shared machine they move with its load, and one run alone says little."""
    if not path.is_file():
        return []
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return []
    keys = ("date", "commit", "users", "seconds", "requests", "errors", "p50_ms", "p95_ms", "p99_ms")
    summary_of_previous = {key: previous.get(key) for key in keys}
    summary_of_previous["requests_per_s"] = previous.get("requests_per_s")
    summary_of_previous["pause_s"] = previous.get("scenario", {}).get("pause_s")
    summary_of_previous["cpu_cores_used"] = previous.get("cpu_cores_used")
    summary_of_previous["load_average_before"] = previous.get("load_average_before")
    summary_of_previous["python_speed_s"] = previous.get("python_speed_s")
    summary_of_previous["gunicorn_cpu_ms_per_request"] = previous.get("gunicorn_cpu_ms_per_request")
    return [summary_of_previous, *previous.get("earlier_runs", [])][:keep]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 100)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--rows", type=int, default=1_000_000, help="members in the data set")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument(
        "--rebuild",
        action="store_true",
        default=os.environ.get("BENCH_REBUILD", "") not in ("", "0"),
        help="build the data set again even when it is there (BENCH_REBUILD=1)",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--wait-min", type=float, default=WAIT[0])
    parser.add_argument("--wait-max", type=float, default=WAIT[1])
    parser.add_argument("--spawn-rate", type=int, default=50)
    parser.add_argument(
        "--sweep",
        type=_pauses,
        default=_pauses(os.environ.get("LOAD_SWEEP", "3-7,5-15")),
        help="after the main run, the same users with these other pauses, in seconds "
        "(LOAD_SWEEP; default '3-7,5-15'; '' for none): pause_sweep in the results",
    )
    parser.add_argument(
        "--no-pg-tuning",
        dest="pg_tuning",
        action="store_false",
        help="leave the bench database with the server's settings (default: random_page_cost 1.1, "
        "no parallel workers, as docs/operations.md advises for a small machine)",
    )
    parser.add_argument("--demo-password", default="tanzim-demo-2026")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--phase", choices=["setup"], help=argparse.SUPPRESS)
    parser.add_argument("--phase-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        args.phase_out.write_text(json.dumps(phase_setup(args), ensure_ascii=False), encoding="utf-8")
        return
    result = run(args)
    result["earlier_runs"] = earlier_runs(args.out)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    log(f"written to {args.out}")


if __name__ == "__main__":
    main()
