"""Hooks and ties written the way people who never saw the gate write them.

Written from the rubric (shared docs, GATE_RUBRIC.md) after the third pass showed which
kinds of phrasing the gate missed: a hook in structural form (whatever their team has, a
piece of work placed on their team, a site name with a dot, a talk heard wherever it was,
"you're the one who" with any deed, a credential they went back for), a goal that refers
back to the hook ("the same switch I'm planning"), a situation told in several clauses, a
terse opening with the subject left out, and grounded hooks whose words run on into the
requester's own. Each table holds both sides: lazy reasons in the same shapes still fail.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, gate, grounded_context, letter, result, run_check

_PASS = [
    # whatever their team has, in concrete words
    (
        "Our robotics club toured the port last month, and your crew's automated mooring "
        "winch system is the thing I want to build my capstone around.",
        "your crew's automated mooring winch",
    ),
    # a piece of work placed on their team
    (
        "The rollout of offline ticket scanning on your transit data team is exactly the "
        "problem I'm facing at a ferry operator.",
        "The rollout of offline ticket scanning",
    ),
    # a site name with a dot in it
    (
        "I found your Hashnode.dev write-up about moving from pharmacy tech to QA engineer, "
        "and I'm a pharmacy tech who is teaching myself test automation.",
        "your Hashnode.dev write-up",
    ),
    # a talk heard, wherever it was
    (
        "Heard you present at the regional growers' co-op on switching orchards to drip "
        "irrigation; that's where I want to take my family's farm.",
        "Heard you present",
    ),
    # the one who did it, with any deed
    (
        "A neighbour says you're the one who restored the tram depot's cast-iron roof, and "
        "I'm a blacksmith hoping to move into heritage metalwork.",
        "you're the one who restored",
    ),
    # a credential they went back for
    (
        "You went back for your PE licence after a decade as a drafter, and I'm a drafter "
        "in my sixth year weighing that same path.",
        "You went back for your PE licence",
    ),
    # the situation told in several clauses after the hook
    (
        "Your conference talk on retiring stale dashboards stuck with me. I'm the only "
        "analyst at a 30-store grocer and we have 400 reports nobody opens.",
        "Your conference talk on retiring stale dashboards",
    ),
    # a goal that refers back to the hook, after it
    (
        "You spent twelve years in audit before founding a forensic accounting boutique. I'm "
        "planning to make that same switch within two years.",
        "You spent twelve years in audit",
    ),
    # the hook caused the requester's goal
    (
        "Your essay on tenant organising in the housing review is what made me want to "
        "train in community law.",
        "Your essay on tenant organising",
    ),
]

_FAIL = [
    # a team's thing in empty words
    "Your team's amazing culture is something I admire. I'm a student.",
    # a bare role before a named piece of work, no tie
    "I'm a hotel receptionist in Lisbon. I watched your webinar on upselling suites.",
    # an introduction by name and a referral, nothing about their work
    "My name is Dana and I got your name from Priya at the alumni office.",
    # a hope with no reference back
    "I read your blog on code review. I'm hoping to learn more about the industry.",
    # interest drawn, no goal
    "Your podcast on carbon markets is what drew me to the field.",
]


@pytest.mark.parametrize(("text", "hook"), _PASS)
def test_structural_hooks_and_referring_ties_pass(text: str, hook: str) -> None:
    check = run_check(letter(text, ASK), "specific_reason")
    assert check.passed, check.message
    assert hook.lower() in check.evidence[0].text.lower(), check.evidence


@pytest.mark.parametrize("text", _FAIL)
def test_the_same_shapes_without_substance_fail(text: str) -> None:
    check = result(gate(letter(text, ASK)), "specific_reason")
    assert not check.passed, check.evidence


def test_a_terse_opening_without_a_subject_is_the_requester() -> None:
    context = grounded_context(
        "Operations Manager",
        "Set up the apprentice rotation for the county's water treatment plants",
        name="Ana Lee",
        organization="County",
        requester_role="Plant operator trainee",
    )
    text = (
        "Hi Ana, second-year treatment plant trainee, aiming for a rotation role. You set up "
        "the apprentice rotation for the water treatment plants; 15 min to ask how shifts "
        "are assigned and what the first month covers?"
    )
    check = run_check(text, "specific_reason", channel="linkedin_message", context=context)
    assert check.passed, check.message


def test_a_grounded_hook_ends_where_the_requester_starts() -> None:
    context = grounded_context(
        "Engineer",
        "Wrote the Fastly blog post on cache invalidation for the image CDN",
        name="Ana Lee",
        organization="Fastly",
        requester_role="Junior developer",
    )
    text = (
        "Hi Ana,\n\nI read your blog post on cache invalidation for the image CDN and copied "
        f"the tagging scheme in my team's image CDN proxy.\n\n{ASK}\n\nJo"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert any("my team's" in e.text for e in check.evidence), check.evidence
