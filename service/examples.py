"""Examples for the contract: one for every request body and the main responses, shown in
`/docs` and in a generated client's documentation.

They tell one story, the README's: Sam Rivera, a nurse moving into clinical informatics,
writes to Ana Pérez, who leads the nursing informatics team at Mercy Health. The ids are
placeholders; a test validates every example against the schema it illustrates.
"""

from __future__ import annotations

from typing import Any

REQUESTER_ID = "0f6b1c62-41d6-4c1e-9a57-4b8f0a1d2e11"
CONTACT_ID = "5a3e9d07-8c2b-4f6a-b1d4-7e2c9f0a6b35"
DUPLICATE_ID = "c2d8f4a1-6b3e-4a9c-8d17-2f5e0b9c4a68"

_ANA = {
    "name": "Ana Pérez",
    "title": "Director of Nursing Informatics",
    "organization": "Mercy Health",
    "department": "Clinical Informatics",
    "seniority": "senior",
    "email": "ana.perez@example.org",
    "linkedin_url": "https://www.linkedin.com/in/ana-perez-rn",
    "how_found": "Her talk at the state nursing informatics conference",
    "notes": "Met briefly after the conference panel in October.",
}

_EMAIL = (
    "Hi Ana,\n\n"
    "I heard your talk on moving Mercy Health's bedside charting onto one shared system, "
    "and the way you described the nurses' part in choosing it stayed with me: I am a "
    "cardiac nurse at St. Luke's and I am trying to move into clinical informatics.\n\n"
    "Would you have 20 minutes for a call in the next few weeks? I would love to ask:\n"
    "- how you chose which units went first in the rollout;\n"
    "- what informatics nurses on your team did before they joined it.\n\n"
    "If someone on your team would be better placed to talk, I would be glad to speak "
    "with them instead. Thank you for considering it.\n\n"
    "Sam Rivera"
)

REQUEST_BODIES: dict[str, dict[str, Any]] = {
    "RequesterCreate": {
        "name": "Sam Rivera",
        "current_role": "Cardiac nurse, St. Luke's Hospital",
        "background": "Six years on a cardiac step-down unit; super-user for the unit's "
        "charting system upgrade.",
        "learning_goals": "How bedside nurses move into clinical informatics roles",
        "target_fields": ["clinical informatics"],
        "interests": ["electronic health records", "nursing workflows"],
        "email": "sam.rivera@example.com",
        "linkedin_url": "https://www.linkedin.com/in/sam-rivera-rn",
    },
    "RequesterUpdate": {
        "current_role": "Charge nurse, St. Luke's Hospital",
        "target_fields": ["clinical informatics", "health IT"],
    },
    "ContactCreate": _ANA,
    "ContactUpdate": {"title": "Chief Nursing Informatics Officer", "seniority": "executive"},
    "MergeRequest": {"duplicate_id": DUPLICATE_ID},
    "ResearchCreate": {
        "facts": [
            {
                "text": "Spoke at the state nursing informatics conference about moving "
                "Mercy Health's bedside charting onto one shared system.",
                "about": "person",
                "source_url": "https://example.org/conference/2026/program",
            },
            {
                "text": "Mercy Health finished its charting rollout across four hospitals in 2025.",
                "about": "organization",
            },
        ],
        "notes": "She credits the nurses who tested the system for the rollout's pace.",
    },
    "DraftCreate": {
        "requester_id": REQUESTER_ID,
        "contact_id": CONTACT_ID,
        "channel": "email",
    },
    "DraftEdit": {
        "subject": "Your talk on Mercy Health's charting rollout",
        "body": _EMAIL,
        "reviewer": "Jordan (career coach)",
    },
    "ApprovalCreate": {"reviewer": "Jordan (career coach)"},
    "RejectionCreate": {
        "reason": "The hook is the organisation's news, not her own work; use her talk.",
        "reviewer": "Jordan (career coach)",
    },
    "SentCreate": {"sent_at": "2026-11-02T09:30:00Z"},
    "OutcomeCreate": {
        "outcome": "referred",
        "referred_contact": {
            "name": "Lee Chen",
            "title": "Informatics Nurse Specialist",
            "organization": "Mercy Health",
            "seniority": "mid",
        },
    },
    "FollowUpCreate": {"force": False},
    "BatchCreate": {
        "requester_id": REQUESTER_ID,
        "channel": "linkedin_message",
        "filter": {"organization": "Mercy Health"},
        "dry_run": True,
    },
    "GateCheckRequest": {
        "channel": "email",
        "subject": "Your talk on Mercy Health's charting rollout",
        "text": _EMAIL,
        "context": {
            "contact": {
                "name": "Ana Pérez",
                "title": "Director of Nursing Informatics",
                "organization": "Mercy Health",
                "seniority": "senior",
            },
            "facts": [
                {
                    "text": "Spoke at the state nursing informatics conference about moving "
                    "Mercy Health's bedside charting onto one shared system.",
                    "about": "person",
                }
            ],
        },
    },
    "ApiKeyCreate": {"name": "coaching-review-tool", "scopes": ["review", "read"]},
    "TenantSettingsUpdate": {
        "daily_draft_cap": 20,
        "follow_up_delay_days": 30,
        "gate_policy": {"checks": {"respects_time": "block"}, "max_minutes": 20},
    },
}

DRAFT_ID = "9b1f3e64-2a7c-4d58-b0e9-6c4a8d2f1e73"
BATCH_ID = "3e7a9c15-d4b2-4f86-a1c3-5b9e8f0d2a47"
_CREATED = "2026-11-02T09:12:44Z"

_GATE_REPORT = {
    "gate_version": "2026.11.5",
    "passed": True,
    "checks": [
        {
            "id": "specific_reason",
            "version": 3,
            "passed": True,
            "severity": "block",
            "message": "Specific reason: refers to research fact #0 and says why it matters.",
            "evidence": [
                {"text": "I heard your talk", "start": 9, "end": 26, "source": "draft"},
                {
                    "text": "Spoke at the state nursing informatics conference about moving "
                    "Mercy Health's bedside charting onto one shared system.",
                    "start": None,
                    "end": None,
                    "source": "fact",
                    "fact_index": 0,
                },
            ],
            "fix_hint": None,
            "details": {"mode": "grounded", "fact_index": 0},
        },
        {
            "id": "time_ask",
            "version": 2,
            "passed": True,
            "severity": "block",
            "message": "Asks for 20 minutes.",
            "evidence": [{"text": "20 minutes", "start": 289, "end": 299, "source": "draft"}],
            "fix_hint": None,
            "details": {"minutes_min": 20, "minutes_max": 20, "max_minutes": 30},
        },
        {
            "id": "preview_questions",
            "version": 1,
            "passed": True,
            "severity": "block",
            "message": "Previews 2 question(s) or topic(s).",
            "evidence": [
                {
                    "text": "how you chose which units went first in the rollout",
                    "start": 370,
                    "end": 421,
                    "source": "draft",
                }
            ],
            "fix_hint": None,
            "details": {"questions": 2, "required": 2},
        },
    ],
}

RESPONSES: dict[str, dict[str, Any]] = {
    "RequesterRead": {
        "id": REQUESTER_ID,
        **REQUEST_BODIES["RequesterCreate"],
        "created_at": _CREATED,
        "updated_at": _CREATED,
    },
    "ContactRead": {
        "id": CONTACT_ID,
        **_ANA,
        "do_not_contact": False,
        "opted_out_at": None,
        "referred_by_contact_id": None,
        "created_at": _CREATED,
        "updated_at": _CREATED,
    },
    "ResearchRead": {
        "id": "7c2d5e81-93f4-4b6a-8e15-d0a9b3c7f462",
        "contact_id": CONTACT_ID,
        "version": 1,
        **REQUEST_BODIES["ResearchCreate"],
        "created_at": _CREATED,
    },
    "GateReport": _GATE_REPORT,
    "DraftRead": {
        "id": DRAFT_ID,
        "requester_id": REQUESTER_ID,
        "contact_id": CONTACT_ID,
        "channel": "email",
        "kind": "request",
        "status": "needs_review",
        "revision": 1,
        "subject": "Your talk on Mercy Health's charting rollout",
        "body": _EMAIL,
        "gate_report": _GATE_REPORT,
        "research_version": 1,
        "provenance": {
            "drafter": "llm",
            "prompt": {"name": "draft_request", "version": 1, "sha256": "9f2c…"},
            "model": "gpt-4o-mini",
            "parameters": {"temperature": 0.4, "max_tokens": 700},
        },
        "attempts": [
            {
                "number": 1,
                "outcome": "passed",
                "gate_passed": True,
                "usage": {"prompt_tokens": 1004, "completion_tokens": 163, "total_tokens": 1167},
                "http_attempts": 1,
                "latency_ms": 2310.4,
            }
        ],
        "lock_version": 1,
        "batch_id": None,
        "follow_up_of": None,
        "sent_at": None,
        "outcome": None,
        "outcome_at": None,
        "follow_up_due_at": None,
        "created_at": _CREATED,
        "updated_at": _CREATED,
    },
    "BatchRead": {
        "id": BATCH_ID,
        "requester_id": REQUESTER_ID,
        "channel": "linkedin_message",
        "prompt_version": None,
        "status": "running",
        "total": 40,
        "counts": {"queued": 22, "drafting": 4, "needs_review": 11, "gate_failed": 1, "skipped": 2},
        "created_at": _CREATED,
        "started_at": "2026-11-02T09:12:45Z",
        "finished_at": None,
        "cancelled_at": None,
        "paused_because": None,
    },
}
