"""Members benchmark on PostgreSQL: roll import vs raw COPY vs a per-row ORM loop, peak RSS, search.

A benchmark, not a test: it stays out of `make test` and CI. One run, one fresh database:

    make bench-members                     # 1,000,000 rows → bench/results/members.json
    make bench-members ROWS=50000          # a quick run
    .venv/bin/python bench/members.py --rows 50000 --out var/bench/members-50000.json

Steps (all in the database `tanzim_bench`, dropped and created again, UTF-8 from template0):

1. setup: migrate, territory_load, demo_load; the roll (bench/generate_roll.py, seed 2026) goes to
   var/bench/ and is reused when present;
2. raw_copy_s: `COPY … FROM STDIN (FORMAT csv, HEADER)` of the same file into an unindexed table of
   text columns, streamed in 1 MB chunks (psycopg 3), committed — the floor of any import;
3. tanzim_import_s: `manage.py people_import_roll FILE --user admin --no-progress` in a subprocess,
   wall time (Django start-up included); its peak RSS by polling psutil (the process and its
   children, every 0.1 s) and, as a cross-check, the kernel's ru_maxrss of the process (os.wait4);
   then `VACUUM ANALYZE` (vacuum_analyze_s, not counted in the import), as autovacuum would do in
   production: planner statistics, and a visibility map so that index-only scans stay index-only;
4. orm_row_s: a 20,000-row sample of a roll generated with another seed (no CIN in common with the
   main roll), one row at a time through `person_create` + `membership_enroll` (one transaction per
   row, communes resolved with the import's cached `CommuneResolver`), in the database the import
   filled; extrapolated linearly to `rows`;
5. search: 1,000 queries made from people of the roll with misspellings (other Latin spellings,
   ه/ة, hamza, no "ال", a dropped or doubled letter, "last first" order), through `people_search`
   over `Person.objects.all()` (national scope), p50/p95 wall time per call; recall@10; then 1,000
   `Person.objects.get(pk=…)`.

The Django processes run with TANZIM_DEBUG=0 (no SQL logging, as in production).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "members.json"
DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tanzim_bench")
SEED = 2026
ORM_SEED = 2027
TARGETS = {
    "import_vs_copy_max": 3.0,
    "orm_vs_import_min": 20.0,
    "peak_rss_mb_max": 300.0,
    "search_p95_ms_max": 50.0,
}
MISSPELLINGS = (
    "latin_variant",
    "latin_drop_letter",
    "latin_double_letter",
    "arabic_ta_marbuta",
    "arabic_hamza",
    "arabic_no_al",
    "arabic_drop_letter",
    "arabic_double_letter",
)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 1,000 values: the 950th smallest)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def roll_path(rows: int, seed: int) -> Path:
    return BENCH_DIR / f"roll-{rows}-seed{seed}.csv"


def roll_ensure(rows: int, seed: int) -> tuple[Path, float]:
    """The roll file (generated once per rows+seed; a `.done` marker guards half-written files)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate_roll import generate

    path = roll_path(rows, seed)
    marker = path.with_suffix(".done")
    if path.is_file() and marker.is_file():
        return path, 0.0
    started = time.perf_counter()
    generate(rows, path, seed=seed)
    marker.write_text(f"{rows} {seed}\n")
    return path, time.perf_counter() - started


def django_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="tanzim.settings",
        TANZIM_DEBUG="0",
        TANZIM_SECRET_KEY="bench-only-secret-key-not-used-for-anything-0123456789abcdef",
        TANZIM_MEDIA_ROOT=str(BENCH_DIR / "media"),
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(url: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=django_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def phase(url: str, name: str, **options) -> dict:
    """Run a phase of this script in a Django process on the bench database; its JSON result."""
    out = BENCH_DIR / f"phase-{name}.json"
    out.unlink(missing_ok=True)
    args = [sys.executable, __file__, "--phase", name, "--phase-out", str(out)]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(args, env=django_env(url), cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"phase {name} failed ({done.returncode})")
    return json.loads(out.read_text())


def server_connect(url: str, dbname: str | None = None):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    info = conninfo_to_dict(url)
    if dbname:
        info["dbname"] = dbname
    return psycopg.connect(make_conninfo(**info), autocommit=True)


def database_recreate(url: str) -> None:
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(url)["dbname"]
    with server_connect(url, "postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name))
        )


# ---------------------------------------------------------------------------------------------
# Measures run by the driver
# ---------------------------------------------------------------------------------------------


def raw_copy(url: str, path: Path) -> float:
    with open(path, encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = ", ".join(f"c{i} text" for i in range(len(header)))
    with server_connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw_copy")
        conn.execute(f"CREATE TABLE bench_raw_copy ({columns})")
        started = time.perf_counter()
        with (
            conn.transaction(),
            conn.cursor() as cursor,
            cursor.copy("COPY bench_raw_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
            open(path, "rb") as handle,
        ):
            while chunk := handle.read(1024 * 1024):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM bench_raw_copy").fetchone()[0]
        conn.execute("DROP TABLE bench_raw_copy")
    log(f"raw COPY: {count} rows in {elapsed:.1f} s")
    return elapsed


def tree_rss(process) -> int:
    import psutil

    total = 0
    for proc in (process, *process.children(recursive=True)):
        with contextlib.suppress(psutil.Error):  # a child that just ended
            total += proc.memory_info().rss
    return total


def tanzim_import(url: str, path: Path) -> dict:
    import psutil

    args = [sys.executable, str(ROOT / "manage.py"), "people_import_roll", str(path)]
    args += ["--user", "admin", "--no-progress"]
    out_path = BENCH_DIR / "import-output.txt"
    started = time.perf_counter()
    with open(out_path, "w") as out:
        child = subprocess.Popen(args, env=django_env(url), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        process = psutil.Process(child.pid)
        peak = [0]
        stop = threading.Event()

        def poll() -> None:
            while not stop.is_set():
                try:
                    peak[0] = max(peak[0], tree_rss(process))
                except psutil.Error:
                    return
                stop.wait(0.1)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        poller.join()
    output = out_path.read_text()
    if child.returncode:
        raise SystemExit(f"people_import_roll failed ({child.returncode}):\n{output}")
    log(f"import: {elapsed:.1f} s — {output.strip().splitlines()[-1] if output.strip() else ''}")
    return {
        "seconds": elapsed,
        "peak_rss_mb": peak[0] / 2**20,
        "peak_rss_wait4_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
        "output": output.strip(),
    }


def vacuum_analyze(url: str) -> float:
    """Planner statistics for the new rows and the visibility map of the new pages, as autovacuum
    would make them soon after an import (the import does neither; on a server with autovacuum off,
    like this one, the planner would plan blind and every index-only scan would read the table too)."""
    with server_connect(url) as conn:
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
    log(f"VACUUM ANALYZE: {elapsed:.1f} s")
    return elapsed


def cins_disjoint(main: Path, sample: Path) -> bool:
    def cins(path: Path):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            for row in reader:
                yield row[4]

    wanted = set(cins(sample))
    return not any(cin in wanted for cin in cins(main))


def machine(url: str) -> dict:
    import psutil

    with server_connect(url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        settings = dict(
            conn.execute(
                "SELECT name, setting || COALESCE(unit, '') FROM pg_settings WHERE name IN "
                "('shared_buffers', 'work_mem', 'maintenance_work_mem', 'synchronous_commit', 'fsync', "
                "'max_wal_size', 'effective_cache_size', 'autovacuum')"
            ).fetchall()
        )
    return {
        "cpus": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "postgres": version,
        "postgres_settings": settings,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def run(args: argparse.Namespace) -> dict:
    url = args.database_url
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    begun = time.perf_counter()

    log(f"roll of {args.rows} rows (seed {SEED})")
    roll, generate_s = roll_ensure(args.rows, SEED)
    seed = ORM_SEED
    while True:
        sample, sample_generate_s = roll_ensure(args.orm_sample, seed)
        if cins_disjoint(roll, sample):
            break
        seed += 1
    generate_s += sample_generate_s

    log(f"database {url}: drop, create, migrate, territory_load, demo_load")
    started = time.perf_counter()
    database_recreate(url)
    manage(url, "migrate", "--noinput")
    manage(url, "territory_load")
    manage(url, "demo_load")
    setup_s = time.perf_counter() - started

    raw_copy_s = raw_copy(url, roll)
    imported = tanzim_import(url, roll)
    vacuum_analyze_s = vacuum_analyze(url)
    log("search and primary-key look-ups")
    searched = phase(url, "search", file=roll, rows=args.rows, queries=args.queries)
    log(f"per-row ORM loop on {args.orm_sample} rows (seed {seed})")
    orm = phase(url, "orm", file=sample, rows=args.orm_sample)

    tanzim_import_s = imported["seconds"]
    orm_row_s = orm["seconds"] * args.rows / orm["rows"]
    import_vs_copy = tanzim_import_s / raw_copy_s
    orm_vs_import = orm_row_s / tanzim_import_s
    result = {
        "rows": args.rows,
        "tanzim_import_s": round(tanzim_import_s, 2),
        "raw_copy_s": round(raw_copy_s, 2),
        "orm_row_s": round(orm_row_s, 1),
        "orm_sample_rows": orm["rows"],
        "orm_sample_s": round(orm["seconds"], 2),
        "orm_ms_per_row": round(1000 * orm["seconds"] / orm["rows"], 3),
        "orm_queries_per_row": orm["queries_per_row"],
        "peak_rss_mb": round(imported["peak_rss_mb"], 1),
        "peak_rss_method": "psutil: RSS of the import process and its children, polled every 0.1 s",
        "peak_rss_wait4_mb": round(imported["peak_rss_wait4_mb"], 1),
        "search_p50_ms": round(searched["search_p50_ms"], 2),
        "search_p95_ms": round(searched["search_p95_ms"], 2),
        "search_max_ms": round(searched["search_max_ms"], 2),
        "search_queries": searched["queries"],
        "search_recall_at_10": searched["recall_at_10"],
        "search_person_recall_at_10": searched["person_recall_at_10"],
        "search_empty": searched["empty"],
        "search_by_kind": searched["by_kind"],
        "search_slowest": searched["slowest"],
        "pk_lookup_p50_ms": round(searched["pk_lookup_p50_ms"], 3),
        "pk_lookup_p95_ms": round(searched["pk_lookup_p95_ms"], 3),
        "import_vs_copy": round(import_vs_copy, 2),
        "orm_vs_import": round(orm_vs_import, 2),
        "import_rows_per_s": round(args.rows / tanzim_import_s),
        "targets": {
            "import_vs_copy": {
                "max": TARGETS["import_vs_copy_max"],
                "value": round(import_vs_copy, 2),
                "met": import_vs_copy <= TARGETS["import_vs_copy_max"],
            },
            "orm_vs_import": {
                "min": TARGETS["orm_vs_import_min"],
                "value": round(orm_vs_import, 2),
                "met": orm_vs_import >= TARGETS["orm_vs_import_min"],
            },
            "peak_rss_mb": {
                "max": TARGETS["peak_rss_mb_max"],
                "value": round(imported["peak_rss_mb"], 1),
                "met": imported["peak_rss_mb"] <= TARGETS["peak_rss_mb_max"],
            },
            "search_p95_ms": {
                "max": TARGETS["search_p95_ms_max"],
                "value": round(searched["search_p95_ms"], 2),
                "met": searched["search_p95_ms"] <= TARGETS["search_p95_ms_max"],
            },
        },
        "vacuum_analyze_s": round(vacuum_analyze_s, 1),
        "import_output": imported["output"],
        "people_in_database": searched["people"],
        "setup_s": round(setup_s, 1),
        "generate_s": round(generate_s, 1),
        "total_s": round(time.perf_counter() - begun, 1),
        "roll_file": str(roll.relative_to(ROOT)),
        "roll_bytes": roll.stat().st_size,
        "seed": SEED,
        "orm_seed": seed,
        "commit": git_commit(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(url),
    }
    return result


# ---------------------------------------------------------------------------------------------
# Phases run in a Django process (DATABASE_URL → the bench database)
# ---------------------------------------------------------------------------------------------


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def phase_orm(args: argparse.Namespace) -> dict:
    """The per-row path: person_create + membership_enroll, one transaction per row."""
    django_setup()
    from django.contrib.auth.models import User
    from django.db import connection, reset_queries, transaction

    from tanzim.people.imports.checking import CommuneResolver
    from tanzim.people.members import membership_enroll
    from tanzim.people.models import Gender, MemberStatus
    from tanzim.people.services import person_create
    from tanzim.territory.models import Territory

    admin = User.objects.get(username="admin")
    resolver = CommuneResolver()
    territories: dict[int, Territory] = {}
    with open(args.file, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [row for _, row in zip(range(args.rows), reader, strict=False)]
    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        for number, row in enumerate(rows, start=2):
            last_ar, first_ar, last_la, first_la, cin, phone, commune, province, birth, gender = row
            place = resolver.resolve(name=commune, province=province)
            if place.territory_id is None:
                raise SystemExit(f"row {number}: commune {commune!r} ({province}): {place.code}")
            home = territories.get(place.territory_id)
            if home is None:
                home = territories[place.territory_id] = Territory.objects.get(pk=place.territory_id)
            with transaction.atomic():
                person = person_create(
                    full_name_ar=f"{first_ar} {last_ar}",
                    full_name_latin=f"{first_la} {last_la}",
                    home=home,
                    commune=home,
                    gender=Gender.FEMALE if gender == "أنثى" else Gender.MALE,
                    birth_year=int(birth[-4:]),
                    phone=phone,
                    cin=cin,
                    source=f"bench ORM loop, row {number}",
                )
                membership_enroll(
                    person=person, by=admin, status=MemberStatus.ACTIVE, source=f"bench ORM, row {number}"
                )
    elapsed = time.perf_counter() - started
    reset_queries()
    return {
        "rows": len(rows),
        "seconds": elapsed,
        "queries_per_row": round(counter["queries"] / len(rows), 1),
    }


def _swap_letter(rng: random.Random, word: str, *, double: bool) -> str:
    """Drop (or double) one letter inside the word (never the first one)."""
    positions = [i for i in range(1, len(word)) if word[i].isalpha()]
    if not positions:
        return word
    i = rng.choice(positions)
    return word[: i + 1] + word[i:] if double else word[:i] + word[i + 1 :]


def _in_longest_word(text: str, change) -> str:
    words = text.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    words[i] = change(words[i])
    return " ".join(words)


def _ta_marbuta(text: str) -> str:
    """ة ↔ ه at the end of words (فاطمة → فاطمه, الحجيرة → الحجيره)."""
    words = []
    for word in text.split():
        if word.endswith("ة"):
            word = word[:-1] + "ه"
        elif word.endswith("ه"):
            word = word[:-1] + "ة"
        words.append(word)
    return " ".join(words)


HAMZA = str.maketrans("أإآ", "ااا")


def misspellings(row: list[str], spellings: dict[str, list[str]]) -> list[str]:
    """The kinds of misspelling that change this person's name."""
    last_ar, first_ar, last_la, _first_la = row[:4]
    name = f"{first_ar} {last_ar}"
    applies = {
        "latin_variant": len(spellings.get(last_ar, [])) > 1 or len(spellings.get(first_ar, [])) > 1,
        "latin_drop_letter": len(last_la) >= 4,
        "latin_double_letter": True,
        "arabic_ta_marbuta": _ta_marbuta(name) != name,
        "arabic_hamza": name.translate(HAMZA) != name,
        "arabic_no_al": last_ar.startswith("ال") and len(last_ar) > 4,
        "arabic_drop_letter": len(last_ar.replace(" ", "")) >= 4,
        "arabic_double_letter": True,
    }
    return [kind for kind in MISSPELLINGS if applies[kind]]


def misspell(rng: random.Random, kind: str, row: list[str], spellings: dict[str, list[str]]) -> str:
    """A query for the person of `row`, misspelt the way `kind` says; "last first" one time in three."""
    last_ar, first_ar, last_la, first_la = row[:4]
    if kind == "latin_variant":
        first, last = first_la, last_la
        others = [s for s in spellings.get(last_ar, []) if s != last_la]
        if others:
            last = rng.choice(others)
        others = [s for s in spellings.get(first_ar, []) if s != first_la]
        if others and (last == last_la or rng.random() < 0.5):
            first = rng.choice(others)
    elif kind in ("latin_drop_letter", "latin_double_letter"):
        double = kind == "latin_double_letter"
        first, last = first_la, _in_longest_word(last_la, lambda w: _swap_letter(rng, w, double=double))
    elif kind == "arabic_ta_marbuta":
        first, last = _ta_marbuta(first_ar), _ta_marbuta(last_ar)
    elif kind == "arabic_hamza":
        first, last = first_ar.translate(HAMZA), last_ar.translate(HAMZA)
    elif kind == "arabic_no_al":
        first, last = first_ar, last_ar[2:]
    else:
        double = kind == "arabic_double_letter"
        first, last = first_ar, _in_longest_word(last_ar, lambda w: _swap_letter(rng, w, double=double))
    return f"{last} {first}" if rng.random() < 1 / 3 else f"{first} {last}"


def phase_search(args: argparse.Namespace) -> dict:
    django_setup()
    from django.db import connection

    from tanzim.people.models import Person
    from tanzim.people.search import people_search
    from tanzim.people.validators import normalize_cin

    sys.path.insert(0, str(ROOT / "bench"))
    import generate_roll

    latin_spellings = {
        ar: list(dict.fromkeys(spellings))
        for ar, spellings in (
            *generate_roll.LAST_NAMES,
            *generate_roll.FIRST_NAMES_M,
            *generate_roll.FIRST_NAMES_F,
        )
    }
    rng = random.Random(SEED)
    # A pool of random rows; each kind of misspelling in turn takes the next row it changes.
    wanted = set(rng.sample(range(args.rows), min(args.rows, 4 * args.queries)))
    with open(args.file, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        pool = [row for index, row in enumerate(reader) if index in wanted]
    rng.shuffle(pool)
    picked: list[tuple[str, list[str]]] = []
    for index in range(args.queries):
        kind = MISSPELLINGS[index % len(MISSPELLINGS)]
        at = next(i for i, row in enumerate(pool) if kind in misspellings(row, latin_spellings))
        picked.append((kind, pool.pop(at)))
    by_cin = {
        cin: (pk, name)
        for cin, pk, name in Person.objects.filter(
            cin__in=[normalize_cin(row[4]) for _kind, row in picked]
        ).values_list("cin", "pk", "full_name_ar")
    }
    queries = []
    for kind, row in picked:
        pk, name = by_cin[normalize_cin(row[4])]
        queries.append((kind, misspell(rng, kind, row, latin_spellings), pk, name))

    people = Person.objects.all()
    people_search(people, "محمد العلوي")  # connection and caches, not measured
    timings, person_hits, name_hits, empty = [], 0, 0, 0
    by_kind: dict[str, dict] = {}
    slowest: list[tuple[float, str, int]] = []
    for kind, text, pk, name in queries:
        started = time.perf_counter()
        found = people_search(people, text)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        top = found[:10]
        person_hit = any(person.pk == pk for person, _score in top)
        name_hit = any(person.full_name_ar == name for person, _score in top)
        person_hits += person_hit
        name_hits += name_hit
        empty += not found
        stats = by_kind.setdefault(kind, {"queries": 0, "recall_at_10": 0, "ms": [], "example": text})
        stats["queries"] += 1
        stats["recall_at_10"] += name_hit
        stats["ms"].append(elapsed)
        slowest.append((elapsed, text, len(found)))
    for stats in by_kind.values():
        stats["recall_at_10"] = round(stats["recall_at_10"] / stats["queries"], 3)
        stats["p50_ms"] = round(statistics.median(stats["ms"]), 2)
        stats["p95_ms"] = round(percentile(stats["ms"], 0.95), 2)
        del stats["ms"]
    slowest.sort(reverse=True)

    pks = [pk for _kind, _text, pk, _name in queries]
    rng.shuffle(pks)
    lookups = []
    for pk in pks:
        started = time.perf_counter()
        Person.objects.get(pk=pk)
        lookups.append((time.perf_counter() - started) * 1000)
    connection.close()
    return {
        "queries": len(queries),
        "people": Person.objects.count(),
        "search_p50_ms": statistics.median(timings),
        "search_p95_ms": percentile(timings, 0.95),
        "search_max_ms": max(timings),
        "recall_at_10": round(name_hits / len(queries), 3),
        "person_recall_at_10": round(person_hits / len(queries), 3),
        "empty": empty,
        "by_kind": by_kind,
        "slowest": [{"ms": round(ms, 1), "query": text, "found": n} for ms, text, n in slowest[:5]],
        "pk_lookup_p50_ms": statistics.median(lookups),
        "pk_lookup_p95_ms": percentile(lookups, 0.95),
    }


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--orm-sample", type=int, default=20_000, help="rows of the per-row ORM loop")
    parser.add_argument("--queries", type=int, default=1000, help="name searches (and primary-key look-ups)")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="dropped and created again")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--phase", choices=["orm", "search"], help=argparse.SUPPRESS)
    parser.add_argument("--phase-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        result = phase_orm(args) if args.phase == "orm" else phase_search(args)
        args.phase_out.write_text(json.dumps(result, ensure_ascii=False))
        return
    result = run(args)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    log(f"written to {args.out}")


if __name__ == "__main__":
    main()
