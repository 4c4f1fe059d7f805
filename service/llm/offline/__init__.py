"""The offline drafter: a deterministic composer used when no LLM endpoint is configured.

It builds a request from the same inputs the LLM gets, in the order a careful person
would: parse the inputs into parts (`parse`), choose the strongest hook and say why it
matters (`hook`), pick questions that name the contact's own work (`questions`), phrase
each sentence for the contact's seniority and the channel (`phrasing`), and assemble and
gate whole drafts (`assembly`). Sanitizing untrusted text and small English helpers live
in `text`.
"""

from service.llm.offline.assembly import COMPOSER_VERSION, MODEL_NAME, OfflineDrafter, compose_text
from service.llm.offline.text import first_name, sanitize

__all__ = [
    "COMPOSER_VERSION",
    "MODEL_NAME",
    "OfflineDrafter",
    "compose_text",
    "first_name",
    "sanitize",
]
