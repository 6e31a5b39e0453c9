"""Property-based API checks (schemathesis): no server error and every answer matches the schema.

A bounded number of generated requests per operation, authenticated as the national admin and as
the Taounate provincial secretary, against the in-process WSGI application.
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from tanzim.access.services import api_token_issue
from tanzim.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI app, which closes "old" connections around each request; inside
    the test's transaction that would close the test's own connection (Django's test Client avoids
    it the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(national_admin) -> str:
    return api_token_issue(user=national_admin, valid_for=datetime.timedelta(hours=1))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, admin_token):
    # Negative-data rejection is left out: the API deliberately takes the last of repeated query
    # parameters (Django's QueryDict) and falls back to the session when a bearer header is malformed.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"}, excluded_checks=[negative_data_rejection]
    )
