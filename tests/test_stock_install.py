"""`make` on a stock server: a system Python whose pip refuses to install for the user
(Debian 12, Ubuntu 24.04: "externally-managed-environment") and no uv on PATH.

The Makefile must bring uv in without touching that Python: no `--user`, no
`--break-system-packages`. The test runs the real Makefile with a python3 that refuses
those the way Debian's does, and then uses the uv it brought in.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent

STOCK_PYTHON = """#!/bin/sh
# A system python3 as Debian ships it: pip refuses installs outside a virtual environment
# unless they go to a --target; every call is logged.
echo "$*" >> "{log}"
case " $* " in
  *" -m pip install "*)
    case " $* " in
      *" --target "*) ;;
      *) echo "error: externally-managed-environment" >&2; exit 1 ;;
    esac ;;
esac
exec "{python}" "$@"
"""


@pytest.fixture
def stock_server(tmp_path):
    """A copy of the Makefile and the lock beside a PATH with that python3 and no uv."""
    checkout = tmp_path / "samverkan"
    checkout.mkdir()
    for name in ("Makefile", "pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(REPOSITORY / name, checkout / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "python3.log"
    python = bin_dir / "python3"
    python.write_text(STOCK_PYTHON.format(log=log, python=sys._base_executable))
    python.chmod(0o755)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VIRTUAL_ENV", "UV_", "PYTHON"))
    }
    env.update(PATH=f"{bin_dir}:/usr/bin:/bin", HOME=str(tmp_path / "home"))
    assert shutil.which("uv", path=env["PATH"]) is None, "uv must not be on this PATH"
    return checkout, env, log


def test_make_brings_uv_in_without_touching_the_system_python(stock_server):
    checkout, env, log = stock_server
    # What the earlier Makefile did fails here, as on the stock server.
    refused = subprocess.run(
        ["python3", "-m", "pip", "install", "--user", "uv"], env=env, capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert "externally-managed-environment" in refused.stderr
    log.write_text("")

    result = subprocess.run(
        ["make", "uv"], cwd=checkout, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    uv = checkout / ".tools" / "bin" / "uv"
    assert uv.exists()
    assert "uv " in result.stdout  # it printed its version
    calls = log.read_text()
    assert "-m pip install" in calls
    assert "--user" not in calls
    assert "--break-system-packages" not in calls

    # The uv it brought in is the one `make install` uses, and it reads the lock.
    dry = subprocess.run(
        ["make", "-n", "install"], cwd=checkout, env=env, capture_output=True, text=True
    )
    assert f"{uv} sync --frozen" in dry.stdout
    locked = subprocess.run(
        [str(uv), "lock", "--check"], cwd=checkout, env=env, capture_output=True, text=True
    )
    assert locked.returncode == 0, locked.stderr

    # A second run finds it and installs nothing again.
    again = subprocess.run(["make", "uv"], cwd=checkout, env=env, capture_output=True, text=True)
    assert again.returncode == 0
    assert "Installing uv" not in again.stdout


def test_the_project_supports_python_3_11_to_3_13():
    text = (REPOSITORY / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.11,<3.14"' in text
    lock = (REPOSITORY / "uv.lock").read_text()
    assert 'requires-python = ">=3.11, <3.14"' in lock
