"""Text helpers for the offline drafter: sanitizing untrusted strings, and small bits of
English (articles, case, clipping at a clause boundary, first names).

Research text is untrusted: every string taken from the inputs is sanitized (no URLs,
email addresses, phone numbers, markup, placeholders, invisible characters or injected
instructions) before it is embedded.
"""

from __future__ import annotations

import re
import unicodedata


def word_list(text: str) -> list[str]:
    """Whitespace-separated words of a literal word list (keeps long lists readable)."""
    return text.split()


# --- sanitizing untrusted text ---------------------------------------------------------------

_TLDS = (
    "com|org|net|io|ai|co|dev|app|edu|gov|me|info|biz|us|uk|de|fr|ly|gl|gg|xyz|tech|site"
    "|online|link|page|so|sh|to|tv|cc|ca|au|in|nl|es|it|ch|se|no|fi|pl|br|jp|cn|ru|eu|be|at"
    "|dk|ie|nz|za|mx|ar|cl|pt|gr|cz|hu|ro|kr|sg|hk|tw|il|tr|ng|ke|news|blog|cloud|academy"
    "|health|careers|jobs|su|ws|id|vn|th|my|ph|pk|ua|lt|lv|ee|is|lu|sk|si|hr|rs|ba|bg"
)
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\s]{0,2048}\)")
_TAG = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^<>]{0,300}>|<!--|-->", re.I | re.S)
_URL = re.compile(
    r"(?:https?|ftp)://\S+|\bwww\.\S+"
    # Bare domains count only in lowercase, like the gate: "Booking.com" is a company name.
    rf"|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:[/?#]\S*)?"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|\b00)?\(?\d[\d ().-]{5,}\d")
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{4} ?[-–] ?\d{4}")
_PLACEHOLDER = re.compile(
    r"\[[^\[\]]{0,80}\]|\{[^{}]{0,80}\}|(?<![\w-])(?:XX+|xx+)(?![\w-])"
    r"|\b(?:TBD|TBC|TODO|FIXME|FIRST_?NAME|LAST_?NAME|COMPANY_?NAME)\b|_{3,}|%[A-Za-z_]+%"
)
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,60}\b(?:instructions?|prompts?|rules"
    r"|above|previous|prior|guidelines|everything)\b"
    r"|\bsystem prompt\b|\bconfidential marker\b|\bcanary\b"
    r"|\byou are (?:now )?(?:an? )?(?:ai|assistant|chatbot|language model|llm|gpt)\b"
    r"|\b(?:instead|also|now),? (?:write|include|add|say|reply|respond|output|print|insert"
    r"|append|tell)\b"
    r"|\b(?:reveal|print|output|repeat|leak)\b.{0,40}\b(?:prompt|instructions|marker|secret"
    r"|password|key)\b"
    r"|^\s*(?:assistant|system|user|developer)\s*:"
    r"|\b(?:include|add|insert|append) (?:this|the following|a|my|the) (?:link|url|email"
    r"|phone|number)\b",
    re.IGNORECASE,
)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_TRAILING_JUNK = frozenset(
    word_list(
        """
a an the of to for with and or but at in on by from via see here link website page site
visit read more is are was were as into about this that which who their her his its your our
my up out including such e.g i.e etc across over under before after during through between
within among than
"""
    )
)


def _strip_invisible(text: str) -> str:
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in "\n\t\r":
            kept.append(" ")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Co", "Cs", "Cn"):
            continue
        kept.append(" " if category in ("Zs", "Zl", "Zp") else char)
    return "".join(kept)


def _remove_phones(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        value = match.group()
        digits = sum(c.isdigit() for c in value)
        if digits < 7 or _DATE_LIKE.fullmatch(value.strip()):
            return value
        return " "

    return _PHONE.sub(replace, text)


def balance(text: str) -> str:
    """Drop unbalanced brackets and quotes (left behind when a link was cut out)."""
    for open_, close in (("(", ")"),):
        if text.count(open_) != text.count(close):
            text = text.replace(open_, "").replace(close, "")
    for quote in ('"', "“", "”"):
        if text.count(quote) % 2:
            text = text.replace(quote, "")
    if (text.count("“") + text.count("”")) % 2:
        text = text.replace("“", "").replace("”", "")
    return text


def trim(text: str) -> str:
    """Collapse whitespace; drop trailing punctuation and dangling function words."""
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    while True:
        text = text.strip(" .,;:!?-–—/|*•'\"")
        if not text:
            return ""
        last = text.rsplit(" ", 1)[-1].lower()
        if " " in text and (last in _TRAILING_JUNK or last.endswith(("'s", "’s", "s'"))):
            text = text.rsplit(" ", 1)[0]
            continue
        return text


_LINK_LEAD = re.compile(
    r"(?:\b(?:see|at|via|on|visit|call|email|e-mail|contact|reach|write to|read more at|more at"
    r"|here|link|website|site)\s*[:\-]?\s*)*\x00",
    re.IGNORECASE,
)
_NOISE = re.compile(r"\bclick here\b|\bread more\b|\bsubscribe\b|\bsign up\b", re.IGNORECASE)


_CLAUSE_SPLIT = re.compile(r"(?<=[;:])\s+|\s+[-–—]\s+")
_FUNCTION_START = frozenset(
    word_list(
        """
for to at on via and or with from in about of by
"""
    )
)


def _unlink(sentence: str) -> str:
    """Replace links, emails and phones with a marker, then remove markers and lead-ins."""
    marked = sentence.replace("\x01", "\x00")
    marked = _EMAIL.sub("\x00", marked)
    marked = _URL.sub("\x00", marked)
    marked = _remove_phones(marked)
    return _LINK_LEAD.sub(" ", marked).replace("\x00", " ")


def sanitize(text: str | None) -> str:
    """Plain, safe text from an untrusted string; "" when nothing usable is left."""
    if not text:
        return ""
    text = _strip_invisible(text)
    # "[Click here](…) to read more" says nothing once the link is gone: mark it for removal.
    text = _MD_LINK.sub(lambda m: " \x01 " if _NOISE.search(m[1]) else m[1], text)
    text = _TAG.sub(" ", text)
    text = text.replace("<", " ").replace(">", " ")
    text = _PLACEHOLDER.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    sentences = [s for s in SENTENCE_SPLIT.split(text) if not _INJECTION.search(s)]
    if len(sentences) > 1:
        # A sentence that only pointed somewhere ("See http://... for slides") says nothing
        # once the link is gone.
        kept = [s for s in sentences if _unlink(s) == s]
        sentences = kept or sentences
    unlinked: list[str] = []
    for sentence in sentences:
        if _unlink(sentence) != sentence:
            # Keep the clauses of the sentence that carried no link ("…; he manages X").
            parts = _CLAUSE_SPLIT.split(sentence)
            clean = [c for c in parts if _unlink(c) == c]
            if clean and len(clean) < len(parts):
                sentence = " ".join(clean)
        plain = _unlink(sentence)
        words = plain.split()
        if plain != sentence and (len(words) < 3 or words[0].lower() in _FUNCTION_START):
            continue  # only a fragment is left ("for the annual report")
        unlinked.append(sentence if plain == sentence else sentence.replace("\x01", "\x00"))
    text = " ".join(unlinked)
    # A clause that carries an injection inside an otherwise normal sentence goes too.
    clauses = _CLAUSE_SPLIT.split(text)
    text = " ".join(
        c for c in clauses if not (_INJECTION.search(c) or _NOISE.search(c) or "\x00" in c)
    )
    text = _unlink(text)
    return trim(balance(text))


# --- small language helpers ------------------------------------------------------------------

_VOWEL_LETTERS = frozenset("AEFHILMNORSX")  # acronyms read with a vowel sound ("an MBA")


def article(phrase: str) -> str:
    """ "a" or "an" for `phrase` (by sound, roughly)."""
    word = phrase.split(" ", 1)[0].strip("\"'(")
    if not word:
        return "a"
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    low = word.lower()
    if low.startswith(("uni", "use", "usu", "eu", "one", "ubi", "uro")):
        return "a"
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if low[0] in "aeiou" else "a"


LOWERABLE = frozenset(
    word_list(
        """
the a an this that these those our her his their its my your one two three four five six
seven eight nine ten eleven twelve several many some most recent recently new former current
currently previously also senior junior lead leading principal staff associate assistant
chief head deputy registered licensed certified clinical graduate undergraduate law legal
software data product graphic visual public private local regional national international
global freelance independent early mid late first second third final full part high middle
elementary special civil mechanical electrical chemical environmental financial investment
corporate criminal immigration family nonprofit non-profit community health healthcare
research teaching academic mechanical marketing sales account operations project program
programme policy communications digital creative interaction industrial instructional
technical quantitative machine mobile backend frontend full-stack front-end back-end
security cloud infrastructure design engineering nursing medical hospital school university
college student students nurse nurses teacher teachers engineer engineers analyst analysts
manager managers director directors designer designers developer developers lawyer lawyers
paralegal attorney journalist reporter writer editor accountant consultant scientist
researcher researchers librarian volunteer coordinator specialist administrator officer
intern fellow postdoc professor lecturer organizer advocate social case after before during
since in at on with from over under about for as after across within while when eight nine
"""
    )
)
PROPER_HINTS = frozenset(
    word_list(
        """
python java javascript typescript rust go kotlin swift ruby scala excel salesforce epic sap
google microsoft amazon apple meta linux windows english spanish french german chinese
japanese portuguese arabic hindi african american european asian latin latino latina
catholic christian jewish muslim medicare medicaid ai figma tableau oracle aws azure
"""
    )
)


def soften(text: str, proper: frozenset[str] = frozenset()) -> str:
    """Lower-case the first letter when `text` is embedded mid-sentence, unless it looks like
    a proper noun or an acronym ("Senior nurse" -> "senior nurse", "ICU nurse" stays)."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    letters = [c for c in first if c.isalpha()]
    if not letters or not letters[0].isupper():
        return text
    if sum(c.isupper() for c in letters) > 1:
        return text  # "ICU", "McKinsey", "iOS"-like words keep their case
    low = first.lower().strip(",.;:")
    if low in PROPER_HINTS or low in proper:
        return text
    if low in LOWERABLE or low.endswith(("ing", "ed", "ly", "ist", "er", "or", "ian")):
        return text[0].lower() + text[1:]
    return text


def clip_words(text: str, limit: int) -> str:
    """`text` cut to at most `limit` words, preferably at a clause boundary."""
    words = text.split()
    if len(words) <= limit:
        return text
    best: int | None = None
    for index in range(min(limit, len(words) - 1), max(2, limit // 2) - 1, -1):
        previous = words[index - 1]
        following = words[index].lower()
        if previous.endswith((",", ";", ":")) or following in (
            "and", "while", "which", "where", "who", "including", "after", "with", "-", "–", "—",
            "in", "at", "for", "during", "across", "by", "from", "to", "before", "serving", "using",
            "covering", "that",
        ):  # fmt: skip
            best = index
            break
    if best is None:
        best = limit
        while best > 2 and words[best][:1].isupper() and words[best - 1][:1].isupper():
            best -= 1  # "before the Third | Circuit": keep names whole
    cut = " ".join(words[:best])
    return trim(balance(cut))


def word_count(text: str) -> int:
    """Words as the gate counts them (standalone punctuation does not count)."""
    return sum(1 for t in text.split() if t not in {"-", "–", "—", "&", "|", "/", "•"})


TITLES = frozenset(
    word_list(
        """
dr dr. mr mr. mrs mrs. ms ms. mx mx. prof prof. professor sir dame
"""
    )
)
# Honorifics that may precede a name; only skipped when a first and last name still follow
# ("Deputy Commissioner Alicia Brown" -> "Alicia", but "Dean Smith" -> "Dean").
_HONORIFICS = frozenset(
    word_list(
        """
deputy commissioner judge justice senator sen. representative rep. hon. honorable rev.
reverend father sister brother captain capt. colonel col. general gen. lt. lieutenant major
mayor councilmember councillor councilor chancellor president dean ambassador governor gov.
adm. admiral sgt. sergeant hon.
chief director minister secretary
"""
    )
)


def first_name(name: str) -> str:
    """The name to greet someone by: "Dr. Ana Pérez" -> "Ana", "J. Robert Smith" -> "Robert"."""
    clean = sanitize(name.split(",", 1)[0]) or sanitize(name) or name.strip()
    clean = re.sub(r"\([^)]*\)", " ", clean)  # "Gen. (ret.) Patricia Lowe"
    tokens = [t for t in clean.split() if t.lower() not in TITLES]
    while len(tokens) > 2 and tokens[0].lower() in _HONORIFICS:
        tokens = tokens[1:]
    for token in tokens:
        if not (len(token) <= 2 and token.endswith(".")):
            return token.strip(".,")
    return tokens[0].strip(".,") if tokens else clean


def name_tokens(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    return frozenset(t.lower().strip(".,'") for t in name.split() if t)


def longest_copied_run(text: str, source: str) -> int:
    """The longest run of consecutive words of `text` that also appear in order in `source`
    (case and punctuation ignored): how much of a research fact a draft copies verbatim."""
    a = _plain_words(text)
    b = _plain_words(source)
    if not a or not b:
        return 0
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _plain_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w'’-]+", text.lower()) if w.strip("'’-")]
