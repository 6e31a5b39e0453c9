from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from tanzim.territory.queries import forget_alias_cache
from tanzim.territory.services import CORRECTIONS_FILE, HCP_DIR


@pytest.fixture(autouse=True)
def _fresh_alias_cache():
    """The fuzzy index is a process-wide cache; a test that rewrites the territory (then rolls back)
    must not leave its aliases behind for the next test."""
    yield
    forget_alias_cache()


@pytest.fixture
def hcp_copy(tmp_path) -> Path:
    """A writable copy of the real HCP files."""
    target = tmp_path / "hcp"
    shutil.copytree(HCP_DIR, target)
    for path in target.iterdir():
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    target.chmod(target.stat().st_mode | stat.S_IWUSR)
    return target


@pytest.fixture
def corrections_copy(tmp_path) -> Path:
    target = tmp_path / "corrections.json"
    shutil.copyfile(CORRECTIONS_FILE, target)
    target.chmod(target.stat().st_mode | stat.S_IWUSR)
    return target
