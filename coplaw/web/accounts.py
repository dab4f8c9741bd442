"""Web accounts: names, roles, argon2 password hashes and API tokens, kept in the store.

An account is a row of the store's ``users`` table with a password hash, so accounts travel
with the database (exports, moves between SQLite and PostgreSQL) and every review decision
names the same user row that logged in. People who only ever reviewed on the command line
have no password hash and cannot log in. API tokens are shown once; only their SHA-256
digest is kept, and a revoked token stays listed with its revocation time.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coplaw.errors import CoplawError
from coplaw.store import audit
from coplaw.store.db import Store
from coplaw.store.models import ApiToken, User, utcnow

ROLES: tuple[str, ...] = ("viewer", "reviewer", "analyst", "admin")

# What each role may do; a role has every right of the roles before it in ROLES.
# "workflow" moves reviewed results on (preliminary, letter, government answers); "publish"
# puts them in a public edition.
RIGHTS: dict[str, str] = {"read": "viewer", "review": "reviewer", "upload": "analyst",
                          "workflow": "analyst", "publish": "admin", "admin": "admin"}

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


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    tokens: int = 0  # API tokens not revoked


@dataclass(frozen=True)
class TokenInfo:
    id: int
    label: str | None
    created_at: str
    revoked_at: str | None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"role {role!r} is not one of {', '.join(ROLES)}")


class Accounts:
    """The accounts of one store.

    Every request needs its account, so lookups for reading pages are cached in the process
    for ``CACHE_SECONDS``; a request that changes anything asks with ``fresh=True`` and
    always reads the database, so a demoted account or a revoked token can never write, and
    can read for a few seconds at most. Changes made through this object clear the cache.
    """

    CACHE_SECONDS = 5.0

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[str, tuple[float, Account | None]] = {}
        self._lock = threading.Lock()

    def _cached(self, key: str, fresh: bool, load: Callable[[], Account | None]
                ) -> Account | None:
        now = time.monotonic()
        if not fresh:
            with self._lock:
                hit = self._cache.get(key)
            if hit is not None and now - hit[0] < self.CACHE_SECONDS:
                return hit[1]
        found = load()
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key] = (now, found)
        return found

    def _changed(self) -> None:
        with self._lock:
            self._cache.clear()

    @staticmethod
    def _user(session: Session, name: str) -> User:
        user = session.scalars(select(User).where(User.name == name)).first()
        if user is None or user.password_hash is None:
            raise AccountError(f"no account {name!r}")
        return user

    @staticmethod
    def _live_tokens(session: Session, user_id: int) -> int:
        return session.scalar(select(func.count(ApiToken.id)).where(
            ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))) or 0

    def get(self, name: str, fresh: bool = True) -> Account | None:
        """The account called ``name``; ``fresh=False`` accepts a lookup a few seconds old."""
        return self._cached("name:" + name, fresh, lambda: self._load(name))

    def _load(self, name: str) -> Account | None:
        with self.store.reading() as session:
            user = session.scalars(select(User).where(User.name == name)).first()
            if user is None or user.password_hash is None:
                return None
            return Account(user.name, user.role)

    def all(self) -> list[Account]:
        with self.store.reading() as session:
            users = session.scalars(select(User).where(User.password_hash.is_not(None))
                                    .order_by(User.name)).all()
            return [Account(u.name, u.role, self._live_tokens(session, u.id)) for u in users]

    def add(self, name: str, password: str, role: str, actor: str = "coplaw") -> Account:
        name = name.strip()
        if not name or len(name) > 100:
            raise AccountError("an account name of 1 to 100 characters is needed")
        _check_role(role)
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
        hashed = _HASHER.hash(password)
        with self.store.session() as session:
            user = session.scalars(select(User).where(User.name == name)).first()
            if user is not None and user.password_hash is not None:
                raise AccountError(f"account {name!r} already exists")
            if user is None:  # a command-line reviewer of that name keeps their history
                user = User(name=name)
                session.add(user)
            user.role = role
            user.password_hash = hashed
            session.flush()
            audit.append(session, actor, "account.created", "user", user.id,
                         {"name": name, "role": role})
        self._changed()
        return Account(name, role)

    def set_role(self, name: str, role: str, actor: str = "coplaw") -> None:
        _check_role(role)
        with self.store.session() as session:
            user = self._user(session, name)
            if user.role != role:
                audit.append(session, actor, "account.role", "user", user.id,
                             {"name": name, "from": user.role, "to": role})
                user.role = role
        self._changed()

    def set_password(self, name: str, password: str, actor: str = "coplaw") -> None:
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
        hashed = _HASHER.hash(password)
        with self.store.session() as session:
            user = self._user(session, name)
            user.password_hash = hashed
            audit.append(session, actor, "account.password", "user", user.id, {"name": name})
        self._changed()

    def verify(self, name: str, password: str) -> Account | None:
        """The account when the password is right, else None (same work either way)."""
        with self.store.reading() as session:
            user = session.scalars(select(User).where(User.name == name)).first()
            stored = user.password_hash if user is not None else None
            account = Account(user.name, user.role) if user is not None else None
        if stored is None:
            _HASHER.hash(password)  # spend the same time as a real check
            return None
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return account

    def new_token(self, name: str, label: str | None = None, actor: str | None = None) -> str:
        """A fresh API token for ``name``; only its digest is stored."""
        token = "cpl_" + secrets.token_urlsafe(32)
        with self.store.session() as session:
            user = self._user(session, name)
            row = ApiToken(user_id=user.id, digest=_digest(token), label=label)
            session.add(row)
            session.flush()
            audit.append(session, actor or name, "token.issued", "user", user.id,
                         {"name": name, "token": row.id, "label": label})
        return token

    def tokens(self, name: str) -> list[TokenInfo]:
        with self.store.reading() as session:
            user = self._user(session, name)
            rows = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.id)).all()
            return [TokenInfo(t.id, t.label, t.created_at.isoformat(timespec="seconds"),
                              t.revoked_at.isoformat(timespec="seconds") if t.revoked_at
                              else None) for t in rows]

    def revoke(self, name: str, token_id: int, actor: str | None = None) -> None:
        with self.store.session() as session:
            user = self._user(session, name)
            row = session.get(ApiToken, token_id)
            if row is None or row.user_id != user.id:
                raise AccountError(f"account {name!r} has no token {token_id}")
            if row.revoked_at is None:
                row.revoked_at = utcnow()
                audit.append(session, actor or name, "token.revoked", "user", user.id,
                             {"name": name, "token": token_id})
        self._changed()

    def by_token(self, token: str, fresh: bool = True) -> Account | None:
        """The account of a live token. The lookup is by digest, an indexed equality on a
        value an attacker cannot steer towards a match, so it leaks nothing by timing."""
        digest = _digest(token)
        return self._cached("token:" + digest, fresh, lambda: self._by_digest(digest))

    def _by_digest(self, digest: str) -> Account | None:
        with self.store.reading() as session:
            row = session.execute(
                select(User.name, User.role, User.password_hash)
                .join(ApiToken, ApiToken.user_id == User.id)
                .where(ApiToken.digest == digest, ApiToken.revoked_at.is_(None))
            ).first()
        if row is None or row.password_hash is None:
            return None
        return Account(row.name, row.role)

    def import_file(self, path: Path) -> list[str]:
        """Bring in the accounts of the JSON file earlier versions kept beside the uploads
        (hashes and token digests as they are); names already in the store are left alone."""
        try:
            raw = json.loads(path.read_text("utf-8"))
            entries = [(str(a["name"]), str(a["role"]), str(a["password_hash"]),
                        [str(t) for t in a.get("tokens", [])]) for a in raw["accounts"]]
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise AccountError(f"{path}: unreadable account file: {exc}") from exc
        added: list[str] = []
        with self.store.session() as session:
            for name, role, hashed, digests in entries:
                _check_role(role)
                user = session.scalars(select(User).where(User.name == name)).first()
                if user is not None and user.password_hash is not None:
                    continue
                if user is None:
                    user = User(name=name)
                    session.add(user)
                user.role, user.password_hash = role, hashed
                session.flush()
                for digest in digests:
                    session.add(ApiToken(user_id=user.id, digest=digest, label="imported"))
                audit.append(session, "coplaw", "account.imported", "user", user.id,
                             {"name": name, "role": role, "from": str(path)})
                added.append(name)
        self._changed()
        return added
