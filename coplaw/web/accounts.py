"""Web accounts: names, roles, argon2 password hashes and API tokens.

The store's ``users`` table has no column for credentials yet, so accounts live in a small JSON
file beside the database (written atomically, guarded by a lock). Review decisions are still
recorded in the store under the account's name. API tokens are shown once and only their
SHA-256 digest is kept.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import secrets
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from coplaw.errors import CoplawError

ROLES: tuple[str, ...] = ("viewer", "reviewer", "analyst", "admin")

# What each role may do; a role has every right of the roles before it in ROLES.
RIGHTS: dict[str, str] = {"read": "viewer", "review": "reviewer", "upload": "analyst",
                          "admin": "admin"}

_HASHER = PasswordHasher()
MIN_PASSWORD = 8


class AccountError(CoplawError):
    """An account cannot be created, found or used as asked."""


def can(role: str, right: str) -> bool:
    """Whether ``role`` holds ``right`` (roles are ordered: viewer < reviewer < analyst < admin)."""
    needed = RIGHTS[right]
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class Account:
    name: str
    role: str
    password_hash: str
    tokens: list[str] = field(default_factory=list)  # SHA-256 digests


class Accounts:
    """The account file: ``{"accounts": [...]}``; reloaded on each read so processes agree."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._seen: tuple[tuple[int, int], dict[str, Account]] | None = None

    def _load(self) -> dict[str, Account]:
        """The accounts, re-read only when the file changed (every request asks)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise AccountError(f"{self.path}: unreadable account file: {exc}") from exc
        stamp = (st.st_mtime_ns, st.st_size)
        seen = self._seen
        if seen is not None and seen[0] == stamp:
            return {k: copy.deepcopy(v) for k, v in seen[1].items()}
        try:
            raw = json.loads(self.path.read_text("utf-8"))
            accounts = {a["name"]: Account(**a) for a in raw.get("accounts", [])}
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise AccountError(f"{self.path}: unreadable account file: {exc}") from exc
        self._seen = (stamp, accounts)
        return {k: copy.deepcopy(v) for k, v in accounts.items()}

    def _save(self, accounts: dict[str, Account]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        data = {"accounts": [asdict(a) for a in accounts.values()]}
        tmp.write_text(json.dumps(data, indent=1), "utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(self.path)

    def get(self, name: str) -> Account | None:
        return self._load().get(name)

    def all(self) -> list[Account]:
        return sorted(self._load().values(), key=lambda a: a.name)

    def add(self, name: str, password: str, role: str) -> Account:
        name = name.strip()
        if not name or len(name) > 100:
            raise AccountError("an account name of 1 to 100 characters is needed")
        if role not in ROLES:
            raise AccountError(f"role {role!r} is not one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
        with self._lock:
            accounts = self._load()
            if name in accounts:
                raise AccountError(f"account {name!r} already exists")
            account = Account(name, role, _HASHER.hash(password))
            accounts[name] = account
            self._save(accounts)
        return account

    def set_role(self, name: str, role: str) -> None:
        if role not in ROLES:
            raise AccountError(f"role {role!r} is not one of {', '.join(ROLES)}")
        with self._lock:
            accounts = self._load()
            if name not in accounts:
                raise AccountError(f"no account {name!r}")
            accounts[name].role = role
            self._save(accounts)

    def verify(self, name: str, password: str) -> Account | None:
        """The account when the password is right, else None (same work either way)."""
        account = self.get(name)
        if account is None:
            _HASHER.hash(password)  # spend the same time as a real check
            return None
        try:
            _HASHER.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return account

    def new_token(self, name: str) -> str:
        """A fresh API token for ``name``; only its digest is stored."""
        token = "cpl_" + secrets.token_urlsafe(32)
        with self._lock:
            accounts = self._load()
            if name not in accounts:
                raise AccountError(f"no account {name!r}")
            accounts[name].tokens.append(_digest(token))
            self._save(accounts)
        return token

    def by_token(self, token: str) -> Account | None:
        digest = _digest(token)
        for account in self._load().values():
            if any(secrets.compare_digest(digest, t) for t in account.tokens):
                return account
        return None
