"""A kind of phrasing the eighty-second pass showed the gate misreading, probed with new
sentences: Portuguese forms of address open a greeting by name ("Exmo. Senhor Dr. Nuno
Sarmento Vaz,", "Ilustríssima Dra. Mariana Coutinho,"), as "Dear" does.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import PLANNED, run_check

BODY = "Your talk on automating tax templates is the path I want to follow. " + PLANNED


@pytest.mark.parametrize(
    ("opening", "name"),
    [
        ("Exmo. Senhor Dr. Rui Almeida Costa,", "Rui"),
        ("Ilustríssima Dra. Beatriz Lemos,", "Beatriz"),
    ],
)
def test_portuguese_forms_of_address(opening: str, name: str) -> None:
    check = run_check(f"{opening}\n\n{BODY}", "addressed_to_contact")
    assert check.passed, check.message
    assert name in check.message
