"""Reads for communiqués: the public site (published only) and the internal pages (scoped through
tanzim.access.queries). Text search folds Arabic (hamzas, alef maqsura, taa marbuta, diacritics)
and French accents on both sides, so "الاستحقاقات" finds "الإستحقاقات" and "echeances" finds
"échéances"."""

from __future__ import annotations

import re

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tanzim.core.text import fold_arabic, fold_latin
from tanzim.meetings.models import Meeting, MeetingStatus
from tanzim.organs.models import Organ
from tanzim.press.models import Comment, CommentStatus, Communique
from tanzim.territory.models import Territory

# Each folded letter matches every spelling it stands for; marks and tatweel may come between letters.
_ARABIC_CLASSES = {
    "ا": "اأإآٱ",
    "ي": "يىئی",
    "ه": "هة",
    "و": "وؤ",
    "ك": "كکگڭ",
    "ف": "فڤ",
}
_LATIN_CLASSES = {
    "a": "aàâäáAÀÂÄÁ",
    "c": "cçCÇ",
    "e": "eéèêëEÉÈÊË",
    "i": "iîïíIÎÏÍ",
    "o": "oôöóOÔÖÓ",
    "u": "uùûüúUÙÛÜÚ",
    "y": "yÿYŸ",
}
_MARKS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SEARCH_MAX_WORDS = 8
SEARCH_MAX_WORD_LENGTH = 40


def _word_pattern(word: str) -> str:
    parts = []
    for char in word:
        if char in _ARABIC_CLASSES:
            parts.append(f"[{_ARABIC_CLASSES[char]}]")
        elif char in _LATIN_CLASSES:
            parts.append(f"[{_LATIN_CLASSES[char]}]")
        elif char.isalpha() and char.lower() != char.upper():
            parts.append(f"[{re.escape(char.lower())}{re.escape(char.upper())}]")
        else:
            parts.append(re.escape(char))
    return _MARKS.join(parts)


def search_words(text: str) -> list[str]:
    """The query's words, folded (Arabic letters and Latin accents), without control characters."""
    text = _CONTROL.sub(" ", text or "")
    words = []
    for raw in fold_arabic(text).split():
        word = "".join(ch if "\u0600" <= ch <= "\u06ff" else fold_latin(ch) or ch for ch in raw)
        word = word.strip(".,;:!?«»\"'()[]،؛؟")[:SEARCH_MAX_WORD_LENGTH]
        if word:
            words.append(word)
    return words[:SEARCH_MAX_WORDS]


def communiques_search(communiques: QuerySet[Communique], query: str) -> QuerySet[Communique]:
    """Communiqués whose title or text (Arabic or French) contains every word of the query."""
    for word in search_words(query):
        pattern = _word_pattern(word)
        communiques = communiques.filter(
            Q(title_ar__regex=pattern)
            | Q(body_ar__regex=pattern)
            | Q(title_fr__regex=pattern)
            | Q(body_fr__regex=pattern)
        )
    return communiques


# --- Public site ------------------------------------------------------------------------------


def communiques_public() -> QuerySet[Communique]:
    """Published communiqués, newest first, with what the lists show."""
    return (
        Communique.objects.published()
        .select_related("organ", "organ__territory")
        .order_by("-published_at", "-pk")
    )


def communiques_public_within(territory: Territory) -> QuerySet[Communique]:
    """Published communiqués of organs in that unit and below."""
    return communiques_public().filter(organ__territory__path__startswith=territory.path)


def communique_public(communique_id: int) -> Communique:
    """One published communiqué; anything else (draft, withdrawn, absent) is a 404."""
    communique = communiques_public().filter(pk=communique_id).first()
    if communique is None:
        raise Http404
    return communique


def public_territory(code: str) -> Territory:
    territory = Territory.objects.filter(code=code).first()
    if territory is None:
        raise Http404
    return territory


def public_organ(organ_id: int) -> Organ:
    """An organ for its public list of communiqués (an organ's name is public, its members are not)."""
    organ = Organ.objects.select_related("territory").filter(pk=organ_id).first()
    if organ is None:
        raise Http404
    return organ


def comments_approved(communique: Communique) -> QuerySet[Comment]:
    """What the public page shows: approved comments, oldest first; never the e-mail address."""
    return (
        Comment.objects.filter(communique=communique, status=CommentStatus.APPROVED)
        .only("name", "body", "created_at", "communique_id")
        .order_by("created_at", "pk")
    )


# --- Internal pages -----------------------------------------------------------------------------


def communiques_with_counts(communiques: QuerySet[Communique]) -> QuerySet[Communique]:
    """A list of communiqués with their pending comments counted (one query)."""
    return communiques.select_related("organ", "organ__territory", "meeting").annotate(
        pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING))
    )


def meetings_without_communique(meetings: QuerySet[Meeting], limit: int = 10) -> list[Meeting]:
    """Held meetings (of the given, scoped, queryset) that have no communiqué yet, latest first."""
    return list(
        meetings.filter(status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED], communiques__isnull=True)
        .select_related("organ")
        .order_by("-day", "-pk")[:limit]
    )


def comments_pending(communiques: QuerySet[Communique]) -> QuerySet[Comment]:
    """Comments waiting for moderation on the given (scoped) communiqués, oldest first."""
    return (
        Comment.objects.filter(communique__in=communiques, status=CommentStatus.PENDING)
        .select_related("communique", "communique__organ")
        .order_by("created_at", "pk")
    )
