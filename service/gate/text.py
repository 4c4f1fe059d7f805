"""Turns a draft into the views every check reads, computed once per gate run.

All views have exactly the length of the original body, so a match at offset i in any view
is `body[i]` in the draft: evidence offsets need no mapping. Views differ only in what they
blank out (replaced by spaces, newlines kept): quoted replies, the greeting, the signature.
Regexes run on the lowercase view without IGNORECASE (much faster on long texts).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# One-to-one replacements so that typographic variants match plain ASCII patterns without
# changing any offset: curly quotes, dashes and exotic spaces.
_FOLD = MappingProxyType(
    str.maketrans(
        {
            "\u2018": "'",
            "\u2019": "'",
            "\u201b": "'",
            "\u02bc": "'",
            "\u00b4": "'",
            "\u201c": '"',
            "\u201d": '"',
            "\u201e": '"',
            "\u201f": '"',
            "\u2010": "-",
            "\u2011": "-",
            "\u2012": "-",
            "\u2013": "-",
            "\u2014": "-",
            "\u2015": "-",
            "\u2212": "-",
            "\u00a0": " ",
            "\u2009": " ",
            "\u200a": " ",
            "\u202f": " ",
            "\u2007": " ",
            "\u3000": " ",
            "\r": "\n",
            "\t": " ",
        }
    )
)

_NOT_NEWLINE = re.compile(r"[^\n]")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, for writing word lists as prose blocks."""
    return frozenset(text.split())


STOPWORDS = word_set(
    """
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each either else even ever every few for from further get
gets getting got had hadn't has hasn't have haven't having he he's her here here's hers
herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's
its itself just let's like likely may me might mine more most much must my myself no nor
not now of off on once only or other our ours ourselves out over own per perhaps quite
rather really same shall she she's should shouldn't since so some such than that that's
the their theirs them themselves then there there's these they they'd they'll they're
they've this those though through thus to too under until up upon us very via was wasn't
we we'd we'll we're we've well were weren't what what's when when's where where's whether
which while who who's whom whose why why's will with within without won't would wouldn't
yet you you'd you'll you're you've your yours yourself yourselves also am hi hello dear
hey thanks thank best regards cheers one two three lot lots bit many things thing
something anything everything someone anyone everyone way ways make made take took go
going went come came see saw say said tell told want wanted wants need needed love loved
would-be able e.g i.e etc
"""
)

_WORD = re.compile(r"[^\W_](?:[\w'-]*[^\W_])?")
_ABBREVIATIONS = word_set(
    """
dr mr mrs ms mx prof st sr jr vs etc e.g i.e eg ie inc ltd co no approx dept univ esp incl resp
env eng govt mgmt mgr assoc asst sci mech elec chem intl natl bldg ch chap fig sec vol pp
"""
)

# Abbreviations that end a sentence when a number follows ("dept. 15 min?"), unlike "No. 5"
# or "approx. 20".
_ENDS_BEFORE_A_NUMBER = word_set("dept univ govt inc ltd co assoc mgmt intl natl etc eng env")


def word_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """`source` compiled to match only where a word starts (or at a non-word character).

    A large alternation has no literal prefix for the regex engine to scan for, so it tries
    every branch at every position. Refusing a position inside a word first, with two cheap
    look-arounds, skips most positions at once: such patterns search three to four times
    faster. (A leading `\\b` would do the same for them, but it stops the engine from scanning
    for a literal prefix, which makes small patterns with one several times slower: keep
    those as they are.) Then a look-ahead for the words the branches can start with, as one
    prefix-factored pattern, refuses most word starts before any branch is tried: about
    twice as fast again.
    """
    guard = _first_words(source, flags)
    ahead = "" if guard is None else f"(?={any_of(guard).pattern})"
    return re.compile(rf"(?:(?<![^\W_])|(?=[\W_])){ahead}(?:{source})", flags)


def _first_words(source: str, flags: int) -> list[str] | None:
    """The literal words every match of `source` starts with (one of them), or None when a
    branch may start with something other than a literal. Read from the parsed pattern;
    only a speed-up, so any surprise in the parser's private structures gives None."""
    try:
        parser = importlib.import_module("re._parser")  # the standard library's own parser
        prefixes = _literal_prefixes(list(parser.parse(source, flags)), [""])
    except Exception:  # a missing guard only costs speed
        return None
    words = set()
    for prefix in prefixes:
        head = prefix.rstrip("\0")
        cut = head.find(" ", 1)
        head = head if cut == -1 else head[:cut]
        if not head:
            return None
        words.add(head)
    return sorted(words)


def _literal_prefixes(items: list[tuple[object, object]], prefixes: list[str]) -> list[str]:
    """Each way `items` can begin, as literal text; a prefix that reached something other
    than a literal ends in "\\0"."""
    for op, arg in items:
        done = [p for p in prefixes if p.endswith("\0")]
        prefixes = [p for p in prefixes if not p.endswith("\0")]
        if not prefixes:
            return done
        name = str(op)
        if name == "LITERAL":
            prefixes = [p + chr(arg) for p in prefixes]  # type: ignore[arg-type]
            # The first word is all the guard needs: stop at the space after it.
            prefixes = [p + "\0" if p.find(" ", 1) != -1 else p for p in prefixes]
        elif name == "SUBPATTERN":
            prefixes = _literal_prefixes(list(arg[3]), prefixes)  # type: ignore[index]
        elif name == "BRANCH":
            prefixes = [
                q
                for branch in arg[1]  # type: ignore[index]
                for q in _literal_prefixes(list(branch), prefixes)
            ]
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] == 0:  # type: ignore[index]
            # Optional: a match skips it (and goes on) or starts with one round of it.
            taken = _literal_prefixes(list(arg[2]), prefixes)  # type: ignore[index]
            prefixes = prefixes + [q if q.endswith("\0") else q + "\0" for q in taken]
        elif name not in ("ASSERT", "ASSERT_NOT", "AT"):  # zero-width ones let it go on
            prefixes = [p + "\0" for p in prefixes]
        prefixes = list(dict.fromkeys(prefixes + done))
        if len(prefixes) > 5000:
            return [p.rstrip("\0") + "\0" for p in prefixes]
    return prefixes


_Trie = dict[str, "_Trie"]


def any_of(literals: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of `literals`, its branches factored by common prefixes.

    The regex engine tries the branches of an alternation one by one at every position; a
    flat list of 90 trigger words costs 90 tries per character. Sharing prefixes ("appl" for
    "apply", "applying", "applied") leaves about one try per distinct first letter: the
    trigger scans run about four times faster.
    """
    trie: _Trie = {}
    for literal in literals:
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}  # a literal ends here

    def source(node: _Trie) -> str:
        branches = [re.escape(char) + source(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(source(trie))


def search_near(
    pattern: re.Pattern[str], text: str, triggers: tuple[str, ...], reach: int = 60
) -> re.Match[str] | None:
    """The first match of `pattern` within `reach` characters of a trigger.

    Every phrase a check looks for contains one of its trigger words, so only short windows
    around them are searched; a large alternation over a whole draft is slow. Build
    `pattern` with `word_pattern` so that it matches only from the start of a word.
    """
    windows: list[tuple[int, int]] = []
    for trigger in triggers:
        index = text.find(trigger)
        while index != -1:
            windows.append((max(0, index - reach), min(len(text), index + len(trigger) + reach)))
            index = text.find(trigger, index + 1)
    if not windows:
        return None
    windows.sort()
    merged = [windows[0]]
    for start, end in windows[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    for start, end in merged:
        match = pattern.search(text, start, end)
        if match is not None:
            return match
    return None


def fold_accents(text: str) -> str:
    """Lowercase `text` and strip diacritics ("José" -> "jose"); for names, not for offsets."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Word tokens of an already-lowercased text."""
    return _WORD.findall(text)


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to match plurals and -ing/-ed/-ion variants."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3:
        return word
    last = word[-1]
    # Dispatch on the last letter: this runs for every word of every draft.
    if last == "s":
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if (word.endswith("ings") and len(word) >= 7) or (word.endswith("ions") and len(word) >= 7):
            word = word[:-4]
        elif word.endswith(("ses", "xes", "zes", "ches", "shes")):
            word = word[:-2]
        elif not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    elif last == "g":
        if word.endswith("ing") and len(word) >= 6:
            word = word[:-3]
    elif last == "n":
        if word.endswith("ion") and len(word) >= 6:
            word = word[:-3]
    elif last == "d" and word.endswith("ed") and len(word) >= 5:
        word = word[:-2]
    if len(word) >= 4 and word[-1] == "e":
        word = word[:-1]
    return word


def content_stems(text_lower: str, extra_stop: frozenset[str] = frozenset()) -> set[str]:
    """Stems of the non-stopword tokens of a lowercased text."""
    return {
        stem(w)
        for w in _WORD.findall(text_lower)
        if w not in STOPWORDS and w not in extra_stop and len(w) > 1
    }


def lower_same_length(text: str) -> str:
    """`text.lower()`, except characters whose lowercase is longer are kept as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) replaced by spaces, newlines kept."""
    if start >= end:
        return text
    return text[:start] + _NOT_NEWLINE.sub(" ", text[start:end]) + text[end:]


# --- quoted replies --------------------------------------------------------------------------

_QUOTE_HEADER = re.compile(
    r"^[ ]*(?:on [^\n]{3,200}?(?:\n[^\n]{0,120}?)?wrote:[ ]*$"
    r"|-{2,}[ ]*original message[ ]*-{2,}"
    r"|from: [^\n]+\n(?:[^\n]+\n){0,3}?(?:sent|date): )",
    re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^[ ]*>[^\n]*", re.MULTILINE)


def _blank_quotes(norm: str, low: str) -> tuple[str, str, int | None]:
    """Blank quoted lines and everything from a reply header on; return where quoting starts."""
    quoted_start: int | None = None
    if "wrote:" in low or "original message" in low or "from: " in low:
        header = _QUOTE_HEADER.search(low)
        if header is not None:
            quoted_start = header.start()
            norm = blank(norm, quoted_start, len(norm))
            low = blank(low, quoted_start, len(low))
    if ">" in low:
        for match in _QUOTED_LINE.finditer(low):
            norm = blank(norm, match.start(), match.end())
            low = blank(low, match.start(), match.end())
            if quoted_start is None or match.start() < quoted_start:
                quoted_start = match.start()
    return norm, low, quoted_start


# --- greeting --------------------------------------------------------------------------------

_GREETING = re.compile(
    # ("¡Hola Inés!": the Spanish opening mark before it)
    r"[ \n]*[¡¿]?(?P<open>hi+|hel+o+|he+y+|hiya|howdy|alright|ahlan|marhaba|g'day|gday|gidday|yo|halo|dear|respected|esteemed|distinguished|honou?red"
    r"|good (?:morning|afternoon|evening|day)|morning|afternoon|evening"
    r"|greetings|hola|bonjour|hallo|ola|olá|salut|ciao|hej|sehr geehrter?|liebe[rs]?"
    r"|estimad[oa]s?|prezad[oa]s?|querid[oa]|car[oa]|gentile|geachte|beste|kære|kära|szanown[ya]"
    r"|dzień dobry|bom dia|buenos días|buongiorno|namaste|namaskar|vanakkam|sat sri akal"
    r"|(?:as-?|a)?sala(?:a)?m(?:u|o| o)?[ -]?(?:ala(?:i|y)kum|alaikom)|salaam|salam|shalom"
    r"|kia ora|merhaba|habari|ahoj|hei|moi|oi|boa tarde|boa noite|buenas(?: tardes)?|kamusta"
    r"|servus|moin|grüß gott|gruss gott|guten (?:tag|morgen|abend)|grüezi|bonsoir|buonasera|hoi"
    r"|bună ziua|buna ziua|dober dan|dobrý den|dobry den|dobar dan|goedendag|goedemorgen"
    r"|god dag|kalimera|kalispera|zdravo|witam|jó napot|jo napot|poštovan[aie]|postovan[aie]"
    r"|yth|yang terhormat|sawubona|jambo|xin chào|kính gửi|kinh gui|chào|sayın|sayin"
    r"|maayong (?:adlaw|buntag|hapon|gabii)|magandang (?:umaga|hapon|araw|gabi)"
    r"|selamat (?:pagi|siang|sore|malam)|sawa(?:s|t)?dee(?: (?:ka|krub|khrap|kha))?"
    r"|annyeong(?:haseyo)?|konnichiwa|mālō e lelei|malo e lelei|talofa(?: lava)?|kia orana|bula"
    # Welsh, Irish ("A Sheáin, a chara,": the name between the two) and Afrikaans
    r"|annwyl|dia dh?uit|a(?= \S+, a chara\b)|goeie (?:môre|more|middag|naand|dag)"
    # ("Yth. Bapak Wijaya,": the Indonesian "Yang terhormat", shortened with a dot)
    r"|aloha"
    # ("はじめまして、Kenji-san.", "您好，Wang Lei": Japanese and Chinese, with their commas)
    r"|はじめまして|こんにちは|拝啓|您好|你好"
    # ("Exmo. Senhor Dr. Nuno…", "Ilustríssima Dra. Mariana…": Portuguese forms of address)
    r"|exm[oa]\.?|ilustr[íi]ssim[oa])(?:\b|(?<=[\u3040-\u9fff.]))(?:(?<=yth)\.)?[ ,、，]*"
    r"(?:there )?(?P<rest>[^\n]{0,80})"
)
_GENERIC_SALUTATION = re.compile(
    r"[ \n]*(?P<open>to whom it may concern|(?:dear|respected|esteemed) (?:sir|madam|sirs|sir or madam|sir/madam"
    r"|madam or sir|hiring manager|recruiter|recruiting team|team|friend|colleague|all"
    r"|colleagues|professional)\b"
    # "Dear Madam Wambui," greets her by name.
    r"(?! (?!or\b|and\b)[^\W\d_][\w'-]*[ ]*(?:[,!:\n]|$))"
    r"|(?:hi|hello|hey|greetings|good (?:morning|afternoon|evening)) "
    r"(?:there|all|everyone|team|folks|friend|you)\b(?!,? [^\W\d_][\w'-]*\s*[,!:-]))[^\n]{0,40}"
)
_VOCATIVE = re.compile(r"[ \n]*(?P<name>[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,2})[ ]*[,;-]")
_NAME_END = re.compile(r"[,!:;?\u2014\u2013]| - ")  # "Hi Gareth\u2014your videos\u2026"
_NAME_TOKEN = re.compile(r"\S+")
_DASHED_ON = re.compile(r"\b[A-Z][a-z']{1,20}(-)(?=[a-z']+ )")
# Titles people greet with, in the languages they greet in ("Sehr geehrte Frau Fischer",
# "Estimada Sra.", "Kính gửi anh Bảo"), as written and without their dots. The greeting is
# found with them here and judged with them in `checks/greeting.py`.
TITLES = word_set(
    """
dr dr. mr mr. mrs mrs. ms ms. mx mx. prof prof. professor sir madam ma'am maam miss
frau herr sr sr. sra sra. srta srta. dra dra. profa profa. señor señora sig sig. sig.ra ra dott dott. dott.ssa ssa mme mme. m. mlle
mlle. monsieur madame pani pan rev rev. reverend domnule doamna doamnă gospod gospa heer
mevrouw meneer senhor senhora signor signora gospodine gospođo gospodjo ir ir.
father sister brother pastor rabbi imam captain capt capt. chief judge justice senator
councillor councilor mayor coach dean ji san sahib chef doctor officer sergeant sgt
lieutenant lt colonel col major commander commissioner superintendent inspector detective
sheriff governor ambassador amb representative rep principal cllr cllr. clr manager director
mas mbak pak bu bapak ibu engr engr. eng eng. arch arch. atty atty. hon hon. barrister
ing ing. lic lic. doç doç. doc. anh chị ông bà cô thầy khun
"""
)
PARTICLES = word_set(
    """
de da do dos das del della di du la le van von der den ter bin al el
"""
)
_STOP_NAME = frozenset(
    ["i", "i'm", "im", "i've", "ive", "i'd", "i'll", "my", "we", "our", "hope", "thanks", "thank"]
)


@dataclass(frozen=True, slots=True)
class Greeting:
    """The salutation at the top of a draft."""

    start: int
    end: int
    opener: str  # "hi", "dear", ..., "" for a bare vocative ("Ana, ...")
    name: str  # the name as written, "" when none
    name_start: int
    name_end: int
    generic: bool  # "To whom it may concern", "Hi there"


# A subject line pasted above the message ("Subject: Request — 20 minutes about…") stands
# before the greeting; the greeting is the line after it.
_SUBJECT_LINE = re.compile(r"[ \n]*(?:subject|re|subj)[ ]*:[^\n]*\n")


def pasted_subject_end(draft: Draft) -> int:
    """Where a subject line pasted above the greeting ("Subject: Quick question about
    security operations") ends, or 0: a header, not part of the message."""
    if draft.greeting is None:
        return 0
    found = _SUBJECT_LINE.match(draft.low)
    return found.end() if found is not None and found.end() <= draft.greeting.start else 0


# ...or a subject pasted without its label, a line of its own over a blank line ("Saw your
# article on LinkedIn - would love to connect", then "Hi Jordan,"), or an opening question
# set above the greeting ("Quick question from someone about to leave the Air Force: …?").
_TITLE_LINE = re.compile(r"[ \n]*[^\n]{1,320}\n[ \t]*\n")


# A reply to an introduction thanks the one who made it first ("Thanks for the intro, Dan!",
# "Thanks, Deborah, for connecting us - moving you to bcc."); the contact is greeted after.
_THANKS_INTRODUCER = re.compile(
    r"[ \n]*(?:many )?thanks?(?: you)?\b[^\n]{0,60}?\b(?:intro|introduc\w*|connect(?:ing|ed) us"
    r"|bcc)\b[^\n]{0,60}\n(?:[ \t]*\n)?"
)


def _find_greeting(norm: str, low: str) -> Greeting | None:
    introduced = _THANKS_INTRODUCER.match(low)
    if introduced is not None:
        found = _find_greeting_at(norm, low, introduced.end())
        if found is not None:
            return found
    subject = _SUBJECT_LINE.match(low)
    if subject is not None:
        found = _find_greeting_at(norm, low, subject.end())
        if found is not None:
            return found
    found = _find_greeting_at(norm, low, 0)
    if found is None:
        title = _TITLE_LINE.match(low)
        if title is not None and _GREETING.match(low, title.end()) is not None:
            return _find_greeting_at(norm, low, title.end())
    if found is None:
        # "…or start from a vendor tool?\n\nSorry, questions first and greeting second. Hi
        # Dr. Haddad!": a greeting that opens a later sentence, with a name written as one.
        for late in _LATE_GREETING.finditer(low, 0, _LATE_GREETING_WITHIN):
            greeting = _find_greeting_at(norm, low, late.start())
            if greeting is not None and greeting.opener and greeting.name[:1].isupper():
                return greeting
    if found is None:
        # "Marcus\n\nI heard you on…": a name alone on the first line, nothing after it.
        line = _NAME_LINE.match(norm)
        if line is not None and line["name"].split()[0].lower() not in _STOP_NAME:
            return Greeting(
                line.start("name"), line.end("name"), "", line["name"], *line.span("name"), False
            )
    return found


_NAME_LINE = re.compile(r"[ \n]*(?P<name>[^\W\d_a-z][\w'-]*(?: [^\W\d_a-z][\w'-]*)?)[ ]*\n")


_LATE_GREETING = re.compile(
    r"(?<=[.!?] )(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b"
)
_LATE_GREETING_WITHIN = 600


_HONORIFIC = re.compile(r"(?:po|opo)\b,?[ ]+(?=\S)")


def _find_greeting_at(norm: str, low: str, at: int) -> Greeting | None:
    generic = _GENERIC_SALUTATION.match(low, at)
    if generic is not None:
        start = generic.start("open")
        return Greeting(start, generic.end(), generic["open"], "", start, start, True)
    match = _GREETING.match(low, at)
    if match is None:
        return _find_vocative(norm, low, at)
    open_start, opener = match.start("open"), match["open"]
    # "Salam / bonjour Mme Martin,": two greetings, one name.
    if low.startswith("/", match.start("rest")):
        again = _GREETING.match(low, match.start("rest") + 1)
        if again is not None:
            match = again
    rest_start = match.start("rest")
    # "Good afternoon po, Dr. Bautista!": a Filipino honorific before the name, no name.
    honorific = _HONORIFIC.match(low, rest_start, match.end("rest"))
    if honorific is not None:
        rest_start = honorific.end()
    # Take name-like tokens: an optional title, then capitalized words (or a lowercase first
    # word, people do write "hi jose"), stopping at punctuation or the start of a sentence.
    rest = norm[rest_start : match.end("rest")]
    cut = _NAME_END.search(rest)
    if cut is not None:
        rest = rest[: cut.start()]
    name_cut = rest_start + len(rest)
    # "Hi Gareth—your videos…" (the dash normalised to "-"): a lowercase word after the
    # dash starts the message, it is no second half of a name.
    dashed = _DASHED_ON.search(rest)
    if dashed is not None:
        rest = rest[: dashed.start(1)]
    tokens = list(_NAME_TOKEN.finditer(rest))
    end_line = low.find("\n", rest_start)
    line_end = len(low) if end_line == -1 else end_line
    picked: list[re.Match[str]] = []
    message_start: int | None = None  # where the message starts on the greeting's line
    for token in tokens:
        word = token.group()
        lw = word.lower()
        if len(picked) >= 4 or lw in _STOP_NAME:
            break
        # ("Dear Engr. (Mrs) Adebayo-Okafor": a second title in brackets)
        bare = lw.strip("()") if lw.startswith("(") and lw.endswith(")") else lw
        if bare in TITLES or (not picked and bare.rstrip(".") in TITLES):
            picked.append(token)
            continue
        # "hi ms adeyemi": a lowercase name after a title is still the name.
        titled = all(t.group().lower().rstrip(".") in TITLES for t in picked)
        if (
            picked
            and not word[0].isupper()
            and lw not in PARTICLES
            and (not titled or lw in STOPWORDS)
        ):
            break
        if not word[0].isalpha():
            break
        # "Hola, your guide on…": a lowercase common word starts the message, not a name
        # (people do write "hi jose", but no one is called "your").
        if not picked and word[0].islower() and lw.strip(",.!") in STOPWORDS:
            message_start = rest_start + token.start()
            break
        picked.append(token)
        if word.endswith((".", "-")) and lw.rstrip(".") not in TITLES:
            break
    if not picked:
        # No name: the greeting ends where the message starts, where a name would have
        # ended ("Hi there,"), or with its line when nothing stops it there.
        if message_start is not None:
            end = message_start
        else:
            end = line_end if cut is None else min(line_end, name_cut + 1)
        return Greeting(open_start, end, opener, "", rest_start, rest_start, False)
    name_start = rest_start + picked[0].start()
    name_end = rest_start + picked[-1].end()
    while name_end > name_start and norm[name_end - 1] in ".-":
        name_end -= 1
    after = name_end
    while after < line_end and norm[after] in " ,!:;-\u2014\u2013":
        after += 1
    return Greeting(
        open_start,
        after,
        opener,
        norm[name_start:name_end],
        name_start,
        name_end,
        False,
    )


# "Ing. Treviño: your Monterrey talk…": a titled name before a colon greets them.
_TITLED_VOCATIVE = re.compile(
    r"[ \n]*(?P<name>(?:Ing|Dr|Prof|Eng|Engr|Arch|Lic|Atty|Mr|Mrs|Ms)\.? [^\W\d_][\w'.-]*"
    r"(?: [^\W\d_][\w'.-]*){0,2})[ ]*:"
)


def _find_vocative(norm: str, low: str, at: int = 0) -> Greeting | None:
    match = _VOCATIVE.match(norm, at) or _TITLED_VOCATIVE.match(norm, at)
    if match is None or not match["name"][0].isupper():
        return None
    if match["name"].split()[0].lower() in _STOP_NAME:
        return None
    return Greeting(
        match.start("name"),
        match.end(),
        "",
        match["name"],
        match.start("name"),
        match.end("name"),
        False,
    )


# --- signature -------------------------------------------------------------------------------

_CLOSING = re.compile(
    r"[ ]*(?:best|best regards|best wishes|kind regards|warm regards|warmest regards|warmly"
    r"|regards|many thanks|thanks|thank you|thanks again|thanks so much|thank you so much"
    r"|thank you again|cheers|sincerely|yours|yours truly|yours sincerely|all the best"
    r"|respectfully|with gratitude|gratefully|take care|with appreciation|merci|gracias"
    r"|obrigad[oa]|saludos|un saludo|danke|groetjes|cordialement|atenciosamente)\b[^\n]{0,45}$"
)
_CONTACTISH = re.compile(r"@|https?:|www\.|\+?\d[\d ().-]{6,}|linkedin\.com")


_POSTSCRIPT = re.compile(
    r"(?m)^[ \t]*(?:p\.?[ ]?(?:p\.?[ ]?)?s\b\.?"
    # "Questions I'd bring: …" listed below the sign-off.
    r"|(?:the )?(?:\w+ )?(?:questions|topics|things) (?:i'd|i would|i'll|i will|i want to|i'd like to)"
    r" (?:bring|ask|raise|cover)\b"
    # "And if you ever need an extra pair of hands…, I'd love to help." added below the thanks
    r"|(?:and|also|oh,? and),? if you\b)"
)


def _find_signature(norm: str, low: str, body_end: int, after: int) -> int | None:
    """Offset where the signature starts (after a sign-off line), or None."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in low[:body_end].split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    lines = [span for span in lines if span[0] >= after]
    if len(lines) < 2:
        return None
    # A sign-off line within the last few lines: everything after it is the signature.
    for index in range(len(lines) - 1, max(len(lines) - 7, 0), -1):
        start, end = lines[index - 1]
        if _CLOSING.match(low, start, end) and end - start <= 60:
            return lines[index][0]
    # No sign-off: a trailing name line ("- Ana", "Ana Lima") and contact lines below it.
    sig_start: int | None = None
    for start, end in reversed(lines[1:]):
        line = norm[start:end].strip()
        if _CONTACTISH.search(line) and len(line) <= 80:
            sig_start = start
            continue
        tokens = line.lstrip("-~ ").split()
        if 1 <= len(tokens) <= 3 and all(t[0].isupper() for t in tokens) and line[-1] not in ".?":
            sig_start = start
        break
    return sig_start


# --- sentences -------------------------------------------------------------------------------

_EMOJI = "\u2600-\u27bf\U0001f300-\U0001faff"
_BOUNDARY = re.compile(rf"[.!?\n{_EMOJI}]")
# An emoji with what may follow it: more emoji, a variation selector, a joiner, a skin tone.
_EMOJI_RUN = re.compile(rf"[{_EMOJI}\ufe0f\u200d\U0001f3fb-\U0001f3ff]*")
# The marks a list item starts with ("→ what you unlearned…" too).
BULLET_MARKS = "-*•·▪◦‣→►▸▹»~①②③④⑤⑥⑦⑧⑨⑩"
# (and "1/", "a-" as people type them; and the middle dot of Japanese lists, "・how you
# decided…", written with no space after it)
_BULLET = re.compile(
    rf"[ ]*(?:(?:[{re.escape(BULLET_MARKS)}]|\d{{1,2}}[.)/]|[a-h][.)-]|\((?:[a-h]|\d{{1,2}}"
    r"|i{1,3}|iv|vi{0,3})\))[ ]+|[\u30fb\uff65][ ]*)"
)
# An emoji that starts a line marks a list item too ("👉 how you prepare a talk…"), where
# two lines or more start with one (not "👋 ok so i found your video…" alone).
_EMOJI_BULLET = re.compile(rf"[ ]*[{_EMOJI}][\ufe0f\u200d\U0001f3fb-\U0001f3ff]*[ ]+")
_EMOJI_LINE = re.compile(rf"^[ \t]*[{_EMOJI}]", re.MULTILINE)


def _emoji_list(text: str) -> bool:
    """Whether two lines or more of `text` start with an emoji: a list marked with them."""
    lines = _EMOJI_LINE.finditer(text)
    return next(lines, None) is not None and next(lines, None) is not None


def bullet_body(text: str) -> str:
    """A list item's text past its marker ("1/ ", "a- ", "- ", "(b) ", "👉 ")."""
    marker = _BULLET.match(text) or _EMOJI_BULLET.match(text)
    return (text[marker.end() :] if marker is not None else text).strip()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or bullet line) of the content view, trimmed; `low` is its lowercase text."""

    start: int
    end: int
    low: str
    cased: str
    question: bool
    bullet: bool


# "U.S.", and degrees and titles with dots inside ("P.Eng.", "Ph.D.", "M.Sc.")
_INITIALISM = re.compile(r"(?:[a-z]{1,2}\.)+[a-z]{1,4}")


def _boundaries(text: str, cased: str, emoji_list: bool) -> list[int]:
    """Offsets just after each sentence end: runs of . ! ? (not abbreviations), or newlines.
    `text` is the lowercase view of `cased`; with `emoji_list`, an emoji that starts a line
    marks a list item, not a stop."""
    ends: list[int] = []
    skip_until = -1
    for match in _BOUNDARY.finditer(text):
        index = match.start()
        if index < skip_until:
            continue
        char = match.group()
        if char == "\n":
            ends.append(index + 1)
            continue
        if char not in ".!?":
            if emoji_list and not text[text.rfind("\n", 0, index) + 1 : index].strip():
                continue  # an emoji that starts a line marks a list item ("👉 how you…")
            # An emoji used as a full stop: "…our failures are like 30% 😭 would u be free
            # for 15 mins?" is two sentences; "was 🔥." or "🙏" at the end is not a stop.
            run = _EMOJI_RUN.match(text, index)
            end = index + 1 if run is None else run.end()
            # (not before "and" or "or": "…across the six episodes ➡️ and which setup held
            # up" goes on)
            if (
                text.startswith(" ", end)
                and text[end + 1 : end + 2].isalpha()
                and not text.startswith((" and ", " or "), end)
            ):
                ends.append(end)
                skip_until = end
            continue
        end = index + 1
        while end < len(text) and text[end] in ".!?":
            end += 1
        # A quoted question inside a sentence ("with 'can we do this?'.") ends at the
        # sentence's own stop after the closing quote.
        after_quote = end
        while after_quote < len(text) and text[after_quote] in "\"')\u2019\u201d":
            after_quote += 1
        if after_quote > end and after_quote < len(text) and text[after_quote] in ".!":
            end = after_quote + 1
        elif (
            after_quote > end
            and ")" not in text[end:after_quote]
            and text.startswith(" ", after_quote)
            and cased[after_quote + 1 : after_quote + 2].islower()
        ):
            continue  # 'I said "wait, people do that?" out loud': the sentence goes on
        elif (
            text.startswith(")", end)
            and text.startswith((" ", ","), end + 1)
            and text.rfind("(", ends[-1] if ends else 0, index) != -1
        ):
            continue  # "which certifications (BCACP?) carried weight": an aside in brackets
        elif (
            char == "?"
            and text.rfind("(", ends[-1] if ends else 0, index)
            > text.rfind(")", ends[-1] if ends else 0, index)
            and ")" in text[end : end + 40]
            and "\n" not in text[end : text.find(")", end)]
        ):
            continue  # "which tools you learned first (Articulate? something else?), how…"
        elif (
            after_quote > end
            and ")" not in text[end:after_quote]
            and (after_quote == len(text) or text[after_quote] in " \n")
        ):
            end = after_quote  # '"…into a trial." You said that…': the quote ends with it
        skip_until = end
        if char == "." and end == index + 1:
            following = text[end : end + 1]
            if following and following not in " \n\"')":
                continue  # "1.5", "e.g", "acme.com"
            line_start = text.rfind("\n", 0, index) + 1
            word_start = max(text.rfind(" ", line_start, index) + 1, line_start)
            previous = text[word_start:index]
            if (
                (
                    previous in _ABBREVIATIONS
                    # ("…at a county health dept. 15 min?": a number starts the next sentence)
                    and not (
                        previous in _ENDS_BEFORE_A_NUMBER and text[end + 1 : end + 2].isdigit()
                    )
                )
                or (len(previous) == 1 and previous.isalpha())
            ):
                continue  # "Dr. Okafor", "J. Smith"
            if word_start == line_start and previous.isdigit() and len(previous) <= 2:
                continue  # "1. " starts a numbered list item
            if _INITIALISM.fullmatch(previous) and cased[end + 1 : end + 2].islower():
                continue  # "on your first U.S. resume": no sentence starts in lowercase
        ends.append(end)
    ends.append(len(text))
    return ends


def _split_sentences(content: str, content_low: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    begin = 0
    emoji_list = _emoji_list(content_low)
    for end in _boundaries(content_low, content, emoji_list):
        segment = content_low[begin:end]
        stripped = segment.strip()
        if stripped:
            start = begin + len(segment) - len(segment.lstrip())
            stop = start + len(stripped)
            # At the start of its line, however far indented (a sub-point under a heading).
            bullet = not content_low[content_low.rfind("\n", 0, start) + 1 : start].strip(
                " \t"
            ) and (
                _BULLET.match(content_low, start, stop) is not None
                or (emoji_list and _EMOJI_BULLET.match(content_low, start, stop) is not None)
            )
            sentences.append(
                Sentence(
                    start,
                    stop,
                    stripped,
                    content[start:stop],
                    stripped.rstrip("\"') ").endswith("?"),
                    bullet,
                )
            )
        begin = end
    return tuple(sentences)


@dataclass(frozen=True, slots=True)
class Draft:
    """The prepared views of one draft body (and subject)."""

    body: str
    subject: str
    full_low: str  # folded and lowercased, nothing blanked (links are checked everywhere)
    norm: str  # folded, quoted replies blanked, case kept
    low: str  # `norm` lowercased
    content: str  # `norm` without greeting and signature
    content_low: str  # `content` lowercased
    greeting: Greeting | None
    signature_start: int | None
    quoted_start: int | None
    sentences: tuple[Sentence, ...]
    sentence_starts: tuple[int, ...]
    # Views derived by one check and read by another (the questions' spans), computed once
    # per draft. Never part of equality: a cache, not state.
    memo: dict[str, object] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def sentences_containing(self, triggers: re.Pattern[str]) -> list[Sentence]:
        """Sentences (in order) whose lowercase text holds a match of `triggers` (a pattern
        from `any_of`).

        Big patterns then run on a few short sentences instead of the whole draft.
        """
        low = self.content_low
        starts = self.sentence_starts
        last = len(starts) - 1
        hits: list[Sentence] = []
        found = triggers.search(low)
        while found is not None:
            index = bisect_right(starts, found.start()) - 1
            if index >= 0:
                hits.append(self.sentences[index])
            if index >= last:
                break
            # Another hit in the same sentence adds nothing: go on from the next one.
            found = triggers.search(low, starts[index + 1])
        return hits


_GLUED_EM_DASH = re.compile(r"(?<=\w)\u2014(?=\w)")


def prepare(body: str, subject: str | None) -> Draft:
    """Build every view of `body` once; checks only read them."""
    # An em dash between two words ("the Plant Ops blog—we cut over in May") breaks the
    # clause as a semicolon would; folded to a hyphen it would read as one word.
    folded = _GLUED_EM_DASH.sub(";", body) if "\u2014" in body else body
    norm = folded.translate(_FOLD)
    low = full_low = lower_same_length(norm)
    norm, low, quoted_start = _blank_quotes(norm, low)
    greeting = _find_greeting(norm, low)
    content, content_low = norm, low
    greeting_end = 0
    if greeting is not None:
        greeting_end = greeting.end
        content = blank(content, greeting.start, greeting.end)
        content_low = blank(content_low, greeting.start, greeting.end)
    body_end = len(low) if quoted_start is None else quoted_start
    signature_start = _find_signature(norm, low, body_end, greeting_end)
    if signature_start is not None:
        # A postscript below the signature is read like the body ("P.S. If you're too busy,
        # one of your managers would be just as helpful").
        postscript = _POSTSCRIPT.search(low, signature_start, body_end)
        signature_end = len(content) if postscript is None else postscript.start()
        content = blank(content, signature_start, signature_end)
        content_low = blank(content_low, signature_start, signature_end)
    if "\n" in content_low:
        content, content_low = _join_hard_wraps(content, content_low)
    sentences = _split_sentences(content, content_low)
    return Draft(
        body=body,
        subject=subject or "",
        full_low=full_low,
        norm=norm,
        low=low,
        content=content,
        content_low=content_low,
        greeting=greeting,
        signature_start=signature_start,
        quoted_start=quoted_start,
        sentences=sentences,
        sentence_starts=tuple(sentence.start for sentence in sentences),
    )


# A line broken inside a phrase by a hard wrap ("Could I have 20\nminutes of your time",
# "half an\nhour"): after a number or a word that cannot end a line of its own, with the next
# line going on in lowercase. (Not a list: its lines end with their own last words, and a
# heading ends with a colon.)
_HARD_WRAP = re.compile(
    r"(?:\d|\b(?:a|an|the|of|to|for|and|or|in|on|at|with|your|my|our|half|quarter|about|from"
    r"|by|than|into))[ \t]*(\n)(?=[ \t]*[a-z])"
)


def _join_hard_wraps(content: str, content_low: str) -> tuple[str, str]:
    """`content` and its lowercase view with each hard wrap read as a space (same offsets)."""
    wraps = [match.start(1) for match in _HARD_WRAP.finditer(content_low)]
    if not wraps:
        return content, content_low
    cased, low = list(content), list(content_low)
    for index in wraps:
        cased[index] = low[index] = " "
    return "".join(cased), "".join(low)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace or stray punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


# -- texting shorthand ----------------------------------------------------------------------

# Shorthand a careful reader expands without noticing ("saw ur talk", "could u spare 20 min",
# "we r stuck", "im a nurse"): the checks that read what a message means read it expanded.
# Only lowercase forms (and a capitalized "Ur", "Im", "Ive"), only as whole words: "R&D",
# "U of T", "IM" and "ID" stay as written.
_SHORTHAND: Mapping[str, str] = MappingProxyType(
    {
        "u": "you", "ur": "your", "Ur": "Your", "r": "are", "im": "i'm", "Im": "I'm",
        "ive": "i've", "Ive": "I've", "pls": "please", "plz": "please", "thx": "thanks",
        "bc": "because", "abt": "about", "dont": "don't", "cant": "can't", "didnt": "didn't",
        "doesnt": "doesn't", "youre": "you're", "w/": "with", "id": "i'd",
        # Hindi written in Latin letters, as Hinglish mixes it in: "Aapka LinkedIn post on…"
        "aapka": "your", "aapki": "your", "aapke": "your", "Aapka": "Your", "Aapki": "Your",
        "Aapke": "Your",
    }
)  # fmt: skip
# The words of the map, whole; "r" only between spaces before a word, "w/" before a space,
# "id" before a verb.
_SHORTHAND_WORD = re.compile(
    r"(?<![\w'&/.@-])(?:"
    + "|".join(sorted((w for w in _SHORTHAND if w not in ("r", "w/", "id")), key=len, reverse=True))
    + r"|(?<= )r(?= [a-z])|w/(?= )"
    # "what id ask is…" ("id" only before a verb it helps: not "your user id")
    + r"|id(?= (?:like|love|ask|be|appreciate|want|say|need|rather|have|value|welcome)\b))"
    + r"(?![\w'&/@-])"
)


@dataclass(frozen=True, slots=True)
class Expanded:
    """A text with its shorthand expanded, and where each expansion came from."""

    text: str
    # (start, end) in `text` and (start, end) in the original, for each expansion in order
    edits: tuple[tuple[int, int, int, int], ...]

    def original(self, at: int) -> int:
        """The original offset of position `at` of the expanded text (inside an expansion:
        the original word's start, or its end at the expansion's end)."""
        shift = 0
        for start, end, original_start, original_end in self.edits:
            if at < start:
                break
            if at < end:
                return original_start if at == start else original_end
            shift = end - original_end
        return at - shift


def expand_shorthand(text: str) -> Expanded | None:
    """`text` with texting shorthand expanded, or None when it holds none (most drafts)."""
    if _SHORTHAND_WORD.search(text) is None:
        return None
    parts: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    written = 0
    length = 0
    for match in _SHORTHAND_WORD.finditer(text):
        parts.append(text[written : match.start()])
        length += match.start() - written
        word = _SHORTHAND[match.group()]
        edits.append((length, length + len(word), match.start(), match.end()))
        parts.append(word)
        length += len(word)
        written = match.end()
    parts.append(text[written:])
    return Expanded("".join(parts), tuple(edits))


# A span longer than this reads as no sentence: a run-on message with no stops ("hope ur well
# im jake … so wondered if u had 15 mins …") is cut to the comma-bounded part in question.
LONG_SPAN = 300


def within_commas(text: str, start: int, end: int, begin: int, stop: int) -> tuple[int, int]:
    """The part of text[begin:stop] around [start, end) between the nearest commas (the
    whole of it when that is short enough to read as one sentence)."""
    if stop - begin <= LONG_SPAN:
        return begin, stop
    left = text.rfind(",", begin, start)
    right = text.find(",", end, stop)
    if left == -1 and right == -1:
        return start, end  # no commas either (voice-to-text): the words themselves
    left = begin if left == -1 else left + 1
    right = stop if right == -1 else right
    while left < right and text[left].isspace():
        left += 1
    return left, right
