"""Roll imports: one `RollImport` per file brought in (CSV or XLSX), and its rejected or doubtful rows.

Imported at the bottom of `tanzim.people.models`, so these are models of the `people` app. The
pipeline that fills them lives in `tanzim.people.imports`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "IssueResolution",
    "IssueSeverity",
    "RollImport",
    "RollImportIssue",
    "RollImportStatus",
]


class RollImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    NEEDS_MAPPING = "needs_mapping", _("Columns to be matched")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


UNFINISHED_STATUSES = (RollImportStatus.QUEUED, RollImportStatus.RUNNING, RollImportStatus.FAILED)


class RollImport(models.Model):
    """A membership roll file brought in by a user, within the user's territorial scope.

    `checkpoint` is the number of data rows (after the header, empty and repeated header rows left
    out) whose results are committed: people, issues and counters move together in one transaction
    per batch, so a run killed half-way resumes at `checkpoint` and loses nothing.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="roll_imports",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    scope_paths = models.JSONField(default=list, help_text="territory paths of the importer, at creation")
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(upload_to="imports/rolls/%Y/%m/", max_length=300)
    file_size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(max_length=8)  # "csv" or "xlsx"
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=RollImportStatus.choices, default=RollImportStatus.QUEUED
    )
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    sheet = models.CharField(max_length=100, blank=True)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True, help_text="field → list of column indexes")
    rows_total = models.PositiveIntegerField(null=True, blank=True, help_text="an estimate until done")
    rows_done = models.PositiveIntegerField(default=0)
    ok = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    doubtful = models.PositiveIntegerField(default=0)
    checkpoint = models.PositiveIntegerField(default=0)
    report = models.FileField(upload_to="imports/reports/%Y/%m/", max_length=300, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("roll import")
        verbose_name_plural = _("roll imports")
        indexes = [models.Index(fields=["created_by", "sha256"], name="people_rollimport_user_sha")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status == RollImportStatus.DONE

    @property
    def progress(self) -> float | None:
        """Share of rows done (0–1), None while the number of rows is not known."""
        if self.status == RollImportStatus.DONE:
            return 1.0
        if not self.rows_total:
            return None
        return min(1.0, self.rows_done / self.rows_total)


class IssueSeverity(models.TextChoices):
    REJECTED = "rejected", _("Rejected")
    DOUBTFUL = "doubtful", _("Doubtful")


class IssueResolution(models.TextChoices):
    OPEN = "", _("Open")
    MERGED = "merged", _("Merged with the existing person")
    KEPT_SEPARATE = "kept_separate", _("Kept as a separate person")


class RollImportIssue(models.Model):
    """One reason a row was rejected or held back, in Arabic and French, with the raw row.

    A doubtful row may name a `candidate` (an existing person it may be); somebody decides with
    `import_candidate_merge` or `import_candidate_keep_separate` — never the import itself.
    """

    roll_import = models.ForeignKey(RollImport, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField(
        _("row"), help_text="row number in the file, counted as a spreadsheet does"
    )
    severity = models.CharField(_("severity"), max_length=10, choices=IssueSeverity.choices)
    field = models.CharField(_("field"), max_length=32, blank=True)
    code = models.CharField(_("code"), max_length=40)
    message_ar = models.TextField()
    message_fr = models.TextField()
    raw = models.JSONField(default=dict, blank=True)
    candidate = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_row = models.PositiveIntegerField(
        null=True, blank=True, help_text="an earlier row of the same file"
    )
    resolution = models.CharField(max_length=16, choices=IssueResolution.choices, blank=True, default="")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["row", "pk"]
        verbose_name = _("roll import issue")
        verbose_name_plural = _("roll import issues")
        indexes = [models.Index(fields=["roll_import", "row"], name="people_rollimportissue_row")]

    def __str__(self) -> str:
        return f"#{self.roll_import_id} row {self.row}: {self.code}"
