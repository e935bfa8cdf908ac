"""Keyed pseudonyms for direct identifiers.

HMAC-SHA-256 with the system's secret key: the same identifier always gives the same
pseudonym (so people can be followed across months and partners), but without the key,
which never enters the warehouse, a pseudonym cannot be reversed or recomputed from a
guessed identifier. Domains keep pseudonym spaces apart (a person number and an applicant
number that happen to be equal get different pseudonyms).
"""

from __future__ import annotations

import hashlib
import hmac

import pyarrow as pa

PSEUDONYM_HEX_CHARS = 32  # 128 bits: collisions are negligible at national scale


def pseudonym(key: bytes, domain: str, value: str, scope: str | None = None) -> str:
    message = "\x1f".join([domain, scope or "", value]).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_CHARS]


def pseudonym_table(
    key: bytes, domain: str, values: list[str], scopes: list[str] | None = None
) -> pa.Table:
    """A lookup table (scope, value, pseudonym) for the distinct identifiers of a load."""
    scopes = scopes if scopes is not None else [""] * len(values)
    out = [pseudonym(key, domain, v, s) for v, s in zip(values, scopes, strict=True)]
    return pa.table(
        {
            "scope": pa.array(scopes, pa.string()),
            "value": pa.array(values, pa.string()),
            "pseudonym": pa.array(out, pa.string()),
        }
    )
