"""Who a contact is: the keys that say two records are the same person.

A person is one contact per tenant. Two records are the same person when their e-mail
addresses match once normalised (case, surrounding space), or their LinkedIn profile URLs
match once normalised (scheme, `www.`, country subdomains, case, trailing slash, query and
fragment). Name and organisation alone only make a *possible* duplicate, for a person to
decide (`GET /v1/contacts/duplicates`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_LINKEDIN_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.|m\.)?linkedin\.com$")


def email_key(email: str | None) -> str | None:
    """The address as one person's: trimmed and lower-cased (domains are case-insensitive,
    and no provider in practice treats the local part's case as another mailbox)."""
    if not email or not email.strip():
        return None
    return email.strip().lower()


def linkedin_key(url: str | None) -> str | None:
    """A LinkedIn profile as one person's: `in/<slug>` in lower case (the slug decoded as
    LinkedIn shows it); None for anything that is not a profile URL on linkedin.com."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced "[" in the host, which a URL validator let by
        return None
    host = (parts.hostname or "").lower()
    if not _LINKEDIN_HOST.match(host):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() not in ("in", "pub"):
        return None
    return f"in/{segments[1].lower()}"
