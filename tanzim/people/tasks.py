"""Background tasks of the people app (django-tasks; the database backend runs them in a worker)."""

from __future__ import annotations

from django_tasks import task

from tanzim.people.imports.services import import_run
from tanzim.people.models import RollImport


@task()
def roll_import_run(import_id: int) -> dict:
    """Run or resume a roll import; its page follows the counters on `RollImport`."""
    roll_import = import_run(roll_import=RollImport.objects.get(pk=import_id))
    return {
        "status": roll_import.status,
        "rows_done": roll_import.rows_done,
        "created": roll_import.created,
        "unchanged": roll_import.unchanged,
        "rejected": roll_import.rejected,
        "doubtful": roll_import.doubtful,
    }
