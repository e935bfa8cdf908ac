"""Targets in the application database, for the pages: read, and changed by ICS analysts
through the same validated and audited functions as `oneworkforce targets`
(``oneworkforce.targets.store``).

One engine per application, made on first use after bringing the database's schema up to
date (as the command line does before it touches targets), so a home made before targets
existed still works.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from oneworkforce.appdb import create_app_engine, session_scope, upgrade
from oneworkforce.config import Settings
from oneworkforce.errors import OneWorkforceError
from oneworkforce.targets.store import (
    TargetSpec,
    add_target,
    get_target,
    list_targets,
    remove_target,
    spec_of,
    update_target,
)
from oneworkforce.web.scope import NotAllowedError, Viewer


class UnknownTargetError(OneWorkforceError):
    """No target of that name (a 404)."""


class TargetDatabase:
    """The application database's targets, for one web application."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                upgrade(self.settings.database_url)
                self._engine = create_app_engine(self.settings.database_url)
            return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine()) as session:
            yield session

    def specs(self) -> list[TargetSpec]:
        """Every stored target, by name."""
        with self.session() as session:
            return [spec_of(t) for t in list_targets(session)]

    def spec(self, name: str) -> TargetSpec:
        with self.session() as session:
            target = get_target(session, name)
            if target is None:
                raise UnknownTargetError(f"No target named {name.strip()!r}.")
            return spec_of(target)

    def save(self, viewer: Viewer, name: str | None, spec: TargetSpec) -> TargetSpec:
        """Add a validated target (``name`` None) or make the one named into ``spec`` (a
        rename too), as the viewer; each change is audited."""
        may_edit(viewer)
        with self.session() as session:
            if name is None:
                target = add_target(session, spec, actor=actor(viewer))
            else:
                if get_target(session, name) is None:
                    raise UnknownTargetError(f"No target named {name.strip()!r}.")
                target = update_target(session, name, actor=actor(viewer), **spec.fields())
            return spec_of(target)

    def remove(self, viewer: Viewer, name: str) -> None:
        may_edit(viewer)
        with self.session() as session:
            if get_target(session, name) is None:
                raise UnknownTargetError(f"No target named {name.strip()!r}.")
            remove_target(session, name, actor=actor(viewer))

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def can_edit(viewer: Viewer) -> bool:
    """Targets are the system's: ICS analysts set them."""
    return viewer.role == "ics_analyst"


def may_edit(viewer: Viewer) -> None:
    if not can_edit(viewer):
        raise NotAllowedError("Only ICS analysts may add, change or remove targets.")


def actor(viewer: Viewer) -> str:
    """Who the audit trail names: the web role until sign-in gives a person."""
    return f"web:{viewer.role}" + (f":{viewer.org_code}" if viewer.org_code else "")
