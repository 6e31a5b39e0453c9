"""Member search by any spelling of a name, in Arabic or Latin script, ranked.

The name index: `NameWord` holds each distinct folded name word once with its cross-script
skeleton (`tanzim.people.matching`); `PersonWord` links people to their words. Search works on
the small table of distinct words first, then follows the links to people:

1. the query is folded into words ("El Hjira" → "elhjira"), particles joined as in the index;
2. candidate words, one query: the words whose skeleton is one of the query words' skeleton
   variants, the query words themselves, and (PostgreSQL: at most 100 per word) the words that
   begin with a query word of three letters or more (B-tree indexes on PostgreSQL);
3. each candidate is scored against each query word (`matching.query_word_similarity`); a query
   word without any candidate of `SURE` score (a typo, a rare spelling) gets a second query for
   words spelt alike: on PostgreSQL the 100 most similar by pg_trgm (GIN trigram index on
   `NameWord.word`, migration 0005), elsewhere the words whose skeleton begins with the same
   consonant, scored with rapidfuzz; candidates below `MIN_WORD_SCORE` are dropped;
4. people of the given queryset having, for *every* query word, one of its candidate words (AND),
   tier by tier: the exact words (100), then every spelling of the same name (≥ `SURE`), then,
   for the words that needed it, look-alikes (≥ `MIN_WORD_SCORE`), until `limit` people are found;
   each tier one query for the ids of the people having every word, one for the people (at
   most eight queries in all);
5. ranked by `matching.person_name_score` against both full names, best first.

The queryset passed in is the caller's scope (`people_visible(user)`, a territory): it is only ever
filtered, never widened.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet
from django.db.models.functions import Lower

from tanzim.people import matching
from tanzim.people.models import NameWord, Person, PersonWord

MIN_WORD_SCORE = 60.0  # a candidate word scoring less against a query word is not followed
SURE = matching.SAME_NAME  # a query word with a candidate this good needs no typo search
TIERS = (100.0, SURE, MIN_WORD_SCORE)  # exact words first, then other spellings, then look-alikes
MAX_QUERY_WORDS = 6
TRIGRAM_WORDS = 100  # PostgreSQL: most similar words taken per query word
PREFIX_WORDS = 100  # words beginning with a query word, per query word
_IN_CHUNK = 900
_ID_LIST_MAX = 5000  # PostgreSQL: people ids passed as a list rather than a subquery, at most
_WORD_LENGTH = NameWord._meta.get_field("word").max_length
_SKELETON_LENGTH = NameWord._meta.get_field("skeleton").max_length


# ---------------------------------------------------------------------------------------------
# Index
# ---------------------------------------------------------------------------------------------


def person_index_names(persons: Iterable[Person], *, batch_size: int = 1000) -> None:
    """Index the name words of people (both names); bulk, idempotent, safe to run again.

    Each batch: the missing words are created (`ignore_conflicts`, so concurrent imports do not
    clash), a word whose skeleton rules have changed is updated, links to words a person no longer
    has are deleted and missing links created. Words no longer used by anybody stay (harmless).
    A queryset is read in chunks, with only the fields needed: `person_index_names(Person.objects.all())`
    backfills a whole database.
    """
    if isinstance(persons, QuerySet):
        persons = (
            persons.order_by("pk")
            .only("pk", "full_name_ar", "full_name_latin")
            .iterator(chunk_size=batch_size)
        )
    batch: list[Person] = []
    for person in persons:
        batch.append(person)
        if len(batch) >= batch_size:
            _index_batch(batch)
            batch = []
    if batch:
        _index_batch(batch)


def _chunks(values: list, size: int = _IN_CHUNK) -> Iterable[list]:
    """Bounded IN lists: SQLite's variable limit, and plans that stay on the B-tree indexes."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _index_batch(persons: list[Person]) -> None:
    wanted: dict[int, set[str]] = {}
    skeletons: dict[str, str] = {}
    for person in persons:
        words = set()
        for name in (person.full_name_ar, person.full_name_latin):
            for word, skeleton in matching.index_words(name):
                word = word[:_WORD_LENGTH]
                words.add(word)
                skeletons[word] = skeleton[:_SKELETON_LENGTH]
        wanted[person.pk] = words

    ids: dict[str, int] = {}
    if skeletons:
        NameWord.objects.bulk_create(
            [NameWord(word=word, skeleton=skeleton) for word, skeleton in skeletons.items()],
            ignore_conflicts=True,
            batch_size=1000,
        )
        stale = []
        for chunk in _chunks(list(skeletons)):
            for pk, word, skeleton in NameWord.objects.filter(word__in=chunk).values_list(
                "pk", "word", "skeleton"
            ):
                ids[word] = pk
                if skeleton != skeletons[word]:
                    stale.append(NameWord(pk=pk, word=word, skeleton=skeletons[word]))
        if stale:
            NameWord.objects.bulk_update(stale, ["skeleton"], batch_size=1000)

    wanted_links = {(pk, ids[word]) for pk, words in wanted.items() for word in words}
    obsolete = []
    for chunk in _chunks(list(wanted)):
        for link_pk, person_id, word_id in PersonWord.objects.filter(person_id__in=chunk).values_list(
            "pk", "person_id", "word_id"
        ):
            if (person_id, word_id) in wanted_links:
                wanted_links.discard((person_id, word_id))
            else:
                obsolete.append(link_pk)
    for chunk in _chunks(obsolete):
        PersonWord.objects.filter(pk__in=chunk).delete()
    if wanted_links:
        PersonWord.objects.bulk_create(
            [PersonWord(person_id=person_id, word_id=word_id) for person_id, word_id in wanted_links],
            ignore_conflicts=True,
            batch_size=1000,
        )


# ---------------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------------


def _scored(rows: Iterable[tuple[int, str]], words: list[str], per_word: list[dict[int, float]]) -> None:
    for index, word in enumerate(words):
        for pk, candidate in rows:
            score = matching.query_word_similarity(word, candidate)
            if score >= MIN_WORD_SCORE:
                per_word[index][pk] = max(score, per_word[index].get(pk, 0.0))


def _indexed_rows(words: list[str]) -> list[tuple[int, str]]:
    """Words sharing a skeleton variant with a query word, equal to it, or beginning with it."""
    variants = set().union(*(matching.skeleton_variants(word) for word in words))
    rows = NameWord.objects.values_list("pk", "word")
    condition = Q(skeleton__in=variants) | Q(word__in=words)
    prefixes = [word for word in words if len(word) >= 3]
    if connection.features.supports_slicing_ordering_in_compound and prefixes:
        # PostgreSQL: at most PREFIX_WORDS completions per query word (index range scans).
        parts = [rows.filter(word__startswith=word)[:PREFIX_WORDS] for word in prefixes]
        return list(rows.filter(condition).union(*parts))
    for word in prefixes:
        condition |= Q(word__startswith=word)
    return list(rows.filter(condition))


def _similar_rows(words: list[str]) -> list[tuple[int, str]]:
    """Words spelt alike (typos): pg_trgm on PostgreSQL; elsewhere the words whose skeleton begins
    with the same consonant, scored by rapidfuzz in `_scored`."""
    rows = NameWord.objects.values_list("pk", "word")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity

        # lower(word): the expression of the GIN index (migration 0005); words are folded already.
        parts = [
            rows.filter(TrigramSimilar(Lower("word"), word)).order_by(
                TrigramSimilarity(Lower("word"), word).desc()
            )[:TRIGRAM_WORDS]
            for word in words
        ]
        return list(parts[0].union(*parts[1:])) if len(parts) > 1 else list(parts[0])
    # Elsewhere (SQLite): whole skeleton ranges, no per-word LIMIT inside a UNION.
    condition = Q(pk__in=[])
    for word in words:
        first = matching.skeleton(word)[:1]
        if first:
            condition |= Q(skeleton__gte=first, skeleton__lt=chr(ord(first) + 1))
    return list(rows.filter(condition))


@dataclass(frozen=True)
class Within:
    """Where the people searched live: units of residence, plus people from elsewhere (those serving
    in the scope's organs). It only narrows the links read; the queryset still decides who is found."""

    units: Sequence[int]
    people: Sequence[int] = ()


class _AnyOf(Lookup):
    """`column = ANY(%s)`: a list of ids sent as one array (PostgreSQL), not as thousands of
    parameters each prepared by the ORM and the driver (20–50 ms of Python for 5,000 ids)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, list(self.rhs)]


def _people_having_all(word_sets: list[frozenset[int]], within: Within | None) -> Q | Lookup:
    """A filter on people for the ids of `_having_all`: read from the links of the scope's units
    (and of the few people serving there from elsewhere) when `within` says which."""
    if within is None:
        ids = _having_all(word_sets, PersonWord.objects.all())
        extra: list[int] = []
    else:
        # Two reads rather than one with an OR: `home IN (…) OR person IN (…)` cannot be an index
        # condition, and PostgreSQL then read every link of the words (as many as the country has).
        ids = _having_all(word_sets, PersonWord.objects.filter(home_id__in=within.units))
        extra = (
            list(_having_all(word_sets, PersonWord.objects.filter(person_id__in=within.people)))
            if within.people
            else []
        )
    if not isinstance(ids, list):
        return Q(pk__in=ids) | Q(pk__in=extra)
    ids = sorted(set(ids).union(extra))
    if connection.vendor == "postgresql":
        return _AnyOf(F("pk"), ids)
    return Q(pk__in=ids)


def _having_all(word_sets: list[frozenset[int]], links: QuerySet[PersonWord]) -> list[int] | QuerySet:
    """Ids of the people having a word of every set: one INTERSECT of the sets' links.

    Not one `pk__in` per set: under a LIMIT, PostgreSQL then walked the whole people table in id
    order hoping to meet enough matches early, and with common names (a few hundred matches among
    a million people) it met them late — a second and more per search (measured at 1,000,000).
    The ids come back as a list when there are not too many (the usual case): the planner, which
    misjudges the size of an INTERSECT, then looks the people up by primary key instead of
    scanning the whole table to join them. Very common names keep the subquery.
    """
    parts = [links.filter(word_id__in=word_set).values_list("person_id", flat=True) for word_set in word_sets]
    ids = parts[0].intersection(*parts[1:]) if len(parts) > 1 else parts[0]
    cap = _ID_LIST_MAX if connection.vendor == "postgresql" else _IN_CHUNK
    found = list(ids.order_by()[: cap + 1])
    return found if len(found) <= cap else ids


def people_search(
    people: QuerySet[Person], text: str, *, limit: int = 50, within: Within | None = None
) -> list[tuple[Person, float]]:
    """People of `people` whose name matches `text` in any spelling, best first, with scores (0–100).

    Every word of the query must match a word of the person's Arabic or Latin name. `people` is
    the caller's scoped queryset; it is filtered, never widened. `within` (the scope's units, see
    `tanzim.access.queries.people_search_within`) makes a territory's search read only its own
    name links; without it the links of the whole country are read. At most ten queries.
    """
    words = matching.match_words(text)[:MAX_QUERY_WORDS]
    if not words or limit <= 0:
        return []
    per_word: list[dict[int, float]] = [{} for _ in words]
    _scored(_indexed_rows(words), words, per_word)
    weak = [
        word for word, scores in zip(words, per_word, strict=True) if max(scores.values(), default=0) < SURE
    ]
    if weak:
        _scored(_similar_rows(weak), words, per_word)
    if not all(per_word):
        return []

    def tier_sets(tier: float) -> list[frozenset[int]]:
        # Look-alikes (below SURE) only for the query words that found no spelling of themselves.
        return [
            frozenset(
                pk for pk, score in scores.items() if score >= (tier if word in weak else max(tier, SURE))
            )
            for word, scores in zip(words, per_word, strict=True)
        ]

    found: dict[int, Person] = {}
    # The widest tier holds every narrower one: when it brings no more than `limit` people of the
    # scope (a province's search, nearly always), they are the answer, in half the queries.
    widest = tier_sets(TIERS[-1])
    if all(widest):
        everyone = list(people.order_by().filter(_people_having_all(widest, within))[: limit + 1])
        if len(everyone) <= limit:
            found = {person.pk: person for person in everyone}
    previous: list[frozenset[int]] | None = None
    for tier in TIERS if not found else ():
        word_sets = tier_sets(tier)
        if not all(word_sets) or word_sets == previous:
            continue
        previous = word_sets
        for person in people.order_by().filter(_people_having_all(word_sets, within))[:limit]:
            found.setdefault(person.pk, person)
        if len(found) >= limit:
            break

    ranked = [
        (person, matching.person_name_score(text, person.full_name_ar, person.full_name_latin))
        for person in found.values()
    ]
    ranked.sort(key=lambda pair: (-pair[1], pair[0].full_name_ar, pair[0].pk))
    return ranked[:limit]
