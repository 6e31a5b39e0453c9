"""Every route and API operation, for every persona, inside and outside its territory.

The expectations come from tanzim/access/matrix.py. A new route fails here until it is in the table.
No body answered to a persona may contain the name, CIN or phone of a person outside its scope.
"""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tanzim.access.matrix import API, OUTSIDE_THE_MATRIX_NAMESPACES, PAGES, Rule
from tanzim.api.views import api
from tanzim.organs.models import Organ
from tanzim.people.cards import card_issue
from tanzim.people.models import Card, Membership, Person, RollImport, RollImportIssue, RollsCampaign
from tanzim.people.services import person_create
from tanzim.territory.models import Territory

pytestmark = pytest.mark.django_db

# The named roles of the organization, one persona each: national admin (admin), regional secretary
# (hjira, Fès-Meknès), provincial secretary (najjari, Taounate), local secretary (laaziri, Beni
# Makada), pole head (ghazouani, Taounate's communication pole), member without office (member, a
# member in Taounate), a signed-in account with no role (outsider), anonymous visitor. Committee
# members are tested where committees matter (tests/casework, tests/elections).
PERSONAS = ["anonymous", "outsider", "member", "admin", "hjira", "najjari", "ghazouani", "laaziri"]
# Personas whose inside/outside records are those of another: the region of Fès-Meknès contains
# Taounate and not Tanger; the pole head's scope is Taounate; a member's scope is empty.
CASES_LIKE = {"hjira": "najjari", "ghazouani": "najjari", "member": "outsider"}
# Records tied to who the persona is (their own imports), not to the territory: no aliasing.
OWN_RECORDS = ("import", "import_issue", "inbox_message")
# Signed in, but no territory to act on.
EMPTY_SCOPE = ("outsider", "member")

# For each persona: a unit, an organ and a person inside its scope, and the same outside it.
INSIDE = {
    "admin": ("01.511.01.03", "الأمانة المحلية بمقاطعة بني مكادة", "عمر لعزيري"),
    "najjari": ("03.531", "الأمانة الإقليمية بتاونات", "محمد لطفي"),
    "laaziri": ("01.511.01.03", "الأمانة المحلية بمقاطعة بني مكادة", "عمر لعزيري"),
}
OUTSIDE = {
    "najjari": ("01.511", "الأمانة الإقليمية بعمالة طنجة-أصيلة", "منير ليموري"),
    "laaziri": ("01.511.01.06", "الأمانة المحلية بمقاطعة الشرف السواني", "رضوان العلوي البلغيثي"),
    "outsider": ("03.531", "الأمانة الإقليمية بتاونات", "محمد لطفي"),
}


def _named_routes(patterns, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in OUTSIDE_THE_MATRIX_NAMESPACES:
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _named_routes(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"route {entry.pattern} has no name: name it and put it in the matrix"
            names.add(prefix + entry.name)
    return names


def test_every_page_route_is_in_the_matrix():
    assert _named_routes(get_resolver().url_patterns) == set(PAGES)


def test_every_api_operation_is_in_the_matrix():
    schema = api.get_openapi_schema()
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert operations == set(API)


def _client(persona: str) -> Client:
    from django.contrib.auth.models import User

    from tanzim.access.models import Profile

    client = Client()
    if persona == "outsider":
        user, _ = User.objects.get_or_create(username="outsider")
        client.force_login(user)
    elif persona in ("ghazouani", "member"):
        person = (
            Person.objects.get(full_name_ar="مصطفى الغزواني")
            if persona == "ghazouani"
            else Person.objects.filter(
                membership__isnull=False, mandates__isnull=True, home__code="03.531.01.05"
            )
            .order_by("pk")
            .first()
        )
        user, _ = User.objects.get_or_create(username=f"matrix-{persona}")
        Profile.objects.update_or_create(user=user, defaults={"person": person})
        client.force_login(user)
    elif persona != "anonymous":
        client.force_login(User.objects.get(username=persona))
    return client


def _args(rule: Rule, target: tuple[str, str, str]) -> dict[str, object]:
    code, organ_name, person_name = target
    args: dict[str, object] = dict(rule.kwargs)
    if rule.scoped_by == "territory":
        args["code"] = code
    elif rule.scoped_by == "organ":
        args["organ_id"] = Organ.objects.get(name_ar=organ_name).pk
    elif rule.scoped_by == "person":
        args["person_id"] = Person.objects.get(full_name_ar=person_name).pk
    elif rule.scoped_by == "member":
        args["membership_id"] = Membership.objects.get(person__full_name_ar=person_name).pk
    return args


@pytest.fixture
def tanger_contact():
    """A Tanger person with a CIN and a phone, to check they never leak outside Tanger."""
    return person_create(
        full_name_ar="سناء الطنجاوي",
        full_name_latin="Sanaa Tanjaoui",
        cin="KB123456",
        phone="0661234567",
        home=Territory.objects.get(code="01.511.01.03"),
    )


# Campaigns: Taounate's is inside for najjari (and admin), Tanger's for laaziri (it is opened above him).
CAMPAIGN_INSIDE = {"admin": "taounate", "najjari": "taounate", "laaziri": "tanger"}
CAMPAIGN_OUTSIDE = {"najjari": "tanger", "laaziri": "taounate", "outsider": "taounate"}
ROLL_ORGAN = {"taounate": "الأمانة الإقليمية بتاونات", "tanger": "الأمانة المحلية بمقاطعة بني مكادة"}
ROLL_MEMBER = {"taounate": "محمد لطفي", "tanger": "عمر لعزيري"}


@pytest.fixture
def campaigns() -> dict[str, RollsCampaign]:
    """Two campaigns, an issued card (Beni Makada) for the public verification route, and a finished
    dry-run import (with one rejected row) by najjari and by laaziri."""
    for username in ("najjari", "laaziri"):
        roll_import = RollImport.objects.create(
            created_by=User.objects.get(username=username),
            original_name="matrix.csv",
            sha256="0" * 64,
            file_format="csv",
            dry_run=True,
            status="done",
            rows_total=1,
            rows_done=1,
            rejected=1,
        )
        RollImportIssue.objects.create(
            roll_import=roll_import,
            row=2,
            severity="rejected",
            field="cin",
            code="cin_invalid",
            message_ar="رقم البطاقة الوطنية «12» غير صالح",
            message_fr="CIN « 12 » invalide",
            raw={"cin": "12"},
        )
    card_issue(membership=Membership.objects.get(person__full_name_ar="عمر لعزيري"), by=None)
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    return {
        key: RollsCampaign.objects.create(
            organ=Organ.objects.get(name_ar=organ),
            title=f"تحيين لوائح {key}",
            deadline=deadline,
            opened_on=timezone.localdate(),
        )
        for key, organ in (
            ("taounate", "الأمانة الإقليمية بتاونات"),
            ("tanger", "الأمانة الإقليمية بعمالة طنجة-أصيلة"),
        )
    }


def _campaign_args(rule: Rule, key: str, campaigns: dict[str, RollsCampaign]) -> dict[str, object]:
    args: dict[str, object] = {"campaign_id": campaigns[key].pk}
    if rule.scoped_by == "campaign_roll":
        args["organ_id"] = Organ.objects.get(name_ar=ROLL_ORGAN[key]).pk
    if rule.scoped_by == "campaign_member":
        args["membership_id"] = Membership.objects.get(person__full_name_ar=ROLL_MEMBER[key]).pk
    return args


def _import_args(rule: Rule, owner: str) -> dict[str, object]:
    roll_import = RollImport.objects.get(created_by__username=owner, original_name="matrix.csv")
    if rule.scoped_by == "import_issue":
        return {**dict(rule.kwargs), "issue_id": roll_import.issues.get().pk}
    return {**dict(rule.kwargs), "import_id": roll_import.pk}


# Imports belong to whoever made them (national admins see all): najjari's and laaziri's.
IMPORT_INSIDE = {"admin": "najjari", "najjari": "najjari", "laaziri": "laaziri"}
IMPORT_OUTSIDE = {"najjari": "laaziri", "laaziri": "najjari", "outsider": "najjari"}


def _case_builders() -> dict[str, object]:
    """Case builders of the other domains: `tests/access/matrix_cases_<domain>.py` each define
    CASES = {scoped_by: builder(rule, persona) -> [(URL arguments, inside?)]}."""
    import importlib
    import pkgutil

    import tests.access as package

    builders: dict[str, object] = {}
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("matrix_cases_"):
            builders.update(importlib.import_module(f"tests.access.{module.name}").CASES)
    return builders


CASE_BUILDERS = _case_builders()


def _cases(rule: Rule, persona: str, campaigns: dict[str, RollsCampaign]) -> list[tuple[dict, bool]]:
    """(URL arguments, inside the persona's scope?) for every case to try."""
    if not rule.scoped_by:
        return [(dict(rule.kwargs), True)]
    if rule.scoped_by not in OWN_RECORDS:
        persona = CASES_LIKE.get(persona, persona)
    if rule.scoped_by in CASE_BUILDERS:
        return CASE_BUILDERS[rule.scoped_by](rule, persona)
    if rule.scoped_by in ("import", "import_issue"):
        cases = []
        if persona in IMPORT_INSIDE:
            cases.append((_import_args(rule, IMPORT_INSIDE[persona]), True))
        if persona in IMPORT_OUTSIDE:
            cases.append((_import_args(rule, IMPORT_OUTSIDE[persona]), False))
        if persona == "anonymous":
            cases.append((_import_args(rule, "najjari"), False))
        return cases
    if rule.scoped_by == "card_token":  # public: anyone holding the card may check it
        card = Card.objects.filter(status="issued").order_by("pk").first()
        return [({"token": card.token}, True), ({"token": "no-such-card"}, False)]
    if rule.scoped_by.startswith("campaign"):
        cases = []
        if persona in CAMPAIGN_INSIDE:
            cases.append((_campaign_args(rule, CAMPAIGN_INSIDE[persona], campaigns), True))
        if persona in CAMPAIGN_OUTSIDE:
            cases.append((_campaign_args(rule, CAMPAIGN_OUTSIDE[persona], campaigns), False))
        if persona == "anonymous":
            cases.append((_campaign_args(rule, "taounate", campaigns), False))
        return cases
    cases = []
    if persona in INSIDE:
        cases.append((_args(rule, INSIDE[persona]), True))
    if persona in OUTSIDE:
        cases.append((_args(rule, OUTSIDE[persona]), False))
    if persona == "anonymous":
        cases.append((_args(rule, INSIDE["najjari"]), False))
    return cases


def _forbidden_strings(persona: str, contact: Person) -> list[str]:
    if persona in ("najjari", "hjira", "ghazouani", "outsider", "member", "anonymous"):
        return ["منير ليموري", "عمر لعزيري", contact.full_name_ar, contact.cin, contact.phone]
    if persona == "laaziri":
        return ["رضوان العلوي البلغيثي", "محمد النجاري", "محمد لطفي"]
    return []


def _text_of(response) -> str:
    """The text a person would read in the answer: HTML/JSON/CSV as is, PDFs through pdftotext."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return subprocess.run(
            ["pdftotext", "-", "-"], input=raw, capture_output=True, check=True
        ).stdout.decode()
    return raw.decode()


def _expected(rule: Rule, persona: str, inside: bool) -> set[int]:
    if persona == "anonymous" and not rule.public:
        return {302}
    if rule.needs_scope and persona in EMPTY_SCOPE:
        return {404}
    if rule.national_only and persona != "admin":
        return {404}
    if rule.scoped_by and not inside:
        return {404}
    if rule.missing_ok:
        return {200, 302, 404}
    if rule.method == "post" or (rule.redirects_signed_in and persona != "anonymous"):
        return {302}
    return {200}


def _each_alone(items):
    """Yield each item inside its own savepoint, rolled back after it: a POST that changes something
    (or a logout) never affects the next route, while the fixtures are built once per persona."""
    for item in items:
        with transaction.atomic():
            yield item
            transaction.set_rollback(True)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_answer_as_the_matrix_says(persona, tanger_contact, campaigns):
    failures = []
    for route in _each_alone(sorted(PAGES)):
        rule = PAGES[route]
        client = _client(persona)
        for kwargs, inside in _cases(rule, persona, campaigns):
            url = reverse(route, kwargs=kwargs)
            response = (
                client.post(url, {"language": "fr", "next": "/"})
                if rule.method == "post"
                else client.get(url)
            )
            if response.status_code not in _expected(rule, persona, inside):
                failures.append(
                    f"{route} {url}: {response.status_code}, expected {_expected(rule, persona, inside)}"
                )
                continue
            body = _text_of(response)
            failures += [
                f"{route} {url}: shows {secret!r}"
                for secret in _forbidden_strings(persona, tanger_contact)
                if secret in body
            ]
    assert not failures, "\n".join(failures)


def _api_url(path: str, args: dict) -> str:
    for key, value in args.items():
        path = path.replace("{" + key + "}", str(value))
    return path


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_answers_as_the_matrix_says(persona, tanger_contact, campaigns):
    failures = []
    for operation in _each_alone(sorted(API)):
        _method, path = operation
        rule = API[operation]
        client = _client(persona)
        for kwargs, inside in _cases(rule, persona, campaigns):
            url = _api_url(path, kwargs)
            response = client.get(url, {"limit": 500} if not rule.scoped_by else {})
            if persona == "anonymous" and not rule.public:
                expected = {401}
            elif rule.scoped_by and not inside:
                expected = {404}
            else:
                expected = {200}
            if response.status_code not in expected:
                failures.append(f"{path} {url}: {response.status_code}, expected {expected}")
                continue
            body = response.content.decode()
            failures += [
                f"{path} {url}: shows {secret!r}"
                for secret in _forbidden_strings(persona, tanger_contact)
                if secret in body
            ]
    assert not failures, "\n".join(failures)
