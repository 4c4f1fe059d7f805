"""specific_reason: the draft says why *this* person, and why it matters to the requester.

Two halves, both required:

* something concrete about the contact. With research facts in the context it must match a
  fact (shared content words, robust to case, plurals and word order) or the contact's
  department or title; with only contact attributes, their organization also counts.
  Without context, a concrete reference must stand on its own: a named entity in a
  sentence about them, "your talk on X", "your move from X to Y", a quoted title.
* a connection to the requester: a first-person statement of background, interest or goal
  ("I'm a nurse moving into informatics", "my background in…"), or overlap with the
  requester's profile.

Flattery ("your impressive background") and boilerplate ("learn more about your career")
satisfy neither half.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from service.gate.checks.base import CheckInput, Outcome, clip, span
from service.gate.models import ContactProfile, Evidence, GateContext
from service.gate.text import STOPWORDS, Draft, content_stems, fold_accents, stem, word_set, words

# Words too common in facts and drafts to ground anything on their own.
_WEAK = word_set(
    """
team teams work works worked working role roles company companies organization
organisation org people person year years new recent recently currently previously also
time lead leads led leading senior junior manager director head member members group
department part based join joined joining help helps helped helping great good best first
last way ways thing things day days career careers experience background job jobs field
industry love like learn hear know ask question questions conversation call chat minutes
hope
"""
)
# Praise words say nothing concrete, however many of them there are.
_PRAISE = word_set(
    """
impressive amazing incredible inspiring remarkable stellar extensive fascinating wonderful
outstanding diverse rich vast interesting successful trajectory journey insights insight
wealth valuable expertise accomplishments achievements passion dedication innovative
innovation leadership journey thought excellent great awesome cool
"""
)
_CLAUSE_END = re.compile(r"[.,;!?]| and (?:your|you|i|my)\b| but ")
_WORD_RE = re.compile(r"[^\W_](?:[\w'-]*[^\W_])?")
# A sentence naming something (not at its start) may be about their organization.
_THIRD_PARTY = re.compile(r"(?<=[a-z,] )[A-Z][\w'-]+")
_PUNCT_SPLIT = re.compile(r"[\s,;:.!?()\"]+")

_FLATTERY = re.compile(
    r"your (?:\w+ )?(?:impressive|amazing|incredible|inspiring|remarkable|stellar|extensive"
    r"|fascinating|wonderful|outstanding|diverse|rich|vast|interesting|great|successful)"
    r" (?:background|career|experience|profile|work|journey|path|achievements|accomplishments"
    r"|resume|trajectory|expertise)"
    r"|pick your brain|learn (?:more )?about your (?:career|experience|background|journey|work"
    r"|role|path|company|industry|field)"
    r"|admire (?:your|all your) (?:work|career|achievements)"
    r"|your (?:experience|expertise|work) in the (?:industry|field|space)"
    r"|(?:came across|found|saw|viewed) your (?:linkedin )?profile"
)
_REFERENCE_NOUN = re.compile(
    r"your (?:recent |latest |last |new |excellent |great |fascinating |insightful )?"
    r"(?:talk|article|post|piece|paper|podcast|interview|presentation|keynote|book|blog|newsletter"
    r"|thread|essay|panel|webinar|episode|video|course|research|project|study|report|tweet"
    r"|comment|team's work|team's|launch|migration|transition|move|switch|pivot|shift|startup"
    r"|lab|thesis|dissertation|publication|case study|open[- ]source|repo|library|tool|framework"
    r"|app|product|work|writing|lecture|workshop|session|answer|story|series|columns?|op-ed"
    r"|initiative|program|programme|campaign|book|study|findings|team|group|department|path)\b"
    r"|you (?:recently |once |successfully )?(?:led|built|launched|founded|co-founded|started"
    r"|wrote|published|designed|shipped|spoke|presented|gave|moved|transitioned|switched"
    r"|joined|run|lead|manage|organized|organised|created|developed|mentioned|shared|posted"
    r"|described|argued|explained|made|went|left|pivoted|teach|taught|oversee|oversaw|head"
    r"|headed|work on|worked on|studied|co-authored|authored|hosted|host|built)\b"
)
_YOU = re.compile(r"\byou(?:r|'re|'ve|'d|'ll|rs)?\b")
_ENTITY = re.compile(
    r"(?<![\w'])(?:[A-Z][\w&'.-]*[\w]|[A-Z])(?: (?:[A-Z][\w&'.-]*[\w]|of|for|and|de))*"
)
_QUOTED_TITLE = re.compile(r"\"[^\"\n]{3,120}\"")
_COMMON_CAPS = word_set(
    """
i i'm i've i'd i'll hi hello dear hey thanks thank best hope monday tuesday wednesday
thursday friday saturday sunday january february march april may june july august
september october november december linkedin zoom teams slack calendly google meet ai ml
it hr ui pm ceo cto cfo coo vp svp evp us uk eu ps p.s english would could can if as my
your we our the a an this that it in on at for and but so also after before when while
since during
"""
)

_OCCUPATION = (
    r"(?:student|graduate|grad|nurse|engineer|developer|analyst|designer|teacher|manager"
    r"|researcher|scientist|consultant|intern|major|candidate|professional|accountant|lawyer"
    r"|paralegal|librarian|journalist|writer|marketer|recruiter|veteran|pharmacist|physician"
    r"|doctor|therapist|technician|architect|economist|chemist|biologist|statistician|programmer"
    r"|coordinator|specialist|assistant|associate|officer|administrator|founder|freelancer"
    r"|changer|phd|postdoc|sophomore|fresher|apprentice|trainee|volunteer|organizer|editor"
    r"|producer|artist|musician|chef|mechanic|electrician|pilot|worker|counselor|educator"
    r"|tutor|lecturer|professor|clerk|operator|planner|strategist|advisor|adviser|learner"
    r"|bootcamper|mba|undergrad|undergraduate|alum|alumna|alumnus|parent|medic|paramedic)"
)
_RELATION = re.compile(
    r"\bi(?:'?m| am)(?: currently| now| also| still| just| actually| an? aspiring| a former)?"
    r" (?:a|an) (?!big |huge |great |long-?time |fan\b|admirer\b|follower\b)\w+"
    r"|\bi(?:'?m| am)(?: currently| now| also| still| actually| really)? (?:studying|working"
    r"|training|transitioning|moving|pivoting|switching|changing|shifting|exploring"
    r"|considering|interested|passionate|fascinated|drawn|keen on|planning|applying|finishing"
    r"|completing|enrolled|in my|in the (?:process|middle|final|last|first|second|third)"
    r"|on the|part of|based in|doing|building|learning|teaching|leading|managing|researching"
    r"|retraining|self-taught|new to|early in|halfway|looking to (?:move|transition|get|break"
    r"|pivot|switch|join|work|grow|become|start)|hoping to (?:move|transition|get into|break"
    r"|pivot|switch|join|work|become|start)|trying to (?:move|transition|get|break|pivot|switch"
    r"|become))"
    rf"|\bi(?:'?m| am) (?:\w+ ){{0,2}}{_OCCUPATION}"
    r"|\bi(?:'?ve| have)(?: been| spent| worked| studied| built| led| done| taught| managed"
    r"| run| developed| a background| experience| always| recently| just| also| some experience"
    r"| \d+| over| nearly| almost| several| many| two| three| five| ten| volunteered| trained"
    r"| completed| earned| designed| shipped| written| started)\b"
    r"|\bi (?:just |recently |also |currently |previously |once |still )?(?:work|worked|study"
    r"|studied|teach|taught|run|ran|lead|led|manage|managed|build|built|spent|started"
    r"|graduated|finished|completed|volunteer|volunteered|research"
    r"|researched|trained|majored|moved|switched|transitioned|pivoted|recently|currently"
    r"|earned|hold|did|wrote|ship|shipped|design|designed|develop|developed|care|cared|coach"
    r"|coached|organize|organized|organise|organised|am currently|also work)\b"
    r"|\bi (?:want|hope|plan|intend|would like|'d like|aim|am trying|am hoping|am planning)"
    r" to (?:move|transition|get into|break into|pivot|switch|become|work|join|go into|enter"
    r"|specialize|specialise|grow|build a career|shift|apply my|use my|bring my)"
    r"|\bas (?:a|an|someone|somebody|another|a fellow|one of the)\b(?! (?:result|example|way"
    r"|matter|reminder|quick|side note|follow))"
    r"|\bmy (?:background|experience|work|studies|degree|thesis|dissertation|research|interest"
    r"|interests|goal|goals|role|job|team|career|transition|plan|plans|current|years|capstone"
    r"|project|projects|bootcamp|master's|masters|phd|major|minor|field|path|focus|passion|aim"
    r"|previous|former|own|internship|clinical|training|company|startup|program|course"
    r"|coursework|journey|side project|portfolio|experiences|shift|move|switch|pivot|day job"
    r"|hospital|lab|school|university|class|time (?:at|in|as)|\d+ years)\b"
    r"|\blike you,? i\b|\bsimilar to you\b|\bfellow\b|\bwe both\b|\byou and i both\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|my|me)\b")


@dataclass(frozen=True, slots=True)
class _Found:
    """A located half of the reason."""

    start: int
    end: int
    what: str
    fact_index: int | None = None


def _name_stems(context: GateContext) -> set[str]:
    names: set[str] = set()
    if context.contact is not None:
        names |= {fold_accents(t) for t in _PUNCT_SPLIT.split(context.contact.name) if t}
    if context.requester is not None:
        names |= {fold_accents(t) for t in _PUNCT_SPLIT.split(context.requester.name) if t}
    return names


class _LazyStems:
    """Content stems of the draft with the offset of their first occurrence, on demand.

    Most drafts never need them (standalone mode without a requester profile), and stemming
    every word is the most expensive thing this check does.
    """

    def __init__(self, draft: Draft) -> None:
        self._draft = draft
        self._stems: dict[str, int] | None = None

    def get(self) -> dict[str, int]:
        if self._stems is None:
            first: dict[str, int] = {}
            for match in _WORD_RE.finditer(self._draft.content_low):
                first.setdefault(match.group(), match.start())
            stems: dict[str, int] = {}
            for word, offset in first.items():
                if word not in STOPWORDS and len(word) > 1:
                    stems.setdefault(stem(word), offset)
            self._stems = stems
        return self._stems


def _sentence_span(draft: Draft, offset: int) -> tuple[int, int]:
    for sentence in draft.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.start, sentence.end
    return offset, offset


def _distinctive_stems(text: str) -> set[str]:
    """Stems of tokens with a digit, an acronym (FHIR) or inner capitals (PyData)."""
    found = set()
    for token in text.split():
        token = token.strip(".,;:!?()\"'")
        if token.endswith("'s"):
            token = token[:-2]
        if len(token) < 2:
            continue
        if (
            any(c.isdigit() for c in token)
            or (token.isupper() and len(token) >= 3)
            or any(c.isupper() for c in token[1:])
        ):
            found.add(stem(token.lower()))
    return found


# A number that measures the ask ("20 minutes", "15-20 min") says nothing about them.
_DURATION_AFTER = re.compile(
    r"[\s-]*(?:to |- ?|–)?(?:\d+[\s-]*)?(?:min|mins|minutes?|hours?|hrs?)\b"
)


def _own_words(context: GateContext) -> set[str]:
    """Lower-case words of the requester's own profile: their role, background, goals."""
    requester = context.requester
    if requester is None:
        return set()
    texts = [
        requester.name,
        requester.background or "",
        requester.current_role or "",
        requester.learning_goals or "",
        *requester.interests,
        *requester.target_fields,
    ]
    return {word for text in texts for word in _WORD_RE.findall(text.lower())}


def _names_someone_else(sentence_cased: str, own: Collection[str]) -> bool:
    """A capitalized word mid-sentence that is not one of the requester's own terms
    ("I'm an ICU nurse" names nobody else when the requester's role is ICU nurse)."""
    return any(
        match.group().lower().rstrip("'s") not in own
        for match in _THIRD_PARTY.finditer(sentence_cased)
    )


def _about_them(draft: Draft, own: Collection[str] = ()) -> dict[str, int]:
    """Content stems of sentences that speak about the contact or their organization."""
    found: dict[str, int] = {}
    for sentence in draft.sentences:
        if _YOU.search(sentence.low) is None and not _names_someone_else(sentence.cased, own):
            continue
        for match in _WORD_RE.finditer(sentence.low):
            word = match.group()
            if word not in STOPWORDS and len(word) > 1:
                if word.isdigit() and _DURATION_AFTER.match(sentence.low, match.end()):
                    continue
                found.setdefault(stem(word), sentence.start + match.start())
    return found


def _match_facts(data: CheckInput) -> _Found | None:
    names = _name_stems(data.context)
    stems = _about_them(data.draft, _own_words(data.context))
    # The words of the contact's title or department name their field, not something
    # learned about them: "your work in instructional design" to an Instructional Designer
    # meets the fact "moved into instructional design in 2019" only in those words.
    field = _field_stems(data.context.contact)
    best: tuple[int, int, set[str]] | None = None
    for index, fact in enumerate(data.context.facts):
        fact_stems = content_stems(fact.text.lower(), _WEAK)
        shared = {s for s in fact_stems if s in stems and s not in field}
        # One shared word is enough only when it is distinctive: a number, an acronym or a
        # mixed-case name ("2025", "FHIR", "PyData"), or the fact's only content word.
        enough = len(shared) >= 2 or (
            len(shared) == 1
            and (len(fact_stems) == 1 or shared & (_distinctive_stems(fact.text) - names))
        )
        if enough and (best is None or len(shared) > best[1]):
            best = (index, len(shared), shared)
    if best is None:
        return None
    index, _, shared = best
    offsets = sorted(stems[s] for s in shared)
    start, end = _sentence_span(data.draft, offsets[0])
    return _Found(start, end, f"research fact #{index}", index)


def _attribute_stems(text: str, drop: frozenset[str]) -> set[str]:
    return {s for s in content_stems(text.lower()) if s not in drop}


def _field_stems(contact: ContactProfile | None) -> set[str]:
    """Stems of the contact's title and department, with the activity behind an agent noun
    ("designer" also gives "design", "researcher" "research")."""
    if contact is None:
        return set()
    values = (contact.title or "", contact.department or "")
    found = {s for value in values for s in _attribute_stems(value, _TITLE_DROP)}
    return found | {stem(s[:-2]) for s in found if s.endswith("er") and len(s) > 5}


_TITLE_DROP = word_set(
    """
senior junior lead principal staff head chief director vp vice president manager associate
assistant deputy global regional executive of team department group
"""
)
_ORG_SUFFIX = re.compile(r",?\s+(?:inc|llc|ltd|gmbh|corp|corporation|co|plc|sa|ag|bv)\.?$", re.I)


def _match_attributes(
    data: CheckInput, contact: ContactProfile, stems: dict[str, int], *, with_org: bool
) -> _Found | None:
    draft = data.draft
    for label, value in (("department", contact.department), ("title", contact.title)):
        if not value:
            continue
        wanted = _attribute_stems(value, _TITLE_DROP)
        if wanted and all(s in stems for s in wanted):
            offset = min(stems[s] for s in wanted)
            start, end = _sentence_span(draft, offset)
            return _Found(start, end, f"the contact's {label} ({value})")
    if with_org and contact.organization:
        org = _ORG_SUFFIX.sub("", contact.organization.strip()).lower()
        position = _find_phrase(draft.content_low, org)
        if position < 0 and fold_accents(org) != org:
            position = _find_phrase(fold_accents(draft.content_low), fold_accents(org))
        if position >= 0:
            start, end = _sentence_span(draft, position)
            return _Found(start, end, f"the contact's organization ({contact.organization})")
    return None


def _find_phrase(text: str, phrase: str) -> int:
    if not phrase:
        return -1
    match = re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text)
    return -1 if match is None else match.start()


def _standalone_reference(data: CheckInput) -> _Found | None:
    draft = data.draft
    skip = _name_stems(data.context)
    if draft.greeting is not None:
        skip |= {fold_accents(t) for t in draft.greeting.name.replace(".", " ").split()}
    for sentence in draft.sentences:
        if _YOU.search(sentence.low) is None:
            continue
        for match in _REFERENCE_NOUN.finditer(sentence.low):
            # The object of the reference runs to the end of its clause.
            clause_end = _CLAUSE_END.search(sentence.low, match.end())
            end = min(
                match.end() + 90,
                len(sentence.low) if clause_end is None else clause_end.start(),
            )
            rest = sentence.low[match.end() : end]
            rest_cased = sentence.cased[match.end() : end]
            concrete = {
                w
                for w in words(rest)
                if w not in STOPWORDS and w not in _WEAK and w not in _PRAISE and len(w) > 2
            }
            if _FLATTERY.match(sentence.low, match.start()):
                continue
            if len(concrete) >= 2 or _entities(rest_cased, skip):
                start = sentence.start + match.start()
                return _Found(start, sentence.end, "a concrete reference")
        # A named entity only counts in a clause about them ("your work at Monzo"), not in
        # the requester's own story ("I'm a nurse with ICU experience, and your…").
        for begin, stop in _clauses(sentence.low):
            if _YOU.search(sentence.low, begin, stop) is None:
                continue
            entities = _entities(sentence.cased[begin:stop], skip, sentence_initial=begin == 0)
            if entities:
                start, end, _ = entities[0]
                return _Found(
                    sentence.start + begin + start, sentence.start + begin + end, "a named entity"
                )
        quoted = _QUOTED_TITLE.search(sentence.cased)
        if quoted is not None:
            return _Found(
                sentence.start + quoted.start(), sentence.start + quoted.end(), "a quoted title"
            )
    return None


_CLAUSE_SPLIT = re.compile(r"[;:]|, | and (?=i\b|i'|my\b|we\b)| but | so | because ")


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0]
    for match in _CLAUSE_SPLIT.finditer(text):
        bounds += [match.start(), match.end()]
    bounds.append(len(text))
    return list(zip(bounds[::2], bounds[1::2], strict=True))


def _entities(
    cased: str, skip: set[str], *, sentence_initial: bool = False
) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for match in _ENTITY.finditer(cased):
        text = match.group().rstrip(".'")
        tokens = [t for t in text.split() if t[0].isupper()]
        useful = [
            t
            for t in tokens
            if t.lower().rstrip("'s").rstrip("'") not in _COMMON_CAPS
            and fold_accents(t.rstrip("'s")) not in skip
            and len(t) > 1
        ]
        if not useful:
            continue
        at_start = sentence_initial and not cased[: match.start()].strip(" -\"'(")
        if at_start and len(tokens) == 1 and not text.endswith("'s"):
            continue  # "Recently, …": a capital at the start of a sentence proves nothing
        found.append((match.start(), match.start() + len(text), text))
    return found


def _connection(data: CheckInput, lazy: _LazyStems) -> _Found | None:
    draft = data.draft
    match = _RELATION.search(draft.content_low)
    if match is not None:
        start, end = _sentence_span(draft, match.start())
        return _Found(start, end, "a first-person connection")
    requester = data.context.requester
    if requester is None or _FIRST_PERSON.search(draft.content_low) is None:
        return None
    profile = " ".join(
        [
            requester.background or "",
            requester.current_role or "",
            requester.learning_goals or "",
            *requester.interests,
            *requester.target_fields,
        ]
    ).lower()
    stems = lazy.get()
    shared = [s for s in content_stems(profile, _WEAK) if s in stems]
    if len(shared) >= 2:
        start, end = _sentence_span(draft, min(stems[s] for s in shared))
        return _Found(start, end, "overlap with the requester's profile")
    return None


def _grounding(data: CheckInput, stems: _LazyStems) -> tuple[_Found | None, str, str]:
    """The concrete half, plus a description of the mode and a hint if it is missing."""
    context = data.context
    contact = context.contact
    has_attributes = contact is not None and any(
        (contact.organization, contact.department, contact.title)
    )
    if context.facts:
        found = _match_facts(data)
        if found is None and contact is not None:
            # Only what is said about them: a requester heading for the contact's field
            # ("I'm a nurse moving into informatics") does not thereby refer to their title.
            about = _about_them(data.draft, _own_words(context))
            found = _match_attributes(data, contact, about, with_org=False)
        example = clip(context.facts[0].text, 120)
        return (
            found,
            "grounded",
            (
                "Mention something specific from the research and say why it matters to you, "
                f'e.g. fact #0: "{example}". Naming the organization alone is not enough.'
            ),
        )
    if contact is not None and has_attributes:
        found = _match_attributes(data, contact, stems.get(), with_org=True)
        what = contact.department or contact.title or contact.organization or ""
        return (
            found,
            "grounded",
            (
                f"Refer to what they actually do (e.g. their work in {what}) and say why it "
                "relates to you; better, add research facts about them."
            ),
        )
    return (
        _standalone_reference(data),
        "standalone",
        (
            "Name something concrete about them - a project, talk, article, team or career step "
            '("your talk on X at Y", "your move from X to Y") - not general praise.'
        ),
    )


def check_specific_reason(data: CheckInput) -> Outcome:
    """Both halves: a concrete (grounded) reference and a connection to the requester."""
    draft = data.draft
    stems = _LazyStems(draft)
    concrete, mode, concrete_hint = _grounding(data, stems)
    connection = _connection(data, stems)
    evidence: list[Evidence] = []
    if concrete is not None:
        evidence.append(span(draft, concrete.start, concrete.end))
        if concrete.fact_index is not None:
            fact = data.context.facts[concrete.fact_index]
            evidence.append(
                Evidence(
                    text=fact.text,
                    start=None,
                    end=None,
                    source="fact",
                    fact_index=concrete.fact_index,
                )
            )
    if connection is not None and (concrete is None or connection.start != concrete.start):
        evidence.append(span(draft, connection.start, connection.end))
    details: dict[str, int | float | str] = {"mode": mode}
    if concrete is not None and concrete.fact_index is not None:
        details["fact_index"] = concrete.fact_index
    if concrete is not None and connection is not None:
        return Outcome(
            True,
            f"Specific reason: refers to {concrete.what} and makes {connection.what}.",
            tuple(evidence),
            None,
            details,
        )
    flattery = _FLATTERY.search(draft.content_low)
    problems: list[str] = []
    hints: list[str] = []
    if concrete is None:
        problems.append(
            "nothing concrete from the research about the contact"
            if mode == "grounded"
            else "no concrete reference to the contact's work, team, project or career step"
        )
        hints.append(concrete_hint)
    if connection is None:
        problems.append("no connection to the requester's background, interest or goal")
        hints.append(
            "Add one sentence on how your background or goal relates to what they do, e.g. "
            '"As a nurse moving into health informatics, …".'
        )
    message = "No specific reason: " + "; ".join(problems) + "."
    if flattery is not None:
        message += f" '{draft.body[flattery.start() : flattery.end()]}' is praise, not a reason."
        evidence.append(span(draft, flattery.start(), flattery.end()))
    return Outcome(False, message, tuple(evidence), " ".join(hints), details)
