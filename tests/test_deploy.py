"""Production settings pass Django's deployment checks with no warning; the workers of one server
share what they must."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _server_env(**settings: str) -> dict[str, str]:
    """The environment of a server process: its TANZIM_* settings, none of the test run's own."""
    env = {**os.environ, **settings}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def _in_a_server_process(code: str, env: dict[str, str]) -> str:
    result = _manage("shell", "-v", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = _server_env(
        TANZIM_DEBUG="0",
        TANZIM_SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-4f9a1c",
        TANZIM_ALLOWED_HOSTS="tanzim.example.ma",
        TANZIM_SQLITE_PATH=str(tmp_path / "deploy.sqlite3"),
    )
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env={**os.environ, "TANZIM_DEBUG": "0", "TANZIM_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "TANZIM_SECRET_KEY" in result.stderr


def test_with_a_shared_cache_a_session_ended_in_one_worker_is_ended_in_all(tmp_path):
    """TANZIM_CACHE_DIR: sessions read from the shared cache first; each process here is a worker."""
    env = _server_env(
        TANZIM_CACHE_DIR=str(tmp_path / "cache"), TANZIM_SQLITE_PATH=str(tmp_path / "sessions.sqlite3")
    )
    env.pop("DATABASE_URL", None)
    migrated = _manage("migrate", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    store = "from django.contrib.sessions.backends.cached_db import SessionStore; "
    key = _in_a_server_process(
        "from django.conf import settings; assert settings.SESSION_ENGINE.endswith('cached_db'); "
        + store
        + "s = SessionStore(); s['who'] = 'najjari'; s.create(); s.save(); print(s.session_key)",
        env,
    )
    assert _in_a_server_process(store + f"print(SessionStore('{key}').get('who'))", env) == "najjari"
    _in_a_server_process(store + f"SessionStore('{key}').delete()", env)
    assert _in_a_server_process(store + f"print(SessionStore('{key}').get('who'))", env) == "None"


def test_without_a_shared_cache_sessions_are_read_from_the_database():
    from django.conf import settings

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
