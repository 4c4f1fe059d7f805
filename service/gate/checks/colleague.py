"""colleague_offer: senior contacts get a way out (talking to someone else instead).

People offer it in many words: "someone on your team", "one of the nurses on your unit",
"a member of your policy staff", "someone on your data team", "another architect in your
studio", "whoever ran the pilot", "if a junior partner would be better placed". The check
looks for a person (someone, a colleague, one of the nurses, a junior partner) tied to the
contact's own group (your team, your unit, your studio) or offered as the better choice
(better placed, instead, if you're too busy). An introduction sought for a job (the hiring
manager, a referral) is not an alternative to their time and does not count.
"""

from __future__ import annotations

import re

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.checks.job_ask import asks_for_a_job
from service.gate.text import Draft, any_of, within_commas, word_pattern, word_set

# Groups a contact belongs to. A word or two may stand before them ("your data team").
_GROUP = (
    r"(?:team|teams|group|department|dept|org|organi[sz]ation|unit|ward|company|firm|office"
    r"|lab|studio|staff|practice|chambers|desk|division|squad|crew|agency|bureau|clinic"
    r"|school|faculty|network|circle|side|function|shop|newsroom|branch|chapter|committee"
    r"|board|partnership|program|programme|project|center|centre|institute|colleagues"
    r"|peers|reports|direct reports|people|folks|community|service|services|court|hospital"
    r"|site|station|kitchen|store|plant|floor|fund|council|ministry|trust|district|region"
    r"|operations?|newsroom|publication|campaign|migration|rollout|pilot|cabinet|mission"
    r"|embassy|delegation|secretariat|directorate|private office)"
)
_PERSON = (
    r"(?:someone|somebody|anyone|anybody|a person|people|person|whom?ever|colleagues?"
    r"|teammates?|team ?members?|members?|one|ones|others?|another|a peer|peers|folks"
    # ...a person, not a thing they have ("a very busy schedule with the board exams")
    r"|(?:a|an|one|another|other) (?!(?:[\w-]+ ){0,2}?(?:schedule|calendar|time|week|day|month"
    r"|year|season|period|call|chat|meeting|conversation|question|job|role|position)s?(?![\w-]))"
    # (a verb ends the person: "a hotel were hardest to learn…" names no one)
    r"(?:(?!(?:were|was|is|are|had|has)\b)[\w-]+ ){0,2}?(?!(?:were|was|is|are|had|has)\b)[a-z]+"
    r"|(?:one|some|any|a few|a couple|either) of (?:the|your|the other) (?:[\w-]+ ){0,2}[\w-]+)"
)
# A plural person noun: "engineers", "journeymen", "salespeople", "tradesfolk".
_PLURAL = r"[a-z]+(?:s|men|women|people|folk|staff)"
# "someone on your data team", "one of the nurses on your unit", "another architect in
# your studio", "a member of your policy staff", "a teammate of yours".
_TIED_TO_GROUP = re.compile(
    rf"(?<![\w'])(?:{_PERSON}(?: \w+){{0,4}}? (?:on|in|from|at|within|of|across|with|under) (?:your|the"
    rf" (?:same|wider)|the) (?:[\w&-]+ ){{0,2}}?{_GROUP}\b"
    rf"|(?:member|members|one|some|any|someone|others|another) of your (?:[\w-]+ ){{0,2}}?"
    rf"{_GROUP}\b"
    r"|(?:one|some|any|a few|a couple|either|member|members) of your (?:[\w-]+ ){0,2}?"
    rf"{_PLURAL}\b"
    r"|[a-z]+s? of yours"
    r"|(?:speak|talk|chat|meet|connect)(?:ing)? (?:with|to) (?:them|him|her)(?: instead)?\b"
    rf"|(?:speak|talk|chat|meet|connect)(?:ing)? (?:with|to) your (?:[\w-]+ ){{0,2}}?{_GROUP}\b"
    r"|(?:one of the|one of your|some of the|some of your|someone|somebody|anyone|a colleague"
    r"|people|a person|another|the|a|an|any) (?:[\w-]+ ){0,2}?(?:who|that) (?:also )?(?:worked on|works on"
    r"|work on|work in|works in|worked in|ran"
    r"|runs|led|leads|built|helped|was involved|is involved|handled|handles|manages|managed"
    r"|knows|wrote|co-wrote|designed|did|does"
    # "one of the graduate students who maintain the dataset"
    r"|maintain|maintains|maintained|run|lead|handle|manage|build|coordinate|coordinates"
    r"|coordinated)\b"
    r"|your (?:colleagues?|teammates?|team ?members?|peers?|direct reports?|reports|deputy"
    r"|deputies|associates?|staff|team ?leads?|managers|chief of staff|second[ -]in[ -]command"
    r"|number two|right[ -]hand (?:man|woman|person))\b"
    # "If busy, your team engineer is also great honour."
    r"|your team(?:'s)? (?:[\w-]+ )?(?:engineers?|analysts?|leads?|members?|managers?|scientists?"
    r"|nurses?|designers?|developers?|researchers?|specialists?|staff)\b"
    # (not "at a time that works for you")
    r"|(?<!time )(?<!times )(?<!day )(?<!days )(?<!slot )(?<!date )(?<!week )(?<!hour )"
    r"(?<!whatever )(?:who|that) (?:reports?|works?) (?:to|for|under|with) you\b"
    r"|(?:someone|somebody|anyone|a person) else\b"
    rf"|(?:one|some|any|a few) of (?:the|your) (?:[\w-]+ ){{0,2}}{_PLURAL} (?:could|would|might|may"
    r"|can) (?:\w+ )?(?:help|talk|speak|chat|meet|answer|spare)\b)"
)
# "if a junior partner would be better placed", "whoever ran the pilot", "a colleague
# instead", "someone you'd suggest", "point me to the right person".
_ALTERNATIVE = re.compile(
    r"(?<![\w'])(?:(?:a|an|another|one|someone|somebody|anyone|whom?ever|colleague|person|member"
    # "if your DTC or club manager would be a better person to talk with"
    r"|your(?= (?:[\w-]+ ){0,5}?(?:manager|lead|director|head|deputy|coordinator|officer"
    r"|supervisor|colleague|partner|associate|analyst|engineer|chief|assistant|co-?founder)s?\b))"
    r"\b[^.?!;\n]{0,50}?"
    r"(?: (?:would|might|could|may|is|be)|'d) (?:be )?(?:better placed|better suited|better positioned"
    r"|better to (?:ask|talk to|speak (?:to|with)|contact)"
    r"|a better (?:fit|person|contact|match)|more (?:appropriate|available|relevant|suitable)"
    r"|the (?:better|right|best) (?:person|contact)|better able|happy to|open to|willing to"
    r"|easier to (?:reach|find|schedule|talk to)|more available|(?:has|have) more time"
    r"|just as (?:helpful|useful|good|valuable)|equally (?:helpful|useful|valuable)"
    # "someone from your investor relations team would also be very helpful"
    r"|also (?:be )?(?:very |really |most |extremely )?(?:helpful|useful|valuable)"
    # ("your programme quality manager would also be a good person for me")
    r"|(?:a )?(?:great|good|perfect|ideal|useful|helpful) (?:person|people|contact) (?:to|for me))"
    # "Your parliamentary assistant who's been working on the bill would be a great person to
    # speak to": one of theirs, known by their part in the work
    r"|\byour (?:[\w-]+ ){0,2}?(?:manager|lead|director|head|deputy|coordinator|officer"
    r"|supervisor|colleague|partner|associate|analyst|engineer|chief|assistant|researcher"
    r"|caseworker|adviser|advisor|planner|nurse|economist|editor|producer)s? (?:who"
    r"|that)\b[^.?!;\n]{0,60}? (?:would|might|could) be (?:a |the )?(?:great|good|better|best|right"
    r"|ideal|perfect|useful|helpful) (?:person|people|contact)\b"
    # "if your cofounder or your Korea country manager has time instead"
    r"|\bif your (?:[\w-]+ ){0,5}?(?:manager|lead|director|head|deputy|coordinator|officer"
    r"|supervisor|colleague|partner|associate|analyst|engineer|chief|assistant|co-?founder)s?"
    r" (?:has|have) (?:more |the )?time\b"
    # "if a staff engineer who runs the rotation has time", "one of the engineers from that
    # migration would have time".
    r"|\b(?:if|or|maybe|perhaps) (?:\w+ ){0,2}?(?:a|an|another|one|someone|somebody|anyone"
    r"|whom?ever|colleague|person|member)\b"
    r"[^.?!;\n]{0,60}? (?:has|have|had|would have|might have|could have|may have)"
    r" (?:more |some |the )?(?:time|bandwidth|availability|capacity)\b"
    # "I'd be glad to talk with your drug court coordinator instead".
    # "If your current DPA had a spare 20 minutes instead, that would be every bit as welcome"
    r"|\bif your (?:[\w-]+ ){0,3}?[\w-]+ (?:has|have|had) (?:a |some |the |more )?(?:spare |free )?"
    r"(?:\d{1,2} minutes|time|a moment|a few minutes|half an hour)\b[^.?!;]{0,20}?\binstead\b"
    # "I'd take a call with whoever set the system up"
    r"|\b(?:call|chat|word|conversation|meeting|talk|sit down|speak|meet) with (?:whoever|whomever"
    r"|whichever of (?:your|the) [\w'-]+(?: [\w'-]+)?) (?:[\w'-]+ ){0,3}?"
    r"(?:set|built|ran|runs|led|leads|designed|manages|managed|handles|handled|did|does|owns"
    r"|made|wrote|maintains)\b"
    # "whichever of the programme's survey coordinators ran the garden transects would be a
    # great person to talk to instead"
    r"|\bwhichever of (?:the|your) [^.?!;\n]{0,80}? (?:would|might|could) be (?:a |the )?(?:great"
    r"|good|better|best|right|ideal|perfect|useful|helpful) (?:person|people|contact)\b"
    # ("Would it be easier for you if I spoke with your operations lead instead?")
    r"|(?:speak|talk|chat|meet|connect|spoke|talked|chatted|met)(?:ing)? (?:with|w/|to) (?:your|the)"
    r" (?:[\w'-]+ ){0,3}?[\w-]+ instead\b"
    # "or your FP&A lead if easier.", "Or a TL?": a line of its own that offers someone else;
    # "Would you, or your HR manager if that's easier, have half an hour…": one offered beside
    # them in the ask
    r"|(?:^|\byou,? )or (?:with |to |maybe |perhaps )?(?:your|a|an|one of your|one of the)"
    r" (?:[\w&/-]+ ){0,3}?"
    r"(?:manager"
    r"|lead|director|head|deputy|coordinator|officer|supervisor|colleague|partner|associate"
    r"|analyst|engineer|chief|assistant|tl|pm"
    # "Or a desk editor if easier."
    r"|editor|producer|planner|nurse|designer|developer|researcher|specialist|consultant"
    r"|scientist|technician|advis[eo]r|architect|reporter|curator|pharmacist|accountant|counsel"
    r"|attorney|lawyer|teacher|therapist|inspector|surveyor|underwriter|paralegal)s?\b"
    # "Or happy to speak to your Snap lead."
    r"|^or (?:i'd be |i'm |i am |would be |just as )?(?:happy|glad|keen) to (?:speak|talk|chat"
    r"|meet) (?:to|with) (?:your|a|an|one of your) "
    r"|whom?ever (?:ran|runs|led|leads|worked on|works on|handled|handles|manages|managed|owns"
    r"|coordinates|coordinated|organi[sz]es|organi[sz]ed|supervises|supervised|oversees|oversaw"
    r"|owned|built|designed|is (?:closest|responsible|running|leading)|did|does|covers)"
    # "talk with whichever analyst maintains the dashboard": a person known by their part in
    # the work, whoever they turn out to be.
    r"|(?:speak|talk|chat|meet|connect|sit down)(?:ing)? (?:with|to) (?:whom?ever |whichever"
    r" (?:[\w-]+ ){1,2}?)"
    r"(?:who |that )?(?:[a-z]{3,}(?:s|ed)|ran|led|built|wrote|did|does|is|was)\b"
    r"|(?:colleague|colleagues|teammate|teammates|someone else|somebody else|a peer|a deputy"
    # "one of the organizers who worked the night-shift units instead"
    r"|another (?:\w+ ){0,2}\w+|one of (?:them|your [\w-]+|the [\w-]+)) (?:[\w-]+ ){0,5}?instead"
    # "15 min on how you price it? Or a colleague if easier."
    r"|\bor (?:with |to |perhaps |maybe )?(?:a|another|one of your|any of your) (?:colleague|teammate"
    r"|team ?member|deputy|peer|staff member|staffer|associate|member of (?:your|the) (?:staff"
    r"|team))s?\b"
    # "An associate on it works too."
    r"|\b(?:a|an|another|one of your|any of your|someone|somebody) (?:[\w-]+ ){0,3}?(?:works|work"
    r"|is fine|would work|is great) too\b"
    r"|(?:a|another|one) (?:colleague|teammate|peer|deputy|member of (?:your|the) \w+)(?: of yours)?"
    r" (?:could|would|might|may|can) (?:\w+ )?(?:talk|speak|chat|meet|help|answer|spare)"
    r"|(?:speak|talk|chat|meet)(?:ing)? (?:with|to) (?:a|one of|another|someone|somebody|any)"
    r" (?:\w+ ){0,3}?(?:colleague|teammate|team member|staff member|peer|deputy|associate|partner"
    r"|instead)"
    r"|(?:someone|somebody|anyone|who|whom|a colleague)(?: else)? (?:you(?:'d| would| might"
    r"| could)?|you think) (?:suggest|recommend|point me to|think (?:would|might|could))"
    r"|point me (?:to|toward|towards|in the direction of) (?:someone|somebody|a colleague"
    r"|the right person|anyone|another|one of|a teammate)"
    r"|refer me to (?:someone|somebody|a colleague|one of|anyone|a teammate|another)"
    r"|direct me to (?:someone|somebody|a colleague|one of|any of|anyone|a teammate|another)"
    r"|introduc\w+ (?:me )?to (?:a|one of|another|someone|somebody) (?:\w+ ){0,3}?(?:colleague"
    r"|teammate|peer|who)"
    r"|(?:suggest|recommend|name) (?:a|another|one) (?:colleague|teammate|person|peer)"
    r"|(?:name|names|contact details?|details) of (?:a|another|one of your|someone|a member|anyone)\b"
    r"|point me (?:to|toward|towards) (?:who|whom?ever)\b|if you(?:'re| are) not the (?:right|best) person"
    # "If it's easier for your week, one of the QA supervisors at a plant would be great too."
    r"|(?:one of (?:the|your)|a|an|another|someone|somebody|anyone)\b[^.?!;\n]{0,50}? (?:would"
    r"|could|might) (?:be|work) (?:(?:just )?(?:great|fine|helpful|perfect|wonderful|ideal"
    r"|brilliant|good|useful|lovely|welcome) )?(?:too|as well)\b"
    # "perhaps the trial manager from your group could speak with me instead"
    r"|(?:could|would|might|can|may) (?:\w+ )?(?:speak|talk|chat|meet) (?:with|to) (?:me|us) instead"
    # "Would you, or whoever on your staff managed that tour, spare 25 minutes", "with Dr
    # Mwangi or with whichever of the seed technicians would be better placed"
    r"|\bor (?:with |to )?(?:whom?ever|whichever (?:of )?(?:the |your )?(?:[\w-]+ ){0,2}?[\w-]+"
    r"|anyone|someone)"
    r" (?:on|in|at|from|of|who|that|would|could|might|closer)\b"
    # "I'd happily be passed on to one of the planners", "to anyone closer to the day-to-day"
    r"|passed on to (?:one of|someone|somebody|anyone|whom?ever|a colleague|another|any of|a "
    r"|an |your )"
    # "please feel free to hand this to a colleague who made a similar move"
    r"|(?:hand|pass|forward) (?:this|it|me|my note|my message) (?:on |over |along )?to (?:a colleague"
    r"|someone|somebody|one of|anyone|a member|another|whom?ever)"
    # "…the unit head or any officer you nominate": whoever they choose, in their place
    r"|(?:any|a|an|another|one|someone|somebody|anyone|whom?ever|whichever)(?: [\w-]+){0,2}?"
    r" (?:you|you'd|you would|you might|you may) (?:nominate|designate|delegate|appoint|choose)\b"
    # "If another partner, or whomever you consider best placed, could speak to this"
    r"|(?:whom?ever|anyone|someone|somebody|a colleague) (?:you )?(?:consider|think|deem|believe"
    r"|feel)(?: to be| is| are)? (?:best|better|most) (?:placed|suited|positioned|able)\b"
    # "I'd be just as happy to shadow one of the candidate engineers you mentor"
    r"|shadow(?:ing)? (?:one of|someone|somebody|any of|another|a member of) )"
)
# A talk with someone else, offered if their time is short or as just as good: "if your
# schedule is tight, I'd be just as grateful to speak with whoever coordinates the routes",
# "should your diary not allow it, a conversation with your financial controller would be
# equally welcome". The person may be named by their part in the work, by their role, or
# loosely ("one of the instructors or someone who finished the cohort").
_IF_PRESSED = re.compile(
    r"\b(?:if|should|in case|were)\b[^.;!?]{0,40}?\b(?:busy|schedule|diary|calendar|time|allow"
    r"|allows|permit|permits|tight|stretched|swamped|slammed|full|packed|pressed|possible"
    r"|easier|prefer|rather|week|hard|difficult|realistic|tricky|convenient|fit|available"
    r"|unavailable)\b"
    # ("instead of the one from the nearest station" compares; it offers no one)
    r"|\binstead\b(?! of\b)|\bequally\b|\bjust as\b|\bas (?:happy|glad|grateful|pleased|delighted)\b"
    # "someone from your renewals team would be a great alternative": instead, said outright
    r"|\balternative(?:ly)?\b"
)
_TALK_WITH_ANOTHER = re.compile(
    r"(?<![\w'])(?:(?:(?:speak|talk|chat|meet|connect)(?:ing)?|conversation|call|word|meeting)"
    # ("I can also talk with some researcher of your group")
    r" (?:with|to)|meet(?:ing)?) (?:you or )?(?:whom?ever|whichever|one of|some of|any of|either of|someone"
    r"|somebody|anyone|another|other|a|an|your|the|any|some)\b"
    # ...a person, not the call itself ("a call with a hard stop at 20 minutes").
    r"(?! (?:\d|few|couple|quick|short|brief|hard|bit|little|focus|view|time|call|chat|limit)\b)"
    # "even a quick word with Denise in billing would help": someone named, placed in their
    # part of the organisation.
    r"|(?<![\w'])(?:(?:speak|talk|chat|meet|connect)(?:ing)? (?:with|to)|(?:word|call|conversation"
    # (not what the call runs with: "a call with captions on works just as well")
    r"|meeting) with) (?!(?:you|me|us|my|our|your|the|a|an|captions?|subtitles?|video|camera"
    r"|audio|sound|transcripts?|notes|slides|screens?|interpreters?)\b)[a-z][a-z'-]+ (?:in|on|from|at)"
    r" (?:the |your )?[a-z][a-z-]+\b"
)
# Someone put in their place, if the contact's time is short: "if you're too busy, any
# attorney in your unit would be a generous substitute", "an engineering manager who was
# there early would be great to talk to as well", "one of the associates who followed the
# project would be a great help". The subject must be a person (`_stands_in`).
_STAND_IN = re.compile(
    r"(?<![\w'])(?P<subject>(?:a|an|any|another|one|some|someone|somebody|anyone|whom?ever)\b"
    r"[^.?!\n]{0,80}?) (?:would|could|might|will|may|can) (?:also |equally |certainly |surely"
    r" |just |still )?(?:be|make|work)\b[^.?!\n]{0,40}?\b(?:substitute|alternative|stand-in"
    r"|help|helpful|useful|valuable|welcome|great|good|fine|perfect|ideal|wonderful|brilliant"
    r"|generous|option|too|as well|instead)\b"
)
# A person is named by "who", by being one of a group, or by their place in the contact's.
_PERSON_CUE = re.compile(
    r"\b(?:who|whom?ever|someone|somebody|anyone|one of|some of|any of)\b"
    r"|\b(?:in|on|from|at|of|within) (?:your|the same)\b"
)
# ...and not a thing ("any time in your week would be great", "one of the things that would
# be most helpful").
_NOT_PEOPLE = word_set(
    """
time times day days week weeks slot slots date dates moment morning afternoon evening call
calls chat reply replies email emails message messages note notes answer answers pointer
pointers thing things question questions topic topics part parts way ways aspect aspects
resource resources link links article articles book books material materials document
documents report reports paper papers example examples advice insight insights feedback
window hour hours minute minutes opening openings role roles position positions vacancy
vacancies job jobs internship internships placement placements
"""
)


def _stands_in(subject: str) -> bool:
    words = set(subject.replace(",", " ").split())
    return _PERSON_CUE.search(subject) is not None and not words & _NOT_PEOPLE


# An introduction sought for a job is not an alternative to the contact's own time.
_FOR_A_JOB = re.compile(
    # A placement sought ("for a summer internship"), not one described ("one of the nurse
    # educators who supervise the placements").
    r"\b(?:a|an|any|for|my|get|getting|land|landing|secure|securing|find|finding|offer|offering)"
    r"(?: [\w-]+){0,2}? (?:internship|placement|clerkship)"
    # (not a person known by it: "a current placement student")
    r"(?! (?:students?|trainees?|interns?|supervisors?|coordinators?|leads?|tutors?)\b)"
    r"|be considered|consider(?:ed)? (?:me )?for|hiring"
    # (not "someone on your recruiting team": their team, named by its work)
    r"|recruit(?!(?:ing|ment) (?:team|staff|colleagues?|lead|manager|partner)s?\b)(?!ers?\b)|(?<!the )referral|\brefer me\b(?! to)|resume|\bcv\b|for (?:a|an|the|any) (?:open )?(?:role"
    r"|\bi (?:might |would |could )?be a (?:good |strong |great )?fit\b"
    r"|position|job|vacanc)|job openings?|open roles?"
    # "an opening" is a job; "there for the opening" of a site is an event they were at.
    r"|for (?:a|an|any) opening|for the opening (?:on|in|at|you|for)\b"
    # "whether there might be an opportunity for me on your side"
    r"|(?:opportunit(?:y|ies)|opening|role|position|place|spot) for me\b"
)
# "…I'd gladly take 20 minutes with them instead — same questions, I'm not applying for
# anything": the hiring manager offered for the same talk, no job sought.
_NOT_APPLYING = re.compile(r"\b(?:not|n't) (?:applying|asking for (?:a )?(?:job|role|position))\b")
_NOT_THEIRS = ("my ", "our ", "my former ", "my old ")
_DESCRIBED = re.compile(
    r" (?:are|is|were|was|must be|seem) (?:\w+ )?(?:busy|swamped|stretched)"
    # "A friend in the parks department told me you…": who told the requester, no offer
    r"| (?:\w+ )?(?:told|tells|mentioned|said|says|suggested|pointed|recommended|introduced"
    r"|passed|put me)\b"
)
# Someone in their group is only an offer when offered as an alternative to them: "people
# on your team" in a question about the team's days is a topic, not an offer.
_ALTERNATIVE_CUE = word_pattern(
    r"\bif\b|instead(?! of\b)|otherwise|alternative|too busy|better|happy|glad|equally|welcome"
    r"|\bshould you\b|\bunable\b|\bnot able\b"
    r"|\bor (?:with |to |of |perhaps |maybe |could |would |might |can |is there )?(?:someone|somebody"
    r"|a colleague|one of|another"
    r"|anyone|a member|any|whom?ever|whichever)"
    # "15 min, or with a captain who ran it?"
    r"|\bor (?:with|to) (?:a|an|the|your) (?:[\w-]+ ){0,2}?(?:who|that)\b"
    r"|passed on to|shadow (?:one of|someone|any of|a |an |another)"
    # (not "that was rather a striking thing to hear")
    r"|suggest|recommend|point me|refer me|just as|ideal|open to|willing"
    # (nor "which is why I am writing to you rather than anyone else": them, not another)
    r"|rather(?! (?:a|an|the|good|nice|striking|interesting|long|short|different|than)\b)"
    r"|(?:speak|talk|chat|connect|meet)(?:ing)? (?:with|to)|could (?:talk|speak|chat|meet)"
    r"|(?:conversation|call|chat|word|meeting) with (?:any|one|a|an|someone|anyone|somebody|your)\b"
    r"|prefer|\bbusy\b|swamped|pressed for time|(?:full|packed) (?:diary|calendar|schedule)"
    r"|\b(?:too|as well)[.!]?$|\bslammed\b|stretched|\bhave time\b|\bhas time\b"
    r"|^or\b"
)
# Another person asked for besides them, not instead: "if, after we talk, you could
# introduce me to one of the SREs on your team".
_AS_WELL_AS_THEM = re.compile(
    r"\bafter (?:we|our|the) (?:talk|speak|chat|meet|call|conversation)\b"
    # "could you also put me in touch with someone in…", "I'd also love an introduction"
    r"|\b(?:also|additionally)\b[^.?!]{0,40}\b(?:introduc\w*|put me in touch|connect me)\b"
    r"|\b(?:in addition to|on top of|besides) (?:our|the|a|this) (?:call|chat|talk|conversation)\b"
    # "We would be glad for anyone from your team to join us as well."
    r"|\bto join (?:us|me|the call|the meeting|the conversation|in)(?: as well| too)?\b"
)
# "Also, if you know anyone else I should be talking to, I'd be grateful for any names": more
# people to meet besides them (unless they are too busy: "If you're swamped, is there someone
# else I should speak to?" offers one instead).
_MORE_NAMES = re.compile(
    r"\b(?:anyone|anybody|someone|who) else (?:(?:that|who) )?(?:i|we) (?:should|could|ought to"
    r"|might|need to) (?:be )?(?:talk|speak|reach|contact|meet)"
)
# "A colleague of yours suggested I reach out": a referral, not an offer.
_REFERRAL = re.compile(
    r"(?:suggested|recommended|referred|mentioned|told me|pointed me|introduced|gave me)"
)


# An offer is an alternative: a sentence holding none of these words is no offer, and the
# (slow) full patterns run only on the few that do.
_TRIGGERS = (
    "if ", "instead", "rather", "otherwise", "alternative", "better", "happy", "glad",
    "equally", "just as", "welcome", "open to", "willing", "suggest", "recommend", "point me",
    "refer me", "whoever", "whomever", "or with", "or to", "or of ", "or someone", "or one of", "or a ",
    "or any", "or perhaps", "or maybe", "more time", "easier", "too busy", "ideal", "speak with",
    "talk with", "talk to", "speak to", "chat with", "meet with", "connect with",
    "conversation with", "call with", "word with", "prefer", "busy", "swamped", "name of",
    " too.", " too!", " too,", "as well", "slammed", "stretched", "has time", "have time",
    "should ", "as happy", "as glad", "as grateful", "as pleased", "alternatively",
    "passed on to", "whichever", "shadow", "or anyone", "hand this", "hand it", "pass this",
    "pass it",
    "or could", "or would", "or is there", "direct me", "or your ", "also be",
)  # fmt: skip
_TRIGGER = any_of(_TRIGGERS)


def offer_span(draft: Draft) -> tuple[int, int] | None:
    """The sentence that offers someone else instead of the contact (computed once per
    draft: specific_reason reads it too, since an offer is no reason to write)."""
    cached = draft.memo.get("offer", False)
    if cached is False:
        cached = _find_offer(draft)
        draft.memo["offer"] = cached
    return cached  # type: ignore[return-value]


def _find_offer(draft: Draft) -> tuple[int, int] | None:
    """The sentence that offers someone else instead of the contact."""
    for sentence in draft.sentences_containing(_TRIGGER):
        text = sentence.low
        if (
            _FOR_A_JOB.search(text) is not None and _NOT_APPLYING.search(text) is None
        ) or asks_for_a_job(text):
            continue  # (an introduction for a job, or a job asked for, offers no one)
        if _AS_WELL_AS_THEM.search(text) is not None:
            continue  # "after we talk, could you introduce me to one of your SREs": both
        if _MORE_NAMES.search(text) is not None and _IF_PRESSED.search(text) is None:
            continue
        if _REFERRAL.search(text) is not None and " if " not in text and "instead" not in text:
            continue
        cued = _ALTERNATIVE_CUE.search(text) is not None
        patterns: tuple[re.Pattern[str], ...] = (
            (_TIED_TO_GROUP, _ALTERNATIVE) if cued else (_ALTERNATIVE,)
        )
        if _IF_PRESSED.search(text) is not None:
            patterns += (_TALK_WITH_ANOTHER, _STAND_IN)
        for pattern in patterns:
            for match in pattern.finditer(text):
                start = match.start()
                if start > 0 and text[start - 1].isalnum():
                    continue
                # "my colleague Sam suggested…" is the requester's colleague, not an offer.
                if text[max(0, start - 10) : start].endswith(_NOT_THEIRS):
                    continue
                # "which is why I'm writing to you rather than anyone else": them, not another.
                if text[max(0, start - 10) : start].endswith(("than ", "not ", "nor ")):
                    continue
                # "people on your team are busy" describes them; it offers nothing.
                if _DESCRIBED.match(text, match.end()) is not None:
                    continue
                if pattern is _STAND_IN and not _stands_in(match["subject"]):
                    continue
                # The whole sentence is the offer a reader agrees with ("If you're too busy,
                # perhaps one of the nurses on your unit could talk instead"), unless it runs on.
                begin, stop = within_commas(text, match.start(), match.end(), 0, len(text))
                return sentence.start + begin, sentence.start + stop
    return None


_SENIOR_TITLE = re.compile(
    r"\b(?:chief|c[etfoim]o|vp|svp|evp|vice president|president|director|head of|partner"
    r"|founder|co-founder|principal|managing director|general manager|dean|provost|executive"
    r"|chair|board member)\b"
)


def _required(data: CheckInput) -> tuple[bool, str]:
    contact = data.context.contact
    if contact is None:
        return False, "no contact seniority known"
    if contact.seniority is not None:
        return contact.seniority in ("senior", "executive"), f"seniority is {contact.seniority}"
    if contact.title and _SENIOR_TITLE.search(contact.title.lower()):
        return True, f"title '{contact.title}' suggests a senior contact"
    return False, "seniority not given"


def check_colleague_offer(data: CheckInput) -> Outcome:
    """For senior/executive contacts, require an offer to talk to someone else instead."""
    draft = data.draft
    found = offer_span(draft)
    required, why = _required(data)
    if found is not None:
        return Outcome(
            True,
            "Offers to speak with someone else instead.",
            (span(draft, found[0], found[1]),),
            details={"required": int(required)},
        )
    if not required:
        return Outcome(True, f"Colleague offer not required ({why}).", details={"required": 0})
    return Outcome(
        False,
        f"The contact is senior ({why}) and the draft offers no alternative if they are too busy.",
        (),
        "Add one sentence such as \"If you're too busy, perhaps someone on your team would be "
        'open to a short conversation instead?"',
        {"required": 1},
    )
