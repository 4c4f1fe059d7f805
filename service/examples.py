"""Examples for the contract: one for every request body, shown in `/docs` and in a
generated client's documentation.

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
