"""no_job_ask: an informational interview request must not ask for a job or a referral."""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.gate.checks.base import CheckInput, Outcome, span
from service.gate.text import any_of, within_commas, word_pattern

_ROLE = r"(?:roles?|positions?|jobs?|openings?|vacanc(?:y|ies)|opportunit(?:y|ies)|posts?|spots?)"
# Where the contact could place the requester.
_THEIRS = (
    r"(?:team|company|firm|organi[sz]ation|org|group|lab|practice|department|studio|startup"
    r"|agency|hospital|school|office|unit|clinic|program|programme|shop|kitchen|workshop)"
)
# The requester, by pronoun or by description ("someone with my background").
_ME = (
    # ("someone with my sea time", "someone with my background")
    r"(?:someone (?:like me|with my (?:[\w-]+ ){0,2}?[\w-]+)|a (?:[\w-]+ )?like me|people like me"
    r"|candidates? like me|someone in my position|a (?:[\w-]+ )?(?:profile|background|cv"
    r"|résumé|resume) like mine)"
)
JOB_ASK = word_pattern(
    # A referral asked for, not one described ("how you organised the referral from
    # cardiologists", "the referral pathway").
    r"referral(?<!the referral)(?<!patient referral)(?<!clinical referral)(?<!medical referral)"
    r"(?<!from referral)(?<!self-referral)s?\b"
    r"(?! (?:from|pathways?|process(?:es)?|systems?|rates?|criteria|networks?|of patients"
    r"|programs?|programmes?|schemes?|services?|partners?|vs\.?|versus|agreements?|notes?"
    r"|letters?|forms?|data|patterns?|volumes?|workflows?|times?|routes?|backlogs?"
    # "the free-delivery referral campaign": customers referring customers
    r"|campaigns?|bonus(?:es)?|codes?|links?|incentives?|rewards?|fees?|marketing|traffic"
    r"|loops?|engines?|growth"
    # "a referral back to the CMHT": where the patient goes next
    r"|(?:back|on|onward|onwards|out) to"
    # "a referral to the right faith after the first visit": where the patient goes
    r"|to (?:the|a|an) (?:right|relevant|appropriate|correct|local|specialist|other|next))\b)"
    # "before referrals built up": referrals coming in to their clinic.
    r"(?! (?:built|build|grew|grow|picked|came|come|started|increased|dropped|dried|rose|fell"
    r"|flow|flows|flowed|move|moves|moved|reach|reached|arrive|arrives|land|landed|work|worked"
    r"|arrived|slowed|doubled|to (?:pile|build|come|arrive|trickle|roll))\b)"
    # "prescribing or referral powers": one of two things the scheme gave, not an ask.
    r"(?!(?<= or referral) [a-z]{3,}s\b)(?!(?<= and referral) [a-z]{3,}s\b)"
    r"|refer(?:ring)? me\b(?! to (?:someone|somebody|a colleague|one of|anyone|a teammate|the right"
    r" person|a peer|another))"
    r"|recommend me (?:for|to (?:the|your) (?:hiring|recruit))"
    r"|pass(?:ing|ed|es)? (?:along|on) my (?:resume|cv|résumé|application|name|reel|showreel"
    r"|portfolio|details)"
    # "would you pass my reel to your post house if they need an assist?"
    r"|pass(?:ing|ed|es)? my (?:resume|cv|résumé|name|application|reel|showreel|portfolio"
    r"|details)"
    # "I'd welcome any introduction to your recruiters"
    r"|introductions? to (?:your|the) (?:[\w-]+ )?(?:recruiters?|recruiting|recruitment|hiring"
    r"|talent)\b"
    r"|forward(?:ing)? my (?:resume|cv|résumé|application|profile)"
    r"|(?:my|the) (?:resume|cv|résumé) (?:is )?attached|attached (?:is |are )?my (?:resume|cv"
    r"|résumé)|i(?:'ve| have) (?:attached|enclosed|included) my (?:resume|cv|résumé)"
    r"|(?:send|share|forward) (?:you )?my (?:resume|cv|résumé|portfolio|background|application)"
    # (not "any observation opportunities": shadowing is no job)
    r"|(?:any|open|current|upcoming|available|future) (?!(?:[\w-]+ )?(?:shadowing|observation"
    r"|volunteering|volunteer|learning|networking|speaking|mentoring|mentorship) )(?:[\w-]+ ){0,2}?"
    r"(?:openings|vacancies|positions|roles|opportunities|jobs|internships|placements"
    r"|apprenticeships|traineeships)\b(?! (?:like|such as) yours)"
    r"(?! (?:on|in|at) (?:the|a) (?:field|industry|market))"
    r"|(?:hear|know|learn) (?:of|about) (?:any )?(?:[\w-]+ )?(?:openings|roles|positions|vacancies"
    r"|jobs)"
    r"|(?:internship|job|employment|board|career|work) (?:opportunities|positions|openings|roles"
    r"|vacancies)"
    r"|(?:is|are) (?:currently |now |still )?(?:hiring|recruiting) (?:a|an|for|new)\b"
    r"|(?:whether|if) i (?:could|might|can|may|would be able to) (?:join|work (?:for|with|in|at|on)"
    r" (?:you|your))\b"
    r"|(?:taking on|taking|accepting|recruiting|looking for) (?:any |new |more |a |an )?(?:[\w-]+ )?"
    r"(?:apprentices?|interns?|trainees?|juniors?|graduates|grads|phd students|postdocs|volunteers"
    r")(?![\w-])"
    # "if you're taking people on for the Galway crews", "a place on your team for someone
    # with my background", "the chance to be considered", "my CV passed to whoever leads…"
    r"|(?:you're|you are|you're ever|your team is|they're) taking (?:people|anyone|staff|crew|new"
    r" people) on\b"
    r"|(?:a place|room|a spot|an opening|a seat) (?:on|in|at) your (?:[\w-]+ )?(?:team|crew|firm"
    r"|practice|studio|company|group|department|desk) for (?:someone|me|a person)\b"
    r"|(?:chance|opportunity) to be considered\b"
    r"|my (?:cv|resume|résumé|application|portfolio) passed (?:on |along )?to\b"
    r"|send (?:on|over|along) my (?:cv|resume|résumé|portfolio|application)\b"
    r"|introduc\w* me to (?:any|some|whoever|anyone|someone|somebody|the person|the people)"
    r"[^.?!\n]{0,40}(?:searching|looking|hiring|recruiting)"
    # "if you think of me for…", not "she thought of me immediately" (who told the requester)
    r"|(?:you|you'd|you'll|please|would|could|might) (?:\w+ )?(?:thought|think) of me\b"
    r"|(?:thought|think) of me (?:for|if|when|should|in case|whenever)\b"
    r"|(?:are|is) (?:you|your \w+|anyone|\w+) (?:currently |still |also )?hiring"
    r"|if (?:you(?:'re| are)|your \w+ is|there are|anyone is|\w+ is) (?:currently |ever |still )?"
    r"hiring"
    r"|(?:looking|searching) for (?:a|an) (?:new |summer |paid |graduate |junior |short )?(?:job"
    r"|position|role|internship|placement|opportunity)\b"
    # "let me know if there is any opportunity in your studio"
    rf"|(?:any|an) (?:[\w-]+ )?(?:opportunity|opening|vacancy|position|internship|placement)"
    rf" (?:in|at|with|on) your (?:[\w-]+ )?{_THEIRS}\b"
    r"|work under (?:you|your)\b"
    r"|help me (?:get|land|find|secure) (?:a|an|my first) (?:[\w-]+ )?(?:job|role|position"
    r"|internship|placement|interview)"
    r"|foot in the door|(?:here is|here's|below is|sharing|included) my (?:resume|cv|résumé)"
    r"|(?:chance|opportunit(?:y|ies)) to (?:work|intern) (?:with|for|at|on) (?:you|your)\b"
    # "whether the role is still open, because I would love to apply"
    r"|(?:role|position|job|opening|vacancy|post) (?:is |was )?still (?:open|available)"
    # "…because I would love to apply!", not "I'm hoping to apply for pentest roles next year"
    r"|(?:love|like|want|keen|eager|happy|hoping|hope|willing) to apply(?=\s*[.!?,]|\s+(?:and"
    r"|for (?:it"
    r"|this|that|the (?:role|position|job|post|opening|summer|internship|program|programme|scheme"
    r"|placement)|a (?:place|spot|position|role|post|job|placement|internship) (?:in|on|at|with)"
    r" (?:the|your))|to your|there|here)\b)"
    # "talk more about interning there", "whether I could be considered for one of those
    # positions", "how I might fit down the road", "whether my background would be a fit"
    r"|(?:about|to) (?:interning|working|apprenticing) (?:there|for you|with you|at your|in your)\b"
    r"|\bi (?:could|might|would|can) be considered for\b"
    r"|\bhow i (?:might|could|would) fit\b"
    r"|my (?:background|experience|profile|skills?|cv|résumé|resume) (?:would|might|could)"
    r" (?:be|make) (?:a )?(?:good |strong |great )?(?:fit|match)\b"
    # "I'm looking for my next role", "if you ever need a junior producer", "paid or not"
    r"|if (?:you|your [\w-]+) (?:ever |should ever )?(?:need|needs|want|wants) (?:(?:a|an|another|any)"
    r" (?:[\w-]+ )?)?(?:junior|intern|assistant|trainee|apprentice|hand|helper|volunteer|staff)s?\b"
    # (not asked about the work: "whether assistants are usually paid or unpaid at first")
    r"|\b(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bis it )(?<!\bare they )(?<!usually )"
    r"(?<!typically )(?<!normally )(?<!generally )(?<!mostly )paid or (?:not|unpaid)\b"
    # "could you flag me to HR", "how to get my CV in front of your hiring team", "I'm
    # available to start in June"
    r"|flag (?:me|my (?:name|cv|resume|application)) (?:to|with) (?:hr|your hr|the hr|recruit"
    r"|your recruit|the hiring|your hiring|whoever)"
    r"|(?:get|put) my (?:cv|resume|résumé|name|application) in front of\b"
    r"|(?:i'm|i am|i'd be|i would be) (?:also )?available to start\b"
    # "would your desk consider a career changer for the trainee scheme?", "room for a
    # graduate", "put me forward for the vacation scheme", "how do I get on your team?"
    r"|consider (?:me|someone|somebody|people|(?:a|an) (?:[\w-]+ ){0,2}?(?:changer|candidate"
    r"|graduate|grad|student|newcomer|junior|person|applicant|returner|trainee|hire))\b"
    r"(?: [\w-]+){0,2}? for (?:the|a|an|your|its|their|this|next) "
    r"|room for (?:a|an|another|one more) (?:[\w-]+ ){0,2}?(?:graduate|grad|trainee|intern|junior"
    r"|apprentice|assistant|analyst|student|newcomer|hire|postdoc|researcher)s?\b"
    r"|put (?:me|my name) forward\b"
    r"|get (?:on|onto|into) your (?:[\w-]+ )?(?:team|crew|staff|firm|roster|books|scheme|programme"
    r"|program)\b"
    r"|attach(?:ing)? my (?:resume|cv|résumé)"
    r"|(?:job|position|role|internship|placement|opening)s? (?:at|with|on|in) (?:your (?:team"
    r"|company|firm|organi[sz]ation|org|group|lab|practice|department|studio|startup|agency"
    r"|hospital|school|office))"
    # ("what the informatics nurse role on your team looks like" asks about the work)
    r"(?! (?:actually |really )?(?:looks? like|involves?|is like|entails?|requires?|covers?"
    r"|does|day to day)\b)"
    # ("which roles in your company are most important for people with a clinical background"
    # asks how the company works)
    r"(?! (?:are|is) (?:the )?(?:most |more )?(?:important|valuable|needed|common|in demand"
    r"|hardest|easiest|open to)\b)"
    # ("I may apply for an informatics post next year" tells the requester's own plan; a
    # post at their place is caught below)
    rf"|(?<!may )(?<!might )(?<!plan to )(?<!planning to )(?<!intend to )(?<!before i )"
    # ("what you'd want a Band 7 to have done before applying for a matron post": anyone's)
    rf"(?<!when i )(?<!i'll )(?<!i will )(?<!before )(?<!after )(?:apply|applying) (?:for|to)"
    rf" (?:a|the|your|an|any"
    rf"|one of your) (?:[\w-]+ ){{0,3}}?{_ROLE}"
    rf"|(?:applied(?<!you applied)(?<!they applied)(?<!she applied)(?<! he applied)"
    rf"|submitted an application) (?:for|to) (?:(?:the|your|one of your)"
    rf" (?:[\w-]+ ){{0,3}}?{_ROLE}"
    # "I've applied for a seasonal firefighting job" tells the requester's own plans; it asks
    # them for nothing unless the job is theirs to give.
    rf"|(?:a|an) (?:[\w-]+ ){{0,3}}?{_ROLE} (?:(?:at|with|on|in) (?:your|you)\b|there\b))"
    r"|(?:came across|saw|noticed|found) (?:the|a|an|your) (?:[\w-]+ ){0,3}?(?:opening|vacancy"
    r"|posting|job ad|job advert)"
    r"|(?:exploring|pursuing|looking (?:at|into)) (?:job |career |open )?opportunities"
    r" (?:at|with|on)\b"
    r"|(?:love|like|hope|want|keen|eager|wish) to (?:come )?(?:work (?:with you|for you)|join"
    r" (?:you\b|your (?:[\w-]+ ){0,2}?\w+))"
    r"|(?:love|like|hope|want|keen|eager|happy|delighted|glad|grateful|thrilled|honou?red) to be"
    r" considered|on your radar"
    # "whether someone with an insurance CV would ever be considered for your team"
    r"|(?:ever |even )?be considered (?:for|by|on) (?:your|you)\b"
    # "if your crew ever needs another pair of hands"
    r"|(?:you|your [\w-]+) (?:ever |do |should )?(?:need|needs|needed|could use) (?:another|an extra"
    r"|a spare|an additional) (?:pair of )?hands"
    # Paid work by another name: "if your practice ever needs outside consulting support…, I
    # would be very happy to help", "if you're putting together an advisory board…, I'd love
    # to be part of it", "if you're ever looking for a non-exec".
    r"|if (?:you|your [\w-]+) (?:ever |should ever )?(?:need|needs|want|wants|could use)"
    r" (?:(?:outside|extra|additional|freelance|contract|external|interim|consulting|senior)"
    r" ){1,3}(?:support|help|capacity|expertise|consultants?|advisers?|advisors?)\b"
    r"|(?:putting together|forming|building|setting up|assembling|creating) (?:an? |your )?"
    r"(?:advisory (?:board|council|panel)|board of advis[eo]rs)\b[^.?!]{0,60}\b(?:be (?:part|a"
    r" member) of|join|sit on|serve on|be considered)\b"
    r"|if (?:you(?:'re| are)|your [\w-]+ (?:is|are)) (?:ever |still )?(?:looking for|seeking|in need"
    r" of) (?:a |an |another )?(?:non-?exec\w*|board members?|trustees?|independent directors?)"
    # "does your studio ever take on freelancers?", "any possibility of deputation or
    # secondment to the Bank's team": work for them by another name, asked for
    r"|(?:do|does|would|will|if) (?:you|your [\w-]+)(?: ever)? (?:take on|hire|use|work with"
    r"|bring in|need) (?:any |outside |extra )?(?:[\w-]+ )?(?:freelancers?|contractors?)\b"
    r"|(?:possibility|chance|opportunit(?:y|ies)|scope|openings?) (?:of|for) (?:a |any )?"
    r"(?:deputation|secondment)s?\b"
    r"|consider(?:ed)? me for|put in a (?:good |kind )?word\b|put my name forward"
    # "would you be open to flagging my profile internally?"
    r"|flag(?:ging|ged)? (?:me|my (?:name|cv|resume|résumé|application|profile)) internally\b"
    # ("…we'd be so grateful if you'd keep him in mind": for the requester's own child)
    r"|(?:keep|kept|keeping|bear|bore) (?:me|him|her|my (?:son|daughter|child|name|details|cv"
    r"|resume|application)) in mind|kept in mind|keep my (?:name|resume|cv|details) on file"
    # "Any intern spots going?"
    r"|(?:any|some|a) (?:(?:intern(?:ship)?|junior|trainee|graduate|apprentice|volunteer) )?"
    r"(?:spots?|places?|slots?) (?:going|open|available|free|coming up)\b"
    # "would your team sponsor a work visa for a non-EU graduate?"
    r"|(?:you|your [\w-]+|they|the firm|the company) (?:\w+ )?sponsor (?:a |an |my |the )?(?:work )?"
    r"visas?\b"
    # "whether your team could sponsor a highly skilled migrant visa for me"
    r"|\bsponsor (?:a |an |my |the )?(?:[\w-]+ ){0,3}?visas? for me\b"
    # "I would be very grateful if you can have me in consideration" (Spanish "tenerme en
    # consideración"), "happy to be referred if you think I'd fit", "recommend me to the HR of
    # Desert Bloom"
    r"|\b(?:have|keep|take) me (?:in|into) (?:consideration|account)\b"
    r"|\bto be referred\b|\brecommend me (?:to (?:the |your )?(?:hr|hiring|recruit\w*|people team)|for"
    r" (?:a|an|the|any) )"
    # "I'd be interested in an advisory role" (a seat asked for, by another name)
    r"|\b(?:interested in|open to|available for) (?:an? |any )?(?:paid )?(?:advisory|adviser|advisor"
    r"|board|non-exec\w*) (?:role|position|seat|post)\b"
    # "does Pinefall have another junior QA opening coming up?"
    r"|(?:do|does) (?:you|your [\w-]+|[\w-]+) (?:\w+ )?have (?:another|any|an|a) (?:[\w-]+ ){0,2}?"
    r"(?:opening|vacancy|position|role)s? (?:coming up|open|available|going)\b"
    # "I'd be stoked to throw my hat in", "keen to throw my name in if something comes up"
    r"|(?:throw|put|toss|chuck) (?:my|our) (?:hat|name) in\b"
    # "whether you reckon I'd be a fit for the leasing team"
    r"|\bi(?:'d| would| might| could) (?:\w+ )?be a (?:good |great |strong |decent )?(?:fit|match)"
    r" (?:for|on|in|with) (?:the|your)\b"
    # "happy to do a trial task or a take-home for your team"
    r"|(?:do|complete|take on|sit) (?:a |an |any )?(?:paid |unpaid )?(?:trial task|take-home"
    r"|work trial|trial shift|trial day|test task)\b"
    # "if eventually you have a stage (internship) for next semester in your team"
    r"|if (?:\w+ )?(?:you|your [\w-]+) (?:ever |still )?(?:have|has) (?:a|an|any) (?:[\w-]+ ){0,2}?"
    r"(?:stage \(internship\)|internships?|placements?|traineeships?|apprenticeships?)(?![\w-])"
    r"|if anything (?:opens|comes) up|should (?:a|an|any|anything) (?:\w+ ){0,2}(?:open|come) up"
    # (and "tell me when a working student position in your team becomes free")
    rf"|(?:when|if|should) (?:a|an|any) (?:[\w-]+ ){{0,3}}?{_ROLE}(?: [^.?!]{{0,40}}?)? (?:opens"
    r"|comes|becomes|open|come|falls)(?: up| available| free| open| vacant)"
    # "do you know if the city is hiring inspectors?"
    r"|(?:whether|if) (?:the |your |their )?[\w-]+(?: [\w-]+)? (?:is|are) (?:currently |ever"
    r" |still |now )?(?:hiring|recruiting)\b"
    # A position by another name: "do my PhD in your lab", "if you have funding".
    r"|(?:do|start|pursue|begin) (?:my|a) (?:phd|doctorate|postdoc|master'?s|residency"
    r"|apprenticeship|internship|placement) (?:in|at|with|under) (?:your|you)\b"
    r"|(?:whether|if) you (?:have|had|might have) (?:any )?(?:funding|funded (?:places|positions"
    r"|spots)|a (?:funded )?(?:place|spot|position))"
    r"|explor(?:e|ing) (?:any |possible |potential )(?:job |career )?opportunities"
    # A role offered to the requester by name or by description: "an opening for me on your
    # team", "a spot for an undergraduate research assistant in your lab".
    # (not "science librarianship feels like the natural place for me")
    # (nor "your talk was very eye-opening for me")
    rf"|(?<!natural )(?<!right )(?<!perfect )(?<!ideal )(?<!obvious )(?<!eye-)(?<!eye )"
    rf"(?:{_ROLE}|places?) for"
    rf" (?:me|someone like me)\b(?! to\b)(?! in (?:this|the|my) (?:industry|field|profession"
    rf"|sector|trade|career|world)\b)"
    rf"|(?:{_ROLE}|places?) for (?:an? |any )(?:[\w-]+ ){{0,3}}?(?:in|on|at|with) your (?:[\w-]+ )?{_THEIRS}"
    # The requester judged against their opening: "whether someone with my background would
    # be a good fit for the next residency cohort".
    rf"|(?:whether|if) {_ME}(?:'d| would| might| could)? (?:be|make) (?:a )?(?:good |strong "
    rf"|great |natural )?(?:fit|match|candidate|addition) (?:for|on|in|at|with) (?:your|the "
    rf"(?:next|upcoming|coming)|next year's|this year's|an upcoming|the|an?|[\w&-]+'s)"
    rf" (?:[\w-]+ ){{0,2}}?"
    rf"(?:{_THEIRS}|cohort|intake|class|program|programme|residency|fellowship|role|position"
    rf"|opening|team)s?\b"
    rf"|(?:would|could|might|will) {_ME} (?:be|make) (?:a )?(?:good |strong |great |natural )?"
    rf"(?:fit|match|candidate|addition) (?:for|on|in|at|with) (?:your|the (?:next|upcoming"
    rf"|coming)|next year's|this year's|an upcoming) "
    # "Is the team hiring, and would someone with my background be a fit?"
    rf"|(?:would|could|might|will) {_ME} (?:be|make) (?:a )?(?:good |strong |great |natural )?"
    rf"(?:fit|match|candidate)(?: there| here| with you| with them)?\s*\?"
    r"|(?:whether|if) (?:you think |you'd say )?i(?:'d| would| might| could)? (?:be|make) (?:a )?(?:good |strong |great )?"
    r"(?:fit|match|candidate|addition)\b(?! for (?:this|the) (?:field|career|industry|path))"
    # "if you think I'd suit Kinross"
    r"|(?:whether|if) (?:you think |you'd say )?i(?:'d| would| might| could) suit (?!you\b)"
    r"|i(?:'d| would| might| could) (?:be|make) (?:a )?(?:good |strong |great )?(?:fit|match"
    r"|candidate|addition) (?:for (?:your|the) (?:team|company|firm|role|position|group)|there"
    r"|at\b|on your)"
    r"|(?:would|could|might|will) i (?:be|make) (?:a )?(?:good |strong |great |natural )?(?:fit"
    r"|match|candidate|addition)\b"
    r"|(?:room|a place|a spot|space)(?: (?:at|in|on|with) [\w&'-]+(?: [\w&'-]+)?)? for (?:someone"
    r" like me|me|(?:a|an) [\w-]+(?: [\w-]+)? like me)"
    r"\b(?! in (?:this|the|my) (?:industry|field|profession|sector|trade|career|world)\b)"
    r"|job (?:offer|opening|opportunit)|hire me\b|get me (?:a|an) (?:job|interview)"
    r"|interview (?:me )?for (?:a|the|an|your) (?:\w+ )?(?:role|position|job|opening)"
    # "I have a feature on the brine wells I'd love to pitch": work asked for, as a freelancer
    # (not "the plan I'd like to pitch to my manager": their own boss)
    r"|(?:love|like|want|hoping|hope|keen|eager) to pitch(?: (?:it |this |them )?(?:to )?you)?"
    r"(?=\s*[.!?]|\s*$)"
    r"|pitch (?:you|your (?:desk|team|section)) (?:a|an|my|some)\b"
    # "could you intro me to the hiring mgr for the ASM role?", "…to your HR manager, in case
    # there are openings for technicians"
    r"|intro(?:duc\w+)? me to (?:the|your) (?:[\w-]+ )?(?:hiring|recruit|hr\b|human resources"
    r"|talent)"
    r"|(?:in case|if) there (?:are|is) (?:any )?(?:openings?|vacanc(?:y|ies)|positions?|roles?)"
    r" for\b"
    # "whether you think my profile might suit one of your clinical fellow posts", "whether my
    # profile could be suitable for your division", "be borne in mind should any vacancy arise"
    r"|my (?:profile|background|cv|experience) (?:might|could|would|may) (?:suit|be suitable"
    r" for)\b"
    r"|borne in mind\b"
    # "would lowkey love to be on your roster someday"
    r"|(?:be|get|join|joining|being) on your (?:[\w-]+ )?(?:roster|books|bench|panel)\b"
    # "I think I could be a strong fit."
    r"|\bi (?:could|would|might) (?:be|make) (?:a )?(?:good |strong |great |perfect )?(?:fit"
    r"|match|candidate)(?=\s*[.!?]|\s*$)"
    # "introduce me to whoever does the hiring for your team"
    r"|introduc\w+ me to (?:whoever|the person|someone|somebody|anyone) (?:who )?(?:does|handles"
    r"|runs|leads|oversees|is in charge of|makes) (?:the )?(?:hiring|recruiting|recruitment)\b"
    # "introduce me to whoever is staffing the motion team there"
    r"|introduc\w+ me to (?:whoever|the person|someone|somebody|anyone) (?:who )?(?:is |are )?"
    r"staffing\b"
    # "could you point me toward whoever handles marketing hires", "connect me with the hiring
    # manager for this post"
    r"|(?:point|direct|steer|send|connect|introduce|put) me (?:toward|towards|to|with|in touch"
    # ("…in touch with someone on your team who handles hiring for the propulsion group")
    r" with) (?:whoever|the person|someone|somebody|anyone|the|your|a) (?:[\w-]+ ){0,4}?"
    r"(?:who |that )?(?:[\w-]+ )?"
    r"(?:(?:does|handles|runs|leads|oversees|makes|is in charge of) (?:the )?(?:[\w-]+ )?"
    r"(?:hiring|hires|recruiting|recruitment)|hiring (?:manager|team|lead)|recruiters?)\b"
    # "Do you currently have an opening for a logistics coordinator?"
    r"|(?:do|does) (?:you|your [\w-]+|the [\w-]+) (?:currently |still |now |happen to )?have"
    r" (?:an? |any )?(?:[\w-]+ )?(?:openings?|vacanc(?:y|ies)|positions?) (?:for|in|on|at)\b"
    r"|seek(?:ing)? (?:employment|a (?:job|position|role)) (?:with|at|in) (?:you|your)\b"
    # "whether a more junior role might be coming up, or even an internship"
    rf"|{_ROLE} (?:might|may|could|will|would|is|are) (?:be )?(?:coming|come|opening|open)"
    r" up\b"
    # "where someone with my operator background might fit"
    rf"|(?:where|how) {_ME} (?:might|could|would|can) fit\b"
    # "if you think a profile like mine could fit in one of your resorts"
    rf"|{_ME} (?:might|could|would|can) fit (?:in|into|on|at|with) (?:one of )?your\b"
    # "if your QA team is ever short of people, …happy if you remember my name"
    # (and "if your team may have an opening for a person like me…, …remember my name")
    r"|\bif (?:your|you|the) [^.?!]{0,60}?\b(?:short|hiring|needs?|looking for|recruit\w*|opening"
    r"|vacanc\w*|position)\b"
    r"[^.?!]{0,80}?\b(?:remember|think of|keep) (?:about )?(?:me|my name)\b"
    # "if Meridian has any internship for next summer, …grateful if you could consider me"
    # ("If there is any possibility to join your team as intern or engineer, I would be very
    # happy if you could consider me.")
    r"|\bif [^.?!]{0,60}?\b(?:internships?|openings?|vacanc(?:y|ies)|positions?|roles?|jobs?"
    r"|join (?:your|the) (?:[\w-]+ )?(?:team|company|firm|lab|group))\b[^.?!]{0,80}?\bconsider me\b"
    # "I'm exploring ecosystem roles at Nimbus India": a job at a place named, theirs.
    r"|(?:exploring|pursuing|seeking|looking for|applying for) (?:[\w-]+ ){0,2}?(?:roles|positions"
    r"|jobs|openings) (?:at|with) (?!(?:the )?(?:intersection|companies|firms|organi[sz]ations"
    r"|places|startups|agencies|practices|hospitals|schools|employers)\b)"
)
_CONDITION = re.compile(r"\b(?:if|unless|when|should|in case)\b")
# ("if it's no trouble, could you flag me to HR" negates nothing)
_NEGATION = re.compile(
    r"\b(?:not|never|no(?! (?:trouble|problem|worries|pressure|rush)\b)|nor|isn't|n't|without)\b"
    r"|n't\b"
)
# What comes after an offer of a CV and takes the job ask back: "I can send my CV beforehand
# if it helps give context on what I do now, but I'm not looking for a role".
_DISCLAIMED = re.compile(
    r"\b(?:i'm|i am|im) not (?:looking|asking|applying) for (?:a |any )?(?:new )?(?:role|job"
    r"|position|opening|work)s?\b"
)
# Words one of the patterns needs: only sentences holding one are scanned with the (slow)
# full pattern. Keep them specific ("join your", not "join").
_TRIGGERS = (
    "refer", "resum", "résum", "cv", "hiring", "opening", "vacanc", "position", "role",
    "taking people", "taking anyone", "place on your", "spot on your", "be considered",
    "send on my", "send over my", "send along my",
    "opportunit", "job", "apply", "applying", "applied", "hire", "consider me", "good word",
    "in mind", "mind for", "mind if", "mind when", "recommend me", "application", "interview",
    " fit", " match", "candidate", "opens up", "open up", "comes up", "come up", "radar",
    "in the loop", "room for", "place for", "spot for", "on file", "name forward", "introduc",
    "taking on", "foot in the door", "help me", "chance to", "chance of", "internship",
    "placement", "recruit", "came across", "posting", "advert", "work with you",
    "work for you", "join your", "join you", "to join", "considered", "send my", "send you my",
    "share my", "forward my", "pass my", "pass along my", "thought of me", "think of me",
    "i could join", "i might join", "i can join", "i could work", "accepting", "taking any",
    "taking new", "taking more", "taking postdoc", "taking intern", "taking apprentice",
    "taking student", "taking trainee", "taking grad", "taking junior", "taking volunteer",
    "taking phd", "looking for", "space for", "phd", "doctorate", "postdoc", "residency",
    "apprenticeship", "fund", "hands", "passing my", "passed my", "passes my", "work under",
    "still open", "still available", "attach my", "attaching my", "ever need", "paid or",
    "consider", "room for", "forward", "get on your", "get onto your", "get into your",
    "interning", "i might fit", "i could fit", "i would fit", "flag me", "flag my",
    "in front of", "available to start", "place at", "place in", "place on", "place with",
    "employment", "remember me", "remember my name", "remember about me", "advisory",
    "advisors", "advisers", "non-exec", "nonexec", "board member", "trustee", "freelancer",
    "contractor", "deputation", "secondment", "put in a", "flagging", "flagged", "spot",
    "slot", "places going", "places open", "places available", "places free", "places coming",
    "place going", "sponsor", "trial task", "take-home", "work trial", "trial shift", "trial day",
    "test task", "hat in", "name in", "to pitch", "pitch you", "pitch your", "i'd suit", "roster", "on your books",
    "might suit", "could suit", "would suit", "may suit", "be suitable", "borne in mind",
    "on your bench", "on your panel", "staffing", "i would suit", "i might suit", "i could suit",
)  # fmt: skip
# Every trigger is one more scan of the draft: "in mind" already finds "kept me in mind",
# "recruit" "recruiting", and the role words "if a position becomes available".


_TRIGGER = any_of(_TRIGGERS)


# "how you built a client base before you had referrals": referrals as a part of their
# business (ones they had, got, earned), not one asked for.
_THEIR_REFERRALS = re.compile(
    r"(?:\b(?:you|your [\w-]+|they|clients?|customers?|patients?)(?: [\w-]+){0,2}? (?:had|have"
    r"|got|get|gets|getting|earn(?:s|ed|ing)?|buil[dt]|building|generat(?:e|es|ed|ing)|won|win"
    r"|winning|grew|grow|growing|rel(?:y|ies|ied) on|depend(?:s|ed)? on|receiv(?:e|es|ed|ing)"
    r"|start(?:ed)? getting|sen[dt]|sends|sending)(?: you)?(?: (?:any|more|many|enough|steady|regular|repeat))?"
    r"|\b(?:client|customer|word-of-mouth|mouth|business|peer|partner|safeguarding|screening"
    r"|hospital|specialist|gp|police|court|agency|welfare|care|housing|nursing|case|model|system"
    r"|behaviou?r|school|pupil|student|mental health|pooled|pooling|surgical|triage|incoming"
    r"|community|onward|same-day|outpatient|inpatient|secondary care|teller|branch|sales|lead"
    # "manager training and OH referrals": occupational health's
    r"|oh|occupational health|hr|safeguarding"
    r"|urgent|routine"
    r"|tool|algorithm)s?"
    # "the model's referrals", "how referrals flow": referrals the work makes, asked about
    r"|'s|s'|\b(?:how|where|when|why|which|what|whether|many|much|if|as)(?: the| your| our| new)?"
    # "how you got doctors to accept your BP referrals": the referrals their service makes
    r"|\byour(?: [\w-]+){1,2}?"
    # "what happens to a referral today when a veteran crosses a council boundary"
    r"|\b(?:happens?|happened) to (?:a|the|each|every)) $"
)


# Posts the contact created, told as their deed: "you pushed through two permanent RSE
# positions in your department".
_THEY_MADE = re.compile(
    r"\byou (?:\w+ ){0,2}?(?:pushed through|created|opened|funded|established|secured|won|set up"
    # ("you lead the MTI placements in your department": theirs, described)
    r"|lead|led|managed|coordinate|coordinated|oversee|oversaw"
    # ("how you negotiated with the VA for referrals in the first year": the practice's)
    r"|introduced|added|fought for|got approval for|made the case for|negotiated|negotiate"
    r"|arranged|contracted)(?: [\w-]+){0,4} $"
)
# A plural "referrals" is asked for only as in "any referrals", "open to referrals", "job
# referrals"; otherwise it is the work's ("sedation referrals", "our practice starts
# referrals in May").
_ASKED_REFERRALS = re.compile(
    r"\b(?:any|some|for|to|job|jobs|internal|employee|possible|potential|personal|direct) $"
)
# ("what the interview for your analyst role focused on", "In your interview for the analyst
# role, did they give you a SQL test?")
_ABOUT_THE_INTERVIEW = re.compile(
    r"\b(?:what|how|whether|in|during|at|before|after) (?:the|your|an|a) $"
)
# What a referral is part of, when it is the work's: "referral follow-up", "referral pathways".
_REFERRAL_WORK = re.compile(
    r"s? (?:follow-?ups?|pathways?|systems?|process(?:es)?|rates?|forms?|letters?|networks?"
    r"|criteria|workflows?|tracking|loops?|times?|data|slips?|chains?|volumes?|routes?)\b"
)
_I_DID = re.compile(r"\b(?:i've|i have|i had|i|i already|i've already|we've) $")


def job_asks(text: str) -> Iterator[re.Match[str]]:
    """Job asks in lowercase `text` that start a word, leaving out referrals the contact's
    business had ("before you had referrals") and a name the requester put forward
    themselves ("I've put my name forward to help design it"), and questions about how an
    interview went ("what the interview for your analyst role focused on")."""
    for match in JOB_ASK.finditer(text):
        if match.group().startswith("referral") and _REFERRAL_WORK.match(text, match.end()):
            continue  # "how you handle no-signal days and referral follow-up": patients'
        if match.group().startswith("referral") and (
            _THEIR_REFERRALS.search(text, max(0, match.start() - 60), match.start()) is not None
            or (
                match.group() == "referrals"
                and _ASKED_REFERRALS.search(text, max(0, match.start() - 16), match.start()) is None
            )
        ):
            continue
        if match.group().startswith("interview") and _ABOUT_THE_INTERVIEW.search(
            text, max(0, match.start() - 16), match.start()
        ):
            continue  # "what the interview for your analyst role focused on": how hiring works
        if _THEY_MADE.search(text, max(0, match.start() - 50), match.start()) is not None:
            continue  # "you pushed through two permanent RSE positions in your department"
        if match.group() == "put my name forward" and _I_DID.search(
            text, max(0, match.start() - 16), match.start()
        ):
            continue  # "I've put my name forward to help design it": they volunteered
        yield match


def asks_for_a_job(text: str) -> bool:
    """Whether lowercase `text` holds a job ask (the trigger words first: most text has none,
    and the full pattern is slow)."""
    return _TRIGGER.search(text) is not None and next(job_asks(text), None) is not None


# "How do you find candidates for internships on your team?" asks how hiring works: a topic.
_HOW_HIRING_WORKS = re.compile(r"(?:so,? |and |also,? )?(?:how|why)\b")
_SELF = re.compile(r"\b(?:i|me|my|i'd|i'm|i've)\b")


def check_no_job_ask(data: CheckInput) -> Outcome:
    """Flag asks for jobs, referrals or openings, unless negated ("I'm not asking for a job")."""
    draft = data.draft
    for sentence in draft.sentences_containing(_TRIGGER):
        if (
            sentence.question
            and _HOW_HIRING_WORKS.match(sentence.low) is not None
            and _SELF.search(sentence.low) is None
        ):
            continue
        for match in job_asks(sentence.low):
            # (a negation in a condition set off before a comma negates nothing: "If your
            # schedule doesn't allow it, could you introduce me to the hiring manager?")
            before = sentence.low[max(0, match.start() - 40) : match.start()]
            condition, comma, after_it = sentence.low[: match.start()].rpartition(",")
            if comma and _CONDITION.search(condition[-60:]) is not None:
                before = after_it[-40:]
            if _NEGATION.search(before) or _DISCLAIMED.search(sentence.low, match.end()):
                continue
            start = sentence.start + match.start()
            end = sentence.start + match.end()
            # (of a run-on that holds the whole message, the part around the ask)
            begin, stop = within_commas(
                sentence.low, match.start(), match.end(), 0, len(sentence.low)
            )
            return Outcome(
                False,
                f"Asks for a job or referral: '{draft.body[start:end]}'.",
                (span(draft, sentence.start + begin, sentence.start + stop),),
                "Remove the request for a job, referral or openings; ask only for their "
                "perspective and advice. Jobs can come up later if the conversation goes well.",
            )
    # A short note can ask in its greeting line ("Hi, are you hiring?"), where a lowercase
    # word after "Hi," was read as a name.
    greeting = draft.greeting
    if greeting is not None:
        line_end = draft.low.find("\n", greeting.start)
        line_end = len(draft.low) if line_end == -1 else line_end
        for match in job_asks(draft.low[greeting.start : line_end]):
            start, end = greeting.start + match.start(), greeting.start + match.end()
            return Outcome(
                False,
                f"Asks for a job or referral: '{draft.body[start:end]}'.",
                (span(draft, start, end),),
                "Remove the request for a job, referral or openings; ask only for their "
                "perspective and advice. Jobs can come up later if the conversation goes well.",
            )
    return Outcome(True, "No job or referral request found.")
