"""not_generic: the draft is not a near-copy of the requester's drafts to other contacts.

Similarity is the Jaccard index of word 3-shingles after masking every capitalized word and
number (names, organizations, dates), so "Hi Ana … at Acme" and "Hi Ben … at Globex" compare
equal. Comparing against 1,000 earlier drafts must take milliseconds, so each other draft
is first screened with a sample of this draft's shingles searched as plain substrings (a C
speed operation); only drafts that contain enough of the sample are shingled and compared
exactly. The sample is chosen by CRC-32, so the result is deterministic.

The other drafts are the same from one draft to the next (a requester's recent drafts, a
batch's earlier items), so their shingle sets are kept, for the last `SHINGLE_CACHE` texts:
a batch of similar drafts otherwise shingles the same 200 texts again for every item.
"""

from __future__ import annotations

import re
import string
import zlib
from collections.abc import Set
from functools import lru_cache
from types import MappingProxyType

from service.gate.checks.base import CheckInput, Outcome, clip
from service.gate.models import Evidence

SAMPLE_SIZE = 20
# Jaccard similarity J bounds this draft's containment in the other from below, and for
# drafts of similar length containment is about 2J/(1+J) (0.89 at J = 0.8). Requiring an
# estimated containment of threshold - margin leaves several standard deviations of
# sampling error before a real near-copy could be screened out.
SCREEN_MARGIN = 0.2
# Texts whose shingle sets are kept (about 15 KB each for a 200-word draft): more than the
# 1,000 earlier drafts one check compares against, or a scan in order evicts each set just
# before it is needed again.
SHINGLE_CACHE = 1024

_MASK = re.compile(r"[A-Z0-9À-ÖØ-Þ]\S*")
_PUNCT = MappingProxyType(
    str.maketrans({c: " " for c in string.punctuation + "“”‘’–—…•" if c not in "'@"})
)


def shingles(text: str) -> set[int]:
    """Masked word 3-shingles of a text, each kept as its hash: sets of ints intersect
    several times faster than sets of tuples of strings, and two different shingles of one
    comparison share a 64-bit hash too rarely to matter."""
    tokens = _MASK.sub("@", text).translate(_PUNCT).lower().split()
    return set(map(hash, zip(tokens, tokens[1:], tokens[2:], strict=False)))


@lru_cache(maxsize=SHINGLE_CACHE)
def _shingles_of_other(text: str) -> frozenset[int]:
    return frozenset(shingles(text))


def _sample(text: str) -> list[str]:
    """Up to SAMPLE_SIZE lowercase three-word phrases of `text`, chosen by CRC-32."""
    tokens = text.split()
    phrases = {
        f"{a} {b} {c}".lower()
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
        if a.isalpha()
        and b.isalpha()
        and c.isalpha()
        and a.islower()
        and b.islower()
        and c.islower()
    }
    return sorted(phrases, key=lambda p: (zlib.crc32(p.encode()), p))[:SAMPLE_SIZE]


def _passes_screen(sample: list[str], other_low: str, needed: float) -> bool:
    """Whether at least `needed` sampled phrases occur in the other draft (stops early)."""
    hits = 0
    allowed_misses = len(sample) - needed
    misses = 0
    for phrase in sample:
        if phrase in other_low:
            hits += 1
            if hits >= needed:
                return True
        else:
            misses += 1
            if misses > allowed_misses:
                return False
    return hits >= needed


def similarity(a: Set[int], b: Set[int]) -> float:
    """Jaccard index of two shingle sets (0 when both are empty)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def check_not_generic(data: CheckInput) -> Outcome:
    """Fail when some other draft reaches policy.similarity_threshold."""
    others = data.context.other_drafts
    threshold = data.policy.similarity_threshold
    if not others:
        return Outcome(True, "No other drafts to compare with.", details={"compared": 0})
    text = data.draft.norm
    mine = shingles(text)
    sample = _sample(text)
    screen = len(sample) >= SAMPLE_SIZE // 2
    needed = max(0.0, threshold - SCREEN_MARGIN) * len(sample)
    exact = 0
    for index, other in enumerate(others):
        if screen and not _passes_screen(sample, other.lower(), needed):
            continue
        exact += 1
        score = similarity(mine, _shingles_of_other(other))
        if score >= threshold and mine:
            # The first offending draft is enough to act on; stopping here keeps the worst
            # case (a batch of near-identical drafts) as fast as the best.
            return Outcome(
                False,
                f"Near-copy of other draft #{index} (similarity {score:.2f} >= {threshold:.2f} "
                "once names and organizations are masked).",
                (
                    Evidence(
                        text=clip(other, 200),
                        start=None,
                        end=None,
                        source="other_draft",
                        other_draft_index=index,
                    ),
                ),
                "Rewrite for this person: lead with what you learned about them specifically "
                "and ask questions only they can answer, instead of reusing a template.",
                {
                    "similarity": round(score, 4),
                    "other_draft_index": index,
                    "compared": len(others),
                },
            )
    return Outcome(
        True,
        f"Not a near-copy of any of {len(others)} other draft(s) (threshold {threshold:.2f}).",
        details={"compared": len(others), "compared_exactly": exact},
    )
