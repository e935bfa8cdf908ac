"""Creating and finding users.

Usernames are stored lower case, so "A.Smith" and "a.smith" cannot become two accounts.
Organisation codes (ODS codes such as "RXH") are stored upper case; no code means the user's
scope is the whole system, which is why an empty code is refused rather than read as "none".
"""

from __future__ import annotations

import re

from sqlalchemy import exc, select
from sqlalchemy.orm import Session

from oneworkforce.appdb.models import ROLE_VALUES, Role, User
from oneworkforce.errors import OneWorkforceError

ORG_CODE_PATTERN = re.compile(r"[A-Z0-9]{2,16}")


class UserError(OneWorkforceError):
    """A user cannot be created as asked (bad role, name or organisation code)."""


class DuplicateUsernameError(UserError):
    """The username is taken."""


def normalise_username(username: str) -> str:
    """The stored form of a username: trimmed and lower case."""
    return username.strip().lower()


def parse_role(role: Role | str) -> Role:
    """A Role from its value, with a message listing the valid ones."""
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        raise UserError(f"Unknown role {role!r}; use one of: {', '.join(ROLE_VALUES)}.") from None


def _parse_org_code(org_code: str | None) -> str | None:
    if org_code is None:
        return None
    code = org_code.strip().upper()
    if not ORG_CODE_PATTERN.fullmatch(code):
        raise UserError(
            f"Organisation code {org_code!r} is not valid: use the ODS code (letters and "
            "digits, e.g. RXH), or no code for system-wide scope."
        )
    return code


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: Role | str,
    org_code: str | None = None,
    active: bool = True,
) -> User:
    """Add a user and flush, so a taken username is reported now; the caller commits.

    Raises UserError for invalid input and DuplicateUsernameError if the name is taken (after
    which the session must be rolled back, as after any failed flush).
    """
    name = normalise_username(username)
    if not name or any(character.isspace() for character in name):
        raise UserError(f"Username {username!r} must be non-empty and contain no spaces.")
    label = display_name.strip()
    if not label:
        raise UserError(f"User {name!r} needs a display name.")
    user = User(
        username=name,
        display_name=label,
        role=parse_role(role),
        org_code=_parse_org_code(org_code),
        active=active,
    )
    if get_user(session, name) is not None:
        raise DuplicateUsernameError(f"A user named {name!r} already exists.")
    session.add(user)
    try:
        session.flush()
    except exc.IntegrityError:
        # Another transaction took the name between the check and the insert.
        raise DuplicateUsernameError(f"A user named {name!r} already exists.") from None
    return user


def get_user(session: Session, username: str) -> User | None:
    """The user with this username (any case), or None."""
    return session.scalar(select(User).where(User.username == normalise_username(username)))


def list_users(
    session: Session,
    *,
    role: Role | str | None = None,
    org_code: str | None = None,
    include_inactive: bool = True,
) -> list[User]:
    """Users by username, optionally only one role or one organisation's users."""
    query = select(User).order_by(User.username)
    if role is not None:
        query = query.where(User.role == parse_role(role))
    if org_code is not None:
        query = query.where(User.org_code == _parse_org_code(org_code))
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return list(session.scalars(query))
