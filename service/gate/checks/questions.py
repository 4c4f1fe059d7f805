"""preview_questions: the draft gives a flavour of what the requester wants to ask.

A topic is recognised by what it asks, as a careful reader would (GATE_RUBRIC.md):

* a real question ("How did you move from nursing into informatics?"), not the ask itself
  ("Would you have 20 minutes?") nor small talk ("How are you?");
* a topic clause after a cue of inquiry ("I'd love to hear how…", "I'm curious whether…",
  "your thoughts on…", "questions about…"): only the words after the cue count, so a
  relative clause ("…which is what drew me to the field") or a sentence about the
  requester ("For years I've been drawn to product design") is no topic;
* a bullet in a list of questions (the bullet asks, or the line before it announces
  questions); a list of the requester's skills is not.

A topic must name something the contact could answer specifically. Restatements of the ask
("your experience", "how you got started", "what it's like at X"), generic requests ("any
advice", "tips on breaking into the industry") and courtesy lines do not count.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from types import MappingProxyType

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.checks.courtesy import THANKS_ABROAD
from service.gate.checks.job_ask import asks_for_a_job
from service.gate.models import Evidence
from service.gate.text import (
    STOPWORDS,
    Draft,
    Sentence,
    any_of,
    bullet_body,
    fold_accents,
    pasted_subject_end,
    stem,
    word_pattern,
    word_set,
    words,
)

_TOPIC_GENERIC = word_set(
    """
career careers experience experiences work works working worked background journey role
roles job jobs path paths industry field fields company companies organization
organisation org insights insight advice life time times chat chats call calls
conversation conversations minutes minute min mins hour hours week weeks month months
learn learning learned hear hearing know knowing ask asking asked question questions share
sharing tell telling think thinking thought thoughts perspective perspectives opinion
opinions view views take general overall current position story stories brain pick happy
glad great good nice interesting cool amazing impressive inspiring help helpful tips
guidance next soon sometime connect connecting meet meeting speak speaking talk talking
coffee zoom phone video quick brief short few couple open available free willing possible
chance hope hoping would could get got getting start started starting moment convenient whenever
convenience area areas side sides kind sort type maybe bit little lot anything everything
stuff do does did done doing sure fine okay ok able worth especially particular
particularly specifically example instance also interested curious wonder wondering love
like keen eager want wanted discuss discussing explore exploring understand understanding
things thing similar someone person people yours mine professional professionally
personally break breaking into enter entering succeed success successful become becoming
recommendations recommendation suggestions suggestion pointers lessons learnt wisdom
somebody anyone everyone whatever whoever where here there today currently end ended ending
came come comes went go goes day-to-day-life gained gain perspective path-related more
expertise expert experts role-related business space sector insight do what's culture
matter matters important qualities traits approach approaches cover covering together
kindly please generally profession professions stuck arc trajectory trajectories takeaway
takeaways picture bigger broader surfaced brought key far see spare re q qs
"""
)
_STARTERS = frozenset(
    ["how", "what", "why", "which", "whether", "where", "when", "who", "about", "regarding", "if"]
)
# Clause separators inside a question or topic: punctuation, or "and"/"or" before a question
# word ("how you trained volunteers and how you tracked progress").
# An inline enumerator ("(1) how you…, and (2) what…") separates topics too.
_PUNCT_SEPARATOR = re.compile(
    r"[,;:] (?:(?:and|or|but|as well as|plus) )?|\s[-–—]\s|(?<![\w(])\(?(?:\d{1,2}|[a-e])\) "
    # "how you scope a first job + price it", "copyedit tests & freelance rates": in a terse
    # note a plus or an ampersand joins two topics, and so does a slash between spaces
    # ("portfolio projects that landed / first 90 days on a team").
    r"| [+&/] "
)
_BRACKETED = re.compile(r"\([^()]{4,}\)")
_FIRM_BEFORE = re.compile(r"\b(?:at|for|with|from|join|joined|joining) [\w'-]+ $")
_WORD_SEPARATORS = (" and ", " or ", " as well as ", " plus ")
_SECOND_TOPIC = ("your ", "about ", "on ", "also ", "the ")
_QUESTION_WORDS = ("how", "what", "why", "which", "whether", "where", "when", "who", "if ", "about")
# A relative or subordinate clause describes something; it asks nothing.
_RELATIVE = re.compile(
    r",? (?:which|who|that) (?:is|was|are|were|has|have|had|drew|draws|got|made|makes|led"
    r"|leads|sparked|inspired)\b|, (?:which|who|whom|whose)\b|, where\b(?! you)"
)
_RHETORICAL = re.compile(
    r"(?:so,? |and |but |oh,? )?(?:how are you|how are things|how's it going|how is it going"
    # "How are ya?", "How ya going?", "how r u"
    r"|how (?:are|r) (?:ya|u|you going)\b|how ya going|how're you|how's things|how are ye"
    # greetings' questions in other languages: "Tudo bem?", "¿Qué tal?", "Ça va ?"
    r"|tudo bem|tudo bom|ça va|como (?:est[aá]s?|vai|vais)|wie geht"
    r"|how have you been|how is your (?:week|day|weekend)|how was your (?:week|day|weekend)"
    # "I hope you're well", but not "I hope to ask: how…"
    r"|hope (?:you|all|this|that|things|your)|i hope(?! to\b)|does (?:that|this) (?:sound|make|work)"
    r"|would (?:that|this|next \w+|either|any of these|one of these|sometime \w+)"
    r" (?:work|be (?:ok|okay|possible|alright|convenient|helpful))"
    r"|is (?:that|this) (?:ok|okay|alright|possible|fine)|sounds? good|what do you think"
    r"|any chance|right\b|you know\b|who knows|why not|what's up|how about (?:next|this|a)"
    r"|would you (?:be )?(?:mind|like to connect|accept)"
    r"|(?:how|what|when) (?:does|do|would|will|about|is) (?:\w+ ){0,3}?(?:monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|morning|afternoon|evening|next week|this week|tomorrow"
    r"|today|\d{1,2}(?::\d\d)? ?(?:am|pm))\b"
    r"|what (?:day|days|time|times|date|dates) (?:works?|suits?|would|is|are)\b"
    # "Would Thursday suit, or is next week better?"
    r"|(?:would|does|is|will|could) (?:\w+ ){0,2}?(?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|next week|this week|tomorrow|the weekend)\b[^?]{0,30}?\b(?:suit|work"
    r"|better|easier|ok|okay|good|possible)\b"
    r"|when (?:are|would|will|might) you (?:be )?(?:free|available)"
    # "A coffee in Milan one day?": the meeting asked for, nothing asked about
    r"|(?:maybe |perhaps )?(?:a|an) (?:quick |short |brief )?(?:coffee|call|chat|zoom|phone call"
    r"|video call|catch-up|coffee chat)(?: (?!on\b|about\b|re\b|regarding\b)[\w-]+){0,5}\?$"
    r"|if you(?:'re| are)(?:n't| not) the (?:right|best) person"
    # "Why you: your post about…", "Why now?": a heading for the reason, not a question.
    r"|why (?:you|now|me|this|i'm writing|i am writing|i'm reaching out|i'm asking)"
    r"(?: specifically| in particular| and not (?:someone|anyone|somebody) else)?\s*[:?!.—–-]"
    r"|(?:could|would|can) you (?:forward|point|direct|refer|pass) me"
    # "Weren't you the one who ran the huddle pilot?": who they are, asked to be sure
    r"|(?:weren't|wasn't|aren't) (?:you|it you)\b"
    # "Are you the Priyanka Desai who spoke on the panel…?": who they are, asked to be sure
    r"|are you the (?:same )?(?:[\w'-]+ ){1,3}?who\b"
    # "Adaeze, you're the person who turned a supermarket roof into a farm, right?"
    r"|(?:you're|you are|you were) the (?:[\w'-]+ ){0,3}?(?:who|that)\b[^?]*,? right\?)"
)
_ASK_QUESTION = re.compile(
    # ("If possible, could I have 15 minutes online with you?")
    r"(?:so,? |and |but |also,? |kindly,? |please,? |respectfully,? |if (?:possible|it is ok"
    r"|it's ok|it is okay|it's okay|you can|you are able|you have time),? )?(?:would|could|can|might"
    r"|may|will|are|is|do|does|any chance"
    # ("Reckon you'd have 15 mins for a chat sometime?": Australian English)
    r"|reckon|d'you reckon|do you reckon|think you'd"
    r"|is there|if so|\d|half|a half)"
)
_ASK_WORDS = re.compile(
    r"\b(?:minutes?|mins?|min|hours?|call|chat|conversation|meet|meeting|speak|talk|connect"
    r"|coffee|zoom|time|available|free|open to|willing|up for|interested in|catch up|phone)\b"
)
# A cue of inquiry: what follows it is what the requester wants to know.
_INQUIRY = word_pattern(
    r"(?:love|like|want|wanted|hope|hoping|keen|eager|glad|grateful|happy|interested|aim"
    r"|plan|planning|trying|wish) (?:\w+ )?(?:to|in) (?:hear(?:ing)?|know(?:ing)?|learn(?:ing)?"
    r"|understand(?:ing)?|ask(?:ing)?(?! (?:you |them )?for\b)|discuss(?:ing)?|talk(?:ing)? (?:about|through)"
    r"|chat(?:ting)? about|find(?:ing)? out|explor(?:e|ing)|get (?:a sense|your|an idea)"
    r"|cover(?:ing)?|go(?:ing)? over|go(?:ing)? through|pick your brain|touch(?:ing)? on|focus(?:ing)? on"
    r"|dig(?:ging)? into)"
    # Any verb that puts a question to them: "I'd like to test whether…", "I want to check
    # how…", "I'm hoping to see what…".
    r"|(?:love|like|want|hope|hoping|keen|eager|plan|planning) to (?!ask\b)[a-z]{3,}"
    # ("I'd love to get into how you sequenced the works")
    r"(?: you| into)? (?=whether|how|what|why|which|where)"
    # "Curious re: staffing + MLIS or not."
    r"|(?:curious|interested|keen|asking) re: "
    r"|(?:curious|interested|keen) (?:(?:in|about|on|to know|to hear|to learn):? )?(?=how|what|why"
    r"|whether|which|where|when)"
    r"|pick your brains? (?:about|on|regarding|over)"
    # "My questions centre on how you set override policies…"
    r"|(?:questions?|topics?) (?:would |will )?(?:centre|center|centred|centered|focus|are focused"
    r"|focused) (?:on|around)"
    # "I would like to consult you how you convinced the producers…" (Spanish "consultarle")
    r"|consult (?:you |with you )?(?:about |on |regarding )?(?=how|what|why|whether|which|where"
    r"|when)"
    r"|curious (?:about|how|what|why|whether|if|to|which|where|when)|wonder(?:ing|ed)?"
    r" (?:how|what|why|whether|if|about|which|where|when)"
    # (not their own: "your written question on how many households…")
    r"|(?<!your )(?<!written )(?<!parliamentary )(?<!urgent )(?:questions?|topics?|things|areas)"
    r"(?![^:?.!]{0,30}\b(?:stood out|stand out|struck me|caught my eye|impressed me|jumped out)\b)"
    r" (?:i'd|i would|i have|i'm|i am|like|such as|about"
    # (not "if things are hectic", which tells how they are)
    r"|on(?! my (?:mind|list)\b)|include|are(?<!things are)|i want|i hope|i'd love|in mind)"
    r"(?: in mind| for you)?(?: are| include)?:?"
    r"|(?:questions?|topics?|things|areas)(?: for you| in mind)?:"
    # "Heaps of questions but the big ones are how you wrote the risk assessment…"
    r"|(?:the )?(?:big|main|key|biggest|top) (?:ones|questions?|things) (?:are|would be|is)"
    r" (?=how|what|why|whether|which|where|when)"
    # "Topics on my mind:", "The two things on my mind are how…"
    r"|(?:questions?|topics?|things|areas) (?:on|in) my (?:mind|list)(?: (?:are|include|would be)|:)"
    r"|interested in"
    r" (?=your|the|how|what|why|whether|which|where|when)"
    r"|(?:figure|work|find) out (?=how|what|why|whether|which|where|when)"
    # "What I can't figure out is which certification clients respect": the open question.
    r"|(?:what|the (?:other )?(?:thing|part|bit)|one thing) (?:i|we) (?:can't|cannot|couldn't"
    r"|don't|do not|still can't|still don't) (?:quite )?(?:figure out|work out|understand|decide"
    r"|tell|see|get my head around)(?: yet)? (?:is|are) (?=how|what|why|whether|which|where|when"
    r"|if)"
    # "My main question is how your team tested…", "My other question is whether…"
    r"|(?:my|the|one|our) (?:main |other |first |second |third |last |final |big |biggest |real"
    r" |only |remaining |practical )?(?:question|worry|concern|puzzle|uncertainty) (?:is|was"
    r"|would be)[,:]? (?=how|what|why|whether|which|where|when|if)"
    # "What I keep wondering is how you set…", "The part I keep turning over is whether…"
    r"|(?:what|the (?:other )?(?:thing|part|bit|question)|one thing) (?:i|we) (?:still |really )?"
    r"(?:keep (?:wondering(?: about)?|turning over|coming back to|asking myself)|(?:still )?wonder"
    r"(?: about)?) (?:is|are) (?=how|what|why|whether|which|where|when|if)"
    # What the writer cannot settle alone: "I am not sure whether to pay tutors for training".
    r"|(?:not sure|unsure|undecided|can't decide|cannot decide|torn (?:on|between))"
    r" (?=(?:whether|how|what|which|when|where) to\b|(?:how|what|which|why) (?:you|your)\b"
    # "I'm unsure how pitches to your desk get triaged": what they do, unknown to the writer
    r"|(?:how|what|which|why|when|where)\b[^.?!,]{0,40}\byour?\b)"
    r"|(?:walk|talk|take) me through|tell me (?:a bit |more )?(?:about|how|what|why|whether)"
    r"|(?:go|walk|run|work|talk) through:? (?=how|what|why|whether|which|where|when)"
    r"|to (?:discuss|cover|go over|explore|talk about|talk through)\b"
    r"|(?:ask|asking) (?:you )?(?:about|how|what|why|whether|which|if|where|when|who)"
    # "15 min to ask your grain settings"
    r"|(?:to ask|asking) (?=your )"
    r"|(?:your|get your|value your|appreciate your) (?:honest )?(?:thoughts|take|view|views"
    r"|perspective|advice|opinion|insights?|sense|read|thinking) (?:on|about|regarding)"
    r"|(?:in particular|specifically|especially|mainly|mostly|above all|for instance|for"
    r" example|such as)[,:]? (?=(?:\(?(?:\d{1,2}|[a-e])\) )?(?:how|what|why|which|whether|where"
    r"|when|who|about|if))"
    # "20 min call? mainly: staffing ratio for the virtual RN, and…"
    r"|^(?:mainly|mostly|especially|specifically|in particular|chiefly):"
    # (not "I was truly inspired to learn about your journey": a reaction, no question)
    r"|(?<!inspired to )(?<!impressed to )(?<!fascinated to )(?<!surprised to )(?<!amazed to )"
    # (nor "died with nobody knowing what he would have wanted": told, asked of no one)
    r"(?<!nobody )(?<!no one )(?<!without )(?<!without anyone )"
    r"(?:talk|chat|hear|learn|know|speak|hearing|learning|knowing|understand|understanding"
    r"|asking|discussing|talking) (?:more )?(?:both |either )?(?:about|how|what|why|whether|which"
    r"|where|when)"
    r"|(?:would|could) (?:love|like) (?:to )?(?:hear|know|ask(?! (?:you |them )?for\b))"
    r"|(?:mainly|mostly|most of all|above all|first) (?:curious|wondering|interested)"
    # "what i'd ask is how do you price it"
    r"|what (?:i'd|i would) (?:most )?ask(?: you)?(?: about)? (?:is|are)"
    r"|what i'd (?:most )?(?:like|love) to (?:hear|know|ask|understand)|i'd ask"
    # "What I'd value is a short conversation, around 20 minutes, about how…"
    r"|what (?:i'd|i would) (?:most )?(?:value|love|like|appreciate) is (?:a |an )?(?:[\w-]+ )?"
    r"(?:conversation|chat|call)\b[^.?!]{0,40}?\babout "
    # "What I'd bring: dispatch criteria, ride-along training…" announces the topics.
    r"|what i(?:'d|d| would|'ll| will) (?:most )?(?:bring|raise|ask(?: about)?|cover|want to"
    r" (?:ask|cover|raise|discuss))(?: (?:up|along|to you|with me))?: "
    # "15 min call sometime? would ask: (1) what…" (the "I" dropped, as in a terse note)
    r"|(?:i |^)(?:would|will|'ll|want to|wish to|would like to|want|wanna|like) ask\b"
    r"(?! (?:for|you for|if you)\b)"
    # "Mainly re: operator training time and whether fixturing costs surprised you."
    r"|^(?:mainly |mostly |chiefly |also )re: |^re: (?=how|what|which|whether|why|where|when)"
    r"|(?:interested in|curious about|keen to (?:know|learn|understand)|want to (?:know|learn"
    r"|understand|ask)) (?:is|are|would be) (?=how|what|why|whether|which|where|when|the|your)"
    # "2 quick questions over 15 min: false-negative review, and radiologist buy-in?"
    # "…two assumptions I have: if deadlines are…": what they want checked, announced.
    # Not "the question you argued last year: whether…", which tells of their work.
    r"|(?:questions?|qs|q's|topics?|things|areas|matters|points|assumptions?|doubts"
    r"|uncertainties|unknowns)\b(?! (?:that |which )?(?:you|he|she|they) )"
    # (not "Two things about your path stood out: you moved…", which tells of them)
    r"(?![^:?.!]{0,30}\b(?:stood out|stand out|struck me|caught my eye|impressed me|jumped out)\b)"
    r"[^:?.!]{0,40}: "
    # "Two quick ones — how you adapted…"
    r"|(?:two|three|a couple of|a few) (?:quick |short |small |specific )?(?:ones|questions?|qs"
    r"|things)[:,]? (?:-|\u2014|\u2013) "
    # "15 min for the other half: wallet confirmations + custody reports?"
    r"|(?:min|mins|minutes)\b[^:?.!]{0,30}: "
    # "There are two matters on which your view would help me greatly: how…", "The points on
    # which I would value your view are these: how…"
    r"|(?:questions?|topics?|things|areas|matters|points|issues|subjects) (?:on which|where|that)"
    r"[^:?.!]{0,50}: "
    # "The two things I keep getting stuck on are how you…"
    r"|(?:questions?|topics?|things|areas|matters|subjects|points|issues) (?:i|i'm|i've|that i"
    r"|which i|we|we've|that we|which we)\b[^:?.!,]{0,40}? (?:are|is|would be|include)\b"
    # "My questions concern the set points, the validation…, and the payback time"
    r"|(?:my|our|the) (?:[\w-]+ )?(?:questions|topics|subjects) (?:would )?(?:concern|are about"
    r"|cover|relate to|be about|are on)(?: chiefly| mainly| principally| mostly)?\b"
    # Topics numbered in words: "First, how the team decides…", "…: first, the manner in
    # which…; and second, what data…".
    r"|(?<![\w'])(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|lastly|one|two|three)[,:]"
    r" (?=how|what|why"
    r"|which|whether|where|when|who|if|the|your)"
)
# "your TestBash talk about contract tests is the reason I…": a talk they gave, named; no
# cue of inquiry.
_THEIR_TALK = re.compile(r"\b(?:your|his|her|their)(?: (?!to\b)[\w'-]+){0,2} $")
# "the staff still talk about the drive you led" tells what others do; it asks nothing.
_OTHERS_TALK = re.compile(
    r"\b(?:they|he|she|people|staff|everyone|everybody|folks|others|the \w+)"
    r"(?: (?:in|at|from|of) (?:my|our|the|this) [\w-]+)? (?:still |often |always |all |also |now"
    r" |sometimes |regularly |keep |only |just |mostly )?$"
)
# "Marta and I were talking about open-source funding" tells what happened; it asks nothing.
# So does "I came to know about how you…" (learned of it, in Indian English).
# So does "came home talking about your previews" (someone else talked of them).
# So does "I asked the question about warranties during the Q&A" (asked at their event).
_NARRATED = (
    "were ", "was ", "been ", "had ", "came to ", "got to ", "answered my ", "answered ",
    "came home ", "kept ", "keeps ", "stop ", "asked the ", "asked a ", "asked my ",
    "asked you a ", "asked you the ", "posed the ", "posed a ",
    # "Our pastor suggested I write after hearing about the mobile pantry you started"
    "after ", "upon ",
)  # fmt: skip
_CAME_HOME = re.compile(r"\b(?:came|come|got|went) (?:home|back)(?: from [\w-]+(?: [\w-]+)?)? $")
# "I saw you on KELO talking about…": they talked, seen by the requester.
_SEEN_TALKING = re.compile(
    r"\b(?:saw|seen|heard|watched|caught|listened to) you(?: [\w'-]+){0,6} $"
    # "Heard you on: the Dockside Minutes podcast, talking about how…"
    r"|\b(?:saw|seen|heard|watched|caught) you (?:on|at|in):? (?:the )?[\w' -]{1,40}, $"
)


# "Thank you for staying after your session to talk about the store move": what was talked
# about then, not what the requester would ask.
_THANKED_FOR_THEN = re.compile(
    r"\bthanks? (?:you )?(?:so much |again |very much )?for (?:staying|stopping|taking the time"
    r"|making (?:the )?time|sitting down|chatting|coming over|spending|hanging back)\b[^.;!?]*$"
)
# "…so hearing how your team actually did it was invaluable": what it was like to hear.
_WAS_VALUED = re.compile(
    r"[^.;!?]{0,80}? (?:was|were) (?:so |really |very |incredibly |hugely |truly |just )?"
    r"(?:invaluable|helpful|useful|great|fascinating|eye-opening|inspiring|valuable|reassuring"
    r"|illuminating|encouraging|brilliant|interesting)\b"
    # "Hearing how your team held a three-day floor cycle made me realise…": what it did
    r"|[^.;!?]{0,120}? (?:made|has made|got|convinced|persuaded|pushed|led|helped|inspired"
    r"|prompted|encouraged|showed|taught) me\b"
)


_ASKED_THEN = re.compile(
    r"[^.;!?]{0,60}?\b(?:got|was|were|had been|has been) (?:read|answered|taken|picked|chosen"
    r"|selected|featured|used|asked)\b"
)
_WHOM_TO_ASK = re.compile(
    r"\b(?:person|one|people|guy|woman|man|someone|somebody|expert|go-to) to $"
)
_OWN_EFFORT = re.compile(
    r"\b(?:i've been|i have been|i'm|i am|we're|we are|we've been|i was|we were|and have been"
    r"|and i've been|and i have been|and) (?:still )?"
    r"(?:trying|struggling|working hard) to $"
)


_I_WONDER = re.compile(
    r"\b(?:i've|i have|i'm|i am|i was|and have|and) (?:been |also |always )?(?:\w+ )?$"
)


def _find_cue(text: str, start: int = 0) -> re.Match[str] | None:
    """The first cue of inquiry in text[start:] that is not told as past ("we were
    talking about") and not learning *from* someone ("trying to learn from people")."""
    cue = _INQUIRY.search(text, start)
    while cue is not None and (
        text[max(0, cue.start() - 12) : cue.start()].endswith(_NARRATED)
        or _CAME_HOME.search(text, max(0, cue.start() - 40), cue.start()) is not None
        or _THANKED_FOR_THEN.search(text, max(0, cue.start() - 80), cue.start()) is not None
        or (
            text.startswith(("hearing", "learning", "listening"), cue.start())
            and _WAS_VALUED.match(text, cue.end()) is not None
        )
        or text.startswith("from ", cue.end())
        or text.startswith(" from ", cue.end())
        # "My question about subscriber churn got read out on your Space": asked then, told
        or (text.endswith("my ", 0, cue.start()) and _ASKED_THEN.match(text, cue.end()) is not None)
        # "(he said) you're the person to ask about hotel risk": whom to ask, told (not "you'd
        # be the best person to ask how you handled…", which asks)
        or (
            cue.group().endswith("about")
            and _WHOM_TO_ASK.search(text, max(0, cue.start() - 20), cue.start()) is not None
        )
        # "I was really interested to learn that you established…" tells what they did
        or text.startswith(("that you", " that you"), cue.end())
        # "I've been trying to work out whether my background translates…": the requester's
        # own deliberation, told (not "trying to figure out how to set alarm thresholds");
        # so is "…trying to figure out where I fit in robotics"
        or (
            text.startswith(("whether", "if ", "where i ", "what i ", "how i "), cue.end())
            and _OWN_EFFORT.search(text, max(0, cue.start() - 30), cue.start()) is not None
        )
        # "…have been quietly wondering whether my ROOT-and-C++ habits are any use": the
        # requester's own doubt about their own things, told
        or (
            cue.group().startswith("wonder")
            and text.startswith((" my ", " i "), cue.end())
            and _I_WONDER.search(text, max(0, cue.start() - 30), cue.start()) is not None
        )
        or (
            text.startswith(("talk", "chat"), cue.start())
            and _THEIR_TALK.search(text, max(0, cue.start() - 40), cue.start()) is not None
        )
        or (
            text.startswith(("talk", "chat", "speak", "hear"), cue.start())
            and (
                _OTHERS_TALK.search(text, max(0, cue.start() - 40), cue.start()) is not None
                or _SEEN_TALKING.search(text, max(0, cue.start() - 50), cue.start()) is not None
            )
        )
    ):
        cue = _INQUIRY.search(text, cue.end())
    return cue


_INQUIRY_HINTS = (
    "hear", "know", "learn", "understand", "ask", "discuss", "talk", "chat", "find out", "consult",
    "explor", "sense", "idea", "cover", "go over", "pick", "touch", "focus", "curious",
    "wonder", "question", "topic", "things", "areas", "matters", "points", "issues", "min", "thought", "take", "view",
    "perspective", "advice", "opinion", "insight", "read", "particular", "specifically",
    "especially", "example", "instance", "such as", "speak", "interest", "keen", "figure",
    "work out", "through", "tell me", "whether", "mainly", "mostly", "above all", "bring",
    "raise", "first", "second", "third", "finally", "lastly", "qs", "q's", "assumption",
    "doubts", "uncertainties", "unknowns", " ones", "thinking", "one,", "two,", "three,",
    "sure", "undecided", "torn", "re:", "into how", "into what", "into why", "into whether",
    "into which",
)  # fmt: skip
_INQUIRY_HINT = any_of(_INQUIRY_HINTS)
# A line that announces a list of questions.
_LABEL_WORDS = 6  # the most words of a label before a colon ("Two things I'd ask:")
# ("also what tools u rate for pleaching": a noun after the question word, "u" for "you")
_FRAGMENT = re.compile(
    r"(?:and |also |plus )?(?:(?:how|what|why|which)(?: [\w-]+)?? (?:you|your|u|ur)|whether)\b"
)
# "20 min call to compare notes? WMS choice + labor model.": things named in a terse line
# right after the ask, joined by a plus, an ampersand or a slash; not the when or how of it.
_NAMED_AFTER_ASK = re.compile(
    r"(?!.*\b(?:i|i'm|i'd|we|we're|my|our|you're|works?|suits?|free|available|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?|mornings?|afternoons?"
    r"|evenings?|am|pm|zoom|teams|phone|call|time)\b)[^.?!]{0,60} [+&/] [^.?!]{2,60}[.!]?$"
)
# "which" that starts a relative clause (a determiner, pronoun or verb follows), not a
# question ("which certification mattered").
_RELATIVE_START = re.compile(
    r"which (?:your|the|my|our|their|his|her|its|it|this|that|these|those|i|we|you|is|was|were"
    r"|are|has|had|have|made|makes|meant|means)\b"
)
_LIST_LINE = re.compile(
    # "Rotas: how you split cover…": a line of the list may carry a short heading first
    r"(?:[a-z][\w '&/-]{0,30}: )?(?:and |also |plus )?(?:how|what|which|why|whether|when|where|who)\b"
)
# A line of an unmarked list that names its topic without a question word: three to
# fourteen words, no full stop, no courtesy.
_UNPUNCTUATED_ITEM = re.compile(
    r"(?!.*\b(?:thanks?|thank you|cheers|regards|best|grateful|appreciate)\b)"
    r"[\w(\"'][^\s.!]*(?:\s+[^\s.!]+){2,13}[\w)?\"']"
)
_LIST_INTRO = re.compile(
    r"questions?|topics?|ask|curious|wonder|hear|learn|know|understand|cover|discuss|things"
    r"|in particular|specifically|areas|like to|love to|hoping to|interested|\bq'?s\b|keen"
    r"|unknowns|puzzles"
    # "I wish to seek your guidance on the following:"
    r"|guidance|the following|as follows"
    # "15-min call next week?" over a list: the time asked for is spent on what it lists
    r"|\bmin(?:ute)?s?\b"
    # "Would love your take on:"
    r"|\b(?:take|thoughts|views?|input|perspective) on\b"
)
_COURTESY = re.compile(
    # ("I know how full a planner's calendar gets"; "If you're swamped, totally understand")
    r"\bbusy\b|\bswamped\b|\bslammed\b|\b(?:totally|completely|fully) understand\b|"
    # ("I'd be very happy to speak with someone on your category team instead": the offer)
    r"\b(?:speak|talk|chat) (?:with|to) (?:someone|somebody|a colleague|one of your)\b[^?]{0,60}"
    r"\binstead\b|\b(?:full|packed|hectic|stretched) (?:[\w'-]+ ){0,3}?(?:calendar|diary|schedule"
    r"|inbox)s?\b|\bon your plate\b|\byour time\b|\byour (?:busy |full )?(?:schedule|calendar|diary)\b|\bthank|\bappreciate"
    r"|\bgrateful|\b(?:" + "|".join(THANKS_ABROAD) + ")"
    r"|\bno worries|\bno pressure|\bunderstand if|\bsuits? you|\bworks? (?:best )?for you"
    r"|\bconvenien|\bif you (?:ever )?(?:have|get|find) (?:the |a )?(?:time|moment|chance|minute)"
)
# "what it's like at X", "how you got started", "how you got where you are": the ask
# restated, whatever X is.
_RESTATED = word_pattern(
    r"(?:what|how) (?:it's|it is|is it|it was|was it|it has been|it's been) (?:like )?(?:to work "
    r"|working )?"
    r"(?:at|in|for|with|there)\b[^,;]{0,40}$"
    r"|how (?:did |do )?you (?:got|get|got your start|became) (?:started|into|to where|where|there"
    r"|your start)"
    r"[^,;]{0,30}$"
    r"|(?:about )?(?:your|the) (?:\w+ )?(?:experience|career|journey|background|work|role"
    r"|story|transition|move|switch|pivot|research)(?: (?:so far|there|at \w+|in \w+"
    r"|on (?:the |that |this )?\w+|since (?:then|leaving|\w+ing)))?$"
    # "your career path", not "the visitor path" (one to walk on)
    r"|(?:about )?(?:your|the) (?:(?:career|professional|own|personal|whole|entire|unusual"
    r"|non-traditional|nontraditional|early|academic|job|work|life) )?path"
    r"(?: (?:so far|there|at \w+|in \w+))?$"
    r"|what you do(?: at \w+| there| every day)?$"
    # "what actually worked for you": nothing named that worked
    r"|what (?:actually |really )?(?:worked|works|has worked)(?: (?:for|well for) (?:you|your team))?$"
    r"|what you(?:'re| are) (?:building|working on|doing|up to|creating|making)(?: at \w+| there"
    r"| now| these days)?$"
    r"|(?:more )?about (?:you|your (?:company|team"
    r"|organization|firm))$"
)
# Restatements however much detail follows: the work, practice or career *in* a field or
# *at* an employer ("your practice in municipal bond law", "careers in architecture"), how
# their path unfolded, what the team or the place is like, understanding the team better.
_RESTATED_ANYWAY = re.compile(
    # "about your journey and get any advice you have for someone in my shoes"
    r"(?:about )?your (?:\w+ )?(?:journey|path|story|experience|career|role)(?: (?:from|to|into"
    r"|in|at) [^,;]{1,40}?)? and (?:get |hear |ask for |gain )?"
    r"(?:any |some |your )?(?:advices?|tips|insights?|wisdom)\b[^,;]{0,60}$|"
    # "how you ended up in this line of work", "your perspective on the whole thing", "any
    # lessons you'd pass on to someone just starting out"
    r"how (?:did |do )?you (?:ended|end) up (?:in|doing|working|where)\b[^,;]{0,50}$"
    # "the story behind your journey into pricing strategy", "the story of how you found
    # your way to where you are now", "what your experience of Tidewater has been like"
    r"|(?:the )?story (?:behind|of) your (?:\w+ )?(?:journey|path|career|rise)\b[^,;]{0,50}$"
    r"|(?:the story of )?how you (?:found|made|worked) your way to where you are\b[^,;]{0,30}$"
    r"|what your experience (?:of|at|with|in) [^,;]{1,40}? has been like\b[^,;]{0,20}$"
    r"|how (?:did |do )?you (?:started|start|began|begin) (?:to work|working|out|your career)"
    r"\b[^,;]{0,50}$"
    r"|(?:also )?(?:any |some )?advices? (?:for|to) (?:someone|somebody|a person|people) (?:in|like)"
    r" (?:my|me|our)\b[^,;]{0,30}$"
    r"|(?:(?:your )?(?:perspective|thoughts|take|view) on )?(?:the whole thing|it all|everything"
    r"|all (?:of )?(?:this|that))$"
    r"|(?:any |some |the )?(?:other |more |further )?(?:lessons|insights?|advice|tips|wisdom)"
    r"(?: or (?:lessons|insights?|advice|tips|wisdom))?"
    r"(?: (?:that )?you(?:'d| would"
    r"| might| could| can)?(?: want to)? (?:pass on|share|offer|give))(?: (?:to|with) (?:someone"
    r"|somebody|anyone|people|me)\b[^,;]{0,40})?$|"
    # "any advice you'd have for an operator trying to make the switch": advice for anyone
    # in the requester's shoes, nothing asked of the contact's work.
    r"(?:(?:of course|also|and) )?(?:any |some |your )?(?:general |other |more )?(?:advice|tips"
    r"|insights?|guidance|suggestions|pointers|wisdom)"
    r"(?: (?:that )?you(?:'d| would| might| could| can| may)? (?:have|share|give|offer))?"
    r" (?:for|to) (?:a|an|someone|somebody|anyone|people|(?:[\w-]+ ){0,2}?(?:students|graduates"
    r"|newcomers|juniors|beginners)) (?:[\w-]+ ){0,3}?(?:trying|hoping|looking|wanting|who"
    r"|making|considering|moving|starting|thinking|aiming|interested|keen|aspiring|like (?:me|us"
    r"|ours|mine))\b[^,;]{0,60}$|"
    # "how you started in data engineering": how they got started, in a field
    r"how (?:did |do )?you (?:started|start|began|begin) (?:out )?in (?:[\w-]+ ){0,2}[\w-]+[.!?]?$|"
    # "how you came into research coordination": how they got started, in other words
    # (not "how you came to lead product": a step into a role)
    r"how (?:did |do )?you (?:came|come|got|get) into [^,;]{1,40}$|"
    # "what a safety department is like at an airport group": what it is like there
    r"what (?:a|the|your) (?:[\w-]+ ){0,2}?(?:department|team|company|firm|office|unit|group"
    r"|workplace|job|role) is (?:really |actually )?like\b[^,;]{0,40}$|"
    # "how is it working in a big hotel group": what it is like at an employer of a kind
    r"(?:what|how) (?:it's|it is|is it|it was|was it) (?:like )?(?:to work|working) (?:at|in|for"
    r"|with) (?:a |an |the )?(?:[\w-]+ ){0,3}?(?:company|firm|group|organi[sz]ation|agency"
    r"|hotel|hospital|startup|corporation|chain|business|place)s?[.!?]?$|"
    # "what a career in academic economics really looks like": what it is like, in a field
    r"what (?:a|the) (?:career|life) (?:in|as|at) [^,;]{1,40}? (?:really |actually )?looks? like"
    r"[.!?]?$|"
    # "any tips you have for a first-time thesis writer": advice for anyone of a kind
    r"(?:and )?(?:any |some |your )?(?:tips|advice|pointers|suggestions)(?: (?:that )?you(?:'d"
    r"| would| might| could| can)? (?:have|share|give|offer))? for (?:a|an|any) (?:[\w-]+ ){0,3}?"
    r"(?:writers?|students?|applicants?|beginners?|newcomers?|graduates?|researchers?"
    r"|candidates?)[.!?]?$|"
    # "your career path in revenue management": a career in a field, however named
    r"(?:about )?your (?:\w+ )?(?:career path|career|journey|path) (?:in|into|within)"
    r" (?:[\w-]+ ){0,3}[\w-]+[.!?]?$|"
    # "your experience of the specialty so far": their experience of a whole field
    r"(?:about )?your (?:\w+ )?(?:experience|journey) (?:of|in|with) (?:the |this )?(?:specialty"
    r"|speciality|specialism|field|industry|profession|sector)(?: so far| to date)?[.!?]?$|"
    # "gain any insights you could share about the impact investing space", "any insights on
    # what it takes to succeed in product management": advice on a whole field
    r"(?:(?:and |to )?(?:gain|get|hear|learn) )?(?:any |some |your )?(?:insights?|advice|tips"
    r"|wisdom|perspective)(?: (?:that )?you(?:'d| would| might| could| can| may)? (?:have|share"
    r"|give|offer|pass on))? (?:(?:about|on|into|regarding) (?:the |this |that )?(?:[\w-]+ ){0,3}?"
    r"(?:space|field|industry|sector|world|area|profession|career)s?|on what it takes to"
    r" (?:succeed|thrive|make it|get ahead|break in)\b[^,;]{0,50})$|"
    # "generally how it's all gone since": how it went, nothing of it named
    r"(?:and )?(?:generally |overall |just )?how (?:it's|it has|it is|things have|things are"
    r"|it all|it's all|it has all) (?:all )?(?:gone|going|worked out|been|turned out)(?: since"
    r"| so far| overall| since then)?[.!?]?$|"
    # "the agenting side of the business", "that and some other tech details"
    r"(?:the |this |your )?(?:[\w-]+ ){0,2}?side of (?:the |this )?(?:business|industry|field"
    r"|house|world|profession)$"
    # "any wider reflections on your path", "where you think it's heading": the path or the
    # field in general, nothing of it named
    r"|(?:along with |and )?(?:any |some |your )?(?:wider |broader |general |other |overall )?"
    r"(?:reflections|thoughts) on (?:your|the) (?:path|career|journey|experience|field|industry)$"
    r"|where (?:you think |you see )?(?:it|the field|the industry|things|the sector|the profession)"
    r"(?:'s| is) (?:heading|going)$"
    # "how you found the transition overall"
    r"|how you (?:found|felt about|experienced|look back on) (?:the|your) (?:transition|move|switch"
    r"|change|experience|career|journey|path)(?: overall| so far| on the whole)?$"
    # "the lessons you've gathered along the way": learned on their path, nothing named
    r"|(?:the |any |some |your )?(?:lessons|wisdom|insights?)(?: (?:that )?you(?:'ve| have)?"
    r" (?:gathered|learned|learnt|picked up|collected|gained))?(?: along the way| over the years"
    r"| on the way| in your career)$"
    r"|(?:(?:that|this|it) and )?(?:some |any |a few )?other (?:[\w-]+ )?(?:details|things|stuff"
    r"|questions|topics|bits)$|"
    # "how things work at a small press like Lantern Hill": what it's like there, restated.
    r"(?:especially |particularly |specifically |mainly )?how things (?:work|run|are done|go)"
    r"(?: (?:at|in|on|there)\b[^,;]{0,60})?$"
    # "(to know more about) the publishing industry": the field, nothing asked of it.
    r"|(?:the |this |your )?(?:[\w-]+ ){0,2}?(?:industry|field|sector|profession)$|"
    r"(?:(?:more (?:broadly |generally )?|a (?:little )?bit |a little )?about )?(?:your |the |a )?"
    r"(?:\w+ )?(?:experience|career|careers|journey|path"
    r"|background|work|role|practice|field|industry|job|story)s?(?: and (?:your )?(?:experience"
    r"|career|journey|path|background|work|role))? (?:(?:working|serving"
    r"|practi[sc]ing|teaching|living) )?(?:in|at|as|within|into|to|from|with)"
    r" [^,;]{1,50}$"
    r"|how (?:your|you) (?:career|path|journey|story|career path)\b"
    # "how you got started in appellate advocacy": however the field is named.
    r"|how (?:did |do )?you (?:got|get|became|were) (?:started|your start) (?:in|with|at|as|out)\b"
    r"[^,;]{0,50}$"
    # "how you got into storyboarding in the first place"
    r"|how (?:did |do )?you (?:first )?(?:got|get) into\b[^,;]{0,50}$"
    r"|(?:the |your )?(?:job|work|role|things?) (?:that )?you do\b"
    r"|what you (?:enjoy|like|love|dislike|find)(?: most| least)?(?: rewarding)? about (?:your|the)"
    r" (?:job|work|role|career|company|field)"
    r"|(?:the |your )?(?:company |team |office |work |workplace )?culture(?: there| at \w+)?$"
    # "what it's like leading analytics at Lumio now": however it goes on, the ask restated.
    r"|what it(?:'s| is| was|'s been| has been) (?:really )?like\b"
    # "what life at the council is like", "what day-to-day life on the ward is like"
    r"|what (?:(?:the|your) )?(?:daily |day-to-day |everyday |working |work )?life (?:at|in|on"
    r"|with) [^,;]{1,40}? (?:is|was|has been) like\b"
    r"|what(?:'s| is| was) it (?:really )?like\b"
    # "what a physical therapist's work is really like", "what your career path has looked
    # like since graduating"
    # (not "what a normal day looked like": a day's work is a topic)
    r"|(?:what )?(?:a|an|your|the) (?:[\w'-]+ ){0,3}?(?:work|job|role|life|career(?: path)?"
    r"|journey|trajectory|experience)(?: as (?:a|an) [\w-]+(?: [\w-]+)?)?(?: has| is| was)?"
    r" (?:really |actually )?(?:looked |been )?like\b"
    # "your journey building the team", "your path becoming a partner".
    r"|(?:about )?(?:your|the) (?:\w+ )?(?:journey|path|story|experience|career)s? [a-z]+ing\b"
    r"[^,;]{0,50}$"
    r"|(?:[^,;]*? )?(?:which|what) parts? of (?:the|your) (?:job|work|role|career) (?:that )?you"
    r" (?:enjoy|like|love|dislike|find)\b"
    r"|what (?:the|your|it) (?:[\w-]+ ){0,2}?(?:team|company|culture|office|firm|job|role|work|place"
    r"|environment)?(?: and (?:the |its |your )?(?:team|company|culture|office|firm|job"
    r"|role|work|place|environment|people))?(?: (?:at|in|on) [\w-]+(?: [\w-]+)?)?"
    r"(?: is| are| was| were|'s)? like\b"
    r"|(?:the|your) (?:\w+ )?(?:team|company|firm|organi[sz]ation)(?: better| more| a bit)?$"
    # "your experience when working in the cold chain": their experience, wherever it was
    r"|(?:about )?your (?:\w+ )?experiences? when (?:working|you (?:were )?work(?:ed|ing)) (?:in|at"
    r"|on|with) [^,;]{1,40}$"
    # "the team atmosphere": what it's like there, in other words
    r"|(?:about )?(?:the|your) (?:team|company|office|workplace|work) (?:atmosphere|culture|vibe"
    r"|environment|dynamics?)$"
    r"|(?:any |your |some )?(?:advice|tips|insights?|guidance|suggestions|pointers"
    r"|recommendations)(?: (?:you|that you) (?:have|might have|could share|may have|can give))?"
    r" (?:on|about|for) (?:how to )?(?:break|get|enter|start|succeed|land|transition|mov|pivot"
    r"|mak(?:e|ing) (?:it|the (?:move|switch|jump))|someone|a (?:new |recent |fresh )?(?:newcomer"
    r"|beginner|student|graduate|grad|junior))"
    # "What general advice would you give someone considering this work?"
    r"|what (?:general |other |overall |one piece of |piece of )?(?:advice|tips?|suggestions)"
    r" (?:(?:would|could|do|might|can) you|you(?:'d| would| could| might| can)?) (?:give|offer"
    r"|share|have)\b[^,;]{0,60}$"
    # "(would value) any advice", "any insights you'd share with someone earlier in their
    # career": advice asked for on nothing named.
    # ("…the railway, and of course any advice you can give me for my career")
    r"|(?:(?:and )?of course,? )?"
    r"(?:(?:and )?(?:i )?(?:would |'d )?(?:really |also |greatly )?(?:value|appreciate|welcome"
    r"|be grateful for|get|hear|ask for|pick up) )?(?:any |some |your )?(?:advice|tips|insights?"
    r"|guidance|suggestions"
    r"|pointers|recommendations|wisdom)(?: (?:that )?you(?:'d| would| might| could| can| may)?"
    r" (?:have|share|give|offer|pass on))?(?:(?: (?:with|for|to))? (?:someone|somebody|me|people"
    r"|anyone|those|newcomers|beginners|students|juniors"
    # "any advice you can give for a bootcamp graduate"
    r"|(?:a|an) (?:[\w-]+ ){0,2}?(?:graduate|grad|student|beginner|newcomer|changer|junior"
    r"|starter|person|pm|apm|hire|joiner|manager))\b[^,;]{0,40})?$"
    # "breaking into tech", "getting into UX design": the ask for advice, restated.
    r"|(?:how to |about )?(?:break(?:ing)?|get(?:ting)?|mov(?:e|ing)) into (?:the |a |this )?"
    r"(?:[\w-]+ ){0,2}?[\w-]+(?: industry| field| sector| world| space)?$"
    # "your perspective on my career goals": the requester's own plans; nothing about theirs.
    r"|(?:(?:your |get your )?(?:honest )?(?:thoughts|take|views?|perspective|advice|opinion"
    r"|insights?|feedback|input) (?:on|about|regarding) )?(?:my|our) (?:own )?(?:career"
    r" |professional |future )?(?:goals?|plans?|options|next steps?"
    r"|situation|path|career|ambitions|aspirations|job search|prospects|interests)$"
)
MAX_PER_SENTENCE = 3
# A sentence this long that opens with a courtesy ("hope you're well") is a run-on message.
_RUN_ON = 160
# Generic wherever they stand in the clause: "(hear your thoughts on) the future of the
# industry", "the lessons you learned along the way".
_GENERIC_ANYWHERE = re.compile(
    r"\bthe future of (?:the |your |this )?(?:industry|field|sector|profession|business)\b"
    r"|\blessons (?:you(?:'ve)? )?(?:learned|learnt)\b"
    # "would you have context to share on the topic": the topic is the one already named.
    r"|\b(?:context|thoughts|insights?|input|perspective|advice|anything) (?:to share |to add )?"
    r"(?:on|about) (?:the|this|that) (?:topic|subject|matter|area)\b"
    # "any general advice you have for someone early in their career": advice in general
    r"|\b(?:any|some) (?:general |overall |broad |broader |other )?advices?(?: (?:you(?:'d| would"
    r"| might| could)? (?:have|give|offer|share|pass on)\b|for (?:someone|somebody|people|anyone"
    r"|newcomers|those|me|a)\b)|\W*$)"
    # "your thoughts on product thinking in general", "product strategy more broadly", "how
    # to become more strategic and user-centric": a whole practice, nothing of theirs asked
    r"|\b(?:thoughts|views?|take|perspective|insights?) on [^,;]{1,40}? (?:in general|more broadly"
    r"|generally|overall)\W*$"
    r"|^(?!(?:how|what|why|which|whether|where|when|who)\b)(?:[\w-]+ ){1,3}(?:in general|more"
    r" broadly)\W*$"
    r"|\b(?:being|becoming|become|be) more (?:strategic|outcome-driven|user-centric|data-driven"
    r"|customer-centric|impactful|effective|senior)\b"
    # "anything you wish you'd known early on"
    r"|\b(?:anything|what|things) you wish you(?:'d| had) known(?: (?:early on|earlier|sooner"
    r"|back then|when you started|at the start|starting out|before you started|going in))?\W*$"
    # "could you recommend a better resource/contact?": someone else, not a question
    r"|\brecommend (?:a|an|another|any|some) (?:better |other |good )?(?:resource|contact|person"
    r"|people|someone)\b"
)
# "what you've learned along the way", "the startup scene in general": generic however they
# end; looked for only where their words are (the alternation above is searched per clause).
_GENERIC_ENDING = re.compile(
    r"what you(?:'ve| have)? (?:learned|learnt)(?: along the way| so far| over the years)?$"
    r"|(?:scene|landscape|ecosystem|industry|field|sector|market|space|world) in general$"
)
_ASIDE_OPENERS = ("since ", "because ", "as ", "given that ")
_NEW_STATEMENT = re.compile(
    r"(?:(?:since|because|as|given that) )?(?:he|she|they|i|i'm|i've|i'd|we|we're|it|it's|my|our"
    r"|so i)(?![\w'])"
)
# A job-focused topic ("how you interview for a role") counts; the requester's own ask
# ("whether I might be a fit", "if your team is hiring") does not.
_SELF = re.compile(r"\b(?:i|me|my|i'd|i'm|i've)\b|hiring\b")
_PUNCT_TO_SPACE = MappingProxyType(str.maketrans(dict.fromkeys(',.;:!?"()', " ")))


def _content(text: str, skip: Collection[str]) -> frozenset[str]:
    return frozenset(
        stem(w)
        for w in words(text)
        if w not in STOPWORDS
        and w not in _TOPIC_GENERIC
        and not w[0].isdigit()
        and len(w) > 1
        and (not skip or fold_accents(w.removesuffix("'s")) not in skip)
    )


def _is_job_ask(text: str) -> bool:
    """The requester's job ask, not a job-focused topic ("how you interview for a role")."""
    if not asks_for_a_job(text):
        return False
    topic = text.startswith(("how", "what", "which", "why", "where", "when", "who"))
    return _SELF.search(text) is not None or not topic


# A lone adverb left after a comma: "…how you handle bad weather, honestly."
_ADVERB_ONLY = re.compile(
    r"\s*(?:honestly|mainly|mostly|properly|quickly|legally|ethically|really|especially"
    r"|basically|generally|personally|ideally|obviously|briefly|roughly|typically|usually"
    r"|eventually|finally|practically|realistically|frankly|seriously|specifically)[.!?]*\s*"
)
_ORDINAL_ONLY = re.compile(
    r"(?:and |or |then |also )?(?:first|firstly|second|secondly|third|thirdly|finally|lastly"
    r"|next|separately|additionally|relatedly|also)"
)
_SHARE = re.compile(
    r"^(?:could|would|can|will) you (?:please )?(?:share|give|offer|provide|pass on)(?: me| us)? "
)


# What may lead a topic clause in before its subject: "also to hear about…", "more generally
# about…".
_TOPIC_LEAD = re.compile(
    r"(?:(?:and|also|more generally|generally|more broadly|broadly|maybe|perhaps|just|then) )*(?:to )?"
    r"(?:(?:hear|learn|know|talk|chat) (?:a (?:bit|little) )?(?:more )?about |(?:more )?about )?"
)


# A clause that gives a reason or a standing, not a question: "…at Lakeshore, given the
# program's outstanding reputation", "As a director, would you…".
_NO_TOPIC_LEAD = re.compile(
    r"(?:given|considering|because|since) (?:the|your|its|their|his|her|that|how)\b"
    # "(I want to ask) you 20 minutes to talk online": the time asked for, not a topic (but
    # "15 min on how you…" names its topic after the time)
    r"|(?:you |for )?(?:about |around )?\d{1,2}(?:[-–]\d{1,2})? ?(?:minutes?|mins?)\b"
    r"(?!.*\b(?:on|about|re|regarding|to ask|to hear|to learn|to understand)\b)"
    r"|as (?:a|an|the) [\w-]+(?: [\w-]+)?$"
    # "(…and) show you a quick demo of how CarbonLoop could fit in", "also to walk you through
    # our client's revised scheme": the requester presents
    r"|(?:also )?(?:to )?(?:(?:walk|take) you (?:through|round|around)\b|show you (?:a |an |our "
    r"|my |the )?(?:quick |short |brief )?(?:demo|demonstration|walkthrough|walk-through|overview"
    r"|tour|deck|product|platform|tool)\b)"
    # "whether you'd be willing to raise it with the county": an action asked for
    r"|(?:whether |if )?you(?:'d| would| could| might)(?: be)? (?:willing|able|prepared|happy"
    r"|open) to (?!share|explain|tell|talk|say|describe|walk me|show me)[a-z]+"
)


_VOCATIVE = re.compile(
    r"(?:(?:you )?too,? )?(?:mr|mrs|ms|mx|miss|dr|prof|professor|sir|madam|ma'am)\.? [\w'-]+"
    r"(?: [\w'-]+)?"
)
_WHOM = (
    " those", " people", " someone", " somebody", " anyone", " anybody", " others", " ones",
    " everyone", " everybody",
)  # fmt: skip


def _topic(text: str, skip: Collection[str]) -> frozenset[str]:
    """The concrete content of a topic clause, empty when it only restates the ask."""
    text = text.strip(" -–—,;:.?!\"'()")
    lead = _TOPIC_LEAD.match(text)
    if lead is not None:
        text = text[lead.end() :]
    if _ORDINAL_ONLY.fullmatch(text) is not None:
        return frozenset()  # "…; and second, what data…": the number, not a topic
    if _ADVERB_ONLY.fullmatch(text) is not None:
        return frozenset()  # "…how you handle bad weather, honestly.": an aside, no topic
    if _VOCATIVE.fullmatch(text) is not None:
        return frozenset()  # "…and I'd love to ask you too, Ms. Park.": whom, not what
    if _NO_TOPIC_LEAD.match(text) is not None:
        return frozenset()  # "given the program's reputation", "as a director": no question
    # "Could you share any advice for…" asks for what follows the verb.
    if text.startswith(("could", "would", "can", "will")):
        text = _SHARE.sub("", text, count=1)
    relative = _RELATIVE.search(text)
    # "how those who have come through the programme handled…": the clause names whom the
    # question is about; it is part of the question, not a remark after it.
    if relative is not None and not (
        text.startswith(("how ", "what ", "which ", "whether ", "why ", "when ", "where "))
        and text.endswith(_WHOM, 0, relative.start())
    ):
        text = text[: relative.start()]
    if _RESTATED.search(text) is not None and len(_content(text, skip)) < 2:
        return frozenset()
    if _RESTATED_ANYWAY.match(text) is not None or _GENERIC_ANYWHERE.search(text) is not None:
        return frozenset()
    if ("learn" in text or " in general" in text) and _GENERIC_ENDING.search(text) is not None:
        return frozenset()
    return _content(text, skip)


def _separators(text: str) -> list[tuple[int, int]]:
    found = [
        (m.start(), m.end())
        for m in _PUNCT_SEPARATOR.finditer(text)
        # ("what it's like at Lusk & Varga": a firm's name, not two topics)
        if m.group() != " & "
        or _FIRM_BEFORE.search(text, 0, m.start() + 1) is None
        or text.startswith(_QUESTION_WORDS, m.end())
    ]
    for word in _WORD_SEPARATORS:
        index = text.find(word)
        while index != -1:
            end = index + len(word)
            # "…how you set alarms and how you train pickers", "…your alarm thresholds
            # and your picker training": a second topic starts.
            if (
                text.startswith(_QUESTION_WORDS, end)
                or (
                    word == " and "
                    and text.startswith(_SECOND_TOPIC, end)
                    # "the lab and the units" is one topic; "the thresholds you chose and the
                    # onboarding you give" two.
                    and (not text.startswith("the ", end) or " you " in text[end : end + 60])
                )
            ):
                found.append((index, end))
            index = text.find(word, end)
    found.sort()
    # A list in brackets ("the three changes (a cost sheet, a validation summary and a pilot
    # offer)") details one topic; it does not split it.
    brackets = [(m.start(), m.end()) for m in _BRACKETED.finditer(text)] if "(" in text else []
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if any(a < start < b for a, b in brackets):
            continue
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


# "…about the study, especially how you estimated…": the thing before names where the
# question is, the words after what it is.
_UMBRELLA = re.compile(
    r"[,;:] (?:especially|particularly|in particular|mainly|notably|specifically|above all)\b"
)


def _clauses(
    text: str, begin: int, skip: Collection[str], named: bool = False
) -> list[tuple[int, int, frozenset[str]]]:
    """Topic clauses of text[begin:], split at separators; each needs concrete content.
    `named`: the things follow a cue that names them one each ("15 min on X and Y")."""
    found: list[tuple[int, int, frozenset[str]]] = []
    part = text[begin:]
    listed = named or _NAMED_FOR_ASKING.search(text, max(0, begin - 24), begin) is not None
    separators = _separators(part)
    job_ask = False  # the clause before asked for a job: the things it lists go with it
    aside = False  # inside a reason given in passing, until a question word starts anew
    starts = [0, *(end for _, end in separators)]
    ends = [*(start for start, _ in separators), len(part)]
    for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
        clause = part[start:end]
        stripped = clause.strip(" -,;:")
        if part.startswith(":", end) and not stripped.startswith(tuple(_STARTERS)):
            continue  # "Questions I'd bring:", "two decisions we face:" announce; they ask nothing
        # "(I'd like to ask) you how the kitchen sorts waste in the busy months" asks.
        asks = stripped.removeprefix("you ").startswith(tuple(_STARTERS))
        if aside and not stripped.removeprefix("and ").startswith(tuple(_STARTERS)):
            continue  # still the aside ("…, since my company ships a lot of those, …")
        aside = False
        if number and _NEW_STATEMENT.match(stripped) is not None:
            if stripped.startswith(_ASIDE_OPENERS):
                # "how you practiced X, since my company ships a lot of those, and what you
                # had to do in your first year": a reason given in passing; the next
                # question goes on.
                aside = True
                continue
            # "…careers in architecture, and he mentioned…" is a new sentence in all but
            # name; its own cue ("and I'm curious how…") starts topics of its own.
            cue = _find_cue(part, start)
            if cue is not None:
                found.extend(_clauses(text, begin + cue.end(), skip))
            break
        if _RHETORICAL.match(stripped) is not None:
            continue
        if _UMBRELLA.match(part, end) is not None and len(stripped.split()) <= 3:
            continue  # "a few questions about the study, especially how you…": what follows
        if number and _RELATIVE_START.match(stripped) is not None:
            # "…for training hours, which your panel touched on" tells, it does not ask; a
            # cue inside it ("a call in which I could ask how…") starts topics of its own.
            cue = _find_cue(part[:end], start)
            if cue is not None:
                found.extend(_clauses(text[: begin + end], begin + cue.end(), skip))
            continue
        if _COURTESY.search(clause) is not None and not asks:
            continue  # "thank you for your time", but not "how you split your time"
        if _is_job_ask(stripped):
            job_ask = True
            continue  # the job ask itself is judged by no_job_ask, not counted as a topic
        if job_ask and not asks:
            continue  # "…an opening for a logistics coordinator, volunteer manager, or…"
        job_ask = False
        topic = _topic(clause, skip)
        if not topic:
            continue
        # Things named after "I'd ask about" may be one word each; a question ("how you
        # balance clinical work and family") is one topic however many things it names.
        named = listed and not stripped.startswith(_QUESTION_WORDS[:-1])
        pair = _two_topics(clause, skip, 1 if named else 2)
        if pair is None:
            found.append((begin + start, begin + end, topic))
        else:
            cut, left, right = pair
            found.append((begin + start, begin + start + cut, left))
            found.append((begin + start + cut + len(" and "), begin + end, right))
    return found


_GOES_ON = ("and ", "also ", "plus ")
_BETWEEN = re.compile(r"\b(?:between|both) (?:[\w-]+ ){0,3}?[\w-]+$")


# "how you pick invariants and test retries": one question word, two things done.
_ASKS_WHAT_THEY_DO = re.compile(
    r"(?:^\s*|\b(?:how|why|when|where|what) )(?:do |did |would )?(?:you|your (?:[\w-]+ )?"
    r"(?:team|group|unit|lab|firm|studio|crews?)|they|the (?:[\w-]+ )?team) [a-z]"
)
# "how you handled X and Y" asks of two things; "how you balance X and Y" of one (the two
# together).
_HOW_YOU_DID = re.compile(r"how (?:you|your team) ([a-z]+ed)\b")
_RELATING = word_set(
    """
balanced juggled combined compared connected bridged integrated matched weighed traded
aligned reconciled linked merged blended mixed divided split paired coordinated
"""
)
_NOT_A_PREDICATE = frozenset(
    ["the", "a", "an", "your", "my", "our", "their", "its", "his", "her", "how", "what", "so",
     "then", "more", "other", "also", "not", "to"]
)  # fmt: skip


# Right after "I'd ask about", "questions on": the things named are what will be asked, so
# "tarping and bed prep" are two topics however short each is.
_NAMED_FOR_ASKING = re.compile(
    r"\b(?:ask|asking|questions?|topics?)\b[^.?!:]{0,24}?(?: (?:about|on|regarding))?:? ?$"
    # "Could we have a quick chat about your checklist and staffing?"
    r"|\b(?:talk|chat|speak|call|conversation) (?:about|on|regarding) ?$"
)


# The last word before "and" is the object of a preposition: what follows names another
# of the same.
_MODIFIER_WAITING = re.compile(
    r"\b(?:the|a|an|my|your|our|their|both) (?:old|new|current|former|existing|legacy|paper"
    r"|digital|electronic|manual|online|offline|public|private|internal|external|full-time"
    r"|part-time|day|night|early|late|short|long|local|national)$"
)
_TOGETHER = re.compile(
    r"[\w-]+ (?:in parallel|together|side by side|at once|simultaneously|at the same time)\b"
)
_VERB_AFTER_PAIR = frozenset(["were", "was", "are", "is", "had", "have", "has"])
_INTO_ONE = re.compile(r"\b(?:into|to|from|with|for|between|across|as) [\w-]+$")


def _two_topics(
    clause: str, skip: Collection[str], least: int = 2
) -> tuple[int, frozenset[str], frozenset[str]] | None:
    """Two topics joined by a bare "and" ("freezer alarm thresholds and seasonal hiring"),
    when each side names at least `least` concrete things on its own (two, unless the things
    are named right after a cue of asking): "work and family" or "the lab and the units" stay
    one topic. After "how you…", two things done with their own objects ("how you versioned
    them and got engineers on board") are two topics."""
    asks = _ASKS_WHAT_THEY_DO.search(clause)
    index = clause.find(" and ")
    relates = _HOW_YOU_DID.match(clause.strip(" -,;:"))
    predicates = asks is not None and asks.end() < index
    brackets = [(m.start(), m.end()) for m in _BRACKETED.finditer(clause)] if "(" in clause else []
    while index != -1:
        right_text = clause[index + len(" and ") :]
        right_words = right_text.split()
        # ("…once tariffs and freight were included": two things the verb after takes; "the
        # old and new numbers", "paper and electronic in parallel": one thing, described)
        pair_subject = (
            (len(right_words) >= 2 and right_words[1] in _VERB_AFTER_PAIR)
            or _MODIFIER_WAITING.search(clause, 0, index) is not None
            or _TOGETHER.match(right_text) is not None
        )
        if _BETWEEN.search(clause, 0, index) is not None:
            # "how the rotations between acute and aged care are structured": one thing
            index = clause.find(" and ", index + 1)
            continue
        if _NEW_STATEMENT.match(right_text) is None and not any(a < index < b for a, b in brackets):
            left, right = _topic(clause[:index], skip), _topic(right_text, skip)
            if (
                len(left) >= least
                and len(right) >= least
                and (least > 1 or not left & right)
                and not pair_subject
            ):
                return index, left, right
            if (
                relates is not None
                and relates.end() < index
                and left
                and right
                and relates.group(1) not in _RELATING
                # ("how you translated your quals into CSCS and SMSTS": one thing, two names)
                and not (len(right_words) == 1 and _INTO_ONE.search(clause, 0, index) is not None)
                # ("how you designed and scored the work sample": two verbs, one object)
                and bool(
                    clause[clause.find(relates.group()) + len(relates.group()) : index].split()
                )
                and not pair_subject
            ):
                # "how you handled evidence sharing and interpreters": two things handled
                return index, left, right
            if (
                predicates
                and left
                and right
                and len(right_words) >= 2
                and right_words[0] not in _NOT_A_PREDICATE
                and not pair_subject
                # ("how you designed and scored the work sample": two verbs, one object)
                and asks is not None
                and len(clause[asks.end() - 1 : index].split()) >= 2
            ):
                return index, left, right
        index = clause.find(" and ", index + 1)
    return None


# What follows "on" when it says where or when a talk happens ("on a call", "on Zoom", "on
# Thursday"), not what it is about.
_NOT_A_MEDIUM = (
    r"(?!(?:a |the |your )?"
    r"(?:call|phone|zoom|teams|video|meet|google|slack|linkedin|\w+day|weekday|weekend|morning"
    r"|afternoon|evening|lunch|break|site|campus)s?\b)"
)
# "Could we do 15 min on double materiality and scoping Scope 3?", "15 mins of your time on
# CID training and case file prep", "swap notes on tagging and staff training": what the time
# is spent on names the topics.
_TIME_ON = re.compile(
    r"(?:\b(?:min|mins|minutes?|hours?|call|chat|conversation|talk|coffee|evening|morning"
    # ("one coffee's worth of your time on drying and flattening")
    r"|afternoon|lunchtime)(?:'s worth| worth)?(?: of your time)?(?: (?:sometime|some time|soon"
    r"|next week|this week"
    r"|this month))?|\b(?:swap|compare|trade|exchange) notes) on " + _NOT_A_MEDIUM
)


# Topics named first, then called what they are: "X & Y are my two big unknowns".
_TOPICS_BEFORE = re.compile(
    r" (?:are|is) (?:my|our|the) (?:two |three |big |biggest |main |real |open |remaining )*"
    r"(?:unknowns|questions|puzzles|worries|open questions|sticking points)[.!]?$"
    # "And the way kill fees work at the paper is a mystery to me."
    r"| (?:is|are|remains?) (?:still )?(?:a (?:complete |total |bit of a )?(?:mystery|puzzle"
    r"|black box)|(?:a )?(?:complete |total )?(?:unknowns?|mysteries)) to me[.!]?$"
)
# An ask said as a statement: "Grateful for a 20-min call on…", "Hoping for 15 minutes on…".
_GRATEFUL_FOR_TIME = re.compile(
    # At the sentence's start, or where a clause starts after its reason (", and I'd be…").
    r"(?:^|(?<=[,;] )(?:and |so )?|(?<= )(?:and |so ))"
    r"(?:i'd be |i would be |i'm |i am |(?:i'm |i am )?(?:very |so |really )?)?(?:grateful|glad"
    r"|thankful|hoping|keen|happy) (?:for|to have|to get) (?:a |an |your )?(?:[\w-]+ )?"
    r"(?:\d|ten|fifteen|twenty|thirty|half)"
)
_GRATEFUL_HINT = re.compile(r"grateful|glad|thankful|hoping|keen|happy")
# "Would love a quick chat on (1) CompTIA vs ITIL (2) part-time trainer roles!": the ask
# without a duration, naming its topics.
# So does "Would value a chat on how you handled staff + funders", "I'd value 15 mins on
# parent pushback & enforcement", "I'd appreciate a short call about…".
_LOVE_A_CHAT = re.compile(
    r"(?:^|(?<=[,;] )|(?<= ))(?:i'd |i would |would |'d )?(?:love|value|appreciate|welcome)"
    r" (?:a |an |(?:\d{1,2}|ten|fifteen|twenty|thirty)[ -]?(?=min|minute))"
    r"(?:quick |short |brief )?(?:(?:\d{1,2}|ten|fifteen|twenty|thirty)[ -]?(?:min|mins|minute)s? )?"
    r"(?:chat|call|word|conversation|catch-up|mins?|minutes) (?:on|about|re:?) "
    + _NOT_A_MEDIUM
    # "Kindly spare some minutes on swab recovery and worst-case product selection."
    + r"|(?:^|(?<= ))(?:kindly |please )?spare (?:me )?(?:a few |some |a little |(?:\d{1,2}"
    r"|ten|fifteen|twenty|thirty)[ -]?)?(?:min|mins|minutes|moments|time) (?:on|about|re:?) "
    + _NOT_A_MEDIUM
)


_LOVE_HINT = re.compile(r"love|value|appreciate|welcome|spare")


_ABOUT_TOPIC = re.compile(
    r" about (?!\d|(?:an? |half|one |two |three |five |ten |fifteen |twenty|thirty|forty|sixty"
    r"|quarter|the same)\b)"
)


def _ask_topics(text: str, skip: Collection[str]) -> list[tuple[int, int, frozenset[str]]]:
    """Topics inside the ask: "Would you have 20 minutes to talk about how you…?"."""
    cue = _find_cue(text)
    if cue is None and " on " in text:
        spent = _TIME_ON.search(text)
        if spent is not None:
            return _clauses(text, spent.end(), skip, named=True)[:MAX_PER_SENTENCE]
    if cue is None:
        for word in (" about ", " re ", " on how ", " how ", " whether ", " what "):
            index = text.find(word)
            if word == " about " and index != -1:
                # "for about 30 minutes" says how long, not what about
                found = _ABOUT_TOPIC.search(text)
                index = -1 if found is None else found.start()
            if index != -1:
                # "Can we talk 15 min about salinity and emitter clogging?": the things the
                # ask is about are named one each.
                named = word in (" about ", " re ")
                return _clauses(text, index + 1, skip, named=named)[:MAX_PER_SENTENCE]
        return []
    return _clauses(text, cue.end(), skip)[:MAX_PER_SENTENCE]


def _question_topics(text: str, skip: Collection[str]) -> list[tuple[int, int, frozenset[str]]]:
    """Topics of a question sentence: its clauses after a cue, or the question as one."""
    cue = _find_cue(text)
    if cue is None and _COURTESY.search(text) is not None:
        return []
    clauses = _clauses(text, 0 if cue is None else cue.end(), skip)
    if clauses:
        return clauses[:MAX_PER_SENTENCE]
    topic = frozenset() if _is_job_ask(text) else _topic(text, skip)
    return [(0, len(text), topic)] if topic else []


# Where a question sentence sets its ask apart from what comes before: the last semicolon,
# or a dash between words.
# (or a colon: "You ran Ashen Crown's 12-language loc, so: 15 min?")
_ASK_SET_APART = re.compile(
    r"(?:;|,? so: | [-\u2013\u2014] |\u2014)(?!.*(?:;|,? so: | [-\u2013\u2014] |\u2014))"
)
# The requester telling of themselves: "I left banking at 52 for health admin; how…?"
_TOLD_OF_SELF = re.compile(r"(?:i|i'm|i've|i'd|im|ive|we|we're|we've|my|our)\b")
# The head of an ask that announces its questions: "15 min for 2 questions - which…, how…?"
_QUESTIONS_ANNOUNCED = re.compile(r"\bquestions?:?$")


# A list item that starts with a label of its own: "Why I am writing to you: …", "What I
# need: …", "Problem: …" (a few words naming the item; not a question of their own, such as
# "which costs surprised you after the switch: labour, linehaul, or shrink").
# (the label set off by a colon, or by a dash: "2. Why you - you took Orliac through…")
_LABEL = re.compile(
    r"((?P<own>(?:why|what|who|how|where|when) (?:i|i'm|i am|i'd|i'll|we|we're|it|this"
    # ("- 15 min: my questions, mainly how you ran…": a time box as the label)
    r"|you(?=:| [-\u2013\u2014] ))\b[\w' -]{0,40}?)|[a-z0-9][\w'-]*(?: [\w'-]+){0,2}?)"
    r"(?::| [-\u2013\u2014]) (?=\S)"
)
_NOT_ASKED = re.compile(r"\b(?:not|n't|never)\b")
_ASKING_LABEL = re.compile(
    r"\b(?:ask|asking|questions?|topics?|know|learn|understand|hear|curious|wondering|discuss)\b"
)


# A question quoted at the end of a sentence that tells: "…, usually followed by "so how
# did they do it?"" (not "I'd ask: "how did you do it?"", whose cue comes first).
_QUOTED_QUESTION = re.compile(
    r"^(?![^\"\u201c]*\b(?:ask|asking|question|wonder|wondering|curious)\b)[^\"\u201c]*\w[^\"\u201c]*"
    r"[\"\u201c][^\"\u201c\u201d]*\?[\"\u201d]\s*$"
)


def _sentence_topics(
    sentence: Sentence, skip: Collection[str], list_open: bool, after_ask: bool = False
) -> list[tuple[int, int, frozenset[str]]]:
    text = sentence.low
    rhetorical = _RHETORICAL.match(text)
    if rhetorical is not None:
        # "hope ur well im jake … so wondered if u had 15 mins, wanted to ask what quals…":
        # a run-on that opens with a courtesy goes on to ask, after a cue of its own.
        cue = _find_cue(text, rhetorical.end()) if len(text) > _RUN_ON else None
        return [] if cue is None else _clauses(text, cue.end(), skip)[:MAX_PER_SENTENCE]
    if sentence.bullet:
        body = bullet_body(text)
        label = _LABEL.match(body)
        if label is not None:
            # A list item with a label of its own: "2. What I want to ask: how the agency
            # chose the sampling sites." names its topic after the label; after "1. Why I am
            # writing to you:", "Problem:" or "What I need:" the item is read as a sentence
            # ("15 minutes on a call to ask how you…" asks; "you presented…" does not), and
            # "3. What I am not asking for: a job." names none.
            if _NOT_ASKED.search(label.group(1)) is not None:
                return []
            rest = body[label.end() :]
            offset = len(text) - len(rest)
            if _ASKING_LABEL.search(label.group(1)) is not None:
                # "- What I'd ask: the break-even point in crowns per month, and how long…":
                # the things named after the label, one each
                named = _clauses(rest, 0, skip, named=True)[:MAX_PER_SENTENCE]
                return [(a + offset, b + offset, t) for a, b, t in named]
            if list_open and label.group("own") is None:
                # "- staff buy-in: how you handled the teachers…" under "What I'd ask:": a
                # topic, its label and all
                topic = _topic(body, skip)
                return [(0, len(text), topic)] if topic else []
            inner = Sentence(
                sentence.start + offset, sentence.end, rest, sentence.cased[offset:],
                sentence.question, False,
            )  # fmt: skip
            found = _sentence_topics(inner, skip, False)
            return [(a + offset, b + offset, t) for a, b, t in found]
        # ("5. If you do not reply, I will assume the answer is no." asks nothing)
        asks = sentence.question or body.startswith(tuple(_STARTERS - {"if"}))
        if not (asks or list_open) or _is_job_ask(body):
            return []  # (the job ask is judged by no_job_ask, not counted as a topic)
        topic = _topic(body, skip)
        return [(0, len(text), topic)] if topic else []
    if sentence.question and _QUOTED_QUESTION.search(text) is not None:
        # '…the result everyone quotes at me, usually followed by "so how did they do it?"':
        # someone else's question, quoted; the sentence tells, it does not ask.
        told = Sentence(
            sentence.start, sentence.end, sentence.low, sentence.cased, False, sentence.bullet
        )
        return _sentence_topics(told, skip, list_open, after_ask)
    set_apart = _ASK_SET_APART.search(text) if sentence.question else None
    if set_apart is not None:
        # "I'm a furniture maker considering an MA; could we talk for 15 min about training
        # routes?": the ask after the semicolon (or a dash), the requester told before it;
        # "…i found your video on how you rigged the tail… - any chance you'd have 15 mins?"
        # asks only after the dash.
        head, tail = text[: set_apart.start()], text[set_apart.end() :]
        asked = tail.lstrip()
        offset = len(text) - len(asked)
        if _ASK_QUESTION.match(asked) is not None and _ASK_WORDS.search(asked) is not None:
            return [(a + offset, b + offset, t) for a, b, t in _ask_topics(asked, skip)]
        if (
            _TOLD_OF_SELF.match(head) is not None
            or _QUESTIONS_ANNOUNCED.search(head.rstrip()) is not None
        ) and asked.startswith(_QUESTION_WORDS):
            # "I left banking at 52 for health admin; how did you fund the pilot?": the
            # requester told, then one question; "15 min for 2 questions - which slot
            # booking tool, how drivers check in?": the questions the head announced.
            return [(a + offset, b + offset, t) for a, b, t in _question_topics(asked, skip)]
    is_ask = sentence.question and (
        (_ASK_QUESTION.match(text) is not None and _ASK_WORDS.search(text) is not None)
        # "I'm a mechatronics apprentice; 15 min on sensor choice and data costs?"
        or (" on " in text and _TIME_ON.search(text) is not None)
    )
    if is_ask:
        return _ask_topics(text, skip)
    grateful = (
        _GRATEFUL_FOR_TIME.search(text)
        if not sentence.question and " on " in text and _GRATEFUL_HINT.search(text) is not None
        else None
    )
    chat = (
        _LOVE_A_CHAT.search(text)
        if not sentence.question and _LOVE_HINT.search(text) is not None
        else None
    )
    if grateful is None and chat is not None:
        offset = chat.start()
        named = _clauses(text[offset:], chat.end() - offset, skip, named=True)
        return [(a + offset, b + offset, t) for a, b, t in named[:MAX_PER_SENTENCE]]
    if grateful is not None and _TIME_ON.search(text, grateful.start()) is not None:
        # "Grateful for a 20-min call on grant sizing and rebuild order.": the ask, said
        # without a question mark, names its topics as a question would; so it does after
        # the reason ("…is the argument I'm making to my board, and I'd be grateful for 15
        # minutes on how you handled…").
        asked = text[grateful.start() :]
        offset = grateful.start()
        return [(a + offset, b + offset, t) for a, b, t in _ask_topics(asked, skip)]
    unknowns = _TOPICS_BEFORE.search(text) if not sentence.question else None
    if unknowns is not None:
        # "Battery range in winter & charging at the DC are my two big unknowns."
        return _clauses(text[: unknowns.start()], 0, skip, named=True)[:MAX_PER_SENTENCE]
    if sentence.question:
        return _question_topics(text, skip)
    if after_ask and _FRAGMENT.match(text) is not None:
        # "How you pick generators, and how you sold it to the team.": a topic written as a
        # fragment after the ask, not a statement.
        return _clauses(text, 0, skip)[:MAX_PER_SENTENCE]
    colon = text.find(": ")
    if (
        after_ask
        and colon > 0
        and len(text[:colon].split()) <= _LABEL_WORDS
        and _FRAGMENT.match(text, colon + 2) is not None
    ):
        # "Gusto ko lang itanong: how you prepared for the OSCE, and how the trust…": after
        # the ask, a few words (in any language) and a colon head the fragments it lists.
        return _clauses(text, colon + 2, skip)[:MAX_PER_SENTENCE]
    if after_ask and _NAMED_AFTER_ASK.match(text) is not None:
        return _clauses(text, 0, skip, named=True)[:MAX_PER_SENTENCE]
    if _INQUIRY_HINT.search(text) is None:
        return []
    cue = _find_cue(text)
    if cue is None:
        return []
    return _clauses(text, cue.end(), skip)[:MAX_PER_SENTENCE]


def count_topics(draft: Draft, skip: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans (into the body) of distinct concrete questions or topics (computed once per
    draft and names to skip: specific_reason reads them too)."""
    key = "topics:" + ",".join(sorted(skip))
    cached = draft.memo.get(key)
    if not isinstance(cached, tuple):
        cached = tuple(_count_topics(draft, skip))
        draft.memo[key] = cached
    return [(int(a), int(b)) for a, b in cached]


# A career move of theirs the message names ("you moved from rooms division to event sales",
# "your audit-to-FP&A switch")...
_NAMED_MOVE = re.compile(
    r"\byou(?:'ve| have| had)? (?:\w+ )?(?:moved|went|switched|transitioned|pivoted|jumped"
    r"|shifted|made the (?:move|jump|switch|leap))(?: \w+){0,3}? from [^.;:!?]{2,60}? (?:to|into) "
    r"|\byour (?:\w+ )?(?:move|switch|jump|leap|transition|pivot) from [^.;:!?]{2,60}? (?:to|into) "
    r"|\byour [\w&-]+(?: |-)to(?: |-)[\w&-]+ (?:move|switch|jump|leap|transition|pivot)\b"
)
# ...is what "how you made it" asks about: how they handled that transition, a topic the
# rubric counts. (Not "how you made it in the industry": how they got on, restated.)
_HOW_YOU_MOVED = re.compile(
    r"\bhow (?:did )?you (?:made|make|did|do|managed|handled|navigated|pulled off)"
    r" (?:it|that|(?:the|that|this|your) (?:move|switch|jump|leap|transition|pivot|change))\b"
    r"(?! (?:in|into|to|through|big|this far|work|happen)\b)"
)
_MOVE_TOPIC = frozenset(["~their-move"])


def _count_topics(draft: Draft, skip: frozenset[str]) -> list[tuple[int, int]]:
    move_named: bool | None = None  # looked for once a sentence asks "how you made it"
    seen: list[frozenset[str]] = []
    spans: list[tuple[int, int]] = []
    list_open = False
    sub_list: int | None = None  # the indentation of a list item that heads a list
    asked_before = False
    after_ask = False
    # Lines under "Want to ask you:" with no bullet marks, one question a line.
    listing = False
    low = draft.content_low
    header_end = pasted_subject_end(draft)
    for sentence in draft.sentences:
        if sentence.start < header_end:
            continue  # a pasted subject line names the message; it asks nothing
        # A fragment ("How you pick generators.") is a topic only right after a question or
        # a line that announces one.
        # (or right after a sentence that asked, when it goes on with "and": "I'm trying to
        # understand how you price retainers. And what you'd do differently.")
        # (or, after a line that asked, another fragment of the kind: "…pushed back on
        # hardest. How you decided what stayed in v1. Whether your PMs sit in on classes.")
        fragment_ok = after_ask or (
            asked_before
            and (
                sentence.low.startswith(_GOES_ON)
                or (
                    _FRAGMENT.match(sentence.low) is not None and not sentence.low.startswith("why")
                )
            )
        )
        colon = sentence.low.rstrip().endswith(":")
        after_ask = sentence.question or colon
        in_list = (
            listing
            and not sentence.bullet
            # at the start of its line, however far indented
            and not low[low.rfind("\n", 0, sentence.start) + 1 : sentence.start].strip()
            and (
                _LIST_LINE.match(sentence.low) is not None
                # "cleaning the inspection data (how long, what tools);": an item of the list
                or sentence.low.rstrip().endswith(";")
                # "phycocyanin probes vs cell counts": a short line with no full stop
                or _UNPUNCTUATED_ITEM.fullmatch(sentence.low.rstrip()) is not None
                # "raised platforms vs relocating pumps / arsenic testing / who pays…"
                or " / " in sentence.low
            )
        )
        line = sentence.low.rstrip()
        listing = (
            colon
            or in_list
            # "mostly wondering" on a line of its own over the lines it heads
            or (
                not sentence.bullet
                and bool(line)
                and line[-1].isalnum()
                and len(line.split()) <= 6
                and _LIST_INTRO.search(line) is not None
            )
        )
        if sentence.bullet:
            # A list item that heads a list of its own ("3. What I would ask:") opens it for
            # the items under it, indented deeper or lettered, until one as shallow as it.
            indent = sentence.start - (low.rfind("\n", 0, sentence.start) + 1)
            lettered = sentence.low[:1].isalpha() and sentence.low[1:2] in ".)"
            if sub_list is not None and indent <= sub_list and not lettered:
                sub_list = None
                list_open = False
            if colon and _LIST_INTRO.search(sentence.low) is not None:
                sub_list = indent
                list_open = True
        else:
            sub_list = None
            line = sentence.low.rstrip()
            # A heading above the list ("What I'd ask about") opens it as a colon does, and so
            # does a labelled line for the ask ("Ask: 20 min call.").
            heading = (bool(line) and line[-1].isalnum() and len(line.split()) <= 8) or (
                line.startswith(("ask:", "the ask:", "my ask:", "request:"))
            )
            list_open = (line.endswith(":") or sentence.question or heading) and _LIST_INTRO.search(
                sentence.low
            ) is not None
        if in_list and " / " in sentence.low:
            # items set apart by slashes on one line: each is named
            topics = _clauses(sentence.low, 0, skip, named=True)[:MAX_PER_SENTENCE]
        elif in_list:
            topics = _list_line_topics(sentence.low, skip)
        else:
            topics = _sentence_topics(sentence, skip, list_open, fragment_ok)
        asked = _HOW_YOU_MOVED.search(sentence.low) if _MOVE_TOPIC not in seen else None
        if asked is not None:
            if move_named is None:
                move_named = _NAMED_MOVE.search(low) is not None
            if move_named:
                topics = _with_their_move(sentence, asked, topics)
        asked_before = bool(topics) and not sentence.bullet
        for start, end, topic in topics:
            # The same topic asked twice ("how you moved…" / "your move…") counts once.
            if any(len(topic & other) / len(topic | other) >= 0.6 for other in seen):
                continue
            seen.append(topic)
            spans.append((sentence.start + start, sentence.start + min(end, len(sentence.low))))
    return spans


def _with_their_move(
    sentence: Sentence, asked: re.Match[str], topics: list[tuple[int, int, frozenset[str]]]
) -> list[tuple[int, int, frozenset[str]]]:
    """`topics` and "how you made it", asked of a move the message names, where no topic
    already covers those words ("15 min to ask how you made it and how you prep site
    visits?")."""
    if not (sentence.question or _find_cue(sentence.low, 0) is not None):
        return topics
    start, end = asked.span()
    if any(a < end and start < b for a, b, _ in topics):
        return topics
    return sorted([*topics, (start, end, _MOVE_TOPIC)])


def _list_line_topics(text: str, skip: Collection[str]) -> list[tuple[int, int, frozenset[str]]]:
    """A line of an unmarked list: one question, and another only where a new question word
    starts one ("how you set limits, and how members took to the app"); the things a
    question names ("…day to day, reports, audits") are not questions of their own."""
    kept: list[tuple[int, int, frozenset[str]]] = []
    for start, end, topic in _clauses(text, 0, skip):
        if kept and _LIST_LINE.match(text[start:end].strip(" ,;:")) is None:
            # one question naming several things: its evidence runs to the last of them
            first, _, words = kept[-1]
            kept[-1] = (first, end, words | topic)
        elif len(kept) < MAX_PER_SENTENCE:
            kept.append((start, end, topic))
    return kept


def name_tokens(data: CheckInput) -> frozenset[str]:
    """The contact's name and organization: naming them makes no topic concrete."""
    contact = data.context.contact
    if contact is None:
        return frozenset()
    values = [contact.name, contact.organization or ""]
    return frozenset(
        fold_accents(t) for value in values for t in re.split(r"[\s,.'()-]+", value) if len(t) > 1
    )


def check_preview_questions(data: CheckInput) -> Outcome:
    """Need at least policy.min_questions distinct concrete questions or topics."""
    draft = data.draft
    needed = data.policy.min_questions
    spans = count_topics(draft, name_tokens(data))
    evidence: tuple[Evidence, ...] = tuple(span(draft, a, b) for a, b in spans[:10])
    details: dict[str, int | float | str] = {"questions": len(spans), "required": needed}
    if len(spans) >= needed:
        return Outcome(
            True, f"Previews {len(spans)} question(s) or topic(s).", evidence, None, details
        )
    missing = needed - len(spans)
    return Outcome(
        False,
        f"Previews {len(spans)} concrete question(s) or topic(s); {needed} needed.",
        evidence,
        f'Add {missing} more specific question(s) you plan to ask, e.g. "How did you move '
        'from X to Y?" or "What skills matter most on your team?" - concrete, not \'learn '
        "about your career'.",
        details,
    )
