"""no_foreign_links: nothing reachable or hidden that the inputs did not contain.

A URL, email address or phone number the requester never gave us is either invented by the
model or smuggled in by a prompt injection in pasted research; markup and invisible or
bidirectional-control characters hide content from the human reviewer. Quoted replies are
checked too: they are sent along with the draft.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from types import MappingProxyType

from service.gate.checks.base import CheckInput, Outcome
from service.gate.models import Evidence, EvidenceSource, GateContext
from service.gate.text import STOPWORDS, Draft, word_set

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
    # Often abused, or easy to mistake for a file name: .zip and .mov are real domains.
    "|zip|mov|onion|i2p|loki|bit|tk|ml|ga|cf|gq|pw|cn|su|kz|by|ir|ms|la|fm|am|nu|ai|gg|im|sx"
    "|rest|bar|buzz|fun|fit|run|bid|loan|work|men|date|party|science|trade|cricket|racing"
    "|accountant|faith|stream|country|kim|mom|xin|ooo|mobi|asia|pro|name|tel|travel|int"
)
_URL_CHARS = r"[^\s<>\"'()\[\]{}]"
_LABEL = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?|xn--[a-z0-9-]{1,59})"
_URL = re.compile(
    rf"(?:https?|ftp|hxxps?)://{_URL_CHARS}+|www\.{_URL_CHARS}+"
    # A host followed by a port or a path is a link whatever its top-level domain.
    rf"|(?<![\w@.-])(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{2,59}})(?::\d{{1,5}})?"
    rf"[/?#]{_URL_CHARS}*"
    rf"|(?<![\w@.-])(?:{_LABEL}\.)+(?:[a-z]{{2,63}})(?::\d{{1,5}})(?![\w-])"
    rf"|(?<![\w@.-])(?:{_LABEL}\.)+(?:{_TLDS})(?![\w-])"
)
# File and language suffixes that are not top-level domains: "Node.js/React", "notes.txt".
_NOT_TLDS = word_set(
    """
js ts jsx tsx py rb txt pdf doc docx csv json xml exe png jpg jpeg gif md yml yaml html htm
css php java cpp ps1 bat cfg ini log tmp bak sql xls xlsx ppt pptx ipynb
"""
)
# Product names written like domains.
_PRODUCTS = frozenset(["asp.net", "ado.net", "vb.net", "e.g", "i.e"])
# Degrees written like domains: "B.Tech", "M.Tech", "B.Sc", "Ph.D".
_DEGREE = re.compile(
    r"(?:b|m|ph|d|ll|pg)\.(?:tech|sc|com|arch|ed|pharm|phil|des|lit|voc|eng|a|s|e|d)"
)
# A leading look-ahead at the first character lets the regex engine skip every position
# that cannot start an address (a third faster over a draft than the look-behind alone).
_IPV4 = re.compile(
    r"(?=\d)(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    rf"(?::\d{{1,5}})?(?:[/?#]{_URL_CHARS}*)?(?![\w]|\.\d)"
)
# Addresses written out to slip past a link filter: "evil dot com slash x", "attacker at
# evil dot com", "evil[.]com", "evil (dot) com".
_DOT_WORD = r"(?:\s*[\(\[\{]\s*(?:dot|\.)\s*[\)\]\}]\s*|\s+dot\s+)"
_SPELLED = re.compile(
    rf"(?<![\w-])(?:[a-z0-9_.+-]+(?:\s*[\(\[\{{]\s*at\s*[\)\]\}}]\s*|\s+at\s+))?"
    rf"{_LABEL}(?:{_DOT_WORD}{_LABEL})+(?:\s+slash\s+[a-z0-9_-]+)*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?=[+(\d])(?<![\w+/.-])(?:\+|00)?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,5}\)?){2,5}(?![\w/]|[.-]\d)"
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


# Dots that are not ASCII but read as one: fullwidth, ideographic, halfwidth, one-dot leader.
_DOTS = MappingProxyType(str.maketrans(dict.fromkeys("\uff0e\u3002\uff61\ufe52\u2024\u2e31", ".")))


# Blocks whose characters NFKC maps to ASCII look-alikes: general punctuation, letterlike
# symbols, enclosed alphanumerics, CJK punctuation, small and fullwidth forms, math letters.
_LOOKALIKE = re.compile(
    "[\u2000-\u206f\u2100-\u214f\u2460-\u24ff\u3000-\u303f\ufe50-\ufe6f\uff00-\uffef"
    "\U0001d400-\U0001d7ff]"
)


def link_view(low: str) -> str:
    """`low` with lookalike characters made ASCII one for one (fullwidth letters, dots and
    slashes; NFKC where it gives one character), so "evil．com/x" is seen as a link."""
    if low.isascii():
        return low
    low = low.translate(_DOTS)
    if _LOOKALIKE.search(low) is None:
        return low  # accents and other letters are left alone
    chars = list(low)
    for match in _LOOKALIKE.finditer(low):
        folded = unicodedata.normalize("NFKC", match.group()).lower()
        if len(folded) == 1:
            chars[match.start()] = folded
    return "".join(chars)


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


def _urls(low: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _URL.finditer(low):
        text = match.group().rstrip(".,;:!?'")
        if "://" not in text and not text.startswith("www."):
            host = re.split(r"[/?#:]", text, maxsplit=1)[0]
            if (
                host in _PRODUCTS
                or host.rsplit(".", 1)[-1] in _NOT_TLDS
                or _DEGREE.fullmatch(host) is not None
            ):
                continue
        found.append((match.start(), match.start() + len(text), normalize_url(text)))
    return found


def _spelled(low: str) -> list[tuple[int, int, str]]:
    """Addresses written with words: the last label must be a top-level domain, or a path
    ("slash x") must follow."""
    found = []
    for match in _SPELLED.finditer(low):
        text = match.group()
        if "dot" not in text and not re.search(r"[\(\[\{]\s*\.\s*[\)\]\}]", text):
            continue
        parts = re.split(_DOT_WORD, re.split(r"\s+slash\s+", text)[0])
        if parts[0].split()[-1] in STOPWORDS:
            continue  # "the dot com bubble"
        tld = parts[-1].strip()
        if tld not in _TLD_SET and " slash " not in text:
            continue
        host = ".".join(p.strip().split()[-1] for p in parts)
        found.append((match.start(), match.end(), normalize_url(host)))
    return found


_TLD_SET = frozenset(_TLDS.split("|"))


def _scan(low: str) -> list[tuple[str, int, int, str]]:
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
        for start, end, value in _urls(low):
            if not any(a <= start < b for a, b in email_spans):
                hits.append(("URL", start, end, value))
    if "dot" in low or "[.]" in low or "(.)" in low:
        taken = [(s, e) for _, s, e, _ in hits]
        for start, end, value in _spelled(low):
            if not any(a <= start < b for a, b in taken):
                hits.append(("spelled-out address", start, end, value))
    if sum(map(low.count, "0123456789")) >= 4 and "." in low:
        taken = [(s, e) for _, s, e, _ in hits]
        for match in _IPV4.finditer(low):
            if not any(a <= match.start() < b for a, b in taken):
                hits.append(("IP address", match.start(), match.end(), match.group()))
    if sum(map(low.count, "0123456789")) >= 7:
        taken = [(s, e) for _, s, e, _ in hits]
        for match in _PHONE.finditer(low):
            if any(a <= match.start() < b or match.start() <= a < match.end() for a, b in taken):
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
        for kind, _, _, value in _scan(link_view(text.lower())):
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


# A site's name written as a proper noun: one capitalized label and a lowercase top-level
# domain, nothing after it ("Dev.to", "Fly.io", "Booking.com"). People name platforms that
# way; an address handed to the reader comes with a path, "www.", a scheme, or a verb that
# sends them there ("visit Evil.com", "book a slot at Calendly.com").
_SITE_NAME = re.compile(r"[A-Z][a-z0-9]+(?:-[a-z0-9]+)*\.[a-z]{2,6}")
_SENDS_THERE = re.compile(
    r"(?:visit|see|check(?: out)?|go(?: over)? to|head(?: over)? to|click|open|browse(?: to)?"
    r"|try|sign up (?:at|on)|register (?:at|on)|download(?: it)? (?:at|from)|reply (?:at|to)"
    r"|write to|email|e-mail|contact|reach me (?:at|on|via)|find (?:me|it|more|details|them)"
    r"(?: at| on)?|(?:more|details|info|information|slots?|available|booking|book(?: a \w+)?)"
    r" (?:at|on|via)|(?:link|url|site|website|homepage|page|portfolio|blog|address|handle)"
    r"(?: is| at)?|:)\W*$"
)


def _site_name(raw: str, start: int, end: int) -> bool:
    """A bare domain that names a platform rather than handing over an address."""
    if _SITE_NAME.fullmatch(raw, start, end) is None:
        return False
    return _SENDS_THERE.search(raw[max(0, start - 30) : start].lower()) is None


def _problems(
    raw: str, low: str, source: EvidenceSource, values: set[str], phones: set[str]
) -> tuple[list[Evidence], list[str]]:
    evidence: list[Evidence] = []
    kinds: list[str] = []
    for kind, start, end, value in _scan(link_view(low)):
        if kind == "URL" and _site_name(raw, start, end):
            continue
        if kind == "spelled-out address" and "DOT" in raw[start:end].split():
            continue  # "thirteen years in state DOT work": a Department of Transportation
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


def _spaced_canary(raw: str, canary: str) -> tuple[int, int] | None:
    """Where the canary's letters and digits appear in order with only separators between
    them ("C A N A R Y - 7 f 3"): the same secret, spread out to slip past a plain search."""
    wanted = "".join(c for c in canary.lower() if c.isalnum())
    if len(wanted) < 6:
        return None
    positions = [i for i, c in enumerate(raw) if c.isalnum()]
    compact = "".join(raw[i] for i in positions).lower()
    index = compact.find(wanted)
    if index == -1:
        return None
    return positions[index], positions[index + len(wanted) - 1] + 1


def _canary_leaks(draft: Draft, canaries: Iterable[str]) -> list[Evidence]:
    """Where a canary, or its first half, shows up: the model revealed its instructions."""
    found: list[Evidence] = []
    for canary in canaries:
        spread = [
            (raw, source, where)
            for raw, source in ((draft.body, "draft"), (draft.subject, "subject"))
            if canary.lower() not in raw.lower()
            and (where := _spaced_canary(raw, canary)) is not None
        ]
        if spread:
            raw, source, (start, end) = spread[0]
            found.append(Evidence(text=raw[start:end], start=start, end=end, source=source))
            continue
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
