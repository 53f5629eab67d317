"""The data directory is readable by the station's account only: 0700 on Linux, a user-only ACL on Windows.

On Windows, ``icacls DIR /inheritance:r /grant:r DOMAIN\\user:(OI)(CI)F`` removes the inherited entries
(Users, Authenticated Users …) and leaves full control to the account that runs the desk, for the folder
and everything created in it later. It has been checked on paper only (this project's CI runs on Linux):
the command is built by :func:`windows_acl_command`, which a test pins.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def windows_account() -> str:
    domain, user = os.environ.get("USERDOMAIN", ""), os.environ.get("USERNAME", "")
    return f"{domain}\\{user}" if domain else user


def windows_acl_command(path: Path, account: str) -> list[str]:
    return ["icacls", str(path), "/inheritance:r", "/grant:r", f"{account}:(OI)(CI)F"]


def restrict_to_owner(path: Path) -> None:
    """Make ``path`` (a directory) the station account's alone; OSError if that fails."""
    if os.name == "posix":
        os.chmod(path, 0o700)
    elif os.name == "nt":
        done = subprocess.run(windows_acl_command(path, windows_account()), capture_output=True, text=True)
        if done.returncode != 0:
            raise OSError(done.returncode, f"icacls: {done.stderr.strip() or done.stdout.strip()}", str(path))


#: what the desk writes at the top of its data directory (besides its folders), made the owner's alone
PRIVATE_FILES = ("station.sqlite3", "station.sqlite3-wal", "station.sqlite3-shm", "station.toml",
                 "sync.json", "backup.key", "demo-station")  # fmt: skip
PRIVATE_DIRS = ("logs", "scans", "backups", "calendar", "templates", "crash")


def owner_only(data_dir: Path) -> None:
    """0600 files and 0700 folders at the top of ``data_dir`` and in ``logs/`` — for stations made before
    the desk set them so (the process's umask, 077, keeps new ones so). POSIX only; Windows has the ACL."""
    if os.name != "posix":
        return
    for name in PRIVATE_FILES:
        _at_most(data_dir / name, 0o600)
    for name in PRIVATE_DIRS:
        _at_most(data_dir / name, 0o700)
    logs = data_dir / "logs"
    if logs.is_dir():
        for item in logs.iterdir():
            _at_most(item, 0o600)


def _at_most(path: Path, mode: int) -> None:
    try:
        current = path.lstat().st_mode
    except FileNotFoundError:
        return
    if (current & 0o777) & ~mode and not os.path.islink(path):
        os.chmod(path, (current & 0o777) & mode)
