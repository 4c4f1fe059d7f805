"""Checks recognise the offer, the job ask and the courtesy by meaning, in many phrasings.

The sentences come from the rubric (shared docs, GATE_RUBRIC.md) and from the ways people
were seen to write them; each table holds both sides so a check cannot pass by saying yes
(or no) to everything.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import gate, letter, result, run_check

_EXECUTIVE = GateContext(contact=ContactProfile(name="Ana Lee", seniority="executive"))

_OFFERS = [
    "If you're short on time, one of the nurses on your unit would be just as helpful.",
    "If it's easier, I'd be glad to speak with a member of your policy staff.",
    "Or, if you're swamped, someone on your data team could be a great person to talk to.",
    "I'd be equally happy to talk with another architect in your studio.",
    "And if a junior partner would be better placed, I'd welcome that too.",
    "Whoever ran the pilot would be ideal if you can't.",
    "If you are too busy, any of your engineers would be great.",
    "Happy to talk to one of your associates instead.",
    "If not, could you point me to someone in your group who works on this?",
    "If a postdoc in your group who has also worked in industry would be better to ask, fine.",
    "If your calendar is full, I'd be glad to talk with one of the students who worked on it.",
    "Happy to talk to your team instead!",
    "If your schedule is packed, I'd be glad to speak with someone else at Acme instead.",
    "If you're not the right person, could you point me to who is?",
    "If now isn't a good time, perhaps one of the associates could help.",
    "If you'd prefer, I can reach out to a member of your staff instead.",
    "Should you not have time, could you suggest a colleague I might contact?",
    "If you're busy, perhaps a colleague could talk to me instead.",
    "If it's easier, I'd also be happy to speak with one of the managers who report to you.",
    "If you can't make time, I'd be grateful for the name of a colleague I could approach.",
    "I would also value a conversation with any of the planners in your department.",
    "Should you prefer, one of your researchers might be able to spare the time.",
    "I appreciate you may be very busy; any member of your team would be a great help.",
    "If you're stretched thin, one of the line cooks in your kitchen would be great to talk to.",
    "Happy to speak with one of your foremen instead if you're slammed.",
    "Someone from your kitchen would be great too.",
    "If you can't, perhaps one of the analysts from that project would have time.",
    "I'd be just as glad to talk with your practice manager instead.",
    "If it's easier, one of the registrars in your service would be a good person to ask.",
    "I'd be equally grateful to speak with the court's coordinator instead.",
    "If you're short of time, perhaps the data lead from your unit could speak with me instead.",
]
_NOT_OFFERS = [
    "My colleague Sam suggested I reach out.",
    "Could you introduce me to the hiring manager on your team?",
    "Could you refer me for the analyst role on your team?",
    "I read about your team's work on the pilot.",
    "I'm a nurse on a cardiac unit.",
    "What does a typical day look like for people on your team?",
    "Since you oversee the programme and I work in policy, you'd be the right person to ask.",
    "A colleague of yours suggested I reach out.",
    "If there is any chance of an internship at your studio, I would love to be considered.",
    "If you'd rather, we could talk by phone instead of video.",
    "If it helps, I'm glad to meet near your office instead of calling.",
    "Someone else at my company told me about your work.",
    "I know people on your team are busy, so I'll keep it short if we talk.",
    "Our foremen are slammed this season too.",
    "I spent the morning with someone on my team too.",
    "Your team's rollout would be great to hear about too.",
    "Would you consider me for a clerkship at your firm if one of your associates leaves?",
    "How do your engineers find time to mentor juniors?",
]


@pytest.mark.parametrize("sentence", _OFFERS + _NOT_OFFERS)
def test_colleague_offer_in_many_phrasings(sentence: str) -> None:
    text = f"Hi Ana,\n\nWould you have 20 minutes next week? {sentence}\n\nJo"
    check = run_check(text, "colleague_offer", context=_EXECUTIVE)
    assert check.passed is (sentence in _OFFERS), check.message
    if check.passed:
        # The evidence is the offer itself, not the ask before it.
        assert [e.text for e in check.evidence] == [sentence]


_JOB_ASKS = [
    "Please keep me in mind if anything opens up on your team.",
    "I'd be grateful to be kept in mind for openings at Monzo.",
    "I'd also love to know whether I might be a fit there.",
    "Do you think I'd be a good fit for your team?",
    "Should a junior role open up, I'd love to hear about it.",
    "Could you introduce me to the hiring manager?",
    "I'm applying for the analyst role at your firm.",
    "If you ever hear of openings at your trust, I'd be grateful if you thought of me.",
    "Does your trust have any teaching assistant roles at the moment?",
    "Is your fund hiring partners or venture partners?",
    "I recently applied for the Backend Engineer position and wanted to reach out directly.",
    "I would love to work with you in any way possible.",
    "I wanted to get on your radar.",
    "If an associate position becomes available at your firm, please keep me in mind.",
    "Should any apprentice roles open up, I'd love to hear about them.",
    "Would you mind keeping me in mind for future openings?",
    "Do you know whether the hospital is recruiting nurse educators?",
    "I hope to do my PhD in your lab from next autumn.",
    "Could you tell me if you have funding for a master's student?",
    "I'd love to explore potential opportunities with your team.",
    "Is your firm taking on trainee solicitors this year?",
    "Do you think your lab would have space for a research assistant like me?",
    "Could you let me know if the team is looking for a junior analyst?",
]
_NOT_JOB_ASKS = [
    "Before I apply to graduate school, I want to understand the day-to-day.",
    "Before applying for a fellowship next year, I'd like to understand the field.",
    "I'd love to hear what you look for in a new analyst.",
    "Is policy work a good fit for someone with a chemistry background?",
    "If you're too busy, could you refer me to someone on your team who might have 15 minutes?",
    "How did you handle referrals from GPs when the clinic opened?",
    "What did the referral pathway look like for patients?",
    "When you applied for your first design role, what did your portfolio include?",
    "I'm exploring opportunities in public health before deciding on a master's.",
    "Before I start my PhD in computational biology next year, I'd like to ask a few things.",
    "How do you find candidates for internships on your team?",
    "I'm looking for a junior-friendly bootcamp to start with.",
]


@pytest.mark.parametrize("sentence", _JOB_ASKS + _NOT_JOB_ASKS)
def test_indirect_job_asks_warn_and_own_plans_do_not(sentence: str) -> None:
    check = run_check(letter(sentence), "no_job_ask")
    assert check.passed is (sentence in _NOT_JOB_ASKS), check.message
    if not check.passed:
        assert [e.text for e in check.evidence] == [sentence]


_COURTESY = [
    "I realise how busy you must be.",
    "I realize you must get a lot of these requests.",
    "I understand you have a lot on your plate.",
    "Thank you for reading this far.",
    "Thank you po for your time.",
    "I appreciate any time you can spare.",
    "Many thanks for considering my request.",
    "Knowing how full your days are, I'll keep it short.",
    "Sorry to take up your time with this.",
    "I won't take more than 15 minutes of your time.",
    "Thank you very much for your kind consideration.",
    "I appreciate how valuable your time is.",
    "Whatever works best for your schedule.",
]
_NOT_COURTESY = [
    "Send me your availability.",
    "I spent time on your blog.",
    "I need 20 minutes with you this week.",
    "I'd love to understand what you consider a good first project.",
    "Thanks to your post on time-series models, I changed my approach.",
]


@pytest.mark.parametrize("sentence", _COURTESY + _NOT_COURTESY)
def test_courtesy_about_their_time_in_many_phrasings(sentence: str) -> None:
    check = run_check(f"Hi Ana,\n\nWould you have 20 minutes? {sentence}\n\nJo", "respects_time")
    assert check.passed is (sentence in _COURTESY), check.message
    if check.passed:
        assert check.evidence[0].text in sentence


@pytest.mark.parametrize(
    ("greeting", "name"),
    [
        ("Hi there Priya,", "Priya Shah"),
        ("Namaste Rahul ji,", "Rahul Sharma"),
        ("Dear Professor van der Berg,", "Jan van der Berg"),
        ("Dear Rev. Adams,", "John Adams"),
        ("Sehr geehrte Frau Fischer,", "Anna Fischer"),
    ],
)
def test_greetings_by_name_in_many_forms(greeting: str, name: str) -> None:
    text = f"{greeting}\n\nYour talk on alarm fatigue matched my night shifts.\n\nJo"
    for context in (None, GateContext(contact=ContactProfile(name=name))):
        check = result(gate(text, context=context), "addressed_to_contact")
        assert check.passed, check.message


@pytest.mark.parametrize("greeting", ["Hi there, hope you're well.", "Hi there!", "Hello all,"])
def test_generic_greetings_stay_generic(greeting: str) -> None:
    text = f"{greeting}\n\nYour talk on alarm fatigue matched my night shifts.\n\nJo"
    assert not result(gate(text), "addressed_to_contact").passed


def test_an_offer_in_a_postscript_below_the_signature_counts() -> None:
    text = (
        "Hi Ana,\n\nWould you have 20 minutes next week?\n\nBest,\nJo\n\n"
        "P.S. If you're too busy, one of your managers would be just as helpful."
    )
    check = run_check(text, "colleague_offer", context=_EXECUTIVE)
    assert check.passed, check.message
