"""Who is asking, and what they may see: the one place the API's access rule lives.

Until sign-in arrives, the viewer comes from two request headers, which whatever stands in
front of the API (an authenticating proxy) must set, overwriting any the client sent:

- ``X-OneWorkforce-Role``: ``ics_analyst``, ``org_lead`` or ``public`` (the default);
- ``X-OneWorkforce-Org``: the viewer's organisation (ODS code), required for ``org_lead``.

The rule, applied by ``Viewer.disclosure`` and nowhere else:

- ``ics_analyst`` sees every figure in full: the ICS's analysts work on the whole picture;
- ``org_lead`` sees their own organisation's figures in full and every other figure shared,
  under disclosure control; their own cells count as known to them, so hiding one of them is
  never what protects another organisation's small count;
- ``public`` sees shared figures only.

Metrics return aggregates only, so no role sees record-level data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

import pandas as pd
from fastapi import Header
from pydantic import BaseModel, ConfigDict

from oneworkforce.errors import OneWorkforceError

Role = Literal["ics_analyst", "org_lead", "public"]
ROLES: tuple[str, ...] = get_args(Role)
ROLE_HEADER = "X-OneWorkforce-Role"
ORG_HEADER = "X-OneWorkforce-Org"
_ODS_CODE = re.compile(r"[A-Z0-9]{3,6}")


class ViewerError(OneWorkforceError):
    """The viewer headers do not name a viewer."""


class NotAllowedError(OneWorkforceError):
    """The viewer may not see or change this (a 403)."""


class Viewer(BaseModel):
    """The person a response is for: their role and, for an org_lead, their organisation."""

    model_config = ConfigDict(frozen=True)

    role: Role = "public"
    org_code: str | None = None

    def disclosure(self, where: Mapping[str, str] | None = None) -> Disclosure:
        """How figures are shown to this viewer; ``where`` is the one slice asked for (SPC)."""
        if self.role == "ics_analyst":
            return Disclosure(shared=False)
        if self.role == "org_lead" and self.org_code is not None:
            if where is not None and where.get("org") == self.org_code:
                return Disclosure(shared=False)
            return Disclosure(shared=True, entitled_orgs=frozenset({self.org_code}))
        return Disclosure(shared=True)


@dataclass(frozen=True)
class Disclosure:
    """Whether an output is shared (disclosure control applied), and whose rows are exempt."""

    shared: bool
    entitled_orgs: frozenset[str] = frozenset()

    def shared_rows(self, frame: pd.DataFrame, by: list[str]) -> pd.Series:
        """For each row of a metric split by ``by``: did disclosure control apply to it?"""
        if not self.shared:
            return pd.Series(False, index=frame.index)
        if "org" in by and self.entitled_orgs:
            return ~frame["org"].isin(list(self.entitled_orgs))
        return pd.Series(True, index=frame.index)


def current_viewer(
    role: Annotated[
        str | None,
        Header(
            alias=ROLE_HEADER,
            description="ics_analyst, org_lead or public (default): what the response shows.",
        ),
    ] = None,
    org: Annotated[
        str | None,
        Header(alias=ORG_HEADER, description="The viewer's ODS code (required for org_lead)."),
    ] = None,
) -> Viewer:
    """The viewer named by the request headers (a FastAPI dependency)."""
    name = (role or "public").strip().lower()
    if name not in ROLES:
        raise ViewerError(f"{ROLE_HEADER} is one of {', '.join(ROLES)}, not {role!r}.")
    code = org.strip().upper() if org and org.strip() else None
    if code is not None and not _ODS_CODE.fullmatch(code):
        raise ViewerError(f"{ORG_HEADER} takes an ODS code (3 to 6 letters or digits).")
    if name == "org_lead" and code is None:
        raise ViewerError(f"An org_lead needs {ORG_HEADER}: their organisation's ODS code.")
    return Viewer(role=name, org_code=code)
