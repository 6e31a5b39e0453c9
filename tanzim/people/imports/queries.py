"""Reads of the roll import: the user's imports, one import's progress and issues."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from tanzim.access.scope import scope_for
from tanzim.people.import_models import UNFINISHED_STATUSES
from tanzim.people.models import RollImport, RollImportIssue, RollImportStatus


def imports_visible(user: User) -> QuerySet[RollImport]:
    """A user's own imports; national staff see everybody's."""
    if not user.is_authenticated:
        return RollImport.objects.none()
    if scope_for(user).national:
        return RollImport.objects.all()
    return RollImport.objects.filter(created_by=user)


def import_for_user(user: User, import_id: int) -> RollImport:
    """The import, or 404 when it is not the user's (nor the user national staff)."""
    found = imports_visible(user).filter(pk=import_id).select_related("created_by").first()
    if found is None:
        raise Http404
    return found


def issue_for_user(user: User, issue_id: int) -> RollImportIssue:
    found = (
        RollImportIssue.objects.filter(pk=issue_id, roll_import__in=imports_visible(user))
        .select_related("roll_import", "candidate", "candidate__home")
        .first()
    )
    if found is None:
        raise Http404
    return found


def import_find_unfinished(*, user: User, sha256: str, dry_run: bool) -> RollImport | None:
    """The user's latest import of the same file (same content) that did not finish, to resume."""
    return (
        RollImport.objects.filter(
            created_by=user,
            sha256=sha256,
            dry_run=dry_run,
            status__in=[*UNFINISHED_STATUSES, RollImportStatus.NEEDS_MAPPING],
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def import_issues(
    roll_import: RollImport, *, severity: str | None = None, open_only: bool = False
) -> QuerySet[RollImportIssue]:
    issues = roll_import.issues.select_related("candidate").order_by("row", "pk")
    if severity:
        issues = issues.filter(severity=severity)
    if open_only:
        issues = issues.filter(resolution="")
    return issues


def import_progress(roll_import: RollImport) -> dict:
    """What the progress page shows (read fresh from the database: a background task writes it)."""
    current = RollImport.objects.get(pk=roll_import.pk)
    progress = current.progress
    return {
        "id": current.pk,
        "status": current.status,
        "dry_run": current.dry_run,
        "rows_done": current.rows_done,
        "rows_total": current.rows_total,
        "percent": None if progress is None else round(progress * 100),
        "created": current.created,
        "unchanged": current.unchanged,
        "rejected": current.rejected,
        "doubtful": current.doubtful,
        "error": current.error,
        "report": current.report.name or "",
    }
