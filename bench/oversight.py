"""Oversight benchmark on PostgreSQL: the national and provincial coverage dashboards (and a provincial
scorecard) with 1,000,000 members, ~5,000 local organs and ~50,000 meetings.

A benchmark, not a test: it stays out of `make test` and CI.

    make bench-oversight                          # → bench/results/oversight.json
    .venv/bin/python bench/oversight.py --members 100000 --out var/bench/oversight-100k.json

Steps, in the database `tanzim_bench_oversight` (dropped and created again, UTF-8 from template0;
`--database-url` or BENCH_OVERSIGHT_DATABASE_URL for another):

1. setup: migrate, territory_load, demo_load (the demo logins and the seed records);
2. build, in bulk SQL (INSERT … SELECT generate_series, no ORM row by row):
   - local organs: a local secretariat in 85 % of the 1,538 communes/arrondissements (one in ten of
     them marked dormant), an older dissolved one in a third of the units, and youth and women's
     sections in most units — about 5,000 organs at commune level;
   - 1,000,000 people attached to the units (weighted by their 2024 population) with a membership in
     the unit's local secretariat (90 % active; 40 % checked in the current rolls campaign);
   - a secretary mandate in 90 % of the current local secretariats (a member of the unit);
   - ~50,000 meetings of the local secretariats over two years (95 % held), 5 attendances each;
   - a national rolls campaign opened 60 days ago; then ANALYZE;
3. measure, in one Django process (TANZIM_DEBUG=0, test client, national admin): after 3 warm-up
   loads (the map geometry is simplified once per process), 50 loads of the national dashboard
   `/oversight/t/MA/`, 50 of the provincial one `/oversight/t/03.531/` (Taounate) and of the largest
   province, and 20 of Taounate's scorecard; p50/p95 wall time; the queries of one load of each.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from members import (  # noqa: E402
    BENCH_DIR,
    database_recreate,
    git_commit,
    machine,
    manage,
    percentile,
    server_connect,
)

RESULTS = ROOT / "bench" / "results" / "oversight.json"
DEFAULT_URL = os.environ.get(
    "BENCH_OVERSIGHT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tanzim_bench_oversight"
)
TARGET_P95_MS = 200.0
BENCH = "bench-oversight"  # source of every generated row


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


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


BUILD_SQL = """
-- The rows below are consistent by construction: skip the per-row foreign-key triggers (Django's
-- deferred constraints would otherwise check millions of rows one by one at COMMIT).
SET session_replication_role = replica;

-- Units: communes without arrondissements, and arrondissements.
CREATE TEMP TABLE bench_unit AS
SELECT t.id, t.path, COALESCE(t.population_2024, 1000) AS population,
       row_number() OVER (ORDER BY t.path) AS n
FROM territory_territory t
WHERE t.level = 'arrondissement'
   OR (t.level = 'commune' AND NOT EXISTS (
        SELECT 1 FROM territory_territory a WHERE a.parent_id = t.id AND a.level = 'arrondissement'));

-- Local organs at commune level.
INSERT INTO organs_organ (kind, territory_id, parent_id, chamber, provisional, status, established_on,
                          dissolved_on, source, name_ar, name_fr)
SELECT 'local_secretariat', u.id, NULL, '', false,
       CASE WHEN u.n % 10 = 3 THEN 'dormant' ELSE 'active' END,
       CURRENT_DATE - (200 + (u.n * 37) % 900)::int, NULL, %(src)s,
       'الأمانة المحلية (مولدة) ' || u.n, 'Secrétariat local (généré) ' || u.n
FROM bench_unit u WHERE u.n % 20 NOT IN (1, 2, 3)
  AND NOT EXISTS (SELECT 1 FROM organs_organ o WHERE o.territory_id = u.id AND o.kind = 'local_secretariat');
INSERT INTO organs_organ (kind, territory_id, parent_id, chamber, provisional, status, established_on,
                          dissolved_on, source, name_ar, name_fr)
SELECT 'local_secretariat', u.id, NULL, '', false, 'dissolved', CURRENT_DATE - 2500, CURRENT_DATE - 1200, %(src)s,
       'الأمانة المحلية السابقة (مولدة) ' || u.n, 'Ancien secrétariat local (généré) ' || u.n
FROM bench_unit u WHERE u.n % 3 = 0;
INSERT INTO organs_organ (kind, territory_id, parent_id, chamber, provisional, status, established_on,
                          dissolved_on, source, name_ar, name_fr)
SELECT k.kind, u.id, NULL, '', false, 'active', CURRENT_DATE - 400, NULL, %(src)s,
       k.label || ' (مولدة) ' || u.n, k.kind || ' ' || u.n
FROM bench_unit u CROSS JOIN (VALUES ('youth_organization', 'فرع الشبيبة'), ('women_organization', 'فرع النساء')) k(kind, label)
;

CREATE TEMP TABLE bench_local AS
SELECT DISTINCT ON (o.territory_id) o.territory_id, o.id AS organ_id
FROM organs_organ o WHERE o.kind = 'local_secretariat' AND o.status <> 'dissolved'
ORDER BY o.territory_id, o.id;

-- People, weighted by population: unit k gets members in proportion to its population.
CREATE TEMP TABLE bench_slot AS
SELECT u.id AS territory_id, u.path,
       floor(sum(u.population) OVER (ORDER BY u.n) - u.population)::bigint AS lo,
       floor(sum(u.population) OVER (ORDER BY u.n))::bigint AS hi
FROM bench_unit u;
CREATE TEMP TABLE bench_total AS SELECT max(hi) AS total FROM bench_slot;

CREATE INDEX ON bench_slot (lo);
INSERT INTO people_person (full_name_ar, full_name_latin, honorific, gender, birth_year, phone, cin,
                           commune_id, home_id, name_key_ar, name_key_latin, source, created_at)
SELECT 'عضو مولد ' || g, 'Generated member ' || g, '',
       CASE WHEN g % 3 = 0 THEN 'f' ELSE 'm' END, 1950 + (g * 7) % 55, '', '',
       s.territory_id, s.territory_id, '', '', %(src)s, now()
FROM generate_series(1, %(members)s) g
CROSS JOIN bench_total t
CROSS JOIN LATERAL (SELECT territory_id FROM bench_slot WHERE lo <= (g::bigint * 7919) % t.total
                    ORDER BY lo DESC LIMIT 1) s;

INSERT INTO people_membership (person_id, number, joined_on, local_organ_id, status, status_reason,
                               status_changed_on, consent_on, consent_scope, roll_checked_on, source)
SELECT p.id, 'B' || lpad(p.id::text, 9, '0'), CURRENT_DATE - (p.id % 1500)::int, l.organ_id,
       CASE WHEN p.id % 10 = 0 THEN 'lapsed' ELSE 'active' END, '', NULL, NULL, '',
       CASE WHEN p.id % 5 < 2 THEN CURRENT_DATE - (p.id % 55)::int ELSE NULL END, %(src)s
FROM people_person p LEFT JOIN bench_local l ON l.territory_id = p.home_id
WHERE p.source = %(src)s;

-- A secretary in 90 % of the current local secretariats: the first member of the unit.
INSERT INTO organs_mandate (person_id, organ_id, role, title_ar, title_fr, how, start, "end", attested_from,
                            approved_on, source)
SELECT m.person_id, m.local_organ_id, 'secretary', '', '', 'elected', CURRENT_DATE - 700, NULL, NULL, NULL, %(src)s
FROM (SELECT DISTINCT ON (local_organ_id) local_organ_id, person_id FROM people_membership
      WHERE source = %(src)s AND local_organ_id IS NOT NULL ORDER BY local_organ_id, person_id) m
WHERE m.local_organ_id % 10 <> 7;

-- Meetings: spread over the last two years across the current local secretariats.
INSERT INTO meetings_meeting (organ_id, kind, title_ar, title_fr, day, day_inferred, day_basis, start_time,
       part_of_day, place_mode, premises_id, address, online_link, status, context_ar, context_fr,
       minutes_ar, minutes_fr, conclusions_ar, conclusions_fr, minutes_approved_on, cancelled_reason,
       created_by_id, created_at, source)
SELECT l.organ_id, 'organizational', 'اجتماع مولد ' || g, '',
       CURRENT_DATE - ((g * 13 + l.organ_id * 7) % 730)::int, false, '', NULL, '', 'address', NULL, 'المقر', '',
       CASE WHEN g % 20 = 0 THEN 'cancelled' ELSE 'held' END, '', '', '', '', '', '', NULL, '', NULL, now(), %(src)s
FROM bench_local l CROSS JOIN generate_series(1, %(per_organ)s) g;

CREATE TEMP TABLE bench_first AS
SELECT local_organ_id, person_id, k FROM (
  SELECT local_organ_id, person_id, row_number() OVER (PARTITION BY local_organ_id ORDER BY id) - 1 AS k
  FROM people_membership WHERE source = %(src)s AND local_organ_id IS NOT NULL) f
WHERE k < 5;
INSERT INTO meetings_attendance (meeting_id, person_id, group_id, invited, status, checked_in_by, recorded_at,
                                 invitation_sent_at, reminder_sent_at)
SELECT m.id, f.person_id, NULL, true, CASE WHEN (m.id + f.k) % 4 = 0 THEN 'absent' ELSE 'present' END, 'list',
       NULL, NULL, NULL
FROM meetings_meeting m JOIN bench_first f ON f.local_organ_id = m.organ_id
WHERE m.source = %(src)s;

-- A national rolls campaign opened 60 days ago (by the general secretariat).
INSERT INTO people_rollscampaign (organ_id, title, deadline, opened_on, opened_by_id, closed_on)
SELECT o.id, 'تحيين وطني (مولد)', CURRENT_DATE + 30, CURRENT_DATE - 60, NULL, NULL
FROM organs_organ o JOIN territory_territory t ON t.id = o.territory_id
WHERE t.level = 'country' ORDER BY o.id LIMIT 1;

SET session_replication_role = DEFAULT;
"""


def build(url: str, members: int, meetings: int) -> dict:
    with server_connect(url) as conn:
        units = conn.execute(
            "SELECT count(*) FROM territory_territory t WHERE t.level = 'arrondissement' OR (t.level = 'commune' "
            "AND NOT EXISTS (SELECT 1 FROM territory_territory a WHERE a.parent_id = t.id "
            "AND a.level = 'arrondissement'))"
        ).fetchone()[0]
        current = round(units * 17 / 20)
        per_organ = max(1, round(meetings / current))
        started = time.perf_counter()
        script = (
            BUILD_SQL.replace("%(src)s", f"'{BENCH}'")
            .replace("%(members)s", str(int(members)))
            .replace("%(per_organ)s", str(int(per_organ)))
        )
        with conn.transaction():
            conn.execute(script)  # no parameters: one simple-protocol script
        built = time.perf_counter() - started
        conn.execute("ANALYZE")
        counts = {
            "members": conn.execute("SELECT count(*) FROM people_membership").fetchone()[0],
            "organs": conn.execute(
                "SELECT count(*) FROM organs_organ o JOIN territory_territory t ON t.id = o.territory_id "
                "WHERE t.level IN ('commune', 'arrondissement')"
            ).fetchone()[0],
            "organs_all": conn.execute("SELECT count(*) FROM organs_organ").fetchone()[0],
            "local_secretariats_current": conn.execute(
                "SELECT count(*) FROM organs_organ WHERE kind = 'local_secretariat' AND status <> 'dissolved'"
            ).fetchone()[0],
            "meetings": conn.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0],
            "attendances": conn.execute("SELECT count(*) FROM meetings_attendance").fetchone()[0],
            "units": units,
        }
    return {"build_s": round(built, 1), **counts}


# ---------------------------------------------------------------------------------------------
# The measuring phase (runs inside Django, on the bench database)
# ---------------------------------------------------------------------------------------------


def measure(loads: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tanzim.access.middleware import CHECKED, SECOND_FACTOR
    from tanzim.territory.models import Territory

    client = Client()
    client.force_login(User.objects.get(username="admin"))
    session = client.session
    session[SECOND_FACTOR] = CHECKED
    session.save()
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT p.code FROM territory_territory p JOIN territory_territory u ON u.path LIKE p.path || '%%' "
            "WHERE p.level = 'province' AND u.level IN ('commune', 'arrondissement') "
            "GROUP BY p.code ORDER BY count(*) DESC LIMIT 1"
        )
        largest = cursor.fetchone()[0]
    pages = {
        "national": ("/oversight/t/MA/", loads),
        "provincial": ("/oversight/t/03.531/", loads),
        "provincial_largest": (f"/oversight/t/{largest}/", loads),
        "scorecard_provincial": ("/oversight/t/03.531/scorecard/", max(10, loads // 2)),
        # The floor on this machine: a small page (the member's evaluations: 4 queries) through the same
        # middleware and base template, for comparison under the machine's load.
        "baseline_small_page": ("/oversight/me/", max(10, loads // 2)),
    }
    out: dict = {
        "load_average": list(os.getloadavg()),
        "largest_province": largest,
        "largest_province_name": Territory.objects.get(code=largest).name_fr,
    }
    for name, (url, count) in pages.items():
        for _ in range(3):  # warm-up: map geometry, template cache, connection
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code, response.get("Location"))
        with CaptureQueriesContext(connections["default"]) as captured:
            client.get(url, secure=True)
        queries = len(captured)  # now: every request clears the connection's query log
        timings = []
        for _ in range(count):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        cold = []
        for _ in range(5):  # cache emptied: the past points of coverage history computed again
            cache.clear()
            started = time.perf_counter()
            client.get(url, secure=True)
            cold.append((time.perf_counter() - started) * 1000)
        out[name] = {
            "url": url,
            "cold_cache_p50_ms": round(statistics.median(cold), 1),
            "loads": count,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "max_ms": round(max(timings), 1),
            "queries": queries,
        }
        log(f"{name}: p50 {out[name]['p50_ms']} ms, p95 {out[name]['p95_ms']} ms, {queries} queries")
    return out


def run(args: argparse.Namespace) -> dict:
    url = args.database_url
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if not args.reuse:
        log("recreating the database, migrate, territory_load, demo_load")
        database_recreate(url)
        for command in (("migrate", "-v0"), ("territory_load",), ("demo_load",)):
            manage(url, *command)
        log(f"building {args.members} members and {args.meetings} meetings in bulk SQL")
        built = build(url, args.members, args.meetings)
    else:
        with server_connect(url) as conn:
            built = {"reused": True}
            for key, query in (
                ("members", "SELECT count(*) FROM people_membership"),
                ("meetings", "SELECT count(*) FROM meetings_meeting"),
                (
                    "organs",
                    "SELECT count(*) FROM organs_organ o JOIN territory_territory t ON t.id = o.territory_id "
                    "WHERE t.level IN ('commune', 'arrondissement')",
                ),
            ):
                built[key] = conn.execute(query).fetchone()[0]
    log(f"built: {built}")
    out_file = BENCH_DIR / "oversight-measure.json"
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(out_file), "--loads", str(args.loads)],
        env=django_env(url),
        cwd=ROOT,
    )
    if done.returncode:
        raise SystemExit("the measuring phase failed")
    measured = json.loads(out_file.read_text())
    national, provincial = measured["national"], measured["provincial"]
    return {
        "members": built["members"],
        "organs": built["organs"],
        "meetings": built["meetings"],
        "national_p95_ms": national["p95_ms"],
        "provincial_p95_ms": provincial["p95_ms"],
        "queries_per_page": {
            name: measured[name]["queries"] for name in measured if isinstance(measured[name], dict)
        },
        "targets": {
            "national_p95_ms_max": TARGET_P95_MS,
            "national_met": national["p95_ms"] <= TARGET_P95_MS,
            "provincial_p95_ms_max": TARGET_P95_MS,
            "provincial_met": provincial["p95_ms"] <= TARGET_P95_MS,
        },
        "build": built,
        "pages": measured,
        "total_s": round(time.perf_counter() - started, 1),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": {**machine(url), "load_average_at_measure": measured.get("load_average")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--meetings", type=int, default=50_000)
    parser.add_argument("--loads", type=int, default=50)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true", help="measure the database already built")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        args.measure.write_text(json.dumps(measure(args.loads), ensure_ascii=False, indent=2))
        return
    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    log(
        f"written {args.out}: national p95 {result['national_p95_ms']} ms, provincial p95 {result['provincial_p95_ms']} ms"
    )


if __name__ == "__main__":
    main()
