"""The keys of encrypted backups (age, through pyrage): who can open a station's backups.

Every backup is encrypted to several age recipients at once (X25519 public keys):

- the station's own key, ``<data dir>/backup.key`` (0600, made at the first backup): the same PC restores
  its own backups with no key to type — and the key never leaves the PC (a backup does not hold it);
- each **recovery key** in ``[safety] recovery_keys`` of ``station.toml``: public keys only. The secret of
  one made by ``desk-app recovery-key`` is shown once (and printed on a sheet with its QR, for the station's
  safe) and kept nowhere on the PC; IT may also provision a key of its own there. On a new PC, ``desk-app
  restore FILE --key-file KEY`` opens the backup with it.

The backup file itself is the age format (``age-encryption.org/v1``): any age tool opens it with the
recovery key, should this program be gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from desk_app import config as config_mod
from desk_app.atomic import replacing, write_text
from desk_app.domain.accounts import Permission
from desk_app.domain.errors import DeskError
from desk_app.services.accounts import User, check
from desk_app.services.context import DeskContext

KEY_NAME = "backup.key"
AGE_HEADER = b"age-encryption.org/v1"
SECRET_PREFIX = "AGE-SECRET-KEY-1"
MAX_KEY_FILE = 64 * 1024


@dataclass(frozen=True)
class RecoveryKey:
    secret: str  # AGE-SECRET-KEY-1…: shown once, never stored here
    public: str  # age1…: kept in station.toml


def _pyrage():  # type: ignore[no-untyped-def]
    import pyrage  # a compiled wheel: loaded when a backup is made or read, not at start-up

    return pyrage


def check_recipient(text: str) -> str:
    """``text`` as an age public key (``age1…``); DeskError otherwise."""
    try:
        return str(_pyrage().x25519.Recipient.from_str(text.strip()))
    except Exception:
        raise DeskError(f"Khóa khôi phục không hợp lệ (cần dạng age1…): {text[:20]!r}") from None


def station_identity(data_dir: Path):  # type: ignore[no-untyped-def]
    """The station's own backup key, or None when it has none (a new PC, or no backup made yet)."""
    path = data_dir / KEY_NAME
    if not path.is_file():
        return None
    return read_identities(path)[0]


def ensure_station_identity(data_dir: Path):  # type: ignore[no-untyped-def]
    found = station_identity(data_dir)
    if found is not None:
        return found
    identity = _pyrage().x25519.Identity.generate()
    write_text(
        data_dir / KEY_NAME,
        "# desk_app: this station's own key for its backups; never copy it with them\n" f"{identity}\n",
    )
    return identity


def recipients(ctx: DeskContext) -> list:  # type: ignore[type-arg]
    """Everyone a backup of this station is encrypted to: the station's key and the recovery keys (read
    from ``station.toml`` now, so a key added since the app opened counts)."""
    x25519 = _pyrage().x25519
    found = [ensure_station_identity(ctx.data_dir).to_public()]
    found += [x25519.Recipient.from_str(k) for k in config_mod.load(ctx.data_dir).safety.recovery_keys]
    return found


def read_identities(path: Path) -> list:  # type: ignore[type-arg]
    """The age secret keys in a key file (lines ``AGE-SECRET-KEY-1…``; ``#`` comments allowed)."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_KEY_FILE + 1)
    except FileNotFoundError:
        raise DeskError(f"Không thấy tệp khóa {path}") from None
    except OSError:
        raise DeskError(f"Không đọc được tệp khóa {path} (thư mục, hoặc không có quyền đọc)") from None
    if len(raw) > MAX_KEY_FILE:
        raise DeskError(f"Tệp khóa {path.name} quá lớn: không phải tệp khóa khôi phục")
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise DeskError(f"Tệp khóa {path.name} không phải tệp khóa khôi phục (AGE-SECRET-KEY-1…)") from None
    # as typed from the sheet: in groups, over several lines, in small letters, the heading with spaces or
    # dashes of any kind, or left out; only letters and digits count
    typed = "".join(line for line in lines if not line.lstrip().startswith("#")).upper()
    joined = "".join(ch for ch in typed if ch.isascii() and ch.isalnum())
    bodies = re.findall(r"AGESECRETKEY1([0-9A-Z]{58})", joined) or ([joined] if len(joined) == 58 else [])
    identities = []
    for word in (SECRET_PREFIX + body for body in bodies):
        try:
            identities.append(_pyrage().x25519.Identity.from_str(word))
        except Exception:
            raise DeskError(f"Khóa trong {path.name} bị sai (gõ nhầm một ký tự?)") from None
    if not identities:
        raise DeskError(f"Tệp {path.name} không chứa khóa khôi phục nào (AGE-SECRET-KEY-1…)")
    return identities


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(len(AGE_HEADER)) == AGE_HEADER


def encrypt_to(source: Path, target: Path, to: list) -> None:  # type: ignore[type-arg]
    """``source`` encrypted to ``to`` as ``target`` (whole or not at all, 0600), streamed."""
    with replacing(target) as part, source.open("rb") as src, part.open("wb") as dst:
        _pyrage().encrypt_io(src, dst, to)


def decrypt_to(source: Path, target: Path, identities: list, key_given: bool = False) -> None:  # type: ignore[type-arg]
    """``source`` decrypted into ``target``, streamed; DeskError when no key opens it or it is damaged."""
    pyrage = _pyrage()
    try:
        with source.open("rb") as src, target.open("wb") as dst:
            pyrage.decrypt_io(src, dst, identities)
    except pyrage.DecryptError as exc:
        target.unlink(missing_ok=True)
        if "No matching keys" in str(exc) and key_given:
            raise DeskError(
                f"Khóa trong tệp khóa không mở được bản sao lưu {source.name}: có thể là bản sao lưu của "
                "trạm khác, hoặc của một khóa khôi phục khác — không khôi phục"
            ) from None
        if "No matching keys" in str(exc):
            raise DeskError(
                f"Bản sao lưu {source.name} không mở được bằng khóa của máy này: trên máy mới, cần khóa "
                "khôi phục (--key-file TỆP_KHÓA)"
            ) from None
        raise _damaged(source, exc) from None
    except OSError as exc:
        target.unlink(missing_ok=True)
        if exc.errno is None:  # pyrage's own: an authenticated chunk did not check (cut short, altered)
            raise _damaged(source, exc) from None
        raise DeskError(f"Không giải mã được bản sao lưu {source.name}: {exc.strerror or exc}") from None


def _damaged(source: Path, exc: Exception) -> DeskError:
    return DeskError(f"Bản sao lưu {source.name} bị hỏng hoặc bị cắt cụt: không khôi phục")


def new_recovery_key(ctx: DeskContext, actor: User) -> RecoveryKey:
    """``desk-app recovery-key`` (admin): a new recovery key; its public half joins ``[safety]
    recovery_keys`` (the backups from now on open with it too), its secret is returned to be shown once."""
    check(ctx, actor, Permission.BACKUP, "tạo khóa khôi phục bản sao lưu")
    identity = _pyrage().x25519.Identity.generate()
    public = str(identity.to_public())
    current = config_mod.load(ctx.data_dir)
    safety = current.safety
    cfg = replace(current, safety=replace(safety, recovery_keys=(*safety.recovery_keys, public)))
    config_mod.save(ctx.data_dir, cfg)
    with ctx.uow(write=True) as uow:
        uow.audit.append(ctx.clock(), actor.username, "backup.recovery_key", public, {})
        uow.commit()
    return RecoveryKey(str(identity), public)

