"""no_foreign_links: nothing reachable or hidden that the inputs did not contain.

A URL, email address or phone number the requester never gave us is either invented by the
model or smuggled in by a prompt injection in pasted research; markup and invisible or
bidirectional-control characters hide content from the human reviewer. Quoted replies are
checked too: they are sent along with the draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.gate.checks.base import CheckInput, Outcome
from service.gate.models import Evidence, EvidenceSource, GateContext
from service.gate.text import Draft

_TLDS = (
    "com|org|net|io|ai|co|dev|app|edu|gov|me|info|biz|us|uk|de|fr|ly|gl|gg|xyz|tech|site"
    "|online|link|page|so|sh|to|tv|cc|ca|au|in|nl|es|it|ch|se|no|fi|pl|br|jp|cn|ru|eu|be|at"
    "|dk|ie|nz|za|mx|ar|cl|pt|gr|cz|hu|ro|kr|sg|hk|tw|il|tr|ng|ke|news|blog|cloud|academy"
    "|health|careers|jobs|ly|su|ws|id|vn|th|my|ph|pk|ua|lt|lv|ee|is|lu|sk|si|hr|rs|ba|bg"
    # Cheap generic domains that link spam and injected instructions favour.
    "|shop|top|click|live|store|club|icu|vip|win|email|today|world|mobi|studio|digital"
    "|agency|solutions|company|group|network|systems|ventures|capital|finance|money|legal"
    "|events|zone|space|website|host|lol|rocks|ninja|guru|expert|photo|pics|video|stream"
    "|chat|cam|bot|download|review|reviews|tips|guide|wiki|inc|llc|ltd|social|media|design"
)
_URL_CHARS = r"[^\s<>\"'()\[\]{}]"
_URL = re.compile(
    rf"(?:https?|ftp)://{_URL_CHARS}+|www\.{_URL_CHARS}+"
    rf"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS})(?![\w-])"
    rf"(?:[/?#]{_URL_CHARS}*)?"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+|00)?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,5}\)?){2,5}(?![\w/]|[.-]\d)"
)
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{4}[ ]?-[ ]?\d{4}")
_HTML = re.compile(
    r"</?(?:a|abbr|b|br|div|span|p|i|u|em|strong|script|style|img|iframe|ul|ol|li|table|tr|td"
    r"|th|h[1-6]|font|form|input|button|link|meta|html|body|head|svg|object|embed|center|small"
    r"|sub|sup|code|pre|blockquote|hr|section|article|nav|footer|header|label|select|option"
    r"|textarea|video|audio|source|base|title|noscript|template|details|summary)(?:\s[^<>]*)?/?>"
    r"|<!--|-->"
)
_MARKDOWN_LINK = re.compile(r"!?\[[^\]\n]{0,300}\]\([^)\s]{0,2048}\)")
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
_DIGITS = frozenset("0123456789")
_DOT_LETTER = re.compile(r"\.[a-z0-9]")


def normalize_url(url: str) -> str:
    """Compare URLs without scheme, "www.", host case, trailing slash or punctuation."""
    url = url.rstrip(".,;:!?'\")]}")
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.IGNORECASE)
    host, sep, rest = url.partition("/")
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return (host + sep + rest).rstrip("/")


def _strip_query(url: str) -> str:
    return re.split(r"[?#]", url, maxsplit=1)[0].rstrip("/")


def _phone_digits(text: str) -> str | None:
    # "+44 (0)20 …": the bracketed trunk zero is dropped when dialling from abroad.
    digits = "".join(c for c in text.replace("(0)", "") if c in _DIGITS)
    if not 7 <= len(digits) <= 15 or _DATE_LIKE.fullmatch(text.strip()):
        return None
    return digits


def _urls(low: str, cased: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _URL.finditer(low):
        text = match.group().rstrip(".,;:!?'")
        if "://" not in text and not text.startswith("www."):
            # "ASP.NET" is a product, not a link: bare domains must be written in lowercase.
            host = cased[match.start() : match.start() + len(text)].split("/")[0]
            if host != host.lower():
                continue
        found.append((match.start(), match.start() + len(text), normalize_url(text)))
    return found


def _scan(low: str, cased: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, normalized value) for every URL, email and phone number."""
    hits: list[tuple[str, int, int, str]] = []
    email_spans: list[tuple[int, int]] = []
    if "@" in low:
        for match in _EMAIL.finditer(low):
            value = match.group().rstrip(".")
            email_spans.append((match.start(), match.start() + len(value)))
            hits.append(("email address", match.start(), match.start() + len(value), value))
    # Cheap screens first: the full patterns are slow to run over a whole draft.
    if "://" in low or "www." in low or _DOT_LETTER.search(low) is not None:
        for start, end, value in _urls(low, cased):
            if not any(a <= start < b for a, b in email_spans):
                hits.append(("URL", start, end, value))
    if sum(map(low.count, "0123456789")) >= 7:
        taken = [(s, e) for _, s, e, _ in hits]
        for match in _PHONE.finditer(low):
            if any(a <= match.start() < b for a, b in taken):
                continue
            digits = _phone_digits(match.group())
            if digits is not None:
                hits.append(("phone number", match.start(), match.end(), digits))
    return hits


def _allowed(context: GateContext) -> tuple[set[str], set[str]]:
    """Normalized URLs/emails, and phone digit strings, the draft may repeat.

    Research text is untrusted (pasted from the web, possibly carrying injected
    instructions), so links, addresses and numbers written inside fact texts or notes are
    not allowed; a fact's `source_url` is (the requester cited it), and so are the
    contact's and the requester's own profile details.
    """
    texts: list[str] = []
    urls: set[str] = set()
    for fact in context.facts:
        if fact.source_url:
            urls.add(normalize_url(fact.source_url))
    for profile_texts in _profile_texts(context):
        texts.append(profile_texts)
    values: set[str] = set(urls)
    phones: set[str] = set()
    for text in texts:
        for kind, _, _, value in _scan(text.lower(), text):
            if kind == "phone number":
                phones.add(value)
            else:
                values.add(value.lower() if kind == "email address" else value)
    values.update(_strip_query(v) for v in list(values) if "@" not in v)
    return values, phones


def _profile_texts(context: GateContext) -> Iterable[str]:
    if context.contact is not None:
        contact = context.contact
        yield from (v for v in (contact.email, contact.linkedin_url) if v)
    if context.requester is not None:
        r = context.requester
        yield from (
            v
            for v in (
                r.background,
                r.current_role,
                r.learning_goals,
                r.email,
                r.phone,
                r.linkedin_url,
            )
            if v
        )
        yield from r.interests
        yield from r.target_fields


def _is_allowed(kind: str, value: str, values: set[str], phones: set[str]) -> bool:
    if kind == "phone number":
        # Same number written with or without country code: compare the last nine digits.
        return any(value[-9:] == p[-9:] for p in phones)
    if kind == "email address":
        return value.lower() in values
    # `values` also holds every allowed URL without its query, so a draft may drop tracking
    # parameters but never add a query of its own (a classic exfiltration trick).
    return value in values


def _markup(low: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if "<" in low or "-->" in low:
        spans += [(m.start(), m.end()) for m in _HTML.finditer(low)]
    if "](" in low:
        spans += [(m.start(), m.end()) for m in _MARKDOWN_LINK.finditer(low)]
    return spans


def _problems(
    raw: str, low: str, source: EvidenceSource, values: set[str], phones: set[str]
) -> tuple[list[Evidence], list[str]]:
    evidence: list[Evidence] = []
    kinds: list[str] = []
    for kind, start, end, value in _scan(low, raw):
        if not _is_allowed(kind, value, values, phones):
            evidence.append(Evidence(text=raw[start:end], start=start, end=end, source=source))
            kinds.append(f"{kind} '{raw[start:end]}'")
    for start, end in _markup(low):
        evidence.append(Evidence(text=raw[start:end], start=start, end=end, source=source))
        kinds.append(f"markup '{raw[start:end][:40]}'")
    for match in _INVISIBLE.finditer(raw):
        evidence.append(
            Evidence(text=match.group(), start=match.start(), end=match.end(), source=source)
        )
        kinds.append(f"invisible character U+{ord(match.group()):04X}")
    return evidence, kinds


def _canary_leaks(draft: Draft, canaries: Iterable[str]) -> list[Evidence]:
    """Where a canary, or its first half, shows up: the model revealed its instructions."""
    found: list[Evidence] = []
    for canary in canaries:
        for piece in (canary.lower(), canary[: max(6, len(canary) // 2)].lower()):
            sources: tuple[tuple[str, EvidenceSource], ...] = (
                (draft.body, "draft"),
                (draft.subject, "subject"),
            )
            for raw, source in sources:
                index = raw.lower().find(piece)
                if index != -1:
                    end = index + len(piece)
                    found.append(Evidence(text=raw[index:end], start=index, end=end, source=source))
                    break
            else:
                continue
            break
    return found


def check_no_foreign_links(data: CheckInput) -> Outcome:
    """Fail on URLs/emails/phones not in the inputs, markup, and invisible characters."""
    draft = data.draft
    values, phones = _allowed(data.context)
    evidence, kinds = _problems(draft.body, draft.full_low, "draft", values, phones)
    if draft.subject:
        subject_low = draft.subject.lower()
        if len(subject_low) != len(draft.subject):
            subject_low = "".join(c.lower() if len(c.lower()) == 1 else c for c in draft.subject)
        more, more_kinds = _problems(draft.subject, subject_low, "subject", values, phones)
        evidence += more
        kinds += more_kinds
    leaks = _canary_leaks(draft, data.context.canaries)
    evidence += leaks
    kinds += ["a secret marker of the system prompt"] * len(leaks)
    if not evidence:
        return Outcome(True, "No foreign links, contact details, markup or hidden characters.")
    unique = list(dict.fromkeys(kinds))
    return Outcome(
        False,
        "Found " + "; ".join(unique[:6]) + ("; …" if len(unique) > 6 else "") + ".",
        tuple(evidence[:20]),
        "Remove every link, email address and phone number that is not in the research or "
        "the profiles, and write plain text only (no HTML or markdown, no hidden characters).",
        {"count": len(evidence)},
    )
