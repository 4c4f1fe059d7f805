"""addressed_to_contact: the draft greets the contact by name."""

from __future__ import annotations

import re

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.models import Evidence
from service.gate.text import PARTICLES, STOPWORDS, TITLES, Greeting, fold_accents, word_set

_NOT_NAMES = word_set(
    """
there all everyone team folks friend friends you sir madam ma'am maam mam hiring manager
recruiter colleague colleagues professional again
"""
)
_HINT_GENERIC = (
    'Greet the contact by name, e.g. "Hi {name}," - generic greetings read like a mass mailing.'
)


_GREETING_AFTER = re.compile(
    r"\s*(?:hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening|day))\b", re.IGNORECASE
)


# A first name and the short forms people greet with ("Hi Bob" to Robert Hale). One group a
# line; a name may sit in several ("chris").
_NICKNAME_GROUPS = """
robert bob rob bobby robbie
william bill will billy
richard rick rich richie dick
james jim jimmy jamie
john jack johnny
michael mike mick mikey
elizabeth liz beth eliza betty libby lizzie
katherine catherine kathryn katharine kate kathy katie cathy kat
margaret maggie meg peggy
thomas tom tommy
christopher chris
christine christina chris tina
daniel dan danny
danielle dani
david dave davey
joseph joe joey
josephine jo josie
benjamin ben benny
samuel sam sammy
samantha sam sammie
alexander alex sasha xander
alexandra alex sasha lexi sandra sandy
nicholas nick nicky
anthony tony
edward ed eddie ted ned
theodore ted teddy theo
matthew matt
andrew andy drew
patricia pat patty trish
patrick pat paddy
jennifer jen jenny
rebecca becky becca
susan sue suzy
deborah deb debbie
victoria vicky tori
stephen steven steve
timothy tim
gregory greg
jonathan jon
nathaniel nathan nate nat
zachary zach zack
joshua josh
jacob jake
charles charlie chuck
henry harry hank
frederick fred freddie
kenneth ken kenny
ronald ron ronnie
donald don donnie
raymond ray
lawrence larry
gerald gerry jerry
leonard leo len lenny
abigail abby
allison alison ali
amanda mandy
barbara barb
cynthia cindy
eleanor ellie nell
frances francis fran frankie
jacqueline jackie
judith judy
kimberly kim
madeline madeleine maddie
melissa mel
pamela pam
valerie val
vincent vince vinny
walter walt
albert al bert
philip phillip phil
peter pete
francisco paco
alejandro alex
"""
_NICKNAMES: dict[str, frozenset[str]] = {}
for _line in _NICKNAME_GROUPS.split("\n"):
    _group = frozenset(_line.split())
    for _name in _group:
        _NICKNAMES[_name] = _NICKNAMES.get(_name, frozenset()) | _group


_NAME_PUNCT = str.maketrans(dict.fromkeys("-.,\"'()\u2018\u2019\u201c\u201d", " "))


def _name_tokens(name: str) -> set[str]:
    """The words of a name (a nickname in quotes or brackets too: "Margaret 'Peg' Sullivan")."""
    folded = fold_accents(name).translate(_NAME_PUNCT)
    return {t for t in folded.split() if t not in TITLES and len(t) > 1}


def _contact_tokens(name: str) -> set[str]:
    """The contact's name tokens and the short or long forms of their first name."""
    tokens = _name_tokens(name)
    words = [w for w in fold_accents(name).replace(".", " ").split() if w not in TITLES]
    return tokens | _NICKNAMES.get(words[0], frozenset()) if words else tokens


def _greets(greeted: set[str], name: str) -> bool:
    """Whether the greeted tokens name the contact: a token of their name, a known short or
    long form of their first name, or its first letters ("Tolu" for Tolulope, "Alex" for
    Alexandra), or the name inflected."""
    if greeted & _contact_tokens(name):
        return True
    words = [w for w in fold_accents(name).replace(".", " ").split() if w not in TITLES]
    if not words:
        return False
    first = words[0]
    return any(
        (len(t) >= 3 and first.startswith(t))
        # The end of a long first name, as Yoruba and other names are shortened ("Seun" for
        # Oluwaseun, "Tunde" for Babatunde)
        or (len(t) >= 4 and len(first) >= len(t) + 3 and first.endswith(t))
        # An inflected form, as a vocative ("Pani Magdaleno" for Magdalena, "Tomasie" for
        # Tomasz): the same name to its last letter or two.
        or (
            len(first) >= 5
            and abs(len(t) - len(first)) <= 2
            and t[: len(first) - 2] == first[: len(first) - 2]
        )
        for t in greeted
    )


def _greeting_evidence(data: CheckInput, greeting: Greeting) -> Evidence:
    return span(data.draft, greeting.start, greeting.end)


def _writes_in_lowercase(data: CheckInput) -> bool:
    """A writer who starts most sentences in lowercase ("hey tomás! saw your post…") writes
    names in lowercase too."""
    starts = [s.cased.lstrip("-*•( ")[:1] for s in data.draft.sentences]
    letters = [c for c in starts if c.isalpha()]
    if len(letters) < 2:
        # One run-on, as voice-to-text writes it: no capital anywhere says as much.
        body = data.draft.body
        return len(body) > 40 and not any(c.isupper() for c in body)
    return sum(c.islower() for c in letters) * 2 > len(letters)


def _salutation(data: CheckInput, greeting: Greeting) -> bool:
    """Without a contact to compare with, a bare vocative is a greeting when it reads as one:
    a title and a name ("Mr. Osei, I'm writing…"), or a name alone on the opening line
    ("Kamal,"); not the start of a sentence ("Framing carpenter, 14 years.")."""
    words = _name_words(greeting)
    if not words or any(w.lower() in _NOT_NAMES for w in words):
        return False
    if not all(w[0].isupper() for w in words):
        return False
    if words[0].lower() in TITLES and len(words) >= 2:
        return True
    body = data.draft.body
    if len(words) <= 2 and any(
        c in body[greeting.name_end : greeting.end] for c in "-\u2013\u2014"
    ):
        return True  # "Sam — Dan mentioned you…": the name set off by a dash
    line_end = body.find("\n", greeting.end)
    rest = body[greeting.end : len(body) if line_end == -1 else line_end]
    # "Marta, hi! I saw…": the name, then the greeting word.
    if len(words) <= 2 and (not rest.strip() or _GREETING_AFTER.match(rest) is not None):
        return True
    # "Bea, loved your thread on…": one name, then words said to them; not an opening word
    # ("Honestly, your talk…", "Thanks, your post…").
    sentence = re.split(r"[.!?\n]", rest, maxsplit=1)[0]
    word = words[0].lower()
    return (
        len(words) == 1
        and _SAID_TO_THEM.search(sentence) is not None
        and word not in STOPWORDS
        and word not in _OPENING_WORDS
        and not word.endswith(("ly", "ing", "ed"))
    )


_SAID_TO_THEM = re.compile(r"\byou(?:r|rs|'re|'ve|'d)?\b")
# Words that open a sentence with a comma and name nobody.
_OPENING_WORDS = word_set(
    """
thanks thank hello hi hey greetings congrats congratulations sorry well so also yes ok okay
please first quick short sure wow great cheers apologies anyway still again now today
"""
)


_TITLE_MARKS = str.maketrans(".()", "   ")


def _name_words(greeting: Greeting) -> list[str]:
    """The greeted name's words, dots and brackets dropped ("Engr. (Mrs) Okoro")."""
    return greeting.name.translate(_TITLE_MARKS).split()


def check_addressed_to_contact(data: CheckInput) -> Outcome:
    """Match the greeted name against the contact (accent- and case-insensitive)."""
    greeting = data.draft.greeting
    contact = data.context.contact
    name = contact.name if contact is not None else "<first name>"
    first = name.split()[0] if contact is not None else name
    hint = _HINT_GENERIC.format(name=first)
    if greeting is None:
        return Outcome(False, "The draft does not open with a greeting by name.", (), hint)
    evidence = (_greeting_evidence(data, greeting),)
    vocative_only = greeting.opener == ""
    if vocative_only and (
        not _greets(_name_tokens(greeting.name), contact.name)
        if contact is not None
        else not _salutation(data, greeting)
    ):
        # "Ana, ..." counts only when it is the contact's name; anything else is no greeting.
        return Outcome(False, "The draft does not open with a greeting by name.", (), hint)
    if greeting.generic:
        return Outcome(
            False,
            f"Generic greeting '{evidence[0].text}' instead of the contact's name.",
            evidence,
            hint,
        )
    greeted = _name_tokens(greeting.name)
    if contact is not None:
        if _greets(greeted, contact.name):
            return Outcome(True, f"Greets {contact.name} by name.", evidence)
        if not greeted:
            return Outcome(False, "The greeting names nobody.", evidence, hint)
        return Outcome(
            False,
            f"The greeting names '{greeting.name}', but the contact is {contact.name}.",
            evidence,
            f'Greet the right person: "Hi {first},". A wrong name is worse than none.',
        )
    words = _name_words(greeting)
    real = [w for w in words if w.lower() not in TITLES and w.lower() not in PARTICLES]
    if (
        real
        and (real[0][0].isupper() or _writes_in_lowercase(data))
        and real[0].lower() not in _NOT_NAMES
    ):
        return Outcome(True, f"Greets '{greeting.name}' by name.", evidence)
    return Outcome(False, "The greeting does not name the contact.", evidence, hint)
