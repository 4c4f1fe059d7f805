"""specific_reason: the draft says why *this* person, and why it matters to the requester.

Two halves, both required, as a careful reader judges them (GATE_RUBRIC.md):

* the hook, a concrete fact about the contact beyond their name, employer, title or field:
  a piece of their work ("your talk on alarm fatigue", "your 2025 paper on force fields"),
  something they did ("you led the Kotlin rewrite", "the curriculum you designed"), a
  career move ("you moved from pharma R&D to a faculty position"), their team's work, a
  prior meeting ("we met at the Leeds product meetup"). With research facts in the context
  the hook must match a fact in meaning (shared lemmas, paraphrase such as "move" for
  "migration", abbreviations such as FHIR for Fast Healthcare Interoperability Resources),
  in the reason itself: words that appear only inside the questions do not count, nor do
  the contact's name, organization or title.
* the tie, what the message says about the requester that makes the hook relevant: a
  first-person statement with content ("I run the returns desk…", "my thesis…"), in the
  hook's sentence or next to it and linked to it (it shares a word with the hook, or
  refers back: "that same move", "which is why"). Empty ties ("this fits what I care
  about", "I'm passionate about the field") and words that live only in the stored
  profile do not count.

Praise ("your impressive background"), employer or field only ("your work at a big
consultancy", "your career in UX") and a shared school or referral alone give no hook.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from service.gate.checks.base import CheckInput, Outcome, clip, span
from service.gate.checks.colleague import offer_span
from service.gate.checks.job_ask import asks_for_a_job
from service.gate.checks.questions import MAX_PER_SENTENCE, count_topics, name_tokens
from service.gate.models import ContactProfile, Evidence, GateContext
from service.gate.text import (
    LONG_SPAN,
    STOPWORDS,
    Draft,
    Sentence,
    any_of,
    fold_accents,
    pasted_subject_end,
    search_near,
    stem,
    within_commas,
    word_pattern,
    word_set,
)

# Words too common in facts and drafts to ground anything on their own.
_WEAK = word_set(
    """
team teams work works worked working role roles company companies organization
organisation org people person year years new recent recently currently previously also
time lead leads led leading senior junior manager director head member members group
department part based join joined joining help helps helped helping great good best first
last way ways thing things day days career careers experience background job jobs field
industry love like learn hear know ask question questions conversation call chat minutes
hope move moved moving switch switched switching change changed changing transition
transitioning shift get into now next reach writing write want would could read saw
noticed came across found since really very spent spend spending
"""
)
# Praise words say nothing concrete, however many of them there are.
_PRAISE = word_set(
    """
impressive amazing incredible inspiring remarkable stellar extensive fascinating wonderful
outstanding diverse rich vast interesting successful trajectory journey insights insight
wealth valuable expertise accomplishments achievements passion dedication innovative
innovation leadership journey thought excellent great awesome cool admire admired
congratulations congrats brilliant insightful helpful useful enjoyed loved
"""
)
_WORD_RE = re.compile(r"[^\W_](?:[\w'-]*[^\W_])?")
_PUNCT_SPLIT = re.compile(r"[\s,;:.!?()\"]+")

# A career praised whole: "your impressive career", "impressed by your career in commercial
# real estate".
_CAREER_PRAISE = (
    r"your (?:\w+ )?(?:impressive|amazing|incredible|inspiring|remarkable|stellar|extensive"
    r"|fascinating|wonderful|outstanding|diverse|rich|vast|interesting|great|successful)"
    r" (?:background|career|experience|profile|work|journey|path|achievements|accomplishments"
    r"|resume|trajectory|expertise)"
    r"|(?:impressed|inspired|amazed|struck) (?:by|with) your (?:\w+ )?(?:career|background"
    r"|experience|journey|path|profile|achievements|accomplishments|trajectory)\b"
    # "I've long admired your leadership at Kestrel Homes": their standing there, praised
    r"|(?:admire|admired|admiring|impressed by|inspired by) your (?:\w+ )?leadership"
    r" (?:at|of|in|with)\b"
    # "since you've built your career in internal audit": a field, however long
    r"|you(?:'ve| have)? (?:built|made|spent|forged|carved out|had) (?:your|a) (?:whole |entire"
    r" |long )?career (?:in|at|as|around)\b"
)
_PRAISED_CAREER = word_pattern(_CAREER_PRAISE)
_FLATTERY = word_pattern(
    _CAREER_PRAISE
    + r"|pick your brain|learn (?:more )?about your (?:career|experience|background|journey|work"
    r"|role|path|company|industry|field)"
    r"|admir(?:e|ed|ing) (?:your|all your) (?:work|career|achievements|path|journey)"
    r"|your (?:experience|expertise|work) in the (?:industry|field|space)"
    r"|(?:came across|found|saw|viewed) your (?:linkedin )?profile"
    # "everything you've built in esports": all of it praised, nothing of it named
    r"|(?:everything|all|all that|all of what|what) you(?:'ve| have)? (?:built|done|achieved"
    r"|accomplished|created|made|contributed)\b"
    # "the excellent reputation you've built": their standing praised, nothing of it named
    r"|(?:reputation|name|career|following|brand|culture|legacy|network) (?:that )?you(?:'ve"
    r"| have)? (?:built|earned|established|made|forged|grown)\b"
    # "the range of industries you've advised": a career counted, nothing of it named.
    r"|(?:range|variety|breadth|number|diversity|mix|list) of (?:industries|clients|sectors"
    r"|companies|projects|roles|fields|organi[sz]ations|countries|markets) you(?:'ve| have)?"
    r" [a-z]+"
    # "you've built a design culture people want to be part of": a workplace praised whole
    r"|you(?:'ve| have)? built (?:a|an|such a|the) (?:[\w-]+ ){0,2}?(?:culture|reputation|name"
    r"|career|following|brand)\b(?! (?:of|for|around|on|at|in) [a-z])"
    # "the way you've built everything up", "the way you've navigated the profession": a
    # career admired as a whole, with nothing of it named.
    # "your name comes up whenever people talk about…", "the standard of safety leadership
    # you've brought to Meridian": their standing praised, nothing of it named
    r"|your name (?:always |often )?comes up\b"
    r"|(?:standard|quality|kind|level) of (?:[\w-]+ ){0,2}?leadership you(?:'ve| have)?"
    r" (?:brought|shown|given)\b"
    r"|(?:the way|how) you(?:'ve| have)? (?:built|navigated|grown|risen|handled|carved|made"
    r"|shaped|developed|forged|climbed)(?: (?:it|everything|things|yourself|your way))?(?: up)?"
    r"(?: (?:through |in |within |across )?(?:the |your |this )?(?:profession|field|industry"
    r"|career|ranks|business|sector|world|way))?(?=[\s,.;:!?]|$)(?! (?:a|an|the|your|two|three)\b)"
)

# --- hooks ------------------------------------------------------------------------------------

# A piece of their work, with up to three words before the noun ("your HIMSS talk", "your
# 2025 paper", "your council testimony", "your team's barcode scanning rollout").
_WORK_NOUN = (
    r"(?:talk|talks|article|articles|post|posts|piece|pieces|paper|papers|podcast|interview"
    r"|presentation|keynote|book|blog|newsletter|thread|essay|panel|webinar|episode|video"
    r"|course|study|report|write-?up|testimony|op-ed|column|columns|lecture|workshop|session"
    r"|answer|series|thesis|dissertation|publication|case study|project|launch|migration"
    r"|redesign|rewrite|rollout|roll-out|programme|program|initiative|campaign|pilot|startup"
    r"|book|findings|repo|repository|library|tool|framework|app|product|model|approach|method"
    r"|curriculum"
    r"|move|switch|pivot|transition|shift|jump|leap|deal|acquisition|case|fund|practice"
    r"|remarks?|comments?|quote|tweet|speech|class|seminar|guide|playbook|checklist|dataset|survey"
    r"|notebook|kernel|package|paper|substack|channel|keynote|exhibit|exhibition|portfolio"
    r"|evaluation|analysis|audit|review|assessment|inventory|map|dataset|data set|database"
    r"|trial|experiment|investigation|reporting|coverage|documentary|initiative|reform|bill"
    r"|policy|plan|strategy|standard|guidelines?|toolkit|handbook|course|module|syllabus"
    r"|documentary|film|album|show|feature|visualization|visualisation|map|tutorial|demo"
    r"|conversion|renovation|restoration|expansion|overhaul|retrofit|reorgani[sz]ation"
    r"|restructuring|transformation|integration|implementation|deployment|consolidation"
    r"|turnaround|refit|upgrade|moderni[sz]ation|digiti[sz]ation|buildout|build-out"
    r"|installation|construction|scheme|merger|spin-out|spinout|postmortem|post-mortem"
    r"|work on|work around|work [a-z]{3,}ing|work with|work to|research on|research into"
    r"|writing on|writing about|file|template|templates|plugin|extension|kit|typeface|font"
    r"|spreadsheet|calculator|poster|recipe|cookbook|zine|dashboard|chapter|monograph|preprint"
    r"|slides|deck|whitepaper|white paper|memo|story|stories|interactive|evidence to|commentary"
    r"|reel|reels|explainer|clip|pavilion|installation|sculpture|mural|bridge|spotlight"
    # "your breakdown of the grade on that documentary"
    r"|breakdown|teardown|walkthrough|walk-through|deep dive|deep-dive"
    # "your Vimeo BTS from the car rig": a behind-the-scenes film
    r"|bts|behind-the-scenes|making-of"
    # "your Ludum Dare entry Tidal Clock", "your Skyrim mod"; "your sharing at the logistics
    # forum" (Chinese 分享: a talk)
    r"|entry|entries|game|games|mod|mods|sharing"
    # "saw your stand at the ploughing with the slurry additive": a trade stand they ran
    r"|stand"
    # "one of your Small Hands sensory tours": a tour they lead
    r"|tour|tours"
    # "your afterword to the English edition": what they wrote around a book
    r"|afterword|foreword|preface|translation|edition|textbook|textbooks|manual|primer"
    r"|anthology|forms|screen|screens|assay|assays|pipeline|registry|sequence|sequences"
    r"|trailer|trailers|animation|animations|identity|rebrand|branding|cans|labels|packaging"
    r"|promo|promotion|ad campaign|commercial|grand rounds|rounds|decision|edit|score"
    # "your account in the Quarterly of how the truss was re-erected" (not "your account")
    r"|account (?:of|in)|sales letter|open letter|argument|arguments|submissions"
    # pieces that come in a series: "your loft-insulation videos"
    r"|videos|episodes|lectures|webinars|workshops|tutorials|reports|studies|guides|podcasts"
    r"|interviews|documentaries|exhibitions|films|courses|projects|books|designs|campaigns"
    # "your repair of the cruck barn", "your open-source invoice generator"
    r"|repair|repairs|fit-out|generator|tracker|bot|widget|script|sdk|theme"
    # "your open-source pain/pacs parser", "your changelog entry adding refunds"
    r"|parser|solver|client|api|cli|wrapper|connector|driver|engine|compiler|changelog"
    r"|changelog entry|release notes|pull request|judgment|judgement|ruling"
    r"|replication|replications|protocol|protocols|codebook|transcription"
    # "your YARA rules for the loader", "your Sigma rule pack", "the CTF challenge you wrote"
    r"|rules|ruleset|rulesets|rule pack|signatures|detections|runbook|runbooks|challenge"
    r"|challenges|capstone|capstones"
    # what an elected member put to the house: "your written question to the minister", "your
    # motion to save the 14 bus"
    r"|written question|parliamentary question|urgent question|motion|amendment"
    # things made: "your reclaimed-kauri kitchen for the Raglan bach", "your zero-waste collection"
    r"|collection|collections|kitchen|kitchens|garden|gardens|boat|boats|building|buildings"
    r"|house|houses|menu|menus|album|albums|song|songs|garment|garments|coat|coats"
    # "your work as line producer on The Salt Road": their part in a named piece of work.
    # "your open-source Prometheus exporter for Modbus power meters", "your Helm chart for…"
    r"|exporter|exporters|helm chart|crate|gem"
    # "your stream breaking down the OWL tiebreaker", "your VOD review of the final"
    r"|stream|streams|vod|vods"
    # a newsroom's and an editorial board's pieces: "your friday court recap", "your editors
    # note in the march issue", "your police overtime data base", "your dissent at the NITAG"
    r"|recap|recaps|roundup|round-up|editor'?s'? note|editorial|editorials|data base|dissent"
    r"|dissenting opinion|critique|rebuttal|broadcast|bulletin|briefing|dispatch|dispatches"
    r"|work as (?:(?:a|an|the) )?(?:[\w-]+ ){0,2}?[\w-]+ (?:on|for))"
)
# Where pieces of theirs appear, not a piece: named only by what a piece there is about.
_CONTAINERS = frozenset(
    ["channel", "blog", "posts", "videos", "page", "feed", "reels", "substack", "content"]
)
# What follows such a place when no piece of it is named: "…for a while now", "…and have
# always admired the work you do at Kwezi".
_NO_PIECE = re.compile(
    r"\s*(?:$|[,.;!?]|and\b|for (?:a while|some time|a long time|years|months|ages|a year)"
    r"|since\b|regularly|religiously|closely)"
)
# A piece placed only in time: "your post the other day", "your talk last week".
_PASSED_ON = re.compile(r"\s*(?:recommending|suggesting|sharing|reposting|plugging)\b")
_WHEN_ONLY = re.compile(
    r"\s*(?:the other day|last (?:week|month|night|year|time)|yesterday|recently|a while (?:ago"
    r"|back)|earlier(?: this (?:week|month|year))?|this (?:week|morning))\s*(?:$|[,.;!?]|and\b)"
)
_PLATFORMS = frozenset(
    ["youtube", "linkedin", "instagram", "tiktok", "twitter", "x", "facebook", "medium",
     "substack", "online", "social", "media", "recent", "latest", "many", "few", "own"]
)  # fmt: skip
_YOUR_WORK = re.compile(
    # Starting with the literal "your" lets the regex engine jump from one to the next.
    rf"your(?: (?:team|group|lab|unit|company|firm|studio|office|department|agency"
    rf"|organi[sz]ation|practice|hospital|school|trust|bureau|board|council|crew|ward|clinic"
    rf"|newsroom|kitchen|club)'s)?"
    # Up to five words of description ("your 2021 Journal of Chemical Education paper"), none of
    # them a word that ends the phrase ("your name for our course", "your hospital and what…").
    # ("your work in policy": a field, however a piece might be named)
    rf"(?: (?:(?!(?:and|or|but|for|our|my|what|how|to|at|with|from|that|which|work in)\b)"
    # (a name in backticks, as code is written: "your `polars` vs `pandas` benchmark post")
    rf"[\w'&`-]+(?:[.,:/][\w-]+)? ){{0,5}}?{_WORK_NOUN}\b"
    # A piece of theirs by its title: "your short 'Salt Hours'", "your 'Year one as a freelance
    # colourist' thread".
    r"| (?:[\w-]+ )?['\"\u2018\u201c][a-z0-9][^'\"\u2019\u201d\n]{1,60}['\"\u2019\u201d])"
)
# A career or a path, not a piece of work: "your career in humanitarian policy" (but "your
# career day talk" is a talk).
_FIELD_ONLY = re.compile(
    r"your (?:[\w'&-]+ )*?(?:career|careers|journey|background)\b(?! (?:day|days|fair|fairs"
    r"|event|events|night|week|session|sessions|panel|panels)\b)"
)
# Something they did. The object may stand before ("the curriculum you designed") or after.
_DEED = re.compile(
    # "you and your crew saved the Elm St oak": their deed, done with their people; "are you
    # the Priyanka Desai who spoke on…": theirs, asked to be sure.
    r"(?:are you the (?:[\w'-]+ ){1,3}?who|you(?:'re| are) the (?:[\w'-]+ ){0,2}?(?:who|that)"
    r"|you(?: and (?:your|the) (?:[\w-]+ ){0,2}?(?:team|unit|crew|colleagues"
    r"|partners?|staff|students|group|co-founders?|volunteers))?)"
    r"(?:'ve| have| had|'d)? (?:also |recently |once |successfully |personally |just |now )?"
    r"(?:led|lead|built|launched|founded|co-founded|started|wrote|published|designed|shipped"
    r"|spoke|presented|gave|talked|testified|oversaw|oversee|oversees|run|ran|manage|managed"
    # "the little handbook you give your second shooters" (not "could you give me 15 minutes")
    r"|give(?= (?:your|all your|every|each|new) )"
    r"|head|headed|created|developed|co-authored|authored|hosted|host|teach|taught"
    r"|coordinate|coordinated|direct|directed|edit|edited|curate|curated|produce|produced"
    r"|supervise|supervised|spearheaded|championed|steered|chose(?! to)|picked(?! to)|sent|saved"
    r"|rescued|solved|fixed|translated|illustrated|composed|photographed|filmed|drew|painted"
    r"|organi[sz]ed|redesigned|rolled out|implemented|introduced|pioneered|discussed|described"
    r"|argued|explained|mentioned|shared|posted|moved|switched|transitioned|pivoted|left"
    # "…who said you'd fought to keep the original concrete ceiling"
    r"|fought (?:to|for)|pushed (?:to|for)|argued for|campaigned (?:to|for)|insisted on"
    r"|shifted|jumped|went from|went back (?:to|for|into)|went on to|retrained|requalified"
    r"|(?:got|earned|took) your|made (?:(?:almost|nearly|exactly|precisely|much|just|pretty"
    r"|more or less) )*(?:that|the|this|a|your) (?:same |similar |big )?(?:move"
    r"|jump|switch|leap|transition|change|shift)|appeared (?:on|in)"
    r"|work on|worked on|chair|chaired|cut|wrote about|told (?:the|a|an)"
    # "the interview you did with Nursing Careers Today about going from ICU to recruiting"
    r"|did (?:with|for) (?=[a-z])"
    # "the episode of The Long Goodbye Hour you did on suicide bereavement"
    r"|did (?:on|about) (?=[a-z])(?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|the day|that day|your own|the side|purpose)\b)"
    r"|said (?:in|on|at|during|about|(?:that )?(?:your|the|most|many)\b)"
    r"|reduced|grew|scaled|won|opened|closed|negotiated|argued|litigated|tried|represented"
    r"|restored|renovated|installed|migrated|rebuilt|rewrote|trained|coached|mentored"
    r"|set up|took over|stood up|turned around|put together|brought|kicked off|took on"
    r"|completed|delivered|maintain|maintains|maintained|wrote up|co-wrote|argued|mentor|mentors"
    r"|helped (?:to )?(?:build|launch|design|set up|create|write|develop|run|lead|establish|found"
    r"|start|shape|draft|open|grow|scale|bring|introduce|redesign)|took part in|contributed to"
    # "you won't mind" is no win: a verb is whole only where no apostrophe goes on.
    r"|played (?:a|an) (?:\w+ )?(?:role|part) in"
    # "you took The Marlowes from booking their own dates to a distribution deal"
    r"|took (?:[\w'-]+ ){1,4}?from [^.;:!?]{2,60}? to"
    # "you took the Brookside clinic paperless", "you turned the night shift around", "you
    # put seed packets into Devon's libraries", "the rota overhaul you drove"
    r"|took (?:the |your |their |a |an )(?:[\w'&-]+ ){0,3}?(?:paperless|digital|online|remote"
    r"|public|national|international|global|open-source|carbon-neutral|plastic-free|cashless)"
    r"|turned (?:the |your |their |a |an )(?:[\w'&-]+ ){0,3}?around|drove|drive|pushed through"
    r"|put (?:[\w'&-]+ ){1,4}?(?:into|onto|in) (?:the |every |all |each |your |[A-Z]?[\w'-]+'s )"
    r"|established|instituted|assembled)\b(?!')"
    # Who they are to a piece of work: "you're the lead author of the 2023 NICE guideline",
    # "you were part of the team that built the Oyster card", "you were involved in…".
    r"|you(?:'re| are| were|'ve been| have been) (?:the |a |an |one of the )?(?:lead |co-|senior"
    r" |founding |original |main )?(?:author|authors|editor|founder|creator|host|organi[sz]er"
    r"|maintainer|architect|inventor|curator|producer|convenor|convener|coordinator|designer)s?"
    r" (?:of|behind|on|for)\b"
    # "you were the lead engineer on the Riverside footbridge": their part in a project.
    r"|you(?:'re| are| were|'ve been| have been) the (?:lead |principal |chief |senior |project"
    r" |site |resident |founding )?(?:engineer|manager|planner|developer|scientist|researcher"
    r"|surveyor|lawyer|counsel|attorney|nurse|consultant|analyst|contractor)s? (?:on|behind)\b"
    # Asked as a question: "Weren't you the one who ran the huddle pilot…?", "Wasn't it you
    # who re-cut the trusses…?"
    r"|(?:weren't|wasn't|aren't) (?:you|it you)(?: the (?:one|person))? who [a-z][a-z-]+\b"
    # "you're the sports physician who set up the concussion clinic"
    r"|you(?:'re| are| were) the (?:[\w'-]+ ){1,3}?who (?:set up|built|started|founded|runs|ran"
    r"|leads|led|designed|wrote|created|launched|organi[sz]es|organi[sz]ed|trains|trained)\b"
    # What they do now, said by someone who knows: "you handle most of the dairy herd work",
    # "you train new dispatchers at the 911 center"
    r"|you (?:handle|train|treat|supervise|inspect|certify|assess|mentor|teach|run) (?:most of |all"
    r" of |the |new |our |their |every |each )?(?:[\w'-]+ ){0,3}?(?:work|cases|dispatchers|herds?"
    r"|patients|apprentices|students|trainees|nurses|inspections|clients|crews|programme|program"
    r"|clinic|team|service)\b"
    # "you're the clinic's board-certified pelvic health specialist": their part there
    r"|you(?:'re| are) the (?:[\w'-]+ )?(?:clinic|practice|firm|team|hospital|school|department"
    r"|unit|ward|lab|studio|council|trust)'s (?:[\w-]+ ){0,4}?(?:specialist|expert|lead)\b"
    # A step up they took: "you were promoted to district fire officer after…".
    r"|you(?:'ve| have)? (?:been|were|got) (?:recently |just )?(?:promoted|appointed|named"
    r"|elected|hired|made) (?:to|as|(?:the )?(?:head|director|chief|lead|manager|partner"
    r"|principal|dean|chair|editor))\b"
    # How they work: "you split your week between an inpatient unit and a hand clinic".
    r"|you (?:split|divide|spend|balance) your (?:week|weeks|time|days|working week)\b"
    # Coverage of them: "you were profiled in the Courier" (other coverage: _TOLD_OF_YOU).
    r"|you(?: were|'re| are| have been|'ve been) (?:featured|profiled|quoted|interviewed)\b"
    # "you're the person behind the open-source tool", "you're the one who wrote…"
    r"|you(?:'re| are| were| was) (?:the|one of the) (?:person|people|one|ones|team|brains?|mind"
    r"|force|name|voice) (?:behind|who (?:[a-z]{3,}ed|built|wrote|made|designed|started|led|ran"
    r"|created|rebuilt|rewrote|taught|grew|won|began|brought|set up|took|gave|spoke|fit|fitted"
    r"|put|cut|drew|did|does|do))\b"
    # "the project page lists you as the planner behind the Route 7 pilot", "you're the
    # analyst behind the county's eviction tracker": the one who made it.
    r"|(?:you(?:'re| are| were)|you as) (?:the|a|an|one of the) (?:[\w-]+ ){0,2}?[a-z-]{3,}s?"
    r" behind\b"
    # "you were a City Science Fellow in Pittsburgh": a fellowship or an award they held.
    r"|you(?: were|'re| are|'ve been| have been) (?:a|an|the|one of the) (?:[\w-]+ ){0,3}?"
    r"(?:fellow|scholar|finalist|winner|recipient|laureate|awardee)s?\b"
    r"|you were (?:part of|on|in) the (?:[\w-]+ )?(?:team|group|project|committee|panel|task ?force"
    r"|working group|crew) (?:that|which|behind|who)\b|you were (?:closely )?involved in\b"
    # What they are doing or were doing: "you're leading", "you've been building".
    r"|you(?:'re| are|'ve been| have been| were|'d been| had been) (?:now |currently |also )?"
    r"(?:on|leading|running|building|working on|developing|designing|piloting|testing|writing"
    r"|researching|teaching|managing|overseeing|heading|rolling out|coordinating|organi[sz]ing"
    r"|studying|mapping|quoted|featured|interviewed|profiled|cited)\b"
)
# Something they did, told where the words about them come after the start: what they said
# where, coverage of them, a piece of theirs named by where it is published. Kept apart from
# _DEED, whose branches all start with "you" (a literal the regex engine can jump between):
# these start with common words ("on", "the"), so they run only on text holding one of
# _TOLD_HINTS.
# Words after "you" in a reported clause that tell no deed: a state, a wish, a maybe, where
# they work or studied, or no verb at all.
_NOT_A_REPORTED_DEED = (
    r"(?:are|were|was|is|be|been|being|might|may|must|could|would|can|will|should|shall|do|did"
    r"|does|don't|didn't|know|knew|like|liked|love|loved|enjoy|enjoyed|want|wanted|need|needed"
    r"|seem|seemed|look|looked|sound|sounded|get|got|live|lived|come|came|attend|attended"
    r"|study|studied|graduated|work|worked|used|have|had|also|all|too|two|guys|both|still|now|experience|background|expertise|spent|specialize|specialise|specialized|specialised|focus|focused"
    r"|then|and|for|at|in|on|with|by|from|just|always|often|usually|once|mean|meant"
    r"|think|thought|believe|believed|feel|felt|hope|hoped|wish|say|said"
    r"|recommend|recommended|suggest|suggested|went|go|going|met|meet|reached|agreed"
    r"|offered|help|hire|hiring|mentor|consider|considered|see|saw|expect|expected|prefer)"
)
_TOLD_OF_YOU = re.compile(
    # What they said where: "on the This is HCD podcast you said that most blueprints die".
    # ("At the Hospital Pharmacy Europe day in Birmingham you said…": where, then the place)
    r"(?:on|in|at|during) (?:the |a |an |your )?(?:[\w'-]+ ){0,4}?(?:podcast|talk|keynote|panel"
    r"|webinar|interview|episode|session|article|post|lecture|show|conference|thread|column"
    r"|newsletter|video|day|summit|forum|congress|symposium|meetup)(?: in [\w'-]+(?: [\w'-]+)?)?"
    r",? you (?:said|argued|explained|mentioned|noted|pointed out|wrote)\b"
    # ...or after: "You said that on the Grassroots Game podcast in March" (a quote of theirs
    # just before), or around the quote: 'You said "the rota is the product" on the…'.
    r"|you (?:said|argued|explained|wrote)(?: (?:that|this|it|so|those words|\"[^\"]{1,160}\""
    r"|'[^']{1,160}'),?)? (?:on|in|at"
    r"|during) (?:the |a |an |your )?(?:[\w'-]+ ){0,4}?(?:podcast|talk|keynote|panel|webinar"
    r"|interview|episode|session|article|post|lecture|show|conference|thread|column"
    r"|newsletter|video)\b"
    # Coverage of them: "the piece in the Swindon Advertiser about you starting your firm",
    # "I saw you on KELO talking about climbing turbines".
    r"|(?:piece|article|story|profile|feature|interview|segment|write-up|report|item|episode"
    r"|video|post|film|documentary)(?: (?:in|on|from|by|for) [^.;:!?]{1,50}?)? (?:about|on)"
    r" (?:how |the way |why )?(?:you|your)\b"
    # "the short film the Crafts Council made about your bindery"
    r"|(?:film|documentary|profile|feature|piece|article|video|episode) (?:the |that )?"
    r"(?:[\w'-]+ ){1,3}?(?:made|did|ran|wrote|published|aired|filmed) about (?:you|your)\b"
    # "I read about your Grade 8 land-based learning trips with Elders"
    r"|(?:read|heard|learned|learnt) about your\b"
    # "the Eater video where you break down the 48-hour focaccia"
    r"|(?:video|episode|interview|talk|podcast|piece|article|panel|documentary|film|segment"
    r"|post|thread|session|webinar) (?:where|in which) you (?!work|are|were|live)[a-z]+\b"
    # ("I heard you both on the Small Building podcast talking about…", to two people)
    r"|(?:saw|heard|watched|caught|seen) you (?:both |all |two )?on [^.;:!?]{1,60}? (?:talking"
    r"|speaking|explaining"
    r"|discussing|describing|sharing|showing|saying|arguing|warning|re:?|about)\b"
    # "Farmer's Weekly ran a profile of you last month on redesigning your citrus cartons"
    r"|(?:ran|published|did|wrote|aired|carried) (?:a|an|that) (?:[\w-]+ )?(?:profile|piece|story"
    r"|feature|interview|article|segment) (?:of|on|about|with) you\b"
    # A launch or a publication of theirs, congratulated: "Congrats on the launch of the
    # Harvest One picking robot", "congratulations on publishing the county's heat plan".
    r"|congrat\w* on (?:the |your )?(?:(?:launch|release|opening|publication|premiere|debut)"
    r" of|(?:launching|releasing|opening|publishing|shipping|premiering|finishing|completing))\b"
    # "Congrats on the council report on street tree canopy…": a piece of theirs, named
    r"|congrat\w* on (?:the |your )(?:[\w-]+ ){0,2}?(?:report|paper|book|study|exhibition"
    r"|documentary|film|album|campaign|article|piece|feature|production|evaluation|review"
    r"|podcast|series) (?:on|about|into|of|for)\b"
    # "Congratulations on the special care dentistry award": an honour of theirs, named
    r"|congrat\w* on (?:the |your )(?:[\w-]+ ){1,4}?(?:award|prize|medal|fellowship|honou?r"
    r"|grant|scholarship)\b"
    # Seen at work: "I listened to you walk the room through the budget shortfall".
    r"|(?:listened to|heard|watched|saw|seen) you (?:walk|take|talk|present|explain|describe"
    r"|lead|run|answer|field|demo|demonstrate|testify|moderate|chair|argue|break down|make the"
    r" case|push back|handle|give|speak)\b"
    # "the 'So you want to be an electrician' page on your company site": a piece of theirs
    # named by where it is published.
    r"|(?:the|a|an) (?:['\"‘“][^'\"’”]{3,60}['\"’”] )?(?:[\w-]+ ){0,2}?(?:page|post|article|guide"
    r"|piece|video|letter|faq|write-?up) (?:on|in) your (?:company |firm's |studio's |own |practice's"
    r" |shop's )?(?:site|website|blog|channel|page|newsletter)\b"
    # "saw you're speaking at the DevOps meetup next week about moving your team off Zabbix"
    r"|\byou(?:'re| are| will be) (?:speaking|presenting|talking|giving a talk) (?:at|on)"
    r" [^.;:!?]{1,60}? (?:about|on)\b"
    # "your name as orchestrator in the end credits of 'Les Heures Claires'": their part in it
    r"|your name (?:as|in) [^.;:!?]{0,40}?\b(?:credits|byline|acknowledg\w*|liner notes)\b"
    # "the presentation you did at the hospital management webinar": a piece of theirs
    r"|\bthe (?:[\w-]+ ){0,2}?(?:presentation|talk|session|workshop|webinar|lecture|training"
    r"|keynote|article|piece|study|report|project) (?:that )?you (?:did|gave|delivered|ran|wrote"
    r"|made|presented|led|published) (?:at|on|in|for|about|during|last)\b"
    # "the acknowledgements in The Salt Road, where the author thanks you for three rounds of
    # structural edits": their part, credited by someone else
    r"|\b(?:thanks|thanked|credits|credited|acknowledges|acknowledged) you (?:for|with) "
    r"(?:[\w-]+ ){2,}"
)
_TOLD_HINTS = (
    "you said", "you argued", "you explained", "you mentioned", "you noted", "you pointed out",
    "you wrote", "about you", "you on ", "site", "blog", "channel", "page", "newsletter",
    "listened to you", "heard you", "watched you", "saw you", "seen you", "on how you",
    "on how your", "about how you", "about how your", "congrat", "about your", "of you",
    "on you", "with you", "where you", "which you", "thanks you", "thanked you", "credits you",
    "credited you", "acknowledges you", "acknowledged you", "you both on", "you all on",
    "your name as", "your name in", "you did", "you gave", "you delivered", "you ran",
    "you presented", "you made", "you led", "you published", "you're speaking",
    "you are speaking", "you're presenting", "you are presenting", "you will be",
)  # fmt: skip
_TOLD_HINT = any_of(_TOLD_HINTS)
# A deed reported by whoever told it, whatever its verb: "she told me you break down two
# pigs a week in-house", "I read in Hospitality Net that since becoming GM you've let every
# agent resolve complaints". Not a state, a wish or a maybe ("I heard you were hiring", "he
# told me you might help", "I saw you work at Stripe"). Looked for only in sentences where a
# word of reporting comes before "you".
_REPORTED_DEED = re.compile(
    r"(?:read|saw|seen|heard|learned|learnt|noticed|told me|tells me|mentioned"
    r"|(?:hearing|reading|seeing|learning)(?= that\b))(?: (?:in|on|from|at|via) [^.;:!?]{1,60}?)?"
    r"(?: that)? (?:[^.;:!?]{0,60}? )?you(?:, as [^,.;:!?]{2,40},)?(?:'ve| have| had)?"
    rf" (?:[a-z]+ly )?(?!{_NOT_A_REPORTED_DEED}\b)[a-z]{{3,}}\b(?!')"
)
# The words _REPORTED_DEED starts with, found by a fast scan; the full pattern runs only
# where one stands.
_REPORTING = any_of(
    ("read ", "saw ", "seen ", "heard ", "hearing that", "reading that", "seeing that",
     "learning that", "learned ", "learnt ", "noticed ", "told me", "tells me", "mentioned ")
)  # fmt: skip


def _reported_deeds(text: str) -> Iterator[re.Match[str]]:
    """Matches of _REPORTED_DEED in lowercase `text`, in order."""
    for hit in _REPORTING.finditer(text):
        if hit.start() > 0 and text[hit.start() - 1].isalnum():
            continue
        found = _REPORTED_DEED.match(text, hit.start())
        if found is not None:
            yield found


def _deeds(text: str) -> Iterator[re.Match[str]]:
    """Matches of _DEED and (where the text can hold one) _TOLD_OF_YOU and _REPORTED_DEED,
    in order."""
    found: Iterator[re.Match[str]] = _DEED.finditer(text)
    if _TOLD_HINT.search(text) is not None:
        found = heapq.merge(found, _TOLD_OF_YOU.finditer(text), key=_start)
    if _REPORTING.search(text) is not None:
        found = heapq.merge(found, _reported_deeds(text), key=_start)
    return found


def _start(match: re.Match[str]) -> int:
    return match.start()


# Their team's (or their own) current work: "your team at Zalando is working on the new
# checkout platform", "the public engagement team at the Natural History Museum".
_TEAM_DEED = re.compile(
    r"your (?:[\w-]+ ){0,2}?(?:team|group|lab|unit|studio|department|practice|firm|company)"
    r"(?: at [\w&-]+(?: [\w&-]+){0,2})? (?:is|are|was|were|has been|have been|recently)"
    r" (?:working on|building|launching|rolling out|migrating|developing|running|piloting"
    r"|testing|shipping|moving|doing|using|adopting|rebuilding|redesigning|leading)"
    r"|your (?:[\w-]+ ){0,2}?(?:team|group|lab|unit|studio|department|practice|firm|company"
    r"|office|agency|organi[sz]ation|academy|school|trust|council|clinic|ward|hospital|newsroom"
    r"|charity|foundation|institute|centre|center|ministry|bureau|plant|site|restaurant|farm)"
    r"(?: at [\w&-]+(?: [\w&-]+){0,2})? (?:recently |just )?(?:won|launched|built|shipped"
    r"|completed|delivered|finished|set up|designed|developed|created|implemented|converted"
    r"|restored|renovated|negotiated|acquired|ran|organi[sz]ed|brought|led|wrote|made"
    r"|released|published|rolled out|redesigned|migrated|cut|reduced|grew|opened|piloted|did"
    r"|introduced|adopted|replaced|rebuilt|closed|raised|switched|moved|changed|started|began"
    r"|trialled|trialed|tested|expanded|merged|brought in|took on|cut over|rejected|reviewed"
    r"|funded|approved|awarded|granted|hosted|trained|audited|inspected|answered|sent|held"
    r"|presented|produced)\b"
    # The work named first: "the network meetings your team held with the wider family",
    # "the report your office presented to the Common Council"
    r"|(?<![\w'])the (?:[\w'-]+ ){0,4}?[\w-]+ your (?:[\w-]+ )?(?:team|group|lab|unit|studio"
    r"|department|office|agency|clinic|ward|school|council|trust|newsroom|service|practice|firm"
    r"|crew|shop)"
    r" (?:held|ran|built|presented|published|wrote|set up|introduced|launched|piloted|delivered"
    r"|designed|developed|did|made|organi[sz]ed|produced|hosted|created|started|rolled out"
    # "the hammer beam barn your crew raised up in Vermont"
    r"|raised|framed|poured|erected|installed|fitted|restored|rebuilt|renovated)\b"
    # "your team in Marsabit is the one that switched CHV reporting to an SMS short-code"
    r"|your (?:[\w-]+ )?(?:team|group|lab|unit|office|clinic|ward|department|crew)(?: (?:in|at)"
    r" [\w-]+(?: [\w-]+)?)? (?:is|was|were|are) the (?:one|ones|team|people) (?:that|who)"
    r" [a-z]{3,}ed\b"
    r"|your (?:recent |new )?(?:promotion|appointment|move|award|funding|series [a-e]|raise)"
    r" (?:to|as|for|from|into) "
)
# "your team's robotic welding cell", "your lab's salt-marsh sensors": whatever their team
# has, named in concrete words, is their team's work.
_TEAMS_THING = re.compile(
    r"your (?:[\w-]+ )?(?:team|group|lab|unit|studio|department|crew|shop|firm|practice|office"
    r"|desk|division)'s ((?:[\w-]+ ){0,3}[\w-]+)"
)
# "the move to streaming ingestion on your platform team": a piece of work placed on it.
_WORK_ON_YOUR_TEAM = re.compile(
    rf"(?<![\w'])the (?:[\w'-]+ ){{0,2}}?{_WORK_NOUN}\b[^.;:!?\n]{{0,60}}? (?:on|in|at|by|within|of)"
    r" your (?:[\w-]+ ){0,2}?(?:team|group|lab|unit|studio|department|crew|desk|division)\b"
)
_YOUR_TEAM_HINT = re.compile(
    r"your (?:[\w-]+ ){0,2}?(?:team|group|lab|unit|studio|department|crew|shop|firm|practice"
    r"|office|desk|division)\b"
)


def _team_patterns(low: str) -> tuple[re.Pattern[str], ...]:
    """The team patterns worth a scan: only where the draft names their team."""
    if "your " not in low or _YOUR_TEAM_HINT.search(low) is None:
        return ()
    return (_TEAMS_THING, _WORK_ON_YOUR_TEAM) if "'s " in low else (_WORK_ON_YOUR_TEAM,)


# The requester placed in the team named next: "I am a pharmacist working in …", "we're …".
_OWN_PLACE = re.compile(r"\b(?:i|i'm|im|i am|we|we're|we are)\b(?![^,;:]*\byou)[^,;:]*$")
_TEAM_AT = re.compile(
    r"(?<![\w'])the (?:[\w-]+ ){1,3}(?:team|group|lab|unit|studio|department|desk|division)"
    r" (?:at|of) (?:the )?[A-Z][\w&-]+(?: (?:of |for |and )?[A-Z][\w&-]+)*"
)
# Any piece of theirs "on" or "about" something concrete ("your Kaggle notebook on
# drug-interaction graphs"), except their views and advice.
_YOUR_THING_ON = re.compile(r"your (?:[\w'-]+ ){0,2}?([a-z-]+) (?:on|about|around|into) ")
_WHILE = re.compile(r" (?:while|whilst|when|as|since|because|after|before) ")
_VIEWS = word_set(
    """
thoughts advice perspective perspectives views view take insights insight opinion opinions
experience experiences career journey background time story expertise feedback input
guidance tips help work role path
"""
)
_CAREER_MOVE = re.compile(
    r"made (?:(?:almost|nearly|exactly|precisely|much|just|pretty|more or less) )*"
    r"(?:that|the|this|a|your) (?:same |similar |big )?\w+"
)
# Any other thing they did, in the regular past tense, with a concrete object ("you
# restructured the claims intake"); not a connection ("you studied", "you joined").
_OTHER_DEED = re.compile(
    r"you(?:'ve| have)? (?:[a-z]+ly )?(?!(?:studied|graduated|attended|joined|liked|followed"
    r"|accepted|connected|viewed|noticed|seemed|used|needed|wanted|asked|responded|replied"
    r"|answered|started|worked|received|helped|tagged|learned|enjoyed|experienced|faced"
    # ("you recommended Matthew Desmond's Evicted from the floor": another's work, passed on)
    # ("Great to see you've ended up as a physio at a pro club": where they are, not a deed)
    r"|achieved|accomplished|gained|recommended|suggested|reposted|retweeted|forwarded|ended)\b)"
    r"[a-z]{3,}ed\b"
)
# "your path from the bedside to leading...", "your journey from teaching into UX".
# "you and I both started out in environmental science before switching to software": their
# move, made by the requester too (a hook that carries its own tie).
_BOTH_MOVED = (
    r"you and i (?:both )?(?:started|began)(?: out)? (?:in|as) [^.;:!?]{2,60}? before (?:switching"
    r"|moving|going|pivoting|jumping|changing)\b"
)
_MOVED_TOO = re.compile(_BOTH_MOVED)
_YOUR_MOVE = re.compile(
    r"your (?:[\w-]+ ){0,2}?(?:journey|path|move|switch|transition|pivot|jump|shift|career"
    r"|change|leap|route|route) (?:from|out of) [^.;:!?\n]{2,60}? (?:to|into|towards?) "
    # "your story of leaving corporate law to open a bakery", "your decision to leave
    # consulting for the Gates Foundation", "you spent a decade at Airbus before founding…"
    r"|your (?:[\w-]+ )?(?:story|decision|choice|move|leap|jump|switch) (?:of|to) (?:leave|leaving"
    r"|quit|quitting|move|moving|switch|switching|go|going) [^.;:!?\n]{2,60}? (?:to|for|into|and) "
    r"|you (?:spent|worked|were) [^.;:!?\n]{3,60}? before (?:founding|co-founding|starting|joining"
    r"|moving|launching|becoming|switching|taking|opening|setting up)\b"
    # "Before the move you spent six years running battery teardown at Tesla": what they did
    # before a move the message has named.
    r"|before (?:the|that|this|your) (?:move|switch|jump|leap|change|pivot|transition),? you"
    r" (?:spent|worked|were|ran|led|had|managed|built)\b"
    # "I see in LinkedIn that you go from Army supply sergeant to inventory control manager"
    # (a move told in the present, as a learner of English may)
    r"|\bthat you (?:go|goes|went|move|moved|switch|switched|jump|jumped) from [^.;:!?\n]{2,60}?"
    r" (?:to|into) "
    rf"|{_BOTH_MOVED}"
)
# "…and that jump from building packs to recycling them": a move from A to B pointed back
# to; theirs when the sentence has already said what they did ("you spent…").
_THAT_MOVE = re.compile(
    r"(?:that|this) (?:[\w-]+ )?(?:move|switch|jump|leap|transition|pivot|shift|change)"
    r" (?:from|out of) [^.;:!?\n]{2,60}? (?:to|into|towards?) "
)
_YOU_DID = re.compile(r"\byou(?:'ve| have| had)? (?:[a-z]+ly )?[a-z]{3,}(?:ed|ent|ook|ade|ft)\b")
# "your role leading the payments team", "as head of data at Monzo, you...".
_YOUR_ROLE = re.compile(
    r"your (?:current |new )?role (?:as|leading|running|heading|managing|overseeing|building"
    r"|on|in) "
    # Their credit on a titled piece: "I saw you were art director on 'The Night Ferry'",
    # "your name as production manager on the touring production of 'The Salt House'",
    # "your lighting for 'Andha Yug'".
    r"|(?:you were|your name as) (?:the |a |an )?(?:[\w-]+ ){1,3}?(?:on|for) (?:the |a |an )?"
    r"(?:[\w-]+ ){0,3}?['\"\u2018\u201c][a-z]"
    r"|your (?:[\w-]+ ){1,2}?(?:for|on|in) ['\"\u2018\u201c][a-z]"
    # "You were the project architect on the Cedar Hill Elementary mass timber building"
    r"|you were the (?:[\w-]+ ){0,2}?(?:architect|engineer|lead|manager|director|designer"
    r"|producer|editor|coordinator|supervisor|planner|curator) (?:on|for) (?:the )?(?:[\w'-]+ ){1,6}?"
    r"(?:building|project|school|bridge|scheme|programme|program|rollout|launch|campaign|build"
    r"|renovation|restoration|exhibition|production|redesign|retrofit)\b"
)
_AS_ROLE = re.compile(
    r"as (?:the )?(?:head|director|lead|manager|vp|chief|founder|partner|principal)"
    r" (?:of|for|at) [^,]{3,60}, you\b"
    r"|as (?:the|a|an|one of the) (?:[\w'-]+ ){0,3}?(?:who|that) (?:led|ran|built|designed|wrote"
    r"|launched|founded|started|set up|created|introduced|managed|oversaw|headed|delivered)\b"
)
_MEETING = word_pattern(
    r"we (?:briefly |recently |first |once )?(?:met|spoke|chatted|talked|connected|worked"
    r" together|overlapped|sat)"
    r"|(?:met|meeting) you (?:at|during|in|on|last)"
    r"|(?:heard|attended|saw|watched|caught|sat in on|came to|went to|was at|joined) your"
    r" (?:[\w'-]+ ){0,3}?(?:[\w-]+-)?(?:talk|session|keynote|lecture|presentation|panel|workshop"
    r"|class|seminar|webinar|training|masterclass|evening|event|meetup|demo|demonstration|ama"
    r"|q&a|livestream|stream|space|clinic|briefing|address|speech|debrief|stand-up|standup)"
    # An exchange online: "you answered my GitHub issue…", "you replied to my comment…",
    # "You helped me last week in the BIM Coordinators Discord", "thanks for the review on my
    # PR", "In your AMA I asked… and you replied at length".
    r"|you (?:answered|replied to|responded to|commented on|reviewed|merged|looked at)"
    r" (?:my|our) (?:[\w'/.-]+ ){0,3}?(?:question|q|qs|issue|comment|post|pr|pull request|thread"
    r"|message|query|bug report|ticket|dm|patch)\b"
    r"|you (?:helped|answered|replied to) (?:me|us)\b"
    r"|thank(?:s| you)(?: so much| again)* for (?:the|your) (?:[\w-]+ ){0,2}?(?:review|reply|answer"
    r"|response|comment|feedback|help)s? (?:on|to|of|in|for) (?:my|our)\b"
    r"|thank(?:s| you)(?: so much| again)* for answering my (?:q|qs|question)\b"
    r"|\bi asked\b[^.!?]{0,120}?\byou (?:replied|answered|responded)\b"
    r"|you (?:spoke|came|visited|presented|talked) (?:to|at|with) (?:my|our)"
    # ("I see you at the Tulare dairy expo last month when you talk about…": the tense of
    # someone writing in a second language)
    r"|(?:heard|saw|(?<!to )(?<!'ll )(?<!will )(?<!can )(?<!could )(?<!might )see|watched|caught"
    # ("caught you and Mina on the Small Batch podcast")
    r"|read) you (?:and [\w'-]+ )?(?:speak |talk |present )?(?:on|in|at) (?:the |a |an )?"
    r"[\w' -]{0,40}?(?:podcast|show|panel|episode|interview|radio|programme|program|webinar"
    r"|conference|congress|summit|meetup|event|expo|forum|session)"
    r"|(?:heard|saw|watched|caught) you (?:speak|talk|present|testify|lecture|give a)\b"
    r"|you and i (?:\w+ )?(?:met|spoke|talked|worked|overlapped|served|trained|studied)\b"
    # Something they said to the requester, or where the requester heard it: "At our Cebu
    # town hall you said QA is where you learn the whole account", "You told me at the PTA
    # fundraiser that…", "the lunch-and-learn where you showed how your team found…".
    r"|you (?:told|said to) (?:me|us)\b"
    # "You did the safety stand-up on our night shift in June"
    r"|you (?:did|held|gave|ran|led) (?:the|our|a|an|that) (?:[\w'-]+ ){0,3}?(?:stand-up|standup"
    r"|toolbox talk|huddle|briefing|induction|orientation|debrief|demo|walkthrough)\b"
    # "You came to the careers fair at Cranleigh Academy and talked to my Year 11s"
    r"|you (?:came|spoke|talked|visited|presented) (?:to|at) (?:the|a|an) (?:[\w'-]+ ){0,3}?"
    r"(?:fair|open day|open evening|assembly|class|lesson|school|academy|college|meetup"
    r"|station|depot|ward|clinic)\b"
    r"|(?:at|during|in) (?:the|our|a|an|your|that|last \w+'s) (?:[\w'-]+ ){0,4}?(?:town ?hall"
    r"|meeting|fundraiser|conference|event|lunch-and-learn|lunch and learn|training|workshop"
    r"|session|meetup|meet-up|fair|expo|dinner|class|webinar|huddle|all-hands|all hands"
    r"|offsite|summit|open day|open house|info session|panel|orientation|briefing|assembly)\b"
    r"[^.!?;]{0,60}? you (?:said|told|mentioned|explained|showed|shared|talked about"
    r"|described)\b"
    r"|(?:the|a|that) (?:[\w'-]+ ){0,3}?(?:lunch-and-learn|lunch and learn|town ?hall|training"
    r"|workshop|session|webinar|huddle|meeting) (?:where|when|in which) you\b"
    r"|thank(?:s| you) (?:again )?for (?:speaking|talking|presenting|visiting|coming)"
    # "Thank you again for the tour of the studio", "…for taking my question about…": a
    # meeting they gave, thanked for (not "thank you for your time").
    r"|thank(?:s| you)(?: so much| again)* for (?:the|your) (?:[\w-]+ ){0,2}?(?:tour|visit"
    r"|walkthrough|demo|chat|conversation|call|advice|reply|answer|feedback|introduction)\b"
    r"|thank(?:s| you)(?: so much| again)* for (?:taking|answering|fielding) my question"
    r"|you (?:let (?:me|us) (?:watch|shadow|sit|observe|join|see|try|help|assist)"
    r"|(?:showed|taught|took|invited|hosted|supervised|interviewed|mentored|trained|walked)"
    r" (?:me|us))\b"
    # The requester's own words here are the meeting, not a tie: "I worked with you…".
    r"|(?:i|we)(?:'ve| have)? (?:\w+ )?(?:shadowed|interned with|volunteered with|worked with"
    r"|trained under|studied under|worked under) (?:you|in your)\b"
    r"|(?:shadowed|interned with|volunteered with|worked with|trained under|studied under"
    r"|worked under) (?:you|in your)\b"
)
_TEAM_WORDS = ("team", "group", "lab", "unit", "studio", "department", "desk", "division")
# "team at", "lab of", …: where a team is named by its organization ("the data team at Acme").
_TEAM_OF = tuple(f"{group} {word} " for group in _TEAM_WORDS for word in ("at", "of"))
_MEETING_HINTS = (
    "heard you", "saw you", "see you", "watched you", "caught you", "read you", "we ", "met you", "meeting you", "heard your", "attended your", "saw your", "watched your",
    "caught your", "sat in on your", "you spoke", "you came", "you visited", "you presented",
    "you talked", "thank", "shadowed", "interned with", "volunteered with", "worked with",
    "trained under", "studied under", "worked under", "you and i", "came to your",
    "went to your", "was at your", "joined your", "you told", "you said", "where you",
    "when you", "in which you", "you did", "you held", "you gave", "you ran", "you led",
    "you answered", "you replied", "you responded", "you commented", "you reviewed",
    "you merged", "you looked at", "you helped", "i asked",
)  # fmt: skip
_MEETING_HINT = any_of(_MEETING_HINTS)
# "You showed me round the lab": found by one pass of a pattern rather than a scan of the
# draft for each verb.
_SHOWED_ME = re.compile(
    r"you (?:let|showed|taught|took|invited|hosted|supervised|interviewed|mentored|trained"
    r"|walked) (?:me|us)\b"
)
# Generic objects: "your work", "your career" need more than an employer or a field.
_NOT_A_HOOK_OBJECT = word_set(
    """
background career careers experience experiences journey path profile expertise story
stories accomplishments achievements resume trajectory life bio
"""
)
_CLAUSE_STOP = re.compile(
    # The stop's first character first, then which stop it is: the engine skips to the next
    # such character instead of trying every alternative at every position.
    r"[.;!?\n:,\s]"
    # (not the dot of "esp." or "approx.", which goes on)
    # (nor the dots of "b.ed" or "1.5", inside a word or a number)
    r"(?:(?<=\.)(?<!\besp\.)(?<!\bincl\.)(?<!\bapprox\.)(?<!\bvs\.)(?<!\benv\.)(?<!\beng\.)"
    r"(?<!\bdept\.)(?<!\bgovt\.)(?<!\buniv\.)(?<!\bassoc\.)(?<!\bmgmt\.)(?![a-z0-9])"
    r"|(?<=[;!?\n])"
    r"|(?<=:)(?<!\bre:)"
    r"|(?<=,) (?:and|but|so) "
    r"|(?<=\s)[-–—]\s"
    r"|(?<= )and (?:i'm|i've|i'd|i|my|we)(?![\w'])"
    r"|(?<=,) (?=(?:i|i'm|i've|i'd|we|we're|we've)(?![\w']))"
    r")"
)


@dataclass(frozen=True, slots=True)
class _Found:
    """A located half of the reason: a span of the body and what it is."""

    start: int
    end: int
    what: str
    sentence: int = -1
    fact_index: int | None = None
    shared: frozenset[str] = frozenset()
    # The words that make the hook ("we met", "your talk"): never part of the tie.
    core: tuple[int, int] = (0, 0)


def _name_stems(context: GateContext) -> set[str]:
    """Lower-case tokens of the contact's and requester's names and the organization."""
    names: set[str] = set()
    people = [
        context.contact.name if context.contact else "",
        context.requester.name if context.requester else "",
    ]
    if context.contact is not None and context.contact.organization:
        people.append(context.contact.organization)
    for value in people:
        names |= {fold_accents(t) for t in _PUNCT_SPLIT.split(value) if len(t) > 1}
    return names


def _concrete(words: Iterable[str], skip: Collection[str]) -> list[str]:
    return [
        w
        for w in words
        if (
            len(w) > 2
            and w not in STOPWORDS
            and w not in _WEAK
            and w not in _PRAISE
            and not w.isdigit()
            and (not skip or fold_accents(w.removesuffix("'s")) not in skip)
        )
        or (w.isdigit() and len(w) == 4)  # a year says when: "your 2025 paper"
    ]


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): back to the previous stop, on to the next."""
    before = 0
    # A stop may end just past `start` (" and i", ", i'm"): read a little beyond it.
    for match in _CLAUSE_STOP.finditer(text, 0, min(len(text), start + 8)):
        if match.start() < start:
            before = min(match.end(), start)
    after = _CLAUSE_STOP.search(text, end)
    return before, len(text) if after is None else after.start()


def _outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(a <= start and end <= b for a, b in spans)


def _standalone_hooks(
    draft: Draft, asked: list[tuple[int, int]], skip: Collection[str]
) -> Iterator[_Found]:
    """Hooks of the kinds the rubric lists, in the order they appear (lazily: the check
    stops at the first one with a tie, and most drafts give it early)."""
    # One pass of each pattern over the whole draft finds the few sentences worth a look.
    candidates: set[int] = set()
    low = draft.content_low
    team_patterns = _team_patterns(low)
    for pattern in (
        _YOUR_WORK,
        *team_patterns,
        _DEED,
        _TEAM_DEED,
        _OTHER_DEED,
        _YOUR_THING_ON,
        _YOUR_MOVE,
        _THAT_MOVE,
        _YOUR_ROLE,
        _AS_ROLE,
    ):
        for match in pattern.finditer(low):
            candidates.add(bisect_right(draft.sentence_starts, match.start()) - 1)
    for sentence in draft.sentences_containing(_MEETING_HINT):
        candidates.add(bisect_right(draft.sentence_starts, sentence.start) - 1)
    for match in _reported_deeds(low):
        candidates.add(bisect_right(draft.sentence_starts, match.start()) - 1)
    for sentence in draft.sentences_containing(_TOLD_HINT):
        if _TOLD_OF_YOU.search(sentence.low) is not None:
            candidates.add(bisect_right(draft.sentence_starts, sentence.start) - 1)
    for match in _SHOWED_ME.finditer(low):
        candidates.add(bisect_right(draft.sentence_starts, match.start()) - 1)
    if any(needle in low for needle in _TEAM_OF):
        for match in _TEAM_AT.finditer(draft.content):
            candidates.add(bisect_right(draft.sentence_starts, match.start()) - 1)
    for index in sorted(candidates):
        if index < 0:
            continue
        sentence = draft.sentences[index]
        hook = _hook_in(sentence, skip, asked)
        if hook is None and asked and " from " in sentence.low:
            # Without research, a career move is a fact about them even when it is told
            # inside the question ("20 minutes to hear how you went from forklift driver to
            # operations director"); anything else asked about is no hook.
            hook = _hook_in(sentence, skip, [])
            if hook is None or _MOVE_FROM_TO.search(sentence.low, hook[3], hook[1]) is None:
                continue
        if hook is None:
            continue
        start, end, what, core_start, core_end = hook
        # (a run-on with no stops, as voice-to-text writes: its part around the hook)
        start, end = within_commas(sentence.low, core_start, core_end, start, end)
        yield _Found(
            sentence.start + start,
            sentence.start + end,
            what,
            index,
            core=(sentence.start + core_start, sentence.start + core_end),
        )


_NOW_DOING = re.compile(r" and (?:you're|you are) now\b")
_MOVE_FROM_TO = re.compile(
    r"(?:went|moved|switched|transitioned|pivoted|jumped|shifted|made the (?:move|jump|switch))"
    r" (?:\w+ ){0,2}?from [^.;:!?]{2,60}? (?:to|into) "
)
_ABOUT_BEFORE = re.compile(r"\b(?:about|on|regarding) ([^,;]{3,80}?) (?:in|on|from|during) $")

# Where the object of "your talk on X" ends: at the verb that says something about it.
_OBJECT_END = re.compile(
    r" (?:is|was|are|were|has|had|have|matches|matched|gave|got|put|changed|made|helped"
    r"|stayed|stuck|answered|described|inspired|reminded|shaped|showed|taught|convinced"
    r"|resonated|spoke|speaks|felt|feels|came|sounds|seems|seemed|really|saved|cost|kept"
    r"|used|uses|applied|applies|relied|relies|drew on|draws on|hit|struck|rang|reshaped"
    r"|transformed|redirected|informed|sparked|prompted|pushed|nudged"
    r"|and i|and my|and (?:[a-z]+ed|took|made|got|gave|wrote|read|saw|went|found|kept))\b"
    # "…under IFRS 16 hit home (I'm an associate on a retail client)"
    r"|(?= \(?(?:i|i'm|i've|i'd|my|me|we|we're|we've|our|us)\b)"
)


def _object_end(text: str, match: re.Match[str], stop: int) -> int:
    found = _OBJECT_END.search(text, match.end(), stop)
    return stop if found is None else found.start()


_SLOT = re.compile(r"\[[^\]\n]{0,60}\]|_{3,}")
_SLOT_AFTER = re.compile(
    r" (?:(?:about|on|of|for|regarding|re:?|titled|called|around|into) )?(?:\[[^\]\n]{0,60}\]|_{3,})"
)


def _hook_in(
    sentence: Sentence, skip: Collection[str], asked: list[tuple[int, int]]
) -> tuple[int, int, str, int, int] | None:
    text = sentence.low
    # "is your fund hiring partners?" asks for a job; it is no hook (a run-on that holds the
    # whole message, as voice-to-text writes one, is read for its hook all the same)
    if len(text) <= LONG_SPAN and asks_for_a_job(text):
        return None
    flattery = [(m.start(), m.end()) for m in _FLATTERY.finditer(text)] if "you" in text else []
    patterns = (
        (_YOUR_WORK, "their work"),
        (_DEED, "something they did"),
        (_TEAM_DEED, "their team's work"),
        (_OTHER_DEED, "something they did"),
    )
    for pattern, what in patterns:
        for match in _deeds(text) if pattern is _DEED else pattern.finditer(text):
            if match.start() > 0 and text[match.start() - 1].isalnum():
                continue
            if any(a <= match.start() < b for a, b in flattery):
                continue
            if not _outside(asked, sentence.start + match.start(), sentence.start + match.end()):
                continue
            begin, stop = _clause_bounds(text, match.start(), match.end())
            if pattern is _YOUR_WORK:
                if _FIELD_ONLY.match(match.group()) is not None:
                    continue  # "your career in humanitarian policy" names a field
                # The object comes after the noun ("your talk on alarm fatigue") or before it
                # as a modifier ("your HIMSS talk").
                noun = re.search(rf"{_WORK_NOUN}$", match.group())
                modifiers = match.group()[: noun.start() if noun else len(match.group())]
                modifiers = modifiers.split(" ", 1)[1] if " " in modifiers else ""
                # "your work on [specific project]": a template slot names nothing of theirs.
                # ("your recent post about [SPECIFIC POST TOPIC]": after its preposition too)
                if _SLOT_AFTER.match(text, match.end()) is not None:
                    continue
                after = _SLOT.sub(" ", text[match.end() : stop])
                head = match.group().split()[-2 if noun and " " in noun.group() else -1]
                if _PASSED_ON.match(after) is not None:
                    continue  # "your post recommending Strong Towns": another's work, passed on
                if _WHEN_ONLY.match(after) is not None and not _concrete(
                    _WORD_RE.findall(_SLOT.sub(" ", modifiers)), skip
                ):
                    continue  # "I liked your post the other day": which post, it never says
                if head in _CONTAINERS and _NO_PIECE.match(after) is not None:
                    # "your YouTube channel for a while now", "a few of your posts and…":
                    # a channel or posts in general, no piece of it named.
                    after = ""
                    modifiers = " ".join(
                        w for w in modifiers.split() if w.strip(".,") not in _PLATFORMS
                    )
                words = _WORD_RE.findall(_SLOT.sub(" ", modifiers)) + _WORD_RE.findall(after)
                # "I read about the savings pots redesign in your newsletter": the object
                # stands before the piece.
                topic = _ABOUT_BEFORE.search(text, begin, match.start())
                if topic is not None:
                    words += _WORD_RE.findall(topic.group(1))
                if head in ("work", "research", "writing") and len(_concrete(words, skip)) < 2:
                    continue
            else:
                if _CAREER_MOVE.search(match.group()) is not None:
                    return match.start(), stop, "a career move", match.start(), match.end()
                words = _WORD_RE.findall(text[begin:stop])
                if (
                    match.group().endswith(
                        (
                            "moved",
                            "switched",
                            "transitioned",
                            "pivoted",
                            "left",
                            "shifted",
                            "jumped",
                        )
                    )
                    and " from " not in text[match.end() : stop]
                    and " into " not in text[match.end() : stop]
                    and " onto " not in text[match.end() : stop]
                    and " to " not in text[match.end() : stop]
                    # "you left acute last year and you're now doing your district nursing
                    # SPQ", "you left banking for teaching"
                    and " for " not in text[match.end() : stop]
                    and _NOW_DOING.search(text, match.end(), stop) is None
                ):
                    continue
            concrete = [w for w in _concrete(words, skip) if w not in _NOT_A_HOOK_OBJECT]
            if concrete:
                if pattern is _YOUR_WORK:
                    return match.start(), stop, what, match.start(), _object_end(text, match, stop)
                return begin, stop, what, match.start(), _object_end(text, match, stop)
    for match in _YOUR_THING_ON.finditer(text):
        if match.group(1) in _VIEWS or match.group(1) in _NOT_A_HOOK_OBJECT:
            continue
        if " to " in match.group():
            continue  # "your time to learn about…" is the ask, not a piece of their work
        if _WHILE.search(match.group()):
            continue  # "your profile while looking into practice management": the requester's search
        if _SLOT.match(text, match.end()) is not None:
            continue  # "your recent post about [SPECIFIC POST TOPIC]": a slot, nothing of theirs
        if not _outside(asked, sentence.start + match.start(), sentence.start + match.end()):
            continue
        _, stop = _clause_bounds(text, match.start(), match.end())
        if len(_concrete(_WORD_RE.findall(text[match.end() : stop]), skip)) >= 2:
            return match.start(), stop, "their work", match.start(), _object_end(text, match, stop)
    for pattern in _team_patterns(text):
        for match in pattern.finditer(text):
            if not _outside(asked, sentence.start + match.start(), sentence.start + match.end()):
                continue
            if pattern is _TEAMS_THING:
                words = _WORD_RE.findall(match.group(1).split(" to ")[0])
            else:
                words = _WORD_RE.findall(match.group())[1:]
            concrete = [
                w
                for w in _concrete(words, skip)
                if w not in _NOT_A_HOOK_OBJECT and w not in _VIEWS and w not in _TEAM_WORDS
            ]
            if len(concrete) >= 2:
                _, stop = _clause_bounds(text, match.start(), match.end())
                end = _object_end(text, match, stop)
                return match.start(), stop, "their team's work", match.start(), end
    for match in _TEAM_AT.finditer(sentence.cased):
        if not _outside(asked, sentence.start + match.start(), sentence.start + match.end()):
            continue
        begin = _clause_bounds(text, match.start(), match.end())[0]
        if _OWN_PLACE.search(text, begin, match.start()) is not None:
            continue  # "I am a pharmacist working in the pharmaceutical affairs division of…"
        words = _WORD_RE.findall(match.group().lower())
        if _concrete(words[1:-2], skip):
            return match.start(), match.end(), "their team", match.start(), match.end()
    for pattern, what in (
        (_YOUR_MOVE, "a career move"),
        (_THAT_MOVE, "a career move"),
        (_YOUR_ROLE, "their role"),
        (_AS_ROLE, "their role"),
    ):
        for match in pattern.finditer(text):
            if not _outside(asked, sentence.start + match.start(), sentence.start + match.end()):
                continue
            if pattern is _THAT_MOVE and _YOU_DID.search(text, 0, match.start()) is None:
                continue
            _, stop = _clause_bounds(text, match.start(), match.end())
            if _concrete(_WORD_RE.findall(text[match.start() : stop]), skip):
                return match.start(), stop, what, match.start(), _object_end(text, match, stop)
    hinted = _MEETING_HINT.search(text) is not None or _SHOWED_ME.search(text) is not None
    meeting = _MEETING.search(text) if hinted else None
    if meeting is not None:
        begin, stop = _clause_bounds(text, meeting.start(), meeting.end())
        if _concrete(_WORD_RE.findall(text[begin:stop]), skip):
            return begin, stop, "a prior meeting", meeting.start(), meeting.end()
    return None


# --- grounding on research facts ------------------------------------------------------------

# Irregular forms the light stemmer cannot reach.
_LEMMAS: Mapping[str, str] = MappingProxyType(
    {
        "led": "lead", "spoke": "speak", "spoken": "speak", "wrote": "write",
        "written": "write", "built": "build", "ran": "run", "taught": "teach",
        "began": "begin", "begun": "begin", "gave": "give", "given": "give", "went": "go",
        "made": "make", "met": "meet", "won": "win", "grew": "grow", "grown": "grow",
        "chose": "choose", "chosen": "choose", "held": "hold", "kept": "keep",
        "left": "leave", "sold": "sell", "brought": "bring", "found": "find",
        "became": "become", "children": "child", "women": "woman", "men": "man",
        # British spellings meet American ones ("call centre" / "call center")
        "centre": "center", "centres": "center", "fibre": "fiber", "theatre": "theater",
        "metre": "meter", "metres": "meter", "litre": "liter", "litres": "liter",
        "rebuilt": "rebuild", "rewrote": "rewrite", "rewritten": "rewrite",
        # Short forms people write for the fact's words.
        "sim": "simulation", "sims": "simulation", "grad": "graduate", "grads": "graduate",
        "rn": "nurse", "rns": "nurse", "ops": "operations", "govt": "government",
        "dept": "department", "admin": "administration", "mgmt": "management",
        "eng": "engineering", "biz": "business", "dev": "development", "devs": "developer",
        "prod": "production", "docs": "documentation", "intl": "international",
        "pharma": "pharmaceutical", "pharmacol": "pharmacology", "comms": "communications",
        "exec": "executive", "execs": "executive", "gov": "government", "edu": "education",
        "mfg": "manufacturing", "univ": "university",
        # British and American spellings of one word ("licence" / "licensed").
        "licence": "license", "licences": "license", "defence": "defense",
        "offence": "offense", "practise": "practice", "practised": "practiced",
        "practising": "practicing",
    }
)  # fmt: skip
# Paraphrase: words that name the same kind of thing share a concept. A shared concept
# counts towards a match but never makes one alone.
_CONCEPTS: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(
            ["mov", "migrat", "transition", "switch", "shift", "port", "pivot", "jump", "leav",
             "quit", "join", "leap"],
            "~move",
        ),
        **dict.fromkeys(
            ["talk", "speak", "presentat", "present", "keynot", "session", "lectur", "panel",
             "testimony", "testifi", "testify", "speech", "remark"],
            "~talk",
        ),
        **dict.fromkeys(
            ["articl", "post", "piec", "write", "blog", "essay", "op-ed", "column",
             "newsletter", "write-up", "writeup", "publish", "publicat", "paper", "report"],
            "~write",
        ),
        **dict.fromkeys(["podcast", "episod", "interview"], "~podcast"),
        **dict.fromkeys(["argu", "advoc"], "~argue"),
        **dict.fromkeys(["promot", "promotion", "elev"], "~promote"),
        **dict.fromkeys(["return", "back", "comeback", "re-entr", "reentr"], "~return"),
        **dict.fromkeys(
            ["build", "develop", "creat", "design", "rewrit", "rebuild", "redesign", "architect"],
            "~build",
        ),
        **dict.fromkeys(
            ["launch", "start", "found", "open", "rollout", "roll", "introduc", "debut"],
            "~launch",
        ),
        **dict.fromkeys(
            ["lead", "head", "run", "overse", "manag", "direct", "chair", "coordinat", "handl",
             "supervis"],
            "~lead",
        ),
        **dict.fromkeys(["cut", "reduc", "lower", "shrank", "shrink", "halv"], "~reduce"),
        **dict.fromkeys(["acquisit", "acquir", "deal", "merger", "buyout"], "~deal"),
        **dict.fromkeys(
            ["curriculum", "program", "programm", "cours", "training", "class", "workshop"],
            "~course",
        ),
        **dict.fromkeys(["staff", "employe", "worker", "personnel", "workforc"], "~staff"),
        **dict.fromkeys(["compani", "corporat", "firm", "enterpris"], "~company"),
        **dict.fromkeys(["result", "finding"], "~report"),
        **dict.fromkeys(["trial", "pilot", "experiment"], "~trial"),
        **dict.fromkeys(["hospital", "clinic", "health"], "~care"),
        **dict.fromkeys(["teach", "classroom", "school", "pupil", "lesson"], "~teach"),
        **dict.fromkeys(
            ["internationally", "international", "abroad", "oversea", "foreign"], "~abroad"
        ),
    }
)  # fmt: skip


@lru_cache(maxsize=4096)
def _lemma_stem(word: str) -> str:
    base = stem(_LEMMAS.get(word, word))
    if (
        len(base) >= 4
        and base[-1] == base[-2]
        and base[-1] not in "lsz"
        and base[-1].isalpha()
        and word.endswith(("ing", "ed", "er"))
    ):
        base = base[:-1]  # "running" meets "run", "planned" "plan"
    if 4 <= len(base) <= 5 and base.endswith("us") and word == base:
        base = base[:-1]  # plural acronyms: "ICUs", "GPUs"
    # The activity behind an agent noun: "tester" meets "testing", "designer" "design".
    if len(base) >= 6 and base.endswith(("er", "or")) and not base.endswith(("eer", "ier")):
        return base[:-2]
    return base


_WENT_FROM = re.compile(
    r"\b(?:went|going|gone) (?:\w+ ){0,2}?from [^.;:!?]{2,60}? (?:to|into|onto)\b"
    # "you came to major gifts from pharma sales"
    r"|\bcame (?:over )?(?:to|into) [^.;:!?]{2,60}? from\b"
    # "after coming across from dairy"
    r"|\b(?:came|come|comes|coming) (?:across|over) from\b"
    # "you also started your career in hospital procurement before you went to Vanderheyden"
    r"|\bstart(?:ed)? (?:your career |out )?in [^.;:!?]{2,60}? before (?:you )?(?:went|moved"
    r"|moving|joined|joining|switched|switching) (?:to|into|over)\b"
    # "your path from our lab into process development at 3M"
    r"|\byour (?:path|route|road|journey|trajectory) from [^.;:!?]{2,60}? (?:to|into|onto)\b"
)
# "since you made partner" tells the promotion a fact names ("Promoted to partner in 2023")
_MADE_RANK = re.compile(
    r"\b(?:made|became|named) (?:a |an |the )?(?:full |equity |senior )?"
    r"(?:partner|principal|director|vp|head|chief|dean|chair|associate professor|professor)\b"
)


_GREW_IT = re.compile(
    r"\b(?:grew|grown|expanded|scaled) (?:the |your |their |a |an |its )?(?:[\w&'-]+ ){0,3}?"
    r"(?:team|unit|department|programme|program|service|practice|network|lab|group|desk"
    r"|function)\b"
)
_PUT_TOGETHER = re.compile(r"\b(?:put|puts|putting|pulled|pull|pulling) together\b")
_MADE_THE_CASE = re.compile(
    r"\b(?:made|make|makes|making) (?:a |the |a strong |the strong )?case\b"
)


# Numbers a draft writes in words where a fact has digits ("a team of eleven" for "11
# analysts"); below ten a digit is too short to be a word of the fact.
_NUMBER_WORDS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
    "seventy": "70", "eighty": "80", "ninety": "90",
}  # fmt: skip
# (not how long something took: "eleven years" is no count of things)
# ("twenty-five" for "25": the tens and a unit)
_UNIT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
_NUMBER_WORD = re.compile(
    r"\b(" + "|".join(_NUMBER_WORDS) + r")(?:-(" + "|".join(_UNIT_WORDS) + r"))?\b"
    r"(?! (?:years?|months?|weeks?|days?|hours?|minutes?)\b)"
)


def _number_of(match: re.Match[str]) -> str:
    tens = _NUMBER_WORDS[match.group(1)]
    return tens if match.group(2) is None else str(int(tens) + _UNIT_WORDS[match.group(2)])


_LONE_DIGIT = re.compile(r"(?<![\w.,])(\d)(?![\w.,'])")


def _meaning_stems(text_low: str, extra_stop: Collection[str]) -> set[str]:
    """Stems of content words plus the concepts they name."""
    found: set[str] = set()
    # "you went from consulting to the NIH" tells a move as "left consulting to join the NIH"
    # does ("went" alone, as in "I went to your talk", is no move).
    # (every form of the move says "from")
    if (" from " in text_low or " before " in text_low) and _WENT_FROM.search(text_low) is not None:
        found.add("~move")
    # "you made the case that renewals belong with…" argues it, as "arguing that…" does
    if " case " in text_low and _MADE_THE_CASE.search(text_low) is not None:
        found.add("~argue")
    if ("made " in text_low or "became " in text_low or "named " in text_low) and (
        _MADE_RANK.search(text_low) is not None
    ):
        found.add("~promote")
    # "the gauge-triggered product you put together" built it, and so did "you grew the
    # accessibility team from two to twenty-five" (not "a company growing so fast")
    if (" together" in text_low and _PUT_TOGETHER.search(text_low) is not None) or (
        _GREW_IT.search(text_low) is not None
    ):
        found.add("~build")
    tokens = _WORD_RE.findall(text_low)
    # ("your e-I-9 rollout" names the I-9: a prefix before a hyphenated name with a number)
    tokens += [
        part
        for word in tokens
        if "-" in word
        for part in (
            *word.split("-"),
            *([word.split("-", 1)[1]] if word.count("-") > 1 and word[-1].isdigit() else []),
        )
    ]
    if any(word in text_low for word in _NUMBER_WORDS):
        found.update(_number_of(m) for m in _NUMBER_WORD.finditer(text_low))
    # (a single digit standing alone is a number: "across 4 plants" for "across four
    # plants"; not a digit of "0.94" or "3.0")
    digits = set(_LONE_DIGIT.findall(text_low)) if any(c.isdigit() for c in text_low) else ()
    for word in tokens:
        if (len(word) < 2 and word not in digits) or word in STOPWORDS:
            continue
        base = _lemma_stem(word)
        concept = _CONCEPTS.get(base)
        if concept is not None:
            found.add(concept)
        if word not in extra_stop:
            found.add(base)
    return found


def _acronyms(cased: str) -> set[str]:
    """Initials of capitalized runs ("Fast Healthcare Interoperability Resources" -> fhir),
    and of their tails of three words or more ("Department of Health and Human Services"
    gives dhhs and hhs)."""
    found: set[str] = set()
    run: list[str] = []
    for token in [*cased.split(), ""]:
        word = token.strip(".,;:!?()\"'")
        if word[:1].isupper() and word.isalpha() and not word.isupper():
            run.append(word)
            continue
        if word.lower() in ("of", "for", "and") and run:
            continue
        if len(run) >= 2:
            initials = "".join(w[0] for w in run).lower()
            found.add(initials)
            found.update(initials[i:] for i in range(1, len(initials) - 2))
        run = []
    return found


def _spelled_out(text_low: str, initialisms: Collection[str]) -> set[str]:
    """Those of `initialisms` ("cra") whose words run in `text_low` ("a clinical research
    associate"), "of", "and" and "for" allowed between them."""
    return {initials for initials in initialisms if _spelled_words(text_low, initials)}


def _spelled_words(text: str, initials: str) -> str:
    """The words of `text` that `initials` spell ("Sales Development Representative" for
    "sdr"), "of", "and" and "for" allowed between them; "" when they spell none. Articles
    spell nothing ("an industry podcast" is no "AI"), nor do other small words ("at
    Pemberton" is no "AP")."""
    words = [
        w for w in _WORD_RE.findall(text) if w.lower() not in ("of", "and", "for", "a", "an", "the")
    ]
    size = len(initials)
    for begin in range(len(words) - size + 1):
        if all(
            words[begin + k][0].lower() == initials[k] and words[begin + k].lower() not in STOPWORDS
            for k in range(size)
        ):
            return " ".join(words[begin : begin + size])
    return ""


# Acronyms that name a kind of system, not anyone's own work: "you run Halyard SIEM" shares
# "SIEM" with a talk on migrating off a legacy SIEM, and that is all it shares.
_KIND_ACRONYMS = frozenset(
    ["siem", "crm", "erp", "ehr", "emr", "cms", "lms", "wms", "tms", "hris", "api", "apis",
     "sql", "kpi", "kpis", "seo", "gis", "bim", "iot", "saas", "okr", "okrs"]
)  # fmt: skip


def _distinctive(text: str) -> set[str]:
    """Stems of tokens with a digit, an acronym (FHIR) or inner capitals (PyData)."""
    found = set()
    for token in text.split():
        if token.isalpha() and token.islower():
            continue  # most words: no digit, no capital
        token = token.strip(".,;:!?()\"'")
        if token.endswith("'s"):
            token = token[:-2]
        if len(token) < 2:
            continue
        if (
            any(c.isdigit() for c in token)
            or (token.isupper() and len(token) >= 3 and token.lower() not in _KIND_ACRONYMS)
            # (inner capitals, not two capitals alone: "AI" in "customer-facing AI" is common;
            # nor a platform's name: "a LinkedIn post" says where, not what)
            or (
                any(c.isupper() for c in token[1:])
                and not token.isupper()
                and token.lower() not in _PLATFORMS
            )
        ):
            found.add(_lemma_stem(token.lower()))
    # The name of what they made ("Author of Tidewatch, an open-source tool…"): naming it is
    # naming the work.
    made = _MAKER_OF.search(text)
    if made is not None:
        found.add(_lemma_stem(made.group(1).lower()))
    # A case by its party ("Appeared in R (Ellison) v Secretary of State…"): naming it
    # ("when the Supreme Court handed down Ellison") is naming the case.
    if " v " in text or " v. " in text:
        found.update(_lemma_stem(party.lower()) for party in _CASE_PARTY.findall(text))
    # A title in quotes ("Wrote 'Float', a 2023 book…"): naming it is naming the work.
    if "'" in text or '"' in text or "\u2018" in text or "\u201c" in text:
        # (a package's name in quotes, however written: "the R package 'occuflow'")
        found.update(_lemma_stem(name.lower()) for name in _QUOTED_NAME.findall(text))
        for title in _QUOTED_TITLE.findall(text):
            found.update(
                _lemma_stem(word.lower())
                for word in _WORD_RE.findall(title)
                if word[0].isupper() and word.lower() not in STOPWORDS
            )
    return found


_MAKER_OF = re.compile(
    r"\b(?:[Aa]uthor|[Cc]reator|[Mm]aintainer|[Dd]eveloper|[Dd]esigner|[Ii]nventor) of (?:the )?"
    r"([A-Z][a-z]{3,}[\w-]*)\b"
)
# Two or more capitalized words past a fact's first word: "Three Conversations",
# "Stay and Play" (joined by "and" or "of").
_NAME_RUN = re.compile(r"(?<=[a-z,'] )(?:[A-Z][a-z]+(?:'s)?(?: (?:and|of|&) | ))+[A-Z][a-z]+")
_CASE_PARTY = re.compile(r"(?<![\w])\(?([A-Z][\w'-]{2,})\)? v\.? [A-Z]")
_QUOTED_NAME = re.compile(
    r"\b(?:package|library|tool|plugin|module|crate|gem|app|bot|extension) ['\"\u2018\u201c]"
    r"([a-z][\w.-]{3,30})['\"\u2019\u201d]"
)
_QUOTED_TITLE = re.compile(
    r"(?<![\w])['\"\u2018\u201c]([A-Z0-9][^'\"\u2019\u201d\n]{0,60})['\"\u2019\u201d]"
)


_TITLE_DROP = word_set(
    """
senior junior lead principal staff head chief director vp vice president manager associate
assistant deputy global regional executive of team department group
"""
)
# A number that measures the ask ("20 minutes", "15-20 min") says nothing about them.
_DURATION_AFTER = re.compile(
    r"[\s-]*(?:to |- ?|–)?(?:\d+[\s-]*)?(?:min|mins|minutes?|hours?|hrs?)\b"
)


# "Professor of Practice; former Assistant Secretary for Legislation, HHS": what follows
# "former" is a step of their career, which a message may name as a hook.
_FORMER = re.compile(r"(?:^|[;,(/]|\s)\s*(?:former(?:ly)?|ex-|previously|past)\b", re.IGNORECASE)


def _current_title(title: str) -> str:
    """The title without the former roles it lists."""
    found = _FORMER.search(title)
    return title if found is None else title[: found.start()]


def _field_stems(contact: ContactProfile | None) -> set[str]:
    """Stems of the contact's title and department, with the activity behind an agent noun
    ("designer" also gives "design", "researcher" "research"): their field, not a fact."""
    if contact is None:
        return set()
    found: set[str] = set()
    for value in (_current_title(contact.title or ""), contact.department or ""):
        found |= {s for s in _meaning_stems(value.lower(), _TITLE_DROP) if not s.startswith("~")}
    return found | {stem(s[:-2]) for s in found if s.endswith("er") and len(s) > 5}


def _about_them(
    sentence: Sentence,
    own: Collection[str],
    named: Collection[str],
    names: Collection[str] = (),
    made: Collection[str] = (),
) -> bool:
    """A sentence that speaks of the contact, or names something a fact names (`names`: the
    facts' capitalized words, for a sentence written without capitals; `made`: the names of
    packages and tools the facts say they made, however written)."""
    if "you" in sentence.low or "we " in sentence.low:
        return True
    if made and any(name in sentence.low for name in made):
        return True
    if names and sentence.cased == sentence.low:
        # "been cooking out of fire & saltbush for months now": a title, in lowercase
        said = set(_WORD_RE.findall(sentence.low))
        if any(name in said and name not in own for name in names):
            return True
    # "I am a Year 12 student at Ludlow College…" tells of the requester, whatever place the
    # fact shares with it (not "I'm a teacher, so I read that Pearson's designers…").
    if (
        _SELF_INTRODUCTION.match(sentence.low) is not None
        and _TOLD_OF_THEM.search(sentence.low) is None
        # (unless a clause after it names their product by its own name: "I'm a postdoc
        # working on radar data, and StormSight's one-fifth gain is the result my group keeps
        # arguing about")
        and not any(
            token.lower() in named and token.lower() not in own
            for token in _COINED_NAME.findall(sentence.cased)
        )
    ):
        return False
    # "I read the local news story about the school's bills halving", "I learned that
    # Eastpoint introduced auto-rostering": what the requester read or heard tells of them
    # (a fact is matched without "you" only on three of its words).
    if _HEARD_OF_IT.match(sentence.low) is not None:
        return True
    # "Congratulations on stepping up to project engineer on the HPC tunnels": said to them
    if sentence.low.startswith(_SAID_TO_THEM):
        return True
    # A capitalized word mid-sentence is a name; at the start only when it is no common word
    # ("TransitNow's crowding predictions…", not "The…").
    return any(
        match.group().lower().removesuffix("'s") in named
        and match.group().lower().removesuffix("'s") not in own
        and (match.start() > 0 or match.group().lower() not in _CAPITALIZED_COMMON)
        and match.group().lower() not in STOPWORDS
        for match in _NAME_IN_SENTENCE.finditer(sentence.cased)
    )


_SAID_TO_THEM = (
    "congratulations on",
    "congrats on",
    "congratulations for",
    "well done on",
    "kudos on",
)
_HEARD_OF_IT = re.compile(
    r"(?:i|we)(?:'ve| have)?(?: (?:just|recently|also|only))? (?:read|saw|seen|heard|learned|learnt"
    r"|noticed|came across|found out|watched)\b"
)
# (a title in quotes too: "I went to 'Nganya' three times")
_NAME_IN_SENTENCE = re.compile(
    r"(?:^|(?<=[a-z,] )|(?<=[a-z,] ['\"\u2018\u201c]))[A-Z](?:[\w'-]*\w)?"
)
# A name with a capital inside it, as products are named: "StormSight", "PyData".
_COINED_NAME = re.compile(r"\b[A-Z][a-z]+[A-Z][A-Za-z]*\b")
_SELF_INTRODUCTION = re.compile(r"(?:i am|i'm|my name is)\b")
_TOLD_OF_THEM = re.compile(
    r"\b(?:read|saw|seen|noticed|learned|learnt|heard|came across|found|watched|listened"
    r"|walked past|visited|toured)\b"
)


def _own_words(context: GateContext) -> set[str]:
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


# A fact that is a connection (same school, hometown, club, lab) says nothing about their
# work: "connection only" in the rubric.
_OTHER_PERSON = re.compile(
    r"\b(Prof|Professor|Dr|Mr|Mrs|Ms|Sir|Dame)\.? (?:[A-Z][\w'-]+ )?([A-Z][\w'-]+)"
)


def _other_people(fact: str) -> set[str]:
    """Stems of the titles and surnames of people a fact names by title."""
    return {
        _lemma_stem(word.lower())
        for match in _OTHER_PERSON.finditer(fact)
        for word in match.groups()
    }


# A fact that tells them passing on someone else's work, not doing their own.
_RECOMMENDS_OTHERS = re.compile(
    r"\brecommend(?:ed|ing|s)? (?:the |a |an )?(?:book|podcast|article|film|documentary|course"
    r"|essay|paper|reading)\b[^.;]*\bby [A-Z]"
)
_CONNECTION_FACT = re.compile(
    r"\b(?:grew up|born in|raised in|hometown|alumn\w*|alum\b|graduated|went to|attended"
    r"|studied"
    # ("Completed the same MSc programme in health economics"): however it is qualified
    r"|same (?:[\w-]+ ){0,2}?(?:school|lab|university|college|program|programme|class|town|city"
    r"|course|degree|cohort|bootcamp)"
    r"|(?:did|earned|received|holds) (?:her|his|their|a|an) (?:phd|doctorate"
    r"|degree|master'?s|msc|ms|ma|mba|ba|bs|bsc|bachelor'?s|undergrad\w*)|class of (?:'?\d{2}|\d{4})"
    # ("hobby beekeepers" are people a programme served, not the contact's hobby)
    # (not a club as the place of work: "Moved from NHS physio to club rugby in 2021")
    r"|club(?!'s| (?:rugby|football|soccer|cricket|hockey|basketball|netball|level|side|physio"
    r"|doctor|coach|medic|sport))|fraternity|sorority|society member|native of|volunteers? (?:at|with)"
    r"|hobby(?! [a-z]+(?:ers|ists)\b)|plays"
    r"|marathon|hiking"
    # "Served with the requester at Ramstein": what they share, not what the contact did
    r"|(?:with|alongside) the requester"
    # "Served in 2nd Battalion, 327th Infantry Regiment from 2009 to 2015": a unit they
    # belonged to, as a school is
    r"|served (?:in|with) (?:the )?(?:\d\w* |[A-Z]?[a-z]+ ){0,3}?(?:battalion|regiment|brigade"
    r"|division|company|squadron|platoon|unit|wing|corps|fleet)"
    # (not a service the fact tells them leaving: "…Intelligence Corps for eight years before
    # joining the Lloyd's market" is a move)
    r"(?![^.;]*\b(?:before|then|until|joined|joining|left|leaving)\b)"
    # "Mutual connection: Tom Becker": who knows both, nothing the contact did
    r"|mutual (?:connection|contact|friend|acquaintance)s?|knows the requester|referred by)\b",
    re.IGNORECASE,
)


# "Started a beekeeping club with other agents": a club they made is their work, not a club
# they belong to; so is a talk they gave at an alumni evening.
_FOUNDED_IT = re.compile(
    r"\b(?:started|founded|co-founded|launched|set up|created|built|runs|ran|leads|led|coaches"
    r"|coached|organi[sz]es|organi[sz]ed|chairs|chaired|introduced|established|designed"
    # "Spoke at a Wits alumni evening on ventilation planning": a talk they gave there
    r"|developed|spoke|speaks|presented|presents|talked|lectured|hosted|hosts|taught|teaches)"
    r"\b(?: [\w'-]+){0,3} $",
    re.IGNORECASE,
)


_THEIR_EMPLOYER = re.compile(
    r"\byour (?:company|firm|organi[sz]ation|hospital|school|agency|bank|employer|rescue|charity"
    r"|shelter|university|college|trust|council|startup|business|store|brand|museum|library"
    r"|district|city|county|group|network|chain|clinic|centre|center|foundation|nonprofit"
    r"|non-profit|institute|hotel|restaurant|airline|newspaper|station|port)(?:'s)?\b"
    # "I really admire the work you do at one of the biggest PGM producers": where they work,
    # with nothing of their own work named
    # (or in its field: "because of the work you do in workforce scheduling")
    r"|\b(?:all )?(?:the |that )?(?:\w+ )?work (?:that )?you(?:'re| are)? do(?:ing)? (?:at|for|with|in)\b"
)
# "…the recommendation the Centre issued in 2022 under your predecessor": someone else's.
_UNDER_ANOTHER = re.compile(
    r"\b(?:under|by|from) your (?:predecessor|former (?:boss|director|chief|head|manager))\b"
)
# "Advised on the 2023 sale of a minority stake in an English Championship football club":
# the club is what their work was about, not one they belong to.
_DEALT_IN = re.compile(
    r"\b(?:advised|sale|sold|acquisition|acquired|bought|stake|invested|investment|valuation"
    r"|valued|takeover|merger|financing|refinancing|audited|sponsorship)\b",
    re.IGNORECASE,
)


def _grounded_hooks(
    data: CheckInput, asked: list[tuple[int, int]], skip: Collection[str]
) -> list[_Found]:
    """Sentences of the reason that match a research fact, strongest first."""
    draft = data.draft
    own = _own_words(data.context)
    own_stems = {_lemma_stem(w) for w in own}
    field = _field_stems(data.context.contact)
    drop = {_lemma_stem(w) for w in skip} | field
    facts = []
    # "Northbridge Rugby Club" names their employer; the fact is no club membership.
    organization = (data.context.contact.organization or "") if data.context.contact else ""
    # Their employer's name grounds nothing by itself ("all the amazing work you do at Lumen
    # Bank" against "Lumen Bank is a UK digital bank").
    drop |= {
        _lemma_stem(w) for w in _WORD_RE.findall(organization.lower()) if w not in STOPWORDS
    } | _acronyms(organization)
    # (inside compounds too: "your medic-to-ED-RN path")
    initialisms = {
        token.lower()
        for token in (
            t.strip(".,;:!?()\"'")
            for t in draft.content.replace("-", " ").replace("/", " ").split()
            if not t.islower()  # (most words: no capital to read)
        )
        if 2 <= len(token) <= 6 and token.isupper() and token.isalpha()
    }
    for index, fact in enumerate(data.context.facts):
        told = fact.text.replace(organization, " ") if len(organization) > 2 else fact.text
        if _RECOMMENDS_OTHERS.search(fact.text) is not None:
            continue  # "Posted on LinkedIn recommending the book Strong Towns by Charles Marohn"
        connection = _CONNECTION_FACT.search(told)
        if (
            connection is not None
            and not _FOUNDED_IT.search(told, 0, connection.start())
            and not _DEALT_IN.search(told, 0, connection.start())
            # ("Wrote a mentoring thread in the First-Gen Alumni Slack…": a piece of theirs)
            and not _MADE_IT.search(told, 0, connection.start())
        ):
            continue
        meaning = _meaning_stems(fact.text.lower(), _WEAK)
        acronyms = _acronyms(fact.text)
        # ("…after serving as deputy to the founding director, Prof. Karl Lindner": another
        # person, by title and name; naming them names nothing the contact did)
        others = _other_people(fact.text)
        stems = (meaning | acronyms) - drop - others
        distinctive = (_distinctive(fact.text) | acronyms) - drop - others
        if initialisms:
            # "CRA work" for "became a clinical research associate": the draft's initials
            # spelled out in lowercase in the fact.
            spelled = _spelled_out(fact.text.lower(), initialisms) - drop
            stems |= spelled
            distinctive |= spelled
        # A name of several words ("the Three Conversations model") is theirs whole, however
        # common its words ("conversation" is weak alone).
        fact_runs = {
            run.lower(): frozenset(
                _lemma_stem(w) for w in _WORD_RE.findall(run.lower()) if w not in STOPWORDS
            )
            - drop
            for run in _NAME_RUN.findall(fact.text)
        }
        in_field = meaning & field
        facts.append((index, stems, distinctive, in_field, fact.about == "organization", fact_runs))
    named = {w for fact in data.context.facts for w in _WORD_RE.findall(fact.text.lower())}
    # The facts' names (capitalized past their first word), for drafts written in lowercase.
    lowercase_names = {
        word.lower()
        for fact in data.context.facts
        for word in _WORD_RE.findall(fact.text)[1:]
        if word[0].isupper() and word.lower() not in STOPWORDS and len(word) > 2
    }
    # "occuflow has more or less carried my thesis": a package of theirs, named
    made = {name.lower() for fact in data.context.facts for name in _QUOTED_NAME.findall(fact.text)}
    # Only an acronym in a fact can be spelled out in the draft ("FHIR" / "Fast Healthcare
    # Interoperability Resources"); without one, initials are not worth computing.
    spelled_out = any(
        token.isupper() and len(token) >= 2 and token.isalpha()
        for fact in data.context.facts
        for token in fact.text.split()
    )
    # Capitalized fact words a draft may shorten: "the Met" for "the Metropolitan Police",
    # "Univ." for "University".
    long_names = {
        word.lower(): _lemma_stem(word.lower())
        for fact in data.context.facts
        for word in _WORD_RE.findall(fact.text)
        if len(word) >= 6 and word[0].isupper()
    }
    # "an SDR seat" for a Sales Development Representative: the draft's initials of the
    # contact's title stand for its words.
    title = _current_title(data.context.contact.title or "") if data.context.contact else ""
    title_initials: dict[str, set[str]] = {}
    for initials in initialisms if title else ():
        spelled_title = _spelled_words(title, initials).lower()
        if spelled_title:
            title_initials[initials] = {
                s for s in _meaning_stems(spelled_title, _TITLE_DROP) if not s.startswith("~")
            }
    leads_it = data.context.contact is not None and data.context.contact.seniority == "executive"
    # "you built Glasshouse in one" for "Founded Glasshouse Studios in 2009": their employer's
    # name is the fact when the fact is that they founded it, and the message says so.
    first = next(
        (w for w in _WORD_RE.findall(organization.lower()) if w not in STOPWORDS and len(w) > 2),
        None,
    )
    founded = (
        {
            index
            for index, fact in enumerate(data.context.facts)
            if _founds(_FOUNDED_NAME, fact.text.lower(), first)
        }
        if first is not None
        else set()
    )
    found: list[tuple[int, _Found]] = []
    # "…I'd be equally grateful to speak with someone on your catastrophe modelling team"
    # offers another person; it gives no reason to write to this one.
    offer = offer_span(draft)
    for position, sentence in enumerate(draft.sentences):
        if not _about_them(sentence, own, named, lowercase_names, made):
            continue
        # (not a run-on that holds the whole message, as voice-to-text writes one: "…i read
        # the magazine feature about how you cut banquet waste… and if your too busy its
        # totally fine to talk with one of your sous chefs instead…")
        if (
            offer is not None
            and offer[0] <= sentence.start < offer[1]
            and len(sentence.low) <= LONG_SPAN
        ):
            continue
        text = _reason_text(sentence, asked)
        if "[" in text or "___" in text:
            # "I noticed [mention their class/article here]": a slot's words are no one's
            text = _SLOT.sub(lambda slot: " " * len(slot.group()), text)
        if not text.strip():
            continue
        # "I run a small consultancy that helps councils redesign their supplier payments"
        # shares words with "Runs supplier-engagement sessions", but it tells what the
        # requester does: the requester's own clauses ground no fact.
        text = _without_shared_past(_without_own_clauses(text))
        words = _meaning_stems(text, _WEAK)
        if "'" in text or "\u2019" in text:
            # "the open-data hub your team put out at Oakvale in '22": the year, said short
            words.update("20" + year for year in _SHORT_YEAR.findall(text))
        # A sentence that does not speak to them ("It's exciting to see a company growing so
        # fast in East Africa") needs more than a shared place or pair of words.
        needed = 2 if "you" in text or "we " in text or text.startswith(_SAID_TO_THEM) else 3
        # "I'm thinking of leaving my agency to freelance. You made that same move…": the
        # fact is told in the sentence before and this one says it is theirs.
        same = _SAME_AS_BEFORE.search(text) if position > 0 else None
        if same is not None:
            before = _reason_text(draft.sentences[position - 1], asked)
            words |= _meaning_stems(before, _WEAK)
        words = {
            w
            for w in words
            if not w.isdigit() or not _DURATION_AFTER.match(text, text.find(w) + len(w))
        }
        if spelled_out:
            words |= _acronyms(sentence.cased)
        for initials, stems in title_initials.items():
            if _has_word(text, initials):
                words |= stems
        for short in _SHORT_NAME.findall(sentence.cased):
            low = short.lower()
            if low in STOPWORDS or low in _WEAK or low in _CAPITALIZED_COMMON:
                continue
            words |= {b for name, b in long_names.items() if name.startswith(low) and name != low}
        field_words = words & field
        words -= drop
        # ("your rescue's foster program" names their employer's work and places them nowhere
        # in it, unless they lead the organization: a founder's firm's work is theirs)
        speaks_to_them = _speaks_to_them(text, leads_it)
        # What the sentence tells of their organization's facts, where it does not place them
        # in that work: "the VES win for Tidebound was so deserved" is the studio's award,
        # though "Tidebound" is also the series a fact of their own names.
        told_of_organization = (
            [stems & words for _, stems, _, _, of_org, _ in facts if of_org]
            if not speaks_to_them
            else []
        )
        for index, stems, distinctive, in_field, of_organization, fact_runs in facts:
            # Their organization's work is a reason to write to them only where the message
            # places them in it ("the stewardship programme you set up"), not told of the
            # organization alone ("Lakeshore Hospital has a stewardship programme").
            if of_organization and not speaks_to_them:
                continue
            shared = stems & words
            if any(shared < told for told in told_of_organization):
                continue
            # A name of several words said whole ("the Three Conversations approach") is
            # theirs, however common its words ("conversation" is weak alone).
            named_whole: frozenset[str] = frozenset()
            for run, run_stems in fact_runs.items():
                if _has_word(text, run):
                    named_whole |= run_stems
            shared |= named_whole
            plain = {s for s in shared if not s.startswith("~")}
            # A concept counts only when another word stands for it ("move" for
            # "migration"), not when it is the shared word's own concept.
            extra = {c for c in shared - plain if c not in {_CONCEPTS.get(p) for p in plain}}
            enough = (
                (len(plain) + len(extra) >= needed and bool(plain))
                # (one distinctive word of their organization's fact is no placing in its
                # work: "your SIGGRAPH course on light linking in USD" against "the studio
                # moved its pipeline to USD")
                or (bool(plain & distinctive) and not (of_organization and len(plain) < 2))
                # (in a sentence that speaks to them: "your leadership", not the requester's
                # "graduate of Lakeview State")
                or (bool(named_whole) and needed == 2)
            )
            if not enough and index in founded and _founds(_YOU_FOUNDED, text, first):
                enough = True
                shared = shared | {_lemma_stem(first or "")}
            # A move into the group their title names ("you've made the move to Northway's
            # real-world evidence group" for "Joined Northway's real-world evidence group"):
            # the title's words tell where they moved, and the move is the fact.
            moved = "~move" in extra and len(in_field & field_words) >= 2
            # "since you made partner not long ago" for "Promoted to partner in 2023": the
            # step into the rank their title names is the fact.
            if "~promote" in extra and in_field and not plain:
                moved = True
                field_words = field_words | in_field
            if not enough and (len(extra) >= 2 or moved) and in_field & field_words:
                # The contact's field word ("writing" for a writing trainer) grounds nothing
                # alone, but with two more of the fact's things said in other words ("you
                # teach writing classes to staff at companies" for "runs business-writing
                # courses for corporate employees") it is the fact paraphrased.
                plain = in_field & field_words
                shared |= plain
                enough = True
            if enough:
                score = len(shared) + 2 * len(plain & distinctive)
                begin, stop = _matched_clause(text, shared)
                # The requester's own words a fact shares ("support engineer" in "I'm a
                # support engineer aiming for the same jump to SRE you made") tell of the
                # requester: the hook's core is the rest, so they stay free for the tie;
                # unless nothing of the fact's own is left ("I'm a hospital pharmacist
                # exploring a move" against "joined consulting after working as a hospital
                # pharmacist"), when the whole of it is the match.
                core = _matched_words(
                    text, shared - own_stems if plain - own_stems else shared, begin, stop
                )
                if same is not None and begin == 0 and stop == len(text):
                    begin, stop = _clause_bounds(text, same.start(), same.end())
                    while begin < stop and not text[begin].isalnum():
                        begin += 1
                begin, stop = within_commas(text, core[0], core[1], begin, stop)
                as_you = _AS_YOU_DID.search(text, begin, stop)
                if as_you is not None and _FIRST_PERSON.search(text, begin, as_you.start()):
                    # "I'm launching a daily show at a Belfast paper, as you did with The
                    # Briefing Room": theirs from "as you did" on; the requester's own before
                    # it is left for the tie.
                    begin = _skip_space(text, as_you.start() + 1)
                    core = (max(core[0], begin), max(core[1], as_you.end()))
                clause = text[begin:stop]
                if (
                    "your" in clause
                    and _PRAISED_CAREER.search(clause) is not None
                    and _YOUR_WORK.search(clause) is None
                    and next(_deeds(clause), None) is None
                ):
                    # ("I am very admirative of your impressive career between Rabat and
                    # Brussels": their career praised, places and all, names no work of theirs)
                    continue
                if (
                    of_organization
                    and same is None
                    and (
                        not _speaks_to_them(text[begin:stop], leads_it)
                        # ("Congratulations to Mercy Valley on the HIMSS Stage 7 recognition"
                        # praises the organization, whoever is written to)
                        or _CONGRATULATES_OTHERS.match(text, begin) is not None
                    )
                ):
                    # ("I know Samudra Seafood is one of the biggest exporters of dried
                    # fish, so I think you are the right person": the clause that tells of
                    # the organization places them nowhere in it)
                    continue
                found.append(
                    (
                        -score,
                        _Found(
                            sentence.start + begin,
                            sentence.start + stop,
                            f"research fact #{index}",
                            position,
                            index,
                            frozenset(plain),
                            (sentence.start + core[0], sentence.start + core[1]),
                        ),
                    )
                )
    found.sort(key=lambda item: (item[0], item[1].start))
    return [f for _, f in found]


_FOUNDING = r"(?:founded|co-founded|built|started|set up|launched|created|opened)"
# The name after the founding verb, read whole and compared with the employer's first word
# (one pattern for every employer: no pattern compiled per draft).
_FOUNDED_NAME = re.compile(rf"\b{_FOUNDING} (?:the )?([\w'-]+)")
_YOU_FOUNDED = re.compile(rf"\byou(?:'ve| have)? (?:\w+ )?{_FOUNDING} (?:the )?([\w'-]+)")


def _has_word(text: str, word: str) -> bool:
    """Whether `word` stands in `text` with no word character either side of it."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if not _word_char(text[start - 1 : start]) and not _word_char(text[end : end + 1]):
            return True
        start = text.find(word, start + 1)
    return False


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _founds(pattern: re.Pattern[str], text: str, name: str | None) -> bool:
    """Whether `pattern` finds a founding whose object starts with the word `name`."""
    return name is not None and any(
        m[1].startswith(name) and not m[1][len(name) : len(name) + 1].isalnum()
        for m in pattern.finditer(text)
    )


_SHORT_YEAR = re.compile(r"(?<![\w'\u2019])['\u2019](\d{2})\b")
_CONGRATULATES_OTHERS = re.compile(
    r"\s*(?:many |warm |huge |big )?congrat\w* to (?:(?!you\b)"
    # "Congratulations to you and everyone at Avonmead on…": the whole organization's
    r"|you and (?:everyone|everybody|all|the (?:whole )?(?:team|staff))\b)"
)


def _speaks_to_them(text: str, leads_it: bool) -> bool:
    """Whether `text` speaks to the contact, their employer's things aside ("your rescue's
    foster program" places them nowhere in it), unless they lead the organization."""
    if _UNDER_ANOTHER.search(text) is not None:
        return False
    said = text if leads_it or "you" not in text else _THEIR_EMPLOYER.sub(" ", text)
    return _SECOND_PERSON.search(said) is not None


_SAME_AS_BEFORE = re.compile(
    r"\byou(?:'ve| have)? (?:\w+ )?(?:made|did|done|took|went through) (?:almost |nearly |exactly"
    r" |much |pretty much )?(?:that|this|the) (?:same |very"
    r" |exact |very same )?(?:move|switch|jump|leap|transition|change|shift|path|step|route|thing)\b"
    r"|\byou(?:'ve| have)? (?:did|done) (?:exactly |just )?(?:that|this)\b"
    # "…a report that followed forty families through the pilot. At the end I saw your name
    # on it.": the piece told before is theirs.
    r"|\byour name (?:was |is )?(?:on|at the (?:end|bottom|top) of|in the (?:credits|byline)"
    r" of) (?:it|that|the (?:report|paper|study|piece|article|evaluation|byline|credits))\b"
    r"|\b(?:it|that) (?:was|turned out to be) (?:yours|your work|written by you|you)\b"
    # "…how TopHire matches engineers using structured interviews instead of CVs. I ran a
    # placement data project, so your approach made immediate sense to me.": the approach
    # told before is theirs.
    r"|\byour (?:approach|model|method)\b(?! (?:to|of|for|in|on)\b)"
)


_CAPITALIZED_COMMON = word_set(
    """
the this that your dear hello thanks thank best kind warm with from after since when what
how why which where while well sorry also just many most some would could should might
"""
)
_SHORT_NAME = re.compile(r"(?<![\w'])[A-Z][a-z]{2,4}(?=\b|')")


def _matched_words(text: str, shared: Collection[str], begin: int, stop: int) -> tuple[int, int]:
    """From the first to the last word of text[begin:stop] that matched a fact: the words that
    make the hook, never part of the tie."""
    first, last = stop, begin
    for match in _WORD_RE.finditer(text, begin, stop):
        if first < stop and _FIRST_PERSON.fullmatch(match.group()):
            break  # "…and used the approach in my capstone's API gateway" is the tie
        base = _NUMBER_WORDS.get(match.group()) or _lemma_stem(match.group())
        if base in shared or _CONCEPTS.get(base) in shared:
            first, last = min(first, match.start()), max(last, match.end())
    return (first, last) if first < last else (begin, begin)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and not text[at].isalnum():
        at += 1
    return at


_MADE_IT = re.compile(
    r"\b(?:wrote|written|posted|published|presented|gave|recorded|hosted|hosts|created"
    # ("Guest on the '30 Minutes to President's Club' podcast": a show they were on)
    r"|designed|organi[sz]ed|launched|told|said|spoke|explained|interviewed|guest|guested"
    r"|appeared|featured)\b",
    re.IGNORECASE,
)
_PERCEIVING_THEM = re.compile(
    r"(?:i|we)(?: (?:just|recently|also|finally))? (?:read|saw|heard|watched|listened to"
    r"|came across|attended|found|noticed|learned|learnt)"
    # ("I saw that you worked on Greyfield's buyout of Kestrel…")
    r" (?:that |how )?(?:you|your|his|her|their)\b"
)


# The requester telling what they do for a living: "I run clinical research operations at…",
# "I'm a nurse on a cardiac unit", "we manage supplier payments for councils".
_MY_JOB = re.compile(
    r"(?:i|we)(?:'m| am| are|'re)? (?:also |currently |now )?(?:run|manage|lead|head|oversee"
    r"|direct|coordinate|work (?:in|at|on|for|as)|(?:a|an) (?!fellow\b))\b"
    # ...or the tools of their own work: "we use a very old system at my work"
    r"|(?:i|we) (?:still |currently |also )?use\b"
    # ...or what their own team is about to do: "next year we are moving from fixed
    # locations to dynamic slotting"
    r"|(?:i|we)(?:'m| am| are|'re) (?:now |currently |also |about to |soon )?(?:moving|switching"
    r"|migrating|piloting|rolling out|introducing|trialling|trialing|testing|implementing"
    r"|adopting|redesigning)\b"
    # "we're starting to move shots into USD"
    r"|(?:i|we)(?:'m| am| are|'re) (?:now |just |also )?(?:starting|beginning|getting ready) to\b"
    # "next year we plan to open satellite day-care centres", "I play oud and teach young
    # students in Beirut"
    r"|(?:i|we) (?:also )?(?:plan|intend|aim) to (?:open|launch|introduce|set up|roll out|adopt"
    r"|move|expand)\b"
    # ..."I drive forklift at a 3PL near Hamburg"
    r"|i (?:also )?(?:teach|play|keep|grow|farm|fish|sell|coach|drive)\b"
    # ...or their own study: "I am doing my dissertation on the quality of hospital registers"
    r"|(?:i|we)(?:'m| am| are|'re) (?:now |currently |also )?(?:doing|writing|working on)"
    r" (?:my|our|a) (?:[\w-]+ )?(?:dissertation|thesis|capstone)\b"
    # ...or where they want to go: "I'd like to move into cat modelling properly" is their
    # aim, not the contact's move into it
    # ("I'm trying to work out whether to move from shelter advocacy toward…")
    r"|(?:i|we)(?:'d| would|'m| am| are|'re)? (?:(?!you\b)[\w'-]+ ){0,5}?(?:to|whether to) (?:move"
    r"|switch|get|go|transition|pivot|break|retrain) (?:into|from|to|toward|towards)\b"
)
_MY_JOB_TOLD = re.compile(r"(?:^|(?<=[\s,]))(" + _MY_JOB.pattern + ")")
_AS_YOU_DID = re.compile(
    r", (?:just |exactly )?(?:as|like) you (?:did|had done|have done|once did)\b"
)
_AS_YOU_DID_BARE = re.compile(r"\b(?:as|like) you (?:did|had done|have done|once did)\b")
_LIKE_YOU = re.compile(r"\b(?:like you|as you (?:did|have|do)|same as you)\W*$")


def _without_own_clauses(text: str) -> str:
    """`text` with what the requester tells of their own job blanked out, from where they
    start telling it to the end of its clause, unless it speaks to the contact or follows
    "Like you,": "I run a small consultancy that helps councils redesign their supplier
    payments" shares words with "Runs supplier-engagement sessions", but it tells of the
    requester."""
    if _MY_JOB.search(text) is None:
        return text
    begin = 0
    out = text
    for stop in [*(m.start() for m in _CLAUSE_STOP.finditer(text)), len(text)]:
        at = _skip_space(text, begin)
        begin = stop
        told = _MY_JOB_TOLD.search(text, at, stop)
        if told is None:
            continue
        # "…it's stayed with me because I run our magazine's newsletter": from there on
        at = told.start(1)
        if (
            _SECOND_PERSON.search(text, at, stop) is None
            and _LIKE_YOU.search(text, max(0, at - 16), at) is None
            # (nor a clause that ends "as you did": "I'm an NHS physio hoping to move into
            # rugby as you did in 2021" tells their move in the requester's words)
            and _AS_YOU_DID_BARE.search(text, at, stop) is None
        ):
            out = out[:at] + " " * (stop - at) + out[stop:]
    return out


def _without_shared_past(text: str) -> str:
    """`text` with a past the requester shares with the contact blanked, to the end of its
    clause: "we both worked at Pennant's Oxford Street store" is a connection, whatever fact
    of theirs names the store."""
    if " we " not in f" {text}":
        return text
    for match in _SHARED_PAST.finditer(text):
        stop = _clause_bounds(text, match.start(), match.end())[1]
        text = text[: match.start()] + " " * (stop - match.start()) + text[stop:]
    return text


def _matched_clause(text: str, shared: Collection[str]) -> tuple[int, int]:
    """The clause of `text` holding most of the words that matched a fact: the hook."""
    counts: dict[tuple[int, int], int] = {}
    for match in _WORD_RE.finditer(text):
        base = _lemma_stem(match.group())
        if base in shared or _CONCEPTS.get(base) in shared:
            bounds = _clause_bounds(text, match.start(), match.end())
            counts[bounds] = counts.get(bounds, 0) + 1
    if not counts:
        return 0, len(text)
    begin, stop = max(
        counts,
        key=lambda b: (
            _FIRST_PERSON.match(text, _skip_space(text, b[0])) is None
            # "I read your article on…" perceives them: it is about them, not the requester
            or _PERCEIVING_THEM.match(text, _skip_space(text, b[0])) is not None,
            counts[b],
            -b[0],
        ),
    )
    while begin < stop and not text[begin].isalnum():
        begin += 1
    return begin, stop


# The ask restated ("I'd like to learn about your practice in municipal bond law") names
# their field, not a reason: its words ground nothing.
_ASK_RESTATED = re.compile(
    r"(?:learn|hear|know|talk|chat|ask)(?: a bit| more| a little)? about (?:your|the) (?:\w+ )?"
    r"(?:career|experience|background|journey|work|role|path|practice|job|field|industry)s?"
    r"\b[^.;:!?\n]*"
)


_ANOTHER_QUESTION = re.compile(r"\b(?:how|what|whether|which|why|when|who|where)\b")


def _reason_text(sentence: Sentence, asked: list[tuple[int, int]]) -> str:
    """The sentence's lowercase text with the questions' spans and the ask restated
    blanked out."""
    text = sentence.low
    if "about" in text:
        for match in _ASK_RESTATED.finditer(text):
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    inside = 0
    last = 0
    for a, b in asked:
        if b <= sentence.start or a >= sentence.end:
            continue
        lo, hi = max(a, sentence.start) - sentence.start, min(b, sentence.end) - sentence.start
        text = text[:lo] + " " * (hi - lo) + text[hi:]
        inside, last = inside + 1, max(last, hi)
    if inside >= MAX_PER_SENTENCE and _ANOTHER_QUESTION.search(text, last) is not None:
        # A sentence asks more than the topics counted in it: what comes after the last
        # counted one is asked too ("…, and roughly how many pledges it takes").
        text = text[:last] + " " * (len(text) - last)
    return text


# --- the tie ------------------------------------------------------------------------------------

_FIRST_PERSON = re.compile(
    # "im", "ive": typed on a phone without the apostrophe.
    r"\b(?:i'm|i've|i'd|i'll|im|ive|i|my|me|we're|we've|we|our|us|mine|ours)\b"
    r"|\bas (?:a|an|someone|somebody|another|a fellow|one)\b(?! (?:result|example|way|matter"
    r"|reminder|quick|side note|follow|of now|well))"
)
# What "I saw" / "I heard" perceive when the requester perceives the contact or their work.
_PERCEIVED = (
    r"you|your|yours|the|a|an|this|that|these|those|it|its|his|her|him|them|their|about|of|on"
    r"|in|at|how|what|when|where|from|through|via|online|recently|last|yesterday|earlier|some"
    r"|one|mention|announced|reported|posted|featured|shared|mentioned|[\w-]+'s|[\w-]+ [\w-]+'s|that you|you're|you've|you'd"
    # ("…, which I heard was a big piece of work": what they heard of it, praised)
    r"|was|is|were"
)
# What follows a first-person word when it says nothing about the requester: perceiving the
# contact, the ask, courtesy, and empty enthusiasm.
# Liking to do these is a goal, not the ask: "I'd like to spend the next decade designing
# bilingual learning for adults".
_GOAL_TO = (
    r" to (?:spend|move|become|work (?:in|on|as)|build (?:my|a|an|our)|design|switch|transition"
    r"|get into|go into|retrain|pursue|make (?:the|a|my) (?:move|switch)|specialis|specializ"
    r"|train as|open (?:my|a|an|our)|launch (?:my|a|an|our)|start (?:my|a|an|our))"
)
# What the requester did with the hook itself: no situation of theirs.
_TOOK_IT_IN = re.compile(
    r"(?:i|we)(?: (?:actually|even|honestly|literally|really|just|also|have|'ve))* (?:listened to"
    r"|read|re-read|reread|watched|rewatched|shared|bookmarked|saved|forwarded|printed"
    r"|recommended|passed on|passed along) (?:it|this"
    r"|that|them|the (?:episode|post|article|talk|video|piece|thread))\b"
    # "…and I haven't stopped thinking about it": the hook landed; why, it does not say
    r"|(?:i|we)(?:'ve| have)? (?:haven't|have not|can't|cannot|couldn't|never) stop(?:ped)?"
    r" thinking about (?:it|this|that)\b"
    r"|(?:i|we) (?:keep|kept|still keep) (?:coming back to|thinking about) (?:it|this|that)\b"
    # "I've spent most of my 30-minute commute since then thinking about it"
    r"|(?:i|we)(?:'ve| have)? spent [^.;!?]{0,60}? thinking about (?:it|this|that)\b"
)
# The requester going to see the contact's thing, which tells how they met it, not why it
# matters to them (unless the clause goes on to say: "…as a volunteer at the railway archive").
_WENT_TO_YOURS = re.compile(
    r"(?:i|we)(?: (?:actually|even|finally|recently|just|also|have|'ve|had|'d))* (?:went to see"
    # (or the hook itself, its words blanked: "I went to Mill Voices twice this spring")
    r"|went to|visited|saw|attended|toured|caught) (?:your\b|\s{3,})"
    # "I've followed Verdant Rows for a while"
    r"|(?:i|we)(?:'ve| have)?(?: been)?(?: (?:closely|quietly|also))? follow(?:ed|ing)\b"
    # "I was at the Community Energy Gathering in March and caught your session…"
    r"|(?:i|we) (?:was|were) at (?:the |a )?[^,.;]{0,80}? and (?:caught|saw|heard|attended"
    r"|watched)\b"
)
_WHY_NOW = re.compile(r"\b(?:as|because|since|while|when) |\b(?:i|my|me|we|our)\b")
_EMPTY_FOLLOW = re.compile(
    r"(?:i|i'm|i've|i'd|i'll|im|ive|we|we're|we've)"
    r" (?:(?:also|just|recently|really|truly|very|so|was|am|have|had|would|will|do|did|a|an|"
    r"actually|even|honestly|literally|"
    r"especially|particularly|greatly|found|came|stumbled|then|once|always|genuinely|terribly"
    r"|awfully|extremely|ever)\s)*"
    # Perceiving is empty when it perceives them or their work ("I saw your talk", "I heard
    # Dana's podcast", or the hook itself, blanked), not what the requester lived through ("I watched sepsis get missed
    # at handoff", "I saw firsthand how…").
    rf"(?:(?:saw|seen|heard|noticed|watched|caught)(?=\s\s|\s+(?:{_PERCEIVED})\b|\s*[,.;:!?]|\s*$)"
    # (not "I've seen that change from the counter side": lived through, up close)
    r"(?![^.;!?]{0,50}\b(?:from the (?:[\w-]+ )?side|first-?hand|up close)\b)"
    # "I finished Float last weekend" (the hook blanked) reads it, not "finished a course"
    # ("I'm founding a trucking startup": a word of their own)
    r"|(?:finished|devoured)(?=\s\s|\s+(?:your|his|her|their|reading|listening)\b)|read"
    r"|found(?!ing\b)|loved"
    # "I came across your post", not "I came back to school" or "I came to Canada in 2019".
    r"|(?:came|come)(?! back\b| to (?!know|learn|hear|see|read|find)| from\b| here\b| over\b)"
    rf"|love(?!{_GOAL_TO})|enjoyed|like(?!{_GOAL_TO})|liked|admire"
    r"|admired|listened|attended|follow|followed|following|impressed|stumbled|learned"
    # "I have paid attention to the Quiet Winter campaign you ran" (Chinese 关注: followed)
    r"|(?:paid|pay|paying|been paying) (?:close |much |a lot of )?attention|honou?red|privileged"
    r"|discovered|been following|been reading|been watching|been listening|spent \d+ minutes"
    r"|been thinking (?:about|of) (?:it|this|that|them|your \w+)\b(?! (?:for|as|in) (?:my|our)\b)"
    # Hoping to hear from them is the ask; hoping to move into a field is a goal.
    r"|know|knew|understand|realise|realize|appreciate|wonder"
    r"|(?:hope|hoping)(?! to (?:move|switch|become|transition|pivot|get into|go into|retrain"
    r"|specialis|specializ|train as|make (?:the|a|my|that) (?:move|switch|jump|leap|transition)"
    r"|start (?:my|a|an|our)|open (?:my|a|an|our)|launch|build (?:my|a|an|our))\b)"
    # Wanting to write, ask or learn is the ask; wanting to end up on big jobs is a goal.
    r"|(?:wanted|want)(?= to (?:reach|ask|learn|hear|know|connect|say|thank|introduce|chat|talk"
    r"|speak|write|get in touch|see|find out|understand|share|pick|follow up|touch base|send"
    r"|let you|tell you|congratulate|express|contact|message|explore|discuss|better|request"
    r"|check|meet|inquire|enquire|invite|run)\b|\s*[,.;:!?]|\s*$)"
    # (not "I'm writing my first Go service": their own work)
    rf"|wondering|writing(?!$| up\b| for\b|[,.;:)]| (?:my|our|a|an) )|reaching|reach"
    rf"|(?:like|love)(?= to)(?!{_GOAL_TO})"
    r"|be (?:grateful|glad|happy|thankful"
    r"|delighted|honou?red)|grateful|glad|happy|thankful|excited|passionate|interested"
    r"|curious|keen|eager|fan|big fan|inspired|fascinated|looking forward|thank|thanks"
    # "I'm so sorry to bother you": an apology tells nothing of the requester
    r"|sorry|apologi[sz]e|hate to (?:bother|intrude|disturb)"
    # "I must say it is a very detailed piece of work": a verdict on the hook, said
    r"|(?:must|have to|had to|should) (?:say|admit|confess)"
    # "I can't wait to hear" is enthusiasm; "I can't picture it working here" tells of them.
    r"|welcome|promise|won't|will keep|keep|ask|asking|am writing|may|might|could(?!n't)"
    # "I would value 20 minutes": the ask (not "I value residential properties": a job)
    r"|(?:(?<=d )|(?<=ly ))(?:value|treasure)\b"
    r"|can(?!'t|not)|(?:can't|cannot|couldn't) (?:wait|thank|tell you|say|stop|help but)"
    rf"|care|(?:would|'d) (?:love|like)(?!{_GOAL_TO})|feel|felt|think|thought|figured|believe"
    r"|congratulat"
    r"|got (?:your|the) (?:name|details|contact|email|number)|was (?:referred|pointed|given your)"
    r"|agree|agreed|totally agree|completely agree|fully agree|learnt|took (?:away|notes)"
    # "in line with where I see myself going": a direction, nothing told
    r"|(?:see|picture|imagine|envision) myself"
    # "I didn't expect a policy document to be a page-turner": surprise at the hook, praise
    r"|(?:didn't|did not|never) (?:expect|expected|think|thought|imagine|imagined)\b"
    # "I have great admiration for how calmly you defended your position": praise, said
    r"|(?:(?:great|deep|huge|enormous|tremendous|immense|so much|a lot of|the (?:greatest"
    r"|utmost|deepest|highest)) )?(?:admiration|respect) for"
    r"|find (?:it |this |that |them )?(?:really |so |very |truly )?(?:fascinating|interesting"
    r"|exciting|inspiring|compelling|rewarding|meaningful|cool|amazing))"
)
_EMPTY_WORDS = word_set(
    """
passion passionate interest interests interested interesting care field fields industry space area
stayed stuck reminded remind reminds admire admired always
areas topic topics work career careers path excited excite fascinated inspired inspiring
great love learn learning more much really very lot lots fit fits fitting aligns align
aligned resonate resonates resonated share shared connect connecting chat talk call meet
meeting conversation minutes time advice insights insight perspective thoughts story
hear ask questions question opportunity opportunities role roles position spent reading
learned learnt notes drew drawn reason matches writing reaching fan fans huge massive
admirer follower accomplished impressed amazing inspired someone fascinating exciting
inspiring compelling rewarding meaningful kind sort type closely deeply strongly perfectly nicely
speaks speak spoke values value line thing things myself heart dear close personally genuinely
goosebumps chills obsessed stuff gave subject subjects exactly precisely find finds
jumped jumps leapt stood stands street alley minute moment right
"""
)
# "getting into it": the hook's own work, as where the requester is headed.
_INTO_IT = r"(?:getting|get|moving|move|going|go|breaking|break) into (?:it|this|that)"
_REFERS_BACK = re.compile(
    r"\b(?:this|that|these|those)\b(?! (?:you|i|we|he|she|they|your|the|a|an)\b)"
    r"|\bit (?:is|was|'s|has|had|made|gave|changed|matched|helped|answered|put|would|will"
    r"|felt|showed|speaks)\b|\bwhich\b|\bwhy\b|\bbecause\b|\bso (?:i|my|we|it|our)\b"
    rf"|\b{_INTO_IT}\b"
    r"|\bexactly\b|\bdirectly\b|\bsame\b|\bsimilar\b|\bsuch\b|\bthe reason\b|\bmatch"
    r"|\balso\b|\btoo\b|\b(?:first|next|own|same|similar) one\b|\bof (?:my|our) own\b"
    # "So your article tying turnover to rota changes hit home": a consequence of the last.
    r"|^(?:and )?so\b"
    # "Then I came across Ashfield v. Corvan…": the story goes on from the sentence before.
    r"|^(?:and )?then,? (?:i|we)\b|^that's (?:how|when|where) (?:i|we)\b"
    # "…into a long project like yours": their piece of work, pointed back to.
    r"|\b(?:like|as|than|to|with) yours\b"
    # "I've been reading everything by lawyers who moved in-house. Your piece… was the most
    # practical of the lot": one of those the sentence before told of.
    r"|\b(?:of the lot|of them all|of all of them|of all those|among them)\b"
    r"|\b(?:tried|try|trying|done|doing|do|did|use|using|used|adopt|adopting|start|starting"
    r"|plan|planning|considering|need|needed) (?:it|them)\b(?![\w'])"
    r"|\b(?:start|starting|open|opening|build|building|set up|setting up|launch|launching|run"
    r"|running|create|creating|have|want|need|plan|planning) (?:one|our own|something similar"
    r"|something like (?:it|that|this))\b"
)


# A school, programme or place the requester says they shared with the contact ("we were
# both in the same program at UW"): "connection only" in the rubric.
_SHARED_PAST = re.compile(
    r"\bwe (?:were |are |both |also )*(?:in|at|from|went to|studied|attended|graduated)\b"
    # "we both worked at Pennant's Oxford Street store"
    r"|\bwe (?:both |also |each )+(?:worked|interned|trained|volunteered|started) (?:at|in|for|on)\b"
    # "I saw we both went through the CodeBridge cloud bootcamp"
    r"|\bwe (?:both |also |each )+(?:went through|did|completed|attended|finished)\b"
    # "We're both Cornell materials science people"
    r"|\bwe(?:'re| are| were)? (?:both |also |all )+(?:[\w-]+ ){0,3}?(?:people|alums?|alumni"
    r"|grads|graduates|folks)\b"
)


_MY_PASSION = re.compile(
    r"\b(?:is|are|has always been|have always been|has been|have been|remains) (?:really "
    r"|truly )?(?:my|our) (?:\w+ )?(?:passion|calling|dream|love|thing|obsession)\b"
    # "close to my heart and fits what I care about most in agriculture"
    r"|\b(?:close|dear) to (?:my|our) hearts?\b|\bwhat (?:i|we) (?:care|feel strongly) about\b"
)
_ALIGNS_WITH_MINE = re.compile(
    r"\b(?:aligns?|aligned|resonates?|resonated|fits?|chimes?|connects?)(?: \w+){0,2} (?:with|to)"
    r" (?:my|our) (?:\w+ )?(?:passion|passions|interests?|commitment|values|desire|mission)\b"
    # "Greenmile has been my dream employer for a while now": a wish to work there
    r"|\bmy dream (?:employer|company|job|workplace|firm|team)\b"
    # "It really resonated with me and with what I care about in the built environment"
    r"|\b(?:aligns?|aligned|resonates?|resonated|fits?|chimes?|connects?|match(?:es|ed)?)"
    r"(?: \w+)? (?:(?:with|to) )?(?:me,? (?:and (?:with )?)?)?what (?:i|we) (?:really |most )?"
    r"(?:care|feel strongly|am passionate|'m passionate) about\b"
)
_PASSIONATE_ABOUT = re.compile(
    # ("As someone who is deeply passionate about strategic communications")
    r"(?:(?:i|we)(?:'m| am|'re| are|'ve always been| have always been)"
    r"|as (?:someone|somebody|a person) (?:who is|who's|who has always been))(?: (?:really|truly|very|so"
    r"|deeply|genuinely|also|extremely|incredibly))* (?:passionate|enthusiastic) about"
    r"(?: (?:the |all )?[\w-]+){1,3}(?: (?:and|&) (?:the )?[\w-]+(?: [\w-]+)?)?"
)
# The requester named, and perhaps placed, and nothing more.
_BY_NAME = re.compile(
    r"(?:I am|I'm|this is|This is) [A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3}"
    r"(?:,? (?:from|in|based in) [A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)*(?:, [A-Z][\w'-]+)*)?"
    r"[.,!]?\s*$"
)


def _without_hook(sentence: Sentence, hook: tuple[int, int]) -> str:
    """The sentence's lowercase text with the hook's words (offsets in the body) blanked."""
    text = sentence.low
    lo = max(hook[0] - sentence.start, 0)
    hi = min(hook[1] - sentence.start, len(text))
    return text[:lo] + " " * (hi - lo) + text[hi:] if lo < hi else text


# ("…really caught my eye", "it's right up my street")
_DEGREE_INITIALS = frozenset(["MA", "BA", "MS", "BS", "MD", "JD", "RN", "PA", "NP", "DO"])
_CAUGHT_MY = re.compile(r"my (?:eye|attention|interest|imagination|street|alley)\b")
_MY_MESSAGE = re.compile(
    r"my (?:connection |linkedin )?(?:request|invitation|invite|note|message|email|e-mail|mail"
    r"|inmail)s?\b(?! (?:on|about|to) )"
)
_ANSWERED_MINE = re.compile(
    r"\b(?:taking|answering|fielding|replying to|responding to"
    # "thank you again for stopping by my poster": what they did at the meeting
    r"|stopping by|dropping by|coming by|coming to|visiting|looking at|reviewing|judging) $"
)


def _ties_in(
    sentence: Sentence, skip: Collection[str], hook: tuple[int, int] | None = None
) -> Iterator[tuple[int, int, frozenset[str], int]]:
    """A first-person clause of `sentence` that says something about the requester, with
    its content stems and where the first-person words start; the hook's own words
    (`hook`, offsets in the body) are left out."""
    text = sentence.low if hook is None else _without_hook(sentence, hook)
    for match in _SPEAKER.get().finditer(text):
        pronoun = match.group()
        # (for a message written for someone else: "she" is "i", "her" is "my")
        pronoun = _AS_FIRST.get(pronoun, "my" if pronoun.endswith("'s") else pronoun)
        if text.startswith("my name", match.start()) or text.endswith("you and ", 0, match.start()):
            continue  # "My name is Teresa"; "You and I overlapped…" is the meeting
        if (
            pronoun not in ("my", "our", "me", "us", "mine")
            and _EMPTY_FOLLOW.match(text, match.start())
            # ("the seminar paper I'm writing on how the Act applies…": their own piece)
            and _OWN_PIECE_BEFORE.search(text, max(0, match.start() - 30), match.start()) is None
        ):
            continue
        if pronoun == "me" and _ME_WRITING.match(text, match.end()) is not None:
            continue  # "hope you don't mind me reaching out": the message, not the requester
        if pronoun == "me" and _PASSED_TO_ME.search(
            text, max(0, match.start() - 24), match.start()
        ):
            continue  # "Your talk … was mentioned to me by another of my clients": how they heard
        if (
            pronoun == "our"
            and _OUR_TRADE.match(text, match.start()) is not None
            and _RARE_IN.search(text, max(0, match.start() - 24), match.start()) is not None
        ):
            continue  # "clearly written, which is rare in our trade press": praise
        if (
            pronoun == "me"
            and _GIVE_ME.search(text, max(0, match.start() - 32), match.start()) is not None
            and _TIME_GIVEN.match(text, match.end()) is not None
        ):
            continue  # "If you can give me 20 minutes some day": the ask, not the requester
        if (
            pronoun in ("i", "i've", "ive")
            and _BEST_SEEN.match(text, match.start()) is not None
            and _SUPERLATIVE_BEFORE.search(text, max(0, match.start() - 60), match.start())
        ):
            continue  # "one of the clearest sales videos I've seen": praise, not the requester
        if (
            pronoun == "me"
            and _STAYED_WITH.search(text, max(0, match.start() - 24), match.start()) is not None
            and not text[match.end() : _clause_bounds(text, match.start(), match.end())[1]].strip(
                " .!,;"
            )
        ):
            continue  # "The finding that one in three… stayed with me.": how it landed
        if pronoun == "my" and _CAUGHT_MY.match(text, match.start()) is not None:
            continue  # "…really caught my eye": it landed; why, it does not say
        if pronoun == "my" and _MY_MESSAGE.match(text, match.start()) is not None:
            continue  # "Kindly accept my request": the message itself, not the requester
        if pronoun == "my" and _ANSWERED_MINE.search(
            text, max(0, match.start() - 20), match.start()
        ):
            continue  # "thank you for taking my question about the foxing": the meeting
        if (
            pronoun == "me"
            and _INTEREST_BEFORE.search(text, 0, match.start()) is not None
            and _GOAL_AFTER_ME.match(text, match.end()) is None
        ):
            continue
        begin, stop = _clause_bounds(text, match.start(), match.end())
        if _SHARED_PAST.search(text, begin, stop) is not None:
            continue  # "we were both in the same program at UW": a connection, no tie
        went = _WENT_TO_YOURS.match(text, match.start())
        if went is not None and _WHY_NOW.search(text, went.end(), stop) is None:
            continue  # "I went to see your Paper Trails exhibition twice": how, not why
        if _BY_NAME.match(sentence.cased, match.start(), stop) is not None:
            continue  # "I am Elif Kaya from Denizli, Türkiye": who, not why
        # What the clause says from the first-person word on, and the few words just
        # before it ("a project I'm leading").
        words = _WORD_RE.findall(text[begin : match.start()])[-4:]
        words += _WORD_RE.findall(text[match.start() : stop])
        content = [w for w in _concrete(words, skip) if w not in _EMPTY_WORDS]
        # ("I own our CI": a field in two capitals counts)
        content += [
            m.group().lower()
            for m in _INITIALS.finditer(sentence.cased, match.start(), stop)
            # (not the hook's own, blanked; nor a degree: "completed an MA" is a credential)
            if text[m.start()] != " "
            and m.group() not in _DEGREE_INITIALS
            and m.group().lower() not in STOPWORDS  # ("WHO I AM": a heading in capitals)
        ]
        # "sustainability is my passion": a field named as loved, nothing told of the
        # requester's own work
        if len(content) <= 1 and _MY_PASSION.search(text, begin, stop) is not None:
            continue
        # "This aligns perfectly with my passion for public health and my commitment to
        # making a meaningful impact": a field loved and a cause embraced, whatever their words
        if _ALIGNS_WITH_MINE.search(text, 0, stop) is not None:
            continue
        # "…because I am deeply passionate about the intersection of finance and climate
        # action": a field loved, and nothing more in the clause
        if _PASSIONATE_ABOUT.fullmatch(text[match.start() : stop].rstrip(" .,;:!")) is not None:
            continue
        if content:
            yield begin, stop, frozenset(_lemma_stem(w) for w in content), match.start()


def _tie_in(
    sentence: Sentence, skip: Collection[str]
) -> tuple[int, int, frozenset[str], int] | None:
    """The first clause that says something about the requester beyond a bare role."""
    for found in _ties_in(sentence, skip):
        if not _bare(sentence.low[found[3] : found[1]], skip):
            return found
    return None


_PASSED_TO_ME = re.compile(
    r"\b(?:mentioned|recommended|suggested|passed|forwarded|sent|shown|pointed out) to $"
)
_OUR_TRADE = re.compile(
    r"our (?:trade press|trade|industry|field|profession|sector|world|line of work|business)\b"
)
_RARE_IN = re.compile(r"\b(?:rare|unusual|uncommon|scarce|hard to find|unheard of) in $")
_GIVE_ME = re.compile(r"\b(?:if|when) you (?:can|could|are able to) (?:give|spare|grant) $")
_TIME_GIVEN = re.compile(
    r" (?:\d+|a few|some|half an?|an?|one|two|ten|fifteen|twenty|thirty|your)\b(?! (?:advice"
    r"|feedback|tips?|pointers)\b)"
)
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:best|most \w+|\w{3,}est|finest) (?:[\w-]+ ){0,4}$")
_BEST_SEEN = re.compile(
    r"i(?:'ve|ve| have| had)? (?:ever )?(?:seen|saw|read|heard|watched|attended|caught|come across"
    r"|listened to)\b"
)
_OWN_PIECE_BEFORE = re.compile(
    r"\b(?:paper|thesis|dissertation|article|essay|book|report|chapter|proposal|brief|piece"
    r"|column|case study|business plan|capstone) $"
)
_STAYED_WITH = re.compile(
    r"\b(?:stuck|stayed|sat|lingered|stays|sticks) (?:with|w/?) $|\b(?:struck|moved|haunted) $"
)
_ME_WRITING = re.compile(
    r" (?:reaching out|writing|contacting you|getting in touch|messaging|emailing|connecting"
    r"|asking|sending)\b"
)
# "…which is what drew me to X": an interest statement, not the requester's background.
_INTEREST_BEFORE = re.compile(
    r"(?:drew|draws|drawn|got|sparked|inspired|inspires|inspire|made|led|pulled|attracted"
    r"|motivates|motivated|excites|excited) $"
)
# "…is what made me want to work in housing law": a goal the hook caused, not mere interest.
_GOAL_AFTER_ME = re.compile(
    r" (?:want|decide|choose|apply|start|retrain|train|switch|enrol|enroll|sign up|go back)"
    r"(?:ed)? (?:to )?(?:[a-z-]+ ){0,2}?(?:in|into|as|for|on) [a-z-]{4,}"
    # "…made me want to become a physio"
    r"| (?:want|decide|choose)(?:ed)? to (?:become|be|study|pursue) (?:a |an )?[a-z-]{4,}"
    # "…made me start thinking about becoming an inspector myself"
    r"| (?:start(?:ed)? |begin |began )?(?:think|consider|look|plan)\w* (?:about |of |into |at )?"
    r"(?:becoming|training|retraining|moving|switching|going|studying|applying|working)\b"
    # "…got me into social strategy": the field the requester went into because of it.
    r"| into (?!it\b|this\b|that\b|the idea\b)(?:[a-z-]+ ){0,2}?[a-z-]{4,}"
    # "…is what got me to apply", "…is what made me want to cover courts myself": a step
    # taken, or the work itself wanted, because of it
    r"| to (?:apply|enrol|enroll|retrain|switch|sign up)\b"
    r"| want(?:ed)? to [a-z-]{3,} (?:[a-z-]+ ){0,3}?(?:myself|too|for a living)\b"
)
# What makes a tie in the hook's own sentence: the message links the two.
_LINK = word_pattern(
    r"exactly|because|\bwhy\b|which is|that is|the reason|\bso (?:i|my|we|it|our|your)\b"
    r"|match|fits|close to|similar|same|relevant|useful|helped|help me|changed|answered|put words"
    r"|hit home|struck a chord"
    r"|speaks to|spoke to|reminded|mirror|like mine|like ours|(?:for|to|in|at|on|with|into) "
    r"(?:my|our)\b|what (?:i|we)\b|where (?:i|we)\b|problem|struggl|facing|weighing|\btry"
    r"|apply|applied|adopt|bring|build on|made me|led me|\bthing i|part i|kind of|version of"
    r"|too\b|also\b|as well|parallel|overlap|echo|just like|path i|move i|step i|want next"
    r"|hoping to follow|plan to|considering|deciding|thinking about|weighing|wrestling"
    r"|like you\b|as you did|\bas (?:i|we|my|our)\b(?! (?:mentioned|said|wrote|noted|explained)\b)|\bsince (?:i|we|my|our)\b|given my"
    r"|\b(?:when|while|which|how) (?:i|we)\b|for someone like me|\bfor (?:my|our)\b"
    r"|\b(?:part|side|kind|sort|area) of (?:my|our) (?:job|work|role|day|practice|career)\b"
    r"|\b(?:to|with|for|than|of) (?:ours|mine)\b"
    # "…the best framing I've heard for the industry paper I'm writing": the requester's own
    # work, named after what it is for.
    r"|\bfor (?:the|a|an|this) (?:[\w-]+ ){0,3}?[\w-]+ (?:i|we)(?:'m| am|'re| are|'ve been| have"
    r" been)? (?:writing|building|running|leading|planning|doing|working on|preparing"
    r"|researching|designing|drafting|developing|teaching|making|putting together)\b"
)


# "I'm a sous-chef", "as a nurse", "I work in procurement too": a role or field alone says
# who they are, not why this matters.
_BARE_ROLE = re.compile(
    # "I'm an SRE drowning in alerts" tells the requester's problem, not only the role.
    r"(?!.*\b(?:drowning|struggling|stuck|buried|swamped|battling|wrestling|overwhelmed)\b)"
    # "a new social worker with hoarding cases": the caseload is the requester's situation
    r"(?!.*\bwith (?:[\w-]+ ){0,2}(?:cases|clients|patients|caseloads?|accounts|students"
    r"|projects)\b)"
    # "a new PM in Lower Hutt with awful churn": the trouble named is the situation
    r"(?!.*\bwith (?:an? )?(?:awful|terrible|horrible|bad|huge|massive|chronic|crippling|rising"
    r"|high|growing|constant|endless|serious) [\w-]+)"
    # ("a master's student in geotechnical engineering")
    r"(?:(?:hi [\w ]+, )?(?:(?:i'm|i am|as) )?(?:also )?(?:a|an|the|one) (?:[\w/&>+.'-]+ ){0,2}[\w-]+"
    # "a data analyst at a commercial bank in Lagos": where the role is, said twice over.
    r"(?: (?:at|in|from|with) (?:a|an|the)? ?[\w-]+(?: [\w-]+)?){0,2}"
    # "a practice educator in a hospital social work team": the unit they work in
    r"(?: (?:in|on|with) (?:a|an|the|our|my) (?:[\w-]+ ){1,3}(?:team|unit|ward|department"
    r"|service))?"
    # "a band 5 physio currently on rotation in Leeds"
    r"(?:,? (?:currently |now )?on (?:rotation|placement|nights|days)(?: (?:in|at) [\w-]+"
    r"(?: [\w-]+)?)?)?"
    r"|i(?: also)?(?: work| am|'m)(?: also)? (?:in|at|as|on) (?:a |an |the )?(?:[\w-]+ ){0,2}[\w-]+"
    # "I hold an ATPL": a licence, no more than a role
    r"|i (?:also )?(?:hold|have) (?:a|an|the|my) (?:[\w-]+ ){0,2}?(?:licen[cs]e|certificate|ticket"
    r"|atpl|cpl|ppl|cdl|cscs|cpa|acca|cfa|cpc|rn|pe|peng)\b)"
    # "I work in procurement too, at Kelby Borough Council"
    # ("I'm a 2D animator too, working in Toon Boom": the tools of the same trade)
    r"(?:(?: too| as well| also)(?:,? (?:at|in|for|with|working (?:in|at|with|on|for)|using)"
    r" (?:a |an |the )?[\w-]+(?: [\w-]+){0,2})?)?"
    # "…at a hospital downtown, been doing it 4 years": how long, said of the role.
    r"(?:,? (?:(?:and )?(?:i've |i have |have )?been (?:doing (?:it|this|that) |at it |there |here"
    r" |[a-z]+ing )?(?:for )?"
    r"|for )(?:(?:about|over|almost|nearly|around|the (?:last|past)) )?[\w-]+ (?:years?|yrs?"
    r"|months?))?"
    # "an actuarial graduate inspired by your rise to CEO": moved by them, nothing more of the
    # requester (unless it goes on to a goal of theirs: "…inspired by your talk to retrain")
    r"(?:,? (?:(?:deeply|truly|really|very|so|greatly|hugely) )?(?:inspired|fascinated"
    r"|impressed|intrigued|amazed|moved) by (?![^,;]*\b(?:to|my|our|i|we|me)\b)[^,;]*)?"
    r"(?:,? (?:and|but|so) (?P<rest>.*))?"
)


# A student and where, and nothing more: "I am a student of mechatronics engineering at the
# Polytechnic University of San Luis Potosí, in 8th semester".
_BARE_STUDENT = re.compile(
    r"(?:i'm|i am|im) (?:a |an )?(?:[\w-]+ )?(?:student|undergraduate|postgraduate)"
    r"(?! (?:\w+ )*?(?:and|but|so|where|who|which|that|because|working|doing|writing|researching"
    r"|building|looking|hoping|trying|planning|interested|focusing|focused|specialising"
    r"|specializing|specialised|specialized|majoring|concentrating|on|into|about|with)\b)"
    r"(?: (?:of|in|at|from|studying) [\w' -]{1,80}?)?(?:,? (?:in )?(?:my |the )?\w+ (?:semester"
    r"|year|term))?"
)
# (a year alone is no figure: "I'm a marketing graduate (Exeter, 2024)")
_ROLE_ASIDE = re.compile(r"\s*\((?:[^()\d]|(?<!\d)(?:19|20)\d\d(?!\d))*(?:\)|$)")


def _bare(clause: str, skip: Collection[str]) -> bool:
    """A role or field and nothing more ("I'm a product manager and this fits what I care
    about"): what follows the role says nothing about the requester."""
    if "(" in clause:
        # (an aside on the role adds nothing: "I'm in customer success too (well, account
        # management, close enough!)"; one with a figure may: "(10-day close, ouch)")
        clause = _ROLE_ASIDE.sub("", clause).rstrip(".!")
    if _BARE_STUDENT.fullmatch(clause.strip(" ,;:-.")) is not None:
        return True
    role = _BARE_ROLE.fullmatch(clause.strip(" ,;:-"))
    if role is None:
        return False
    rest = _WORD_RE.findall(role["rest"] or "")
    return not [w for w in _concrete(rest, skip) if w not in _EMPTY_WORDS]


# A sentence that asks for the meeting or says what the requester would like: not their
# situation.
_ASKING = re.compile(
    r"\b(?:would|could|can|may|might) (?:you|i|we)\b|\b(?:would|'d) (?:love|like|be)\b"
    # (not a goal: "instructing is where I'd like to go next")
    # ("I would like to avoid the mistakes that only show afterwards")
    r"(?! to (?:go|move|end up|head|get|specialise|specialize|pivot|transition|avoid)\b)"
    r"|\b(?:coffee|minutes?|(?<!on )(?<!on-)call|chat|meet|meeting|pick your brain)\b"
    # "I run a coffee cart", "I work in a call centre": a business, not the meeting
    r"(?! (?:cart|shop|bar|roaster|roastery|business|truck|stand|van|house|chain|company|brand"
    r"|farm|cent(?:re|er)s?)\b)"
    r"|\b(?:connect|hear|learn)(?:ing)? (?:with|about|from|more|how|what|your)\b"
    # "Please tell me how you choose the chunk size": a question, asked as a request
    r"|\btell (?:me|us) (?:how|what|why|whether|which|when|where|about|if)\b"
)
# Minutes that time the requester's story, not the meeting: "I watch guests wait forty
# minutes for a manager", "I spent 20 minutes on your post".
_STORY_MINUTES = re.compile(
    r"\b(?:wait|waits|waited|waiting|spend|spends|spent|took|takes|lasted|lasts|drive|drives"
    r"|drove|walk|every|each|after|within) (?:[\w-]+ ){0,2}?minutes?\b"
)


def _asking(text: str) -> bool:
    """Whether a sentence asks for the meeting, in any of _ASKING's ways."""
    if "minute" in text:
        text = _STORY_MINUTES.sub(" ", text)
    return _ASKING.search(text) is not None


# A question that asks for the meeting: "Could we talk…?", "Would you have 20 minutes…?".
_MEETING_ASK = re.compile(r"(?:so,? |and |but |also,? )?(?:would|could|can|may|might|will|do)\b")
_JUXTAPOSED = re.compile(r"[;:]|\s[-–—]\s")


_COUNTS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", *_NUMBER_WORDS]
)


def _compound(word: str) -> list[str]:
    """The words of a compound made of whole words ("shipping-container"), else none."""
    parts = word.split("-")
    if all(len(p) >= 4 for p in parts):
        return parts
    # "a four-day week trial" and "moved to four days": a number and its unit
    counted = len(parts) == 2 and parts[0] in _COUNTS
    return parts if counted and len(parts[1]) >= 3 else []


# Concepts specific enough that naming one in each of two sentences links them.
_LINKING_CONCEPTS = frozenset({"~return", "~move"})


def _linked(first: Sentence, second: Sentence, skip: Collection[str]) -> bool:
    """Two neighbouring sentences that speak of one thing: a shared content word, or the
    second refers back to the first ("that same move", "so it was directly useful")."""
    if _REFERS_BACK.search(second.low) is not None:
        return True
    words_a = {_lemma_stem(w) for w in _concrete(_WORD_RE.findall(first.low), skip)}
    words_b = {_lemma_stem(w) for w in _concrete(_WORD_RE.findall(second.low), skip)}
    # "a shipping-container farm" and "aquaponics in containers" speak of one thing
    # (compounds of whole words only: "pre-apprentice" is no "apprentice")
    words_a |= {_lemma_stem(p) for w in words_a if "-" in w for p in _compound(w)}
    words_b |= {_lemma_stem(p) for w in words_b if "-" in w for p in _compound(w)}
    if words_a & words_b:
        return True
    # One step told in other words: "your talk on coming back to tech after caregiving hit
    # home. I'm returning after four years."
    concepts = {_CONCEPTS.get(w) for w in words_a} & _LINKING_CONCEPTS
    if concepts and concepts & {_CONCEPTS.get(w) for w in words_b}:
        return True
    # Words of one family the light stemmer leaves apart ("libraries" / "librarian").
    prefixes = {w[:6] for w in words_a if len(w) >= 6}
    return any(w[:6] in prefixes for w in words_b if len(w) >= 6)


# "…with the same itch", "w/ a similar plan": the requester's aim, the hook's own.
_SAME_AIM = (
    r"\b(?:with|w/) (?:the |a )?(?:same|similar) (?:itch|goal|plan|dream|ambition|move|path|jump)\b"
)


_GOAL = re.compile(
    # "the sort of youth work I hope to do": one word may say what kind.
    r"\b(?:the|a|that) (?:same |very same |exact |similar |kind of |sort of |type of )?"
    r"(?:[\w-]+ )?(?:move|path|step|switch|jump"
    r"|leap|transition|change|route|problem|challenge|question|thing|work|project|decision"
    r"|job|role|career|lane|direction|road|track)"
    # "the path from crew work to planning I'm hoping to take"
    r"(?: (?:from|out of) [^.;:!?,]{2,50}? (?:to|into) [\w-]+(?: [\w-]+)?)?"
    r" (?:that )?(?:i|we)(?:'d| would|'m| am|'re| are|'ve| have)?"
    r" (?:(?:now |currently |also |been |really )?(?:like to|love to|hope to|hoping to|want to"
    r"|plan to|planning to|trying to|about to|considering|facing|making|weighing|dealing with"
    r"|struggling with|working on|stuck on|wrestling with)|make|take|face|need"
    r"|want (?:next|to do next|to move into|to be doing)|want(?=\s*[.!?,;]|\s*$))"
    r"|\bwhat (?:i|we)(?:'m| am|'re| are|'d| would)? (?:(?:now |currently )?(?:want|hope|plan"
    r"|hoping|aiming|trying|need|like|love|about) to|considering|planning) (?:do|make|build|try|start|copy"
    r"|adopt|replicate|emulate|apply|implement|introduce|set up|run|follow)\b"
    # "…is the reason I think I can move from technical manuals into picture books"
    r"|\b(?:is|was) (?:exactly |partly |largely |a big part of )?the reason (?:i|we)(?:'m| am|'ve"
    r"| have)? (?:now |finally )?(?:think|believe|decided|want|hope|plan|started|began|applied"
    r"|enrolled|chose)\b[^.;!?]{0,100}"
    # "…is why I want to specialise in timber frames": the hook caused the requester's goal.
    r"|\b(?:is|was) (?:exactly |partly |largely |the reason |a big part of )?why (?:i|we)(?:'m| am"
    r"|'ve| have|'re| are)? (?:now |decided |chose |started |began )?(?:want|hope|plan|decided"
    r"|chose|started|began|trying|applying|moving|switching|retraining|training|studying"
    r"|specialis|specializ)\w* (?:to )?[a-z-]+ (?:in |into |on |as |for )?[a-z-]{4,}"
    # "I'm hoping to make the same move", "I'm thinking of making that exact jump": the
    # requester's plan, said to be the hook's own.
    r"|\b(?:i|we)(?:'m| am|'re| are|'d| would|'ve| have)? (?:\w+ )?(?:hop|plan|aim|look|try|go"
    r"|think|consider|want|intend|like|love|mak|tak|follow)\w* (?:(?:to|of|about|on) )?(?:\w+ )?"
    r"(?:the|that|this|a) (?:same|similar|exact|very same) (?:\w+ )?(?:move|path|step|switch|jump"
    r"|leap|transition|change|route|thing|problem|challenge)\b"
    # "I'm a commercial lawyer in Dublin looking at the same jump"
    r"|\b(?:looking at|weighing|considering|eyeing|eying|planning|attempting|mulling)"
    r" (?:the|that|this) (?:same|exact|very same|similar) (?:move|jump|switch|leap|transition"
    r"|path|step|change)\b"
    # "the exact jump I'm thinking of making", "the same switch I've been weighing"
    r"|\b(?:the|that|this) (?:same|exact|very same|similar) (?:move|path|step|switch|jump|leap"
    r"|transition|change|route) (?:that )?(?:i|we)(?:'m| am|'re| are|'ve| have)? (?:been )?"
    r"(?:thinking (?:of|about)|looking at|eyeing|mulling|weighing|planning|hoping)"
    # "…from someone who made the same jump from the same kind of job": the requester's own
    # move, said to be the hook's.
    r"|\bthe (?:same|exact|very same) (?:jump|move|switch|leap|transition|path|step|change)"
    r" (?:from|out of) (?:the same|my|a similar|the kind of)\b"
    # "…hit home, 4th-yr PhD w/ the same itch": the requester's aim, said to be the hook's
    rf"|{_SAME_AIM}"
    # "Vineyard crew here, curious about getting into it": the hook's own work, as an aim
    r"|\b(?:curious|keen|interested|hoping|looking|thinking|trying) (?:about |in |of |at |to )?"
    rf"{_INTO_IT}\b"
    # "that's where I want to go next", "which is what I hope to do"
    r"|\b(?:that's|that is|which is|it's|it is|this is) (?:exactly |just |precisely )?(?:where"
    r"|what) (?:i|we)(?:'m| am|'re| are)? (?:\w+ )?(?:want|hope|plan|aim|trying|like|love|need)"
    r"(?: to)? (?:go|be|do|head|move|get|end up|work)\b"
    # "Retrofit work in old buildings is exactly where I want to end up": the kind of work
    # named, and said to be the requester's aim.
    # ("…and education is where I'd like to go next")
    r"|\b(?:is|are) (?:exactly |just |precisely )?(?:where|what) (?:i|we)(?:'m| am|'re| are|'d"
    r"| would)?"
    r" (?:\w+ )?(?:want|hope|plan|aim|trying|like|love|need)(?: to)? (?:go|be|do|head|move"
    r"|get|end up|work)\b"
)


_WEAK_LINKS = frozenset(["too", "also", "as well"])
# Leaving the armed forces: "getting out in June", "leaving the Army".
_LEAVING_SERVICE = (
    r"(?:getting|transitioning|separating|retiring) out"
    r"|leaving the (?:army|navy|air force|marines|military|service|forces|corps)"
)
_TASK = re.compile(
    r"\b(?:(?:been |was |were )?asked to|about to|tasked with|in charge of|(?:planning|trying|need"
    r"|have|going) to (?:pick|choose|build|set up|start|launch|run|design|replace|move|switch"
    r"|introduce|roll out|fix|cut|open)|(?:been |was |were )?(?:handed|assigned) (?:a|an|the)"
    r"|(?:i'm|i am|we're|we are) (?:now |currently )?(?:setting up"
    r"|building|launching|choosing|replacing|moving|switching|rolling out|starting|designing"
    r"|introducing|preparing|getting ready)"
    # "a small firm that's just taken on its first groundwater case"
    r"|(?:just |now |recently )?taken on (?:a|an|its|our|my|their) (?:first |new )?"
    r"|(?:my|our) (?:final |capstone |current |first |new )?(?:project|dissertation|thesis"
    r"|assignment|brief) is"
    # "10 yrs Army signals, getting out in June.": about to leave the service
    rf"|{_LEAVING_SERVICE})\b"
)


# The hook said to be something of the requester's, right after it: "your eel eDNA paper is
# my template", "your shoulder injury work with wheelchair racers is what I want to learn",
# "…is exactly the problem we have".
_EQUATED = re.compile(
    r",? (?:is|was|are|were|has been|became) (?:(?:exactly|basically|really|pretty much"
    r"|essentially|precisely|now|just|also|honestly) )*"
    # "…is basically ch. 3 of my thesis", "…is half of my dissertation"
    r"(?:(?:ch\.|chapter|part|section|half|most|much|the core|the heart|the basis) (?:\d+ |one |two"
    r" |three |four |five )?of )?(?:my|our"
    # "…is what my estates need"
    r"|(?P<whole>what (?:my|our) (?:[\w-]+ ){0,2}?(?:need|needs|lack|lacks|want|wants"
    r"|are missing))"
    r"|what (?:i|we)(?:'m| am|'re| are"
    # "…is how I learned trim sheets": what the requester learned from it
    r"|'d| would|'ve| have)?|how (?:i|we) (?:first |finally )?(?:learned|learnt|got into|taught"
    r" (?:myself|ourselves)|figured out|picked up)|(?:the|a|an) (?:[\w-]+ ){0,3}?(?:i|we)(?:'m| am|'re| are|'d| would|'ve| have)?"
    r" (?:want|hope|need|am|are|plan|wish|keep|use|follow|face|'m))\b"
)


# The requester wants to make the hook's move themselves, said in the hook's sentence before
# the hook ends: "front desk supervisor here hoping to make your front office to revenue move".
_FOLLOWING = re.compile(
    r"\b(?:hoping|hope|want|wanting|trying|looking|aiming|planning|plan|keen|eager|like|love"
    r"|working) to (?:make|follow|take|copy|repeat|retrace|emulate) (?:your|that|this|the same"
    r"|a similar)\b"
)


def _tie_for(draft: Draft, hook: _Found, skip: Collection[str]) -> _Found | None:
    sentences = draft.sentences
    index = hook.sentence
    if index < 0:
        return None
    sentence = sentences[index]
    both = _MOVED_TOO.search(draft.content_low, hook.core[0], hook.core[1])
    if both is not None:
        return _Found(both.start(), both.end(), "a tie to the requester", index)
    equated = _EQUATED.match(draft.content_low, hook.core[1])
    if equated is None and draft.content_low.startswith(",", hook.core[1]):
        # Past an aside on the hook: "Your conversion of the grain elevator, and especially
        # your decision to keep the silos, is the project I keep sketching".
        equated = _EQUATED.search(draft.content_low, hook.core[1] + 1, sentence.end)
        if equated is not None and not equated.group().startswith(","):
            equated = None
    if equated is None:
        # A few more words of the hook before it: "Your team getting into every council home
        # for damp checks in a year is what my estates need".
        near = _EQUATED.search(
            draft.content_low, hook.core[1], min(sentence.end, hook.core[1] + 70)
        )
        if (
            near is not None
            and not _JUXTAPOSED.search(draft.content_low, hook.core[1], near.start())
            and "," not in draft.content_low[hook.core[1] : near.start()]
        ):
            equated = near
    if equated is None and draft.content_low.startswith(" - ", hook.core[1]):
        # Past an aside between dashes: "The Port Alder portal you oversaw - around 400
        # datasets in two years - is the example I keep pointing them to".
        closing = draft.content_low.find(" - ", hook.core[1] + 3, sentence.end)
        if closing != -1:
            equated = _EQUATED.match(draft.content_low, closing + 2)
    if equated is None:
        # The hook's words reach into the tie: "Your jump from reservoir engineering to
        # founding Second Shift is the move I keep sketching out" (the move is the fact's too).
        across = _EQUATED.search(draft.content_low, hook.core[0], sentence.end)
        if across is not None and across.start() < hook.core[1] < across.end():
            equated = across
    if equated is not None and hook.core[1] < sentence.end:
        stop = (
            sentence.start
            + _clause_bounds(
                sentence.low, equated.start() - sentence.start, equated.end() - sentence.start
            )[1]
        )
        if stop > equated.end() or equated.group("whole") is not None:
            return _Found(equated.start(), stop, "a tie to the requester", index)
    following = _FOLLOWING.search(sentence.low, 0, hook.core[1] - sentence.start)
    if following is not None:
        start = sentence.start + following.start()
        return _Found(start, sentence.start + following.end(), "a tie to the requester", index)
    # "…your keynote on quarterly bets stuck with me as a new PM": the hook landed with the
    # requester in the situation they name.
    landed = _LANDED_AS.search(sentence.low, max(0, hook.core[0] - sentence.start))
    if landed is None:
        # "ICU RN here, eyeing informatics like your 2022 move": the requester weighing the
        # move they made
        landed = _EYEING_YOURS.search(sentence.low)
    if landed is not None:
        return _Found(
            sentence.start + landed.start(),
            sentence.start + landed.end(),
            "a tie to the requester",
            index,
        )
    hook_words = {
        _lemma_stem(w)
        for w in _concrete(_WORD_RE.findall(draft.content_low[hook.core[0] : hook.core[1]]), skip)
    } | hook.shared
    link = _LINK.search(sentence.low)
    linked = link is not None
    # "too" or "also" beside a bare role ("I'm in procurement too") is a shared field, no tie.
    strong = link is not None and (
        link.group().strip() not in _WEAK_LINKS
        or any(m.group().strip() not in _WEAK_LINKS for m in _LINK.finditer(sentence.low))
    )
    # The sentence with the hook's own words blanked: "I'm a junior estimator and your post
    # on estimating costs was great" is a bare role once the hook is set aside.
    unhooked = _without_hook(sentence, hook.core)
    for begin, stop, content, own in _ties_in(sentence, skip, hook.core):
        # A clause set right after the hook by a semicolon, colon or dash elaborates on it
        # ("your webinar on four-day weeks; our turnover is killing us").
        after = sentence.start + begin - hook.core[1]
        juxtaposed = (
            0 <= after <= 80
            and _JUXTAPOSED.search(draft.content_low, hook.core[1], sentence.start + begin + 1)
            is not None
        )
        if _bare(unhooked[own:stop], skip) and not strong:
            continue
        took = _TOOK_IT_IN.search(unhooked, begin, stop)
        if took is not None and took.start() <= own < took.end():
            # "…in March, and I haven't stopped thinking about it." (and the "my" inside it:
            # "I've spent most of my commute thinking about it")
            continue
        if linked or juxtaposed or content & hook_words or len(content) >= 2:
            return _Found(
                sentence.start + begin, sentence.start + stop, "a tie to the requester", index
            )
    for other in (index, index + 1, index + 2):
        # "…which is exactly the move I'd like to make": the requester's goal is the tie,
        # in the hook's sentence or the next; or the one after, past the requester's own
        # story, when it names the hook's own subject ("…your thread about wiring the old
        # brewery lofts. I'm a warehouse lead and start my pre-apprenticeship in the fall.
        # Retrofit work in old buildings is exactly where I want to end up.").
        if other == index + 2 and (
            other >= len(sentences)
            or _tie_in(sentences[index + 1], skip) is None
            or not _shares_content(sentence, sentences[other], skip)
        ):
            continue
        if 0 <= other < len(sentences):
            goal = _GOAL.search(sentences[other].low)
            if goal is not None and (
                other == index
                or _REFERS_BACK.search(sentences[other].low)
                # "…your episode on moving into a clinical educator role. I'm a ward nurse,
                # and education is where I'd like to go next.": the goal names its subject.
                or (other == index + 1 and _shares_content(sentence, sentences[other], skip))
            ):
                start = sentences[other].start + goal.start()
                return _Found(
                    start, sentences[other].start + goal.end(), "a tie to the requester", other
                )
    # A note of a few lines says who the requester is in two words ("Ex-teacher moving into
    # UX.", "Structural eng in Tampere here.").
    terse = len(draft.content.split()) <= 45
    # Past a few words that only say the hook landed ("That stuck with me.", "Ours was one of
    # them."), the sentence after tells the requester's situation.
    after = index + 1
    if (
        after + 1 < len(sentences)
        and not sentences[after].question
        and (
            _ASIDE_ON_HOOK.match(sentences[after].low.strip()) is not None
            # "The bit about cutting send frequency was fascinating.": more of the hook
            or _ON_THE_HOOK.match(sentences[after].low) is not None
        )
    ):
        after += 1
    header_end = pasted_subject_end(draft)
    for other in (index - 1, after):
        if not 0 <= other < len(sentences):
            continue
        neighbour = sentences[other]
        if neighbour.start < header_end:
            continue  # a pasted subject line names the message; it tells no one's situation
        if neighbour.question and _MEETING_ASK.match(neighbour.low) is not None:
            continue  # "Could we talk for 20 minutes about latency?" asks; it tells nothing
        if other == after and _SAME_PLAN.fullmatch(neighbour.low.strip()) is not None:
            # "…saw your move from Yr 10 English to instructional design. Weighing the same.":
            # the requester weighing the move the hook told
            return _Found(neighbour.start, neighbour.end, "a tie to the requester", other)
        found = _tie_in(neighbour, skip)
        # (after the hook too in a note of a few lines: "…your talk on the night deck pours
        # stuck with me. Formwork apprentice here.")
        resonant = (other == index - 1 or (terse and other == after)) and _RESONATES.search(
            sentence.low
        ) is not None
        # (the first person of a question is the ask's: "1st yr welding student—could I get
        # 15 min…?" says who they are before it)
        if (found is None or (resonant and neighbour.question)) and (other == 0 or other == after):
            implicit = _implicit_self(
                _told_before_the_ask(neighbour) if resonant else neighbour,
                skip,
                resonant=resonant,
                least=2 if terse else 3,
            )
            found = implicit if found is None else found
            if implicit is not None and resonant:
                # "Jr backend dev at a fintech mid-monolith-split. Your post on moving payments
                # to events hit home.": the situation told, then said to be the hook's.
                return _Found(
                    neighbour.start + implicit[0],
                    neighbour.start + implicit[1],
                    "a tie to the requester",
                    other,
                )
        # "…your talk on ER night shifts stuck with me. I want to be an ER nurse.": the
        # requester's own words beside a hook said to have landed
        if (
            resonant
            and found is not None
            and not neighbour.question
            and not _asking(neighbour.low)
            and not asks_for_a_job(neighbour.low)
        ):
            return _Found(
                neighbour.start + found[0],
                neighbour.start + found[1],
                "a tie to the requester",
                other,
            )
        item = _self_item(neighbour) if other == index - 1 and sentence.bullet else None
        implicit_item = _implicit_self(item, skip, least=2) if item is not None else None
        if found is None and item is not None and implicit_item is not None:
            # "- Who: general dentist, about to decide whether to buy a milling unit." over
            # "- Why you: you brought same-day crowns into 12 clinics.": the list says who
            # asks, then why this person
            return _Found(
                item.start + implicit_item[0],
                item.start + implicit_item[1],
                "a tie to the requester",
                other,
            )
        planned = (
            _PLANNING.search(neighbour.low)
            if other == index - 1 and _CONVINCED.search(sentence.low) is not None
            else None
        )
        if planned is not None:
            # "…thinking about becoming a patent attorney. But your talk on switching from
            # an R&D lab to IP practice at 36 made me think it's realistic.": the plan told,
            # then what the hook did to it.
            begin, stop = _clause_bounds(neighbour.low, planned.start(), planned.end())
            return _Found(
                neighbour.start + _skip_space(neighbour.low, begin),
                neighbour.start + stop,
                "a tie to the requester",
                other,
            )
        if found is None or _TOOK_IT_IN.match(neighbour.low, found[3]) is not None:
            continue  # ("…, and I have recommended it to several people.": what they did with it)
        first, second = (neighbour, sentence) if other < index else (sentence, neighbour)
        # The sentence right after the hook that tells the requester's own situation in a
        # few concrete words ("I manage the paper-based licensing counter next door, and we
        # have been told to go digital") is why the hook matters, shared word or not.
        # Before the hook, the situation must be a task the requester faces ("I've been
        # asked to pick a CRM. I noticed you led the Salesforce rollout…"), not a bio.
        told = (
            (other > index or _TASK.search(neighbour.low) is not None)
            and len(_told(neighbour, skip) | found[2]) >= (2 if terse else 3)
            # (up to the tie's clause where a dash sets the ask apart: "I fish pots off
            # Rossaveal—could we talk 15 min…")
            and not _asking(
                neighbour.low[: found[1]]
                if neighbour.low.startswith(_ASK_APART, found[1])
                else neighbour.low
            )
            and not asks_for_a_job(neighbour.low)
            and _EMPTY_FOLLOW.match(neighbour.low.lstrip(" -")) is None
            # ("Brilliant episode - I actually listened to it twice on the train.")
            and _TOOK_IT_IN.match(neighbour.low, found[0]) is None
        )
        # (in a note of a few lines, the requester's aim told just before the hook: "FR/EN
        # freelance translator hoping to move into games. You ran Ashen Crown's loc, so: 15
        # min?")
        aiming = (
            terse
            and other == index - 1
            and not neighbour.question
            and _AIMING.search(neighbour.low) is not None
            and not _asking(sentence.low)
        )
        if told or aiming or _linked(first, second, skip):
            return _Found(
                neighbour.start + found[0],
                neighbour.start + found[1],
                "a tie to the requester",
                other,
            )
    # "…It's the only write-up I've found by someone whose team was as small as ours.": the
    # hook's case likened to the requester's own
    for other in (index, after):
        if other < len(sentences) and not sentences[other].question:
            low = sentences[other].low
            like = _LIKE_OURS.search(low)
            if like is not None and (other != index or like.start() >= hook.end - sentence.start):
                begin, stop = _clause_bounds(low, like.start(), like.end())
                return _Found(
                    sentences[other].start + _skip_space(low, begin),
                    sentences[other].start + stop,
                    "a tie to the requester",
                    other,
                )
    # A story told before the hook: "I run the Postgres migrations of our payroll system. Last
    # month one migration locked a table for eleven minutes. After this I found your thread
    # on zero-downtime migrations…". The requester's work two sentences back is the tie when
    # it names the hook's own subject and the sentence between carries the story on to it.
    # Or the story is the requester's own throughout ("My parents still grow cotton and
    # irrigate by gut feel. I write backend software and want to put it to work on that
    # problem. The sensor trials you ran with two hundred cotton farmers…"): the sentence
    # between goes on from the first, and the first names the hook's subject.
    if index >= 2:
        earlier, between = sentences[index - 2], sentences[index - 1]
        found = _tie_in(earlier, skip)
        continued = _tie_in(between, skip) is not None
        if (
            found is not None
            and found[2] & hook_words
            and not _asking(earlier.low)
            and not between.question
            and (continued or _linked(between, sentence, skip))
            and _linked(earlier, between, skip)
        ):
            return _Found(
                earlier.start + found[0],
                earlier.start + found[1],
                "a tie to the requester",
                index - 2,
            )
    # One sentence further on, past a remark on the hook ("It made a strong case.", "It was
    # so simple I was annoyed we hadn't thought of it."), when it names the hook's own
    # subject again.
    if index + 2 < len(sentences) and len(_told(sentences[index + 1], skip)) < 3:
        later = sentences[index + 2]
        found = _tie_in(later, skip)
        if (
            found is not None
            and not _asking(later.low)
            and (
                _shares_content(sentence, later, skip)
                # "…we have now the same decision to make": the requester's own, said alike.
                or _SAME_AS_THEIRS.search(later.low) is not None
            )
        ):
            return _Found(
                later.start + found[0], later.start + found[1], "a tie to the requester", index + 2
            )
    # A hook said to be the reason for writing ("The reason I am writing to you specifically
    # is the supplier risk framework you developed…"), the requester's task told earlier in
    # the message on the hook's own subject ("…asked my team to introduce risk scoring for
    # all suppliers…").
    if _REASON_FOR_WRITING.search(sentence.low) is not None:
        said = {
            _lemma_stem(w)
            for w in _concrete(_WORD_RE.findall(draft.content_low[hook.start : hook.end]), skip)
        }
        for position in range(index - 1, -1, -1):
            earlier = sentences[position]
            found = _tie_in(earlier, skip)
            if (
                found is not None
                and found[2] & (hook_words | said)
                and not earlier.question
                and not _asking(earlier.low)
            ):
                return _Found(
                    earlier.start + found[0],
                    earlier.start + found[1],
                    "a tie to the requester",
                    position,
                )
    # A part of the message set apart as the reason ("Why I'm asking: I run operations for a
    # food bank that's just been offered a city warehouse…") tells why, wherever it stands.
    for position, other_sentence in enumerate(sentences):
        label = _WHY_LABEL.match(other_sentence.low)
        if label is None or position == index:
            continue
        found = next(
            (
                told
                for told in _ties_in(other_sentence, skip)
                if told[0] >= label.end() and not _bare(other_sentence.low[told[3] : told[1]], skip)
            ),
            None,
        )
        if found is not None and not _asking(other_sentence.low):
            return _Found(
                other_sentence.start + found[0],
                other_sentence.start + found[1],
                "a tie to the requester",
                position,
            )
    # A postscript that tells the requester's situation and points back at the hook: "PS I'm
    # a PCN pharmacist about to start a deprescribing clinic - which is why your session hit
    # home."
    for position in range(index + 1, len(sentences)):
        later = sentences[position]
        if not later.low.startswith(_POSTSCRIPT):
            continue
        found = _tie_in(later, skip)
        if (
            found is not None
            and not _asking(later.low)
            and (
                _REFERS_BACK.search(later.low) is not None
                or _RESONATES.search(later.low) is not None
                or _shares_content(sentence, later, skip)
            )
        ):
            return _Found(
                later.start + found[0], later.start + found[1], "a tie to the requester", position
            )
    return None


_LIKE_OURS = re.compile(
    r"\b(?:(?:as|so) [a-z]+ as|just like|much like|like|similar to|the same [a-z]+ as"
    r"|the size of) (?:ours|mine|my own|our own)\b|\b(?:a|of) (?:team|studio|company|firm|shop"
    r"|practice|clinic|charity|school|council|department) (?:of )?our size\b"
)
_WHY_LABEL = re.compile(
    # ("My situation: our containers keep getting held at Rotterdam…")
    r"\s*(?:my (?:situation|context|problem|challenge)"
    r"|why (?:i(?:'m| am) (?:asking|writing|reaching out)|this matters to me|i care)"
    r"|the reason i(?:'m| am) asking|my reason for asking) ?[:\u2013\u2014-]"
)
_REASON_FOR_WRITING = re.compile(
    r"\bthe reason (?:i am|i'm|i was) (?:writing|reaching out|contacting you|getting in touch)\b"
    r"|\bwhy (?:i am|i'm) (?:writing|reaching out) to you\b"
)
_CONVINCED = re.compile(
    r"\bmade me (?:think|believe|reali[sz]e|feel)\b|\bgave me (?:hope|confidence|the courage)"
    r"|\bconvinced me\b|\breassured me\b"
)
_PLANNING = re.compile(
    r"\b(?:thinking (?:about|of)|considering|planning|weighing|hoping|aiming) (?:on )?(?:becoming"
    r"|a move|making (?:a|the) (?:move|switch)|moving|switching|retraining|training|applying|going)"
)
# What sets an ask apart from the requester's situation before it in one sentence ("I start
# my apprenticeship in Sept - could I grab 15 min…?")
_ASK_APART = (";", " - ", " \u2013 ", " \u2014 ", "\u2014")
_SAME_AS_THEIRS = re.compile(
    r"\b(?:the same|a similar|exactly the|the very same|something (?:similar|like (?:it|that|this)))\b"
    # "I agree, and I have a reason to care: I have run procurement…": the requester says
    # outright that what follows is why it matters to them.
    r"|\b(?:i have|i've got|here's|here is|there's) (?:a |my |good |a good |personal )*reason"
    r" (?:to care|i care|for (?:asking|writing|caring))\b|\bwhy (?:this|it) matters to me\b"
    # "…so I'm about a year behind where you were": on the road they told of
    r"|\b(?:behind|ahead of) where you (?:were|are|started)\b"
)


def _told(sentence: Sentence, skip: Collection[str]) -> frozenset[str]:
    """What a sentence tells about the requester: the content of all its first-person clauses
    that are more than a bare role ("I'm on call for a 40-service platform and we get paged
    all night")."""
    stems: frozenset[str] = frozenset()
    for _begin, stop, content, own in _ties_in(sentence, skip):
        if not _bare(sentence.low[own:stop], skip):
            stems |= content
    return stems


_SECOND_PERSON = re.compile(r"\byou(?:r|rs|'re|'ve|'d|'ll)?\b")


_DOING = re.compile(
    # ("…analyst here, looking hard at cyber")
    # (not a verdict in -ing: "The slide-in method was fascinating to watch.")
    r"\b(?!(?:fascinat|interest|amaz|inspir|excit|compell|surpris|reassur|encourag|astonish"
    r"|captivat|illuminat|enlighten|reward|intrigu|refresh)ing\b)"
    r"[a-z]{3,}ing (?:hard |seriously |closely |properly |now )?(?:for|to|on|in|into|towards?|as"
    r"|at|through)\b"
    # "Building something similar for a transit client": the requester's own version
    r"|(?:^|[,;] )(?:now |currently |also )?(?:building|making|running|designing|planning|writing"
    r"|launching|setting up) (?:something|one|the same) (?:similar|like (?:it|that|this)"
    r"|of (?:my|our) own)\b"
    # "general dentist, about to decide whether to buy a milling unit"
    r"|\babout to (?!say|ask|write)[a-z]{3,}\b"
    # "6-yr tech, thinking the same.", "PhD w/ the same itch"
    r"|\b(?:thinking|considering|planning|eyeing|weighing|mulling) (?:about )?the same\b"
    # "ICU nurse here, weighing an MPH."
    r"|\b(?:weighing|considering|eyeing|pursuing|starting|finishing|doing|studying for) (?:an?|my)"
    r" [\w-]{2,}"
    rf"|{_SAME_AIM}"
    # "10 yrs Army signals, getting out in June.": leaving the service
    rf"|\b(?:{_LEAVING_SERVICE})\b"
)
# ("Hygienist here, applying to dental school" introduces; "Fellow alum here" connects)
_CONNECTION_WORDS = re.compile(r"\b(?:alum|alumn\w*|fellow|classmate)\b")


# (what the hook did to the requester, or that they were part of it; not a judgment of it,
# such as "It was very clearly written.")
_ASIDE_ON_HOOK = re.compile(
    r"(?:(?:that|it|this)(?: (?:really|truly|honestly|genuinely))? (?:stuck with me|stayed with me"
    r"|has stayed with me|hit home|struck a chord|resonated|rang true|landed)"
    r"|(?:ours|mine) was (?:one of them|there|among them)|(?:i|we) (?:was|were) (?:one of them"
    r"|there|among them)"
    # a verdict of a few words on the piece itself ("Brilliant read.", "Loved it.")
    r"|(?:(?:a|such a|what a|really|truly) )?(?:brilliant|great|fantastic|excellent|fascinating"
    r"|superb|terrific|cracking|wonderful|amazing|eye-opening|insightful) (?:read|piece|post"
    r"|write-up|writeup|article|talk|episode|listen|watch|thread|stuff)"
    r"|(?:i )?(?:really )?(?:loved|enjoyed) (?:it|that|this|every minute))[.!]*$"
)
_EYEING_YOURS = re.compile(
    r"\b(?:eyeing|eying|considering|weighing|attempting|planning|exploring|chasing"
    # "print designer going to UX like you did in 2018"
    r"|(?:going|moving|heading|switching|pivoting|transitioning) (?:to|into|over to))"
    r" (?:a |an |the )?(?:[\w-]+ ){0,3}?(?:like|as) (?:your|you did)\b"
    # "audit senior, 4 yrs, eyeing the same audit → in-house ESG move you made in '22"
    r"|\b(?:eyeing|eying|considering|weighing|planning|attempting|chasing) (?:the |a )?(?:same"
    r"|similar) [^.;!?]{0,40}?(?:move|jump|switch|leap|path) (?:that )?you (?:made|took|did)\b"
)
_POSTSCRIPT = ("ps ", "ps:", "ps.", "ps,", "ps -", "p.s", "pps")
# Words that say a hook landed with the requester.
_LANDED = (
    r"hit home|struck a chord|rang true|hit close to home|(?:stuck|stayed) (?:with|w/?) me"
    r"|made it click"
)
_LANDED_AS = re.compile(
    rf"\b(?:{_LANDED}|resonated(?: with me)?|spoke to me|helped me(?: a lot| so much)?)"
    r" as (?:a|an|someone|somebody) (?:[\w-]+ ){0,4}?[\w-]+"
    # "…the payouts launch you led got me into fintech PM": what the hook did to them
    # (not "…which is what drew me to the field", which the labels read as no tie)
    r"|\bgot me into (?:[\w-]+ ){0,3}?[\w-]+"
    # "…your Kinfolk Ale cans with 3 guest illustrators got me pitching a brewery myself"
    r"|\bgot me (?:pitching|planning|building|starting|writing|applying|trying|looking into"
    r"|thinking about|working on) (?:[\w-]+ ){0,3}?[\w-]+"
)
# A sentence on a part of the hook, and what it was: "The bit about cutting send frequency
# was fascinating.", "Your point on scope creep was spot on.", "The bit about redesigning the
# assessments really stuck with me."
_ON_THE_HOOK = re.compile(
    # ("the one on moving food into Mandera by air when the roads washed out": which one)
    r"the one (?:on|about|where|when|with|in which)\b[^;:.!?]{0,120}$|"
    r"(?:the|your|that|this) (?:bit|part|section|point|line|chapter|segment|slide|example"
    r"|story|stat|statistic|figure|number|quote|framing|idea|advice)s? (?:about|on|where|when"
    r"|in which|that|of)\b[^;:]{0,120}? (?:(?:was|is|were|are) (?:(?:so|really|very|just|especially"
    r"|particularly|genuinely) )?[a-z-]+(?: [a-z-]+)?|(?:really |truly |genuinely )?(?:stuck"
    r" with me|stayed with me|hit home|struck a chord|resonated(?: with me)?))[.!]?$"
)
_RESONATES = re.compile(rf"\b(?:{_LANDED}|helped me (?:a lot|so much|enormously|greatly))(?![\w/])")


_INITIALS = re.compile(r"\b[A-Z]{2}\b")


_ASK_SET_APART = re.compile(r"\s*(?:\u2014|\u2013| - |:|;)\s*")


# A list item labelled as the requester's own: "- Who: …", "About me: …".
_SELF_LABEL = re.compile(
    r"[-\u2022*\d.)\s]*(?:who|me|about me|who i am|who's asking|background|my background"
    r"|context|my situation|situation)\s*:\s*(?=\S)"
)


def _self_item(sentence: Sentence) -> Sentence | None:
    """The words after a label that says the item is about the requester, as a statement."""
    if not sentence.bullet:
        return None
    label = _SELF_LABEL.match(sentence.low)
    if label is None:
        return None
    at = label.end()
    return Sentence(
        sentence.start + at, sentence.end, sentence.low[at:], sentence.cased[at:], False, False
    )


def _told_before_the_ask(sentence: Sentence) -> Sentence:
    """The words before a dash that sets the ask apart ("1st yr welding student—could I get
    15 min…?"): a statement of their own; else the sentence itself."""
    if not sentence.question:
        return sentence
    apart = _ASK_SET_APART.search(sentence.low)
    if apart is None or apart.start() == 0:
        return sentence
    head = sentence.low[: apart.start()]
    return Sentence(
        sentence.start, sentence.start + len(head), head, sentence.cased[: len(head)], False, False
    )


_AIMING = re.compile(
    r"\b(?:hoping|aiming|planning|looking|trying|wanting|eyeing|weighing|considering) (?:to|for"
    r"|at)\b|\bmoving into\b"
)
_SAME_PLAN = re.compile(
    r"(?:i'm |im |i am |and |currently |now )*(?:weighing|considering|planning|eyeing|mulling"
    r"|thinking about|attempting|hoping to make|trying to make|about to make) (?:the same|a similar"
    r"|that|the very same)(?: (?:move|jump|switch|step|path|change|leap))?(?: myself)?[.!]*"
)
_TERSE_WORDS = 14


_COMMENT_START = re.compile(
    r"(?:it|that|this)(?:'s| is| was) (?:so |really |just |truly )?[a-z]+"
    r" (?:to|that|how|seeing)\b|what an? "
)


def _implicit_self(
    sentence: Sentence, skip: Collection[str], *, resonant: bool = False, least: int = 3
) -> tuple[int, int, frozenset[str], int] | None:
    """A terse opening with the subject left out ("New-grad RN aiming for the NICU.",
    "Framing carpenter, 14 years."): the requester introducing themselves."""
    text = sentence.low
    if ":" in text and len(_WORD_RE.findall(text)) > _TERSE_WORDS:
        # "Building something similar for a transit client: 40+ screens, three vendors…":
        # the situation before the colon, its particulars after
        text = text[: text.index(":")]
    # ("training as an inspector": a role word, no speaker of its own)
    speaker = next(
        (m for m in _FIRST_PERSON.finditer(text) if not m.group().startswith("as ")), None
    )
    if sentence.question or _SECOND_PERSON.search(text) or speaker is not None:
        return None
    if _asking(text) or _EMPTY_FOLLOW.match("i " + text.lstrip(" -")):
        return None
    if _COMMENT_START.match(text.lstrip(" -")) is not None:
        return None  # "It's fantastic to see it picking in greenhouses now.": a comment
    words = [w for w in _concrete(_WORD_RE.findall(text), skip) if w not in _EMPTY_WORDS]
    # (a field in two capitals counts: "Ex-teacher moving into UX.")
    words += [w.lower() for w in _INITIALS.findall(sentence.cased) if w.lower() not in words]
    if len(words) < 2 or len(_WORD_RE.findall(text)) > _TERSE_WORDS:
        return None
    # It must say what they are doing or aiming at, not only who they are or a connection
    # ("Fellow Ohio State alum here, now a data analyst at Progressive").
    if _CONNECTION_WORDS.search(text) is not None:
        return None
    # (or, where the next sentence says the hook hit home, a situation of three things)
    if _DOING.search(text) is None and not (resonant and len(words) >= least):
        return None
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip(" .!")), frozenset(_lemma_stem(w) for w in words), start


def _shares_content(first: Sentence, second: Sentence, skip: Collection[str]) -> bool:
    return bool(_content_stems(first, skip) & _content_stems(second, skip))


def _content_stems(sentence: Sentence, skip: Collection[str]) -> set[str]:
    """The concrete words of a sentence, stemmed; a hyphenated word's head counts too
    ("e-learning" shares "learning")."""
    stems = set()
    for w in _concrete(_WORD_RE.findall(sentence.low), skip):
        if w in _EMPTY_WORDS:
            continue
        stems.add(_lemma_stem(w))
        head = w.rpartition("-")[2]
        if head != w and len(head) >= 5 and head not in _EMPTY_WORDS:
            stems.add(_lemma_stem(head))
    return stems


def _any_tie(draft: Draft, skip: Collection[str]) -> _Found | None:
    for index, sentence in enumerate(draft.sentences):
        found = _tie_in(sentence, skip)
        if found is not None:
            return _Found(
                sentence.start + found[0],
                sentence.start + found[1],
                "a tie to the requester",
                index,
            )
    return None


# --- the check ----------------------------------------------------------------------------------


# A message written for someone else (a professor for a student, a coach for a client, a
# parent for a graduate child) asks the time for them ("Would you give her 20 minutes?",
# "a call with him", "she'd like to ask") and states their tie in the third person ("her
# dissertation is on N2O emissions", "his final-year project was a deburring arm"). The one
# it speaks for, by pronoun or first name, is the requester, read as "I" and "my".
_SPOKEN_FOR = re.compile(
    r"\b(?:give|spare|grant|offer) (her|him|[A-Z][a-z]+) (?=\d|a few|half|fifteen|twenty|ten)"
    r"|\b(?:call|chat|conversation|meeting|talk|speak) with (her|him|[A-Z][a-z]+)\b(?! [A-Z])"
    r"|(?:^|[.!?]\s+)(She|He)(?:'d| would) (?:like|love|want|ask|be)\b"
)
_BENEFICIARY_NAME = re.compile(
    r"\b(?:my|our|one of my|one of our) (?:[\w-]+ ){0,3}?(?:student|client|son|daughter"
    r"|apprentice|mentee|graduate|trainee)s?,? ([A-Z][a-z]+)\b"
)
_SHE = ("she", "her", "hers", "herself")
_HE = ("he", "him", "his", "himself")
_AS_FIRST = MappingProxyType(
    {"she": "i", "he": "i", "her": "my", "his": "my", "him": "me", "hers": "mine"}
)
_SPEAKER: ContextVar[re.Pattern[str]] = ContextVar("_SPEAKER", default=_FIRST_PERSON)


def _speaker(draft: Draft) -> re.Pattern[str] | None:
    """The first person widened to whom a message written for someone else speaks for, or
    None for a message the requester writes for themselves."""
    body = draft.content
    spoken = _SPOKEN_FOR.search(body)
    if spoken is None:
        return None
    said = next(g for g in spoken.groups() if g is not None)
    names = {m.group(1).lower() for m in _BENEFICIARY_NAME.finditer(body)}
    if said.lower() in ("her", "she"):
        words = [*_SHE]
    elif said.lower() in ("him", "he"):
        words = [*_HE]
    else:
        words = []
        names.add(said.lower())
    names -= {"you", "your", "the", "a"}
    if not names and not words:
        return None
    words += [w for name in sorted(names) for w in (f"{name}'s", name)]
    return _widened(tuple(words))


@lru_cache(maxsize=64)
def _widened(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b|" + _FIRST_PERSON.pattern)


def check_specific_reason(data: CheckInput) -> Outcome:
    """Both halves: a concrete (grounded) hook and a tie the message itself states."""
    speaker = _speaker(data.draft)
    if speaker is None:
        return _check_specific_reason(data)
    token = _SPEAKER.set(speaker)
    try:
        return _check_specific_reason(data)
    finally:
        _SPEAKER.reset(token)


def _check_specific_reason(data: CheckInput) -> Outcome:
    draft = data.draft
    context = data.context
    skip = _name_stems(context)
    if draft.greeting is not None:
        skip |= {fold_accents(t) for t in draft.greeting.name.replace(".", " ").split()}
    asked = count_topics(draft, name_tokens(data))
    grounded = bool(context.facts)
    hooks: Iterable[_Found] = (
        _grounded_hooks(data, asked, skip) if grounded else _standalone_hooks(draft, asked, skip)
    )
    details: dict[str, int | float | str] = {"mode": "grounded" if grounded else "standalone"}
    first: _Found | None = None
    for hook in hooks:
        first = first or hook
        tie = _tie_for(draft, hook, skip)
        if tie is None:
            continue
        found = [span(draft, hook.start, hook.end)]
        if hook.fact_index is not None:
            details["fact_index"] = hook.fact_index
            found.append(
                Evidence(
                    text=context.facts[hook.fact_index].text,
                    start=None,
                    end=None,
                    source="fact",
                    fact_index=hook.fact_index,
                )
            )
        if not (hook.start <= tie.start and tie.end <= hook.end):
            found.append(span(draft, tie.start, tie.end))
        return Outcome(
            True,
            f"Specific reason: refers to {hook.what} and ties it to the requester.",
            tuple(found),
            None,
            details,
        )
    evidence: list[Evidence] = []
    problems: list[str] = []
    hints: list[str] = []
    if first is not None:
        hook = first
        evidence.append(span(draft, hook.start, hook.end))
        problems.append(
            f"it refers to {hook.what} but makes no connection to the requester (why it "
            "matters to them)"
        )
        hints.append(
            "Next to that reference, say what it has to do with you: your background, work "
            'or goal, e.g. "As a nurse moving into informatics, your talk on alarm fatigue '
            'is the problem I face every night shift."'
        )
    else:
        if grounded:
            problems.append("nothing from the research about the contact is said in the reason")
            example = clip(context.facts[0].text, 120)
            hints.append(
                "Mention something specific from the research and say why it matters to you, "
                f'e.g. fact #0: "{example}". Naming the organization alone is not enough, and '
                "a fact that appears only in your questions does not count."
            )
        else:
            problems.append(
                "no concrete reference to the contact's work, team, project or career step"
            )
            hints.append(
                "Name something concrete about them - a project, talk, article, team or career "
                'step ("your talk on X at Y", "your move from X to Y") - not general praise, '
                "their employer or a shared school."
            )
        if _any_tie(draft, skip) is None:
            problems.append("no connection to the requester's background, work or goal")
            hints.append(
                "Add one sentence on how your background or goal relates to what they do, e.g. "
                '"As a nurse moving into health informatics, …".'
            )
    message = "No specific reason: " + "; ".join(problems) + "."
    flattery = search_near(_FLATTERY, draft.content_low, ("your",), 40)
    if flattery is not None:
        message += f" '{draft.body[flattery.start() : flattery.end()]}' is praise, not a reason."
        evidence.append(span(draft, flattery.start(), flattery.end()))
    return Outcome(False, message, tuple(evidence), " ".join(hints), details)
