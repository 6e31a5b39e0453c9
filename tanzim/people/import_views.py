"""Pages of the roll import: upload, column matching, progress, report, duplicate decisions.

Thin views over tanzim.people.imports (services for writes, queries for reads).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.scope import scope_for
from tanzim.access.services import audit_record
from tanzim.people.imports.headers import FIELD_LABELS, FIELDS, MappingError
from tanzim.people.imports.queries import (
    import_for_user,
    import_issues,
    import_progress,
    imports_visible,
    issue_for_user,
)
from tanzim.people.imports.services import (
    ImportNotRunnable,
    import_candidate_keep_separate,
    import_candidate_merge,
    import_create,
    import_enqueue,
    import_mapping_set,
)
from tanzim.people.models import RollImportStatus

MAX_UPLOAD_BYTES = 300 * 1024 * 1024


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """The user's imports, and the upload form (dry run by default: nothing is written)."""
    if scope_for(request.user).empty:
        raise Http404
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a CSV or XLSX file."))
        elif upload.size > MAX_UPLOAD_BYTES:
            messages.error(request, _("The file is larger than 300 MB; split it by province."))
        else:
            try:
                roll_import = import_create(
                    user=request.user,
                    file=upload,
                    original_name=upload.name,
                    dry_run=request.POST.get("real_run") != "on",
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                if roll_import.status == RollImportStatus.QUEUED:
                    import_enqueue(roll_import=roll_import)
                return redirect("members:import", roll_import.pk)
    imports = imports_visible(request.user).select_related("created_by").order_by("-created_at", "-pk")
    page = Paginator(imports, 30).get_page(request.GET.get("page"))
    return render(request, "people/import_list.html", {"page": page})


def _mapping_rows(roll_import) -> list[dict]:
    current = roll_import.mapping or {}
    rows = []
    for field in FIELDS:
        label_ar, label_fr = FIELD_LABELS.get(field, (field, field))
        chosen = current.get(field) or []
        rows.append(
            {
                "field": field,
                "label_ar": label_ar,
                "label_fr": label_fr,
                "chosen": chosen[0] if chosen else None,
            }
        )
    return rows


@login_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    roll_import = import_for_user(request.user, import_id)
    if request.method == "POST" and roll_import.status == RollImportStatus.NEEDS_MAPPING:
        spec = {}
        for field in FIELDS:
            raw = request.POST.get(f"map_{field}", "")
            spec[field] = int(raw) if raw.isdigit() else None
        try:
            roll_import = import_mapping_set(roll_import=roll_import, mapping=spec, by=request.user)
        except (MappingError, ImportNotRunnable) as error:
            messages.error(request, str(error))
        else:
            if roll_import.status == RollImportStatus.QUEUED:
                import_enqueue(roll_import=roll_import)
            else:
                messages.error(request, _("Some required columns are still missing."))
        return redirect("members:import", roll_import.pk)
    issues = import_issues(roll_import, severity=request.GET.get("severity") or None)
    page = Paginator(issues, 50).get_page(request.GET.get("page"))
    # The rejected and doubtful rows quote the file: names, CINs, phones — a bulk read.
    audit_record(
        user=request.user,
        action="people.import.rows",
        target=str(roll_import.pk),
        count=len(page.object_list),
        page=page.number,
    )
    return render(
        request,
        "people/import_detail.html",
        {
            "imp": roll_import,
            "progress": import_progress(roll_import),
            "page": page,
            "mapping_rows": _mapping_rows(roll_import),
            "headers": list(enumerate(roll_import.headers or [])),
        },
    )


@login_required
def import_progress_partial(request: HttpRequest, import_id: int) -> HttpResponse:
    roll_import = import_for_user(request.user, import_id)
    return render(
        request,
        "people/_import_progress.html",
        {"imp": roll_import, "progress": import_progress(roll_import)},
    )


@login_required
@require_POST
def import_real_run(request: HttpRequest, import_id: int) -> HttpResponse:
    """After a dry run that looked right: import the same file for real, with the same columns."""
    dry = import_for_user(request.user, import_id)
    if not dry.dry_run or dry.status != RollImportStatus.DONE or not dry.file:
        raise Http404
    real = import_create(
        user=request.user,
        file=dry.file.path,
        original_name=dry.original_name,
        dry_run=False,
        mapping={field: cols for field, cols in (dry.mapping or {}).items()},
    )
    if real.status == RollImportStatus.QUEUED:
        import_enqueue(roll_import=real)
    return redirect("members:import", real.pk)


@login_required
def import_report(request: HttpRequest, import_id: int) -> HttpResponse:
    roll_import = import_for_user(request.user, import_id)
    if not roll_import.report:
        raise Http404
    audit_record(user=request.user, action="people.import.report", target=str(roll_import.pk))
    return FileResponse(
        roll_import.report.open("rb"),
        as_attachment=True,
        filename=f"tanzim-import-{roll_import.pk}-report.xlsx",
    )


@login_required
@require_POST
def import_issue_decide(request: HttpRequest, issue_id: int, decision: str) -> HttpResponse:
    """A doubtful row: the same person as the candidate (merge) or somebody else (keep separate)."""
    issue = issue_for_user(request.user, issue_id)
    try:
        if decision == "merge":
            import_candidate_merge(issue=issue, by=request.user)
            messages.success(request, _("Row %(row)s merged into the existing person.") % {"row": issue.row})
        elif decision == "separate":
            import_candidate_keep_separate(issue=issue, by=request.user)
            messages.success(request, _("Row %(row)s recorded as a different person.") % {"row": issue.row})
        else:
            raise Http404
    except (ValidationError, PermissionDenied, ImportNotRunnable) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("members:import", issue.roll_import_id)
