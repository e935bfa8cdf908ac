"""The application database: users and the audit trail now; targets, plans and actions later.

SQLAlchemy models with Alembic migrations, on a SQLite file by default or PostgreSQL by URL.
Call ``upgrade(url)`` before use; it is safe to call every time the application starts.
"""

from oneworkforce.appdb.audit import Outcome, list_events, record_event
from oneworkforce.appdb.engine import (
    check_connection,
    create_app_engine,
    parse_url,
    session_factory,
    session_scope,
)
from oneworkforce.appdb.migrate import current_revision, head_revision, is_up_to_date, upgrade
from oneworkforce.appdb.models import AuditEvent, Base, Role, User
from oneworkforce.appdb.users import (
    DuplicateUsernameError,
    UserError,
    create_user,
    get_user,
    list_users,
)

__all__ = [
    "AuditEvent",
    "Base",
    "DuplicateUsernameError",
    "Outcome",
    "Role",
    "User",
    "UserError",
    "check_connection",
    "create_app_engine",
    "create_user",
    "current_revision",
    "get_user",
    "head_revision",
    "is_up_to_date",
    "list_events",
    "list_users",
    "parse_url",
    "record_event",
    "session_factory",
    "session_scope",
    "upgrade",
]
