"""Build events/extract/data/plurals.json: the plural each counted noun takes after 3–10, as the articles write it.

    .venv/bin/python scripts/build_plurals.py [DIR ...]   (default: fixtures/articles and /work/shared/eval/dev)

Every figure whose value ends in 3–10 (3 تعاونيات، 108 مواد) shows its noun's plural right after the number; the
extractor's singular of that word is the key. A singular written with two plurals keeps the one seen most often.
The file is data for events/extract/agreement.py, which prints units in the form a value needs.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.extract.figures import find_figures  # noqa: E402
from events.extract.text import split_sentences  # noqa: E402

OUT = ROOT / "events" / "extract" / "data" / "plurals.json"
# The check half of the dev set (dev_25 … dev_34) is never read to build data (the evaluation's split protocol).
HELD_OUT = re.compile(r"^dev_(2[5-9]|3[0-4])_")


def pairs(text: str):
    for figure in find_figures(text, split_sentences(text)):
        if figure.unit == "%" or not float(figure.value).is_integer() or not 3 <= int(figure.value) % 100 <= 10:
            continue
        words = figure.span.text.split()
        n = len(figure.unit.split())
        written = " ".join(words[-n:]).strip("()،,.")
        if len(words) > n and written != figure.unit and all("\u0621" <= c <= "\u064a" or c == " " for c in written):
            yield figure.unit, written


def main(dirs: list[str]) -> None:
    seen: dict[str, Counter] = defaultdict(Counter)
    roots = [Path(d) for d in dirs] or [ROOT / "fixtures" / "articles", Path("/work/shared/eval/dev")]
    for root in roots:
        for path in sorted(root.rglob("*.txt")):
            if HELD_OUT.match(path.name):
                continue
            for single, written in pairs(path.read_text(encoding="utf-8-sig")):
                seen[single][written] += 1
    table = {single: forms.most_common(1)[0][0] for single, forms in sorted(seen.items())}
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(table)} plurals")


if __name__ == "__main__":
    main(sys.argv[1:])
