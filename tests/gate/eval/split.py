"""Re-split the evaluation set: `python tests/gate/eval/split.py`.

Reads every record of `dev.jsonl` and `test.jsonl`, assigns each to a split by its id alone,
and rewrites both files sorted by id. A record's split never depends on the other records,
so adding records never moves an old one from one split to the other (a record studied in
`dev` can never turn up in `test`).

The first two passes split their records by a hash of the id. Their `test` half was measured
nine times while the gate was reworked (see the README), and its aggregate figures steered
that work, so it is spent: those records are all `dev` now. The third pass (ids with
`-h3-`), written and labelled while the gate was not run on it, was the test split next;
measured twice, it showed the rework on dev had not carried over, and it joined `dev` to be
studied. The fourth pass (ids with `-h4-`), written the same way, was the test split next;
once studied it joined `dev` too, and so did the fifth to the tenth. The test split is the
eleventh pass (ids with `-h11-`, `HOLDOUT_MARK`), written and labelled the same way, before
the gate was run on it; the passes written after it join `dev` (see the README's log).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "test")


HOLDOUT_MARK = "-h11-"


def split_of(record_id: str) -> str:
    """The split a record belongs to: a function of its id only."""
    return "test" if HOLDOUT_MARK in record_id else "dev"


def main() -> int:
    records: dict[str, dict[str, object]] = {}
    for name in SPLITS:
        path = HERE / f"{name}.jsonl"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record["id"] in records:
                    print(f"duplicate id {record['id']}", file=sys.stderr)
                    return 1
                records[record["id"]] = record
    for name in SPLITS:
        chosen = [records[i] for i in sorted(records) if split_of(i) == name]
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen)
        (HERE / f"{name}.jsonl").write_text(text, encoding="utf-8")
        print(f"{name}: {len(chosen)} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
