"""Benchmark the extraction pipeline: articles per second on one core, on 3–5 KB articles.

    .venv/bin/python scripts/bench_extract.py [--articles 300] [--dev /work/shared/eval/dev]

The articles are recombined from the dev texts' sentences (a fixed seed), so they look like real news but
are not the dev articles themselves; the warm-up run loads every lazy table before timing starts.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.extract.pipeline import extract  # noqa: E402
from events.extract.text import split_sentences  # noqa: E402


def build_articles(dev: Path, count: int, seed: int = 7) -> list[str]:
    """Return count articles of 3–5 KB: a headline, then paragraphs of dev sentences drawn at random."""
    rng = random.Random(seed)
    sentences = []
    for path in sorted(dev.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        sentences += [s.text for s in split_sentences(text) if len(s.text.split()) >= 6]
    articles = []
    for _ in range(count):
        target = rng.randint(3000, 5000)
        parts = [rng.choice(sentences)]
        size = len(parts[0].encode("utf-8"))
        while size < target:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
            parts.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
        articles.append("\n".join(parts))
    return articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--dev", type=Path, default=Path("/work/shared/eval/dev"))
    args = ap.parse_args()
    if not any(args.dev.glob("*.txt")):
        args.dev = ROOT / "fixtures" / "articles"  # outside the evaluation machine: the sample articles
    articles = build_articles(args.dev, args.articles)
    for text in articles[:5]:
        extract(text)  # warm-up: lazy gazetteers and lexicons
    started = time.process_time()
    for text in articles:
        extract(text)
    elapsed = time.process_time() - started
    kb = sum(len(a.encode("utf-8")) for a in articles) / len(articles) / 1024
    print(f"{len(articles)} articles, {kb:.1f} KB on average, {elapsed:.2f} s CPU: "
          f"{len(articles) / elapsed:.0f} articles/s/core ({1000 * elapsed / len(articles):.2f} ms per article)")


if __name__ == "__main__":
    main()
