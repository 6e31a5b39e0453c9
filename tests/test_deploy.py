"""Production settings pass Django's deployment checks with no warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "TANZIM_DEBUG": "0",
        "TANZIM_SECRET_KEY": "x" * 20 + "production-like-secret-key-with-enough-entropy-4f9a1c",
        "TANZIM_ALLOWED_HOSTS": "tanzim.example.ma",
        "TANZIM_SQLITE_PATH": str(tmp_path / "deploy.sqlite3"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "TANZIM_DEBUG": "0", "TANZIM_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "TANZIM_SECRET_KEY" in result.stderr
