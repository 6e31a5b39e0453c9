"""The users of `make bench-load` (bench/load.py): secretaries and national admins at work.

Not run on its own: bench/load.py prepares the accounts, signs them in (two-factor code included),
writes the plan (BENCH_LOAD_PLAN: sessions, API tokens, member ids inside each account's territory,
communes, names to search) and starts locust headless with this file. Every answer is checked
(status and, for writes, where the redirect goes), and every request sent in the measured window
(from one longest pause after all users are spawned: the users' first actions all come at once) is
written to BENCH_LOAD_SAMPLES for exact percentiles.

What a user does, with a pause of WAIT_MIN–WAIT_MAX seconds between two actions (weights in
brackets): the org chart of one's organ [6], a territory page [4], the member list filtered by
status and commune [10], a page of the plain list [4], a name search [8], a member's page [12],
the API's territories, organs and mandates with a token [3 each], recording dues [4], changing a
member's status with a reason [2], enrolling a new member [2] (confirming "another person" when
the page asks about same-named members first).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
SAMPLES_PATH = os.environ["BENCH_LOAD_SAMPLES"]
ACCOUNTS = PLAN["accounts"]
# Users are given to accounts by weight, in a fixed order: 100 users → the same split every run.
ROSTER = [account for account in ACCOUNTS for _ in range(account["weight"])]
COUNTER = itertools.count()
CINS = itertools.count(PLAN["cin_base"])  # one process, one sequence: no CIN is used twice
STATE = {"measuring": False, "started": None, "stopped": None}
SAMPLES: list[tuple[str, float, int, float]] = []  # (name, ms, failed, at)


@events.spawning_complete.add_listener
def _measure(user_count: int, **kwargs) -> None:
    # Every user acts as soon as it starts: the first actions of all users come at once, a burst no
    # working day has. The window opens one longest pause later, when the users are spread out.
    STATE["measuring"] = True
    STATE["started"] = time.time() + PLAN["wait_max"]


@events.request.add_listener
def _sample(request_type, name, response_time, response_length, exception=None, **kwargs) -> None:
    now = time.time()
    if STATE["measuring"] and now - response_time / 1000 >= STATE["started"]:
        SAMPLES.append((name, response_time, int(exception is not None), now))


@events.test_stop.add_listener
def _dump(**kwargs) -> None:
    STATE["stopped"] = time.time()
    with open(SAMPLES_PATH, "w", encoding="utf-8") as handle:
        json.dump({"started": STATE["started"], "stopped": STATE["stopped"], "samples": SAMPLES}, handle)


class Secretary(FastHttpUser):
    # geventhttpclient: a fraction of the CPU of python-requests, which shares the machine with the
    # server being measured.
    wait_time = between(PLAN["wait_min"], PLAN["wait_max"])

    def on_start(self) -> None:
        self.number = next(COUNTER)
        self.account = ROSTER[self.number % len(ROSTER)]
        self.rng = random.Random(self.number)
        # The account's session (signed in by bench/load.py), sent as a header: the users of an
        # account share it, like the tabs of one browser.
        cookie = "; ".join(f"{name}={value}" for name, value in self.account["cookies"].items())
        self.page_headers = {"Cookie": cookie}
        self.post_headers = {
            "Cookie": cookie,
            "X-CSRFToken": self.account["cookies"]["csrftoken"],
            "Referer": self.host + "/",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        self.api_headers = {"Authorization": f"Bearer {self.account['token']}"}
        # Status changes: each user takes its own share of the account's members, so that no two
        # users change the same member.
        position = self.number % len(ROSTER)
        slot = sum(1 for account in ROSTER[:position] if account is self.account)
        share = len(self.account["members"]) // self.account["weight"]
        self.own_members = self.account["members"][slot * share : (slot + 1) * share]
        self.suspended: list[int] = []

    # --- helpers ----------------------------------------------------------------------------

    def _get(self, url: str, name: str, params: dict | None = None, headers: dict | None = None) -> None:
        if params:
            url = f"{url}?{urlencode(params)}"
        with self.client.get(
            url, name=name, headers=headers or self.page_headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")

    def _post(self, url: str, data: dict, name: str, expect_prefix: str, *, asks: str = "") -> str:
        """POST a form; success is the redirect to `expect_prefix`. `asks`: a marker of a question
        the page may put before saving (a 200 holding it is an answer, not a failure: "" returned)."""
        with self.client.post(
            url,
            data=urlencode(data),
            headers=self.post_headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if asks and response.status_code == 200 and asks in (response.text or ""):
                return ""
            if response.status_code != 302 or not location.startswith(expect_prefix):
                response.failure(f"{response.status_code} {location}")
            return location

    # --- reads ------------------------------------------------------------------------------

    @task(6)
    def org_chart(self) -> None:
        self._get(f"/organs/{self.account['organ_id']}/", "org chart")

    @task(4)
    def territory_page(self) -> None:
        self._get(f"/territory/{self.rng.choice(self.account['territories'])}/", "territory page")

    @task(10)
    def member_list_filtered(self) -> None:
        commune = self.rng.choice(self.account["communes"])
        page = self.rng.randint(1, 3)
        self._get(
            "/members/",
            "member list (status + commune)",
            params={"status": "active", "territory": commune, "page": page},
        )

    @task(4)
    def member_list(self) -> None:
        self._get("/members/", "member list (page)", params={"page": self.rng.randint(1, 20)})

    @task(8)
    def member_search(self) -> None:
        self._get("/members/", "member search", params={"q": self.rng.choice(PLAN["search"])})

    @task(12)
    def member_page(self) -> None:
        self._get(f"/members/{self.rng.choice(self.account['members'])}/", "member page")

    @task(3)
    def api_territories(self) -> None:
        self._get(
            "/api/territories",
            "api territories",
            params={"parent": self.account["territory"], "limit": 100},
            headers=self.api_headers,
        )

    @task(3)
    def api_organs(self) -> None:
        self._get("/api/organs", "api organs", params={"limit": 100}, headers=self.api_headers)

    @task(3)
    def api_mandates(self) -> None:
        self._get("/api/mandates", "api mandates", params={"limit": 100}, headers=self.api_headers)

    # --- writes -----------------------------------------------------------------------------

    @task(4)
    def record_dues(self) -> None:
        member = self.rng.choice(self.account["members"])
        self._post(
            f"/members/{member}/dues/",
            {
                "year": self.rng.randint(2015, 2026),
                "amount": "120.00",
                "paid_on": PLAN["today"],
            },
            "record dues",
            f"/members/{member}/",
        )

    @task(2)
    def change_status(self) -> None:
        if self.suspended and (len(self.suspended) > 3 or self.rng.random() < 0.5):
            member, to, reason = self.suspended.pop(0), "active", "رفع التوقيف — bench"
        else:
            candidates = [m for m in self.own_members if m not in self.suspended]
            if not candidates:
                return
            member, to, reason = self.rng.choice(candidates), "suspended", "توقيف مؤقت — bench"
            self.suspended.append(member)
        self._post(
            f"/members/{member}/status/",
            {"status": to, "reason": reason},
            "change status",
            f"/members/{member}/",
        )

    @task(2)
    def enrol_member(self) -> None:
        cin_number = next(CINS)
        first_ar, first_latin = self.rng.choice(PLAN["first_names"])
        last_ar, last_latin = self.rng.choice(PLAN["last_names"])
        form = {
            "full_name_ar": f"{first_ar} {last_ar}",
            "full_name_latin": f"{first_latin} {last_latin}",
            "gender": "",
            "honorific": "",
            "birth_year": self.rng.randint(1950, 2005),
            "cin": f"{PLAN['cin_prefix']}{cin_number}",
            "phone": f"0661{self.rng.randrange(10**6):06d}",
            "commune": self.rng.choice(self.account["enrol_communes"]),
            "joined_on": PLAN["today"],
            "consent": "on",
            "consent_scope": "لائحة المنخرطين",
        }
        # The same name in the same commune and birth year asks first (lookalikes); the secretary
        # checks the list and confirms that this is another person.
        if self._post("/members/new/", form, "enrol member", "/members/", asks='id="lookalikes"') == "":
            self._post("/members/new/", {**form, "another_person": "on"}, "enrol member", "/members/")
