"""bench_load's realistic corpus (events.synthetic_articles): seeded, varied, and what the extractor reads."""
from collections import Counter

import pytest

from events.extract.normalize import name_key
from events.ingest import extraction, readers
from events.ingest.run import load
from events.models import Article, Event, EventOrganization, Organization, Person
from events.synthetic_articles import Corpus


def test_the_same_seed_gives_the_same_articles_and_another_seed_others():
    first = list(Corpus(200, seed=4).articles())
    assert first == list(Corpus(200, seed=4).articles())
    other = list(Corpus(200, seed=5).articles())
    assert len({text for _, text in first} & {text for _, text in other}) == 0
    assert len({text for _, text in first}) == 200  # no two articles alike: none is a duplicate of another


def test_many_distinct_names_skewed_and_spelled_in_several_ways():
    corpus = Corpus(2000, seed=4)
    texts = [text for _, text in corpus.articles()]
    named = Counter(body.name for body in corpus.bodies for text in texts[:400] if body.name in text)
    # Thousands of bodies to draw from; a few in many articles, most in one or two.
    assert len(corpus.bodies) >= 1600 and len(corpus.officials) >= 2000
    counts = sorted(named.values(), reverse=True)
    assert counts[0] >= 40 and sum(c <= 2 for c in counts) > len(counts) / 2
    # Persons appear under spellings that resolve to one record: hamza dropped, surname without ال.
    variants = Counter()
    for official in corpus.officials[:50]:
        forms = {w for text in texts for w in _names_like(text, official.name)}
        variants[len(forms)] += 1
    assert sum(n for k, n in variants.items() if k >= 2) >= 5
    # And about one article in seven reports an event an earlier one reported.
    assert 0.08 < 1 - len(corpus.happenings) / len(texts) < 0.25


def _names_like(text: str, name: str) -> set[str]:
    """The spellings of name in text that have its name key (the name, its hamza-less form, without ال)."""
    words = len(name.split())
    tokens = text.replace("،", " ").replace(".", " ").split()
    key = name_key(name)
    return {" ".join(tokens[i:i + words]) for i in range(len(tokens) - words + 1)
            if name_key(" ".join(tokens[i:i + words])) == key}


def test_the_extractor_finds_the_event_its_organizations_and_persons(tmp_path):
    found = Counter()
    for name, text in Corpus(60, seed=4).articles():
        (tmp_path / name).write_text(text, encoding="utf-8")
        for item in readers.read_path(tmp_path / name):  # as load_articles reads it: the header block too
            _, ex = extraction.extract_dated(item.text, published=item.published, default=None, title=item.title)
            found["event"] += ex.event is not None
            found["orgs"] += len(ex.organizations) >= 1
            found["persons"] += len(ex.persons) >= 1
    assert found["event"] >= 54 and found["orgs"] >= 54 and found["persons"] >= 54, found


@pytest.mark.django_db
def test_a_load_of_the_corpus_resolves_names_and_a_rerun_adds_nothing(tmp_path):
    for name, text in Corpus(80, seed=4).articles():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = load([str(tmp_path)], jobs=2)
    assert (report.new, report.failed) == (80, 0), report.failures
    orgs, persons, events = Organization.objects.count(), Person.objects.count(), Event.objects.count()
    # Names recur (the national bodies, their officials): fewer records than mentions; events reported twice join.
    assert orgs < EventOrganization.objects.count() and events < 80 and persons >= 40
    again = load([str(tmp_path)], jobs=2)
    assert (again.new, again.duplicate, again.failed) == (0, 80, 0)
    assert (Organization.objects.count(), Person.objects.count(), Event.objects.count(), Article.objects.count()) \
        == (orgs, persons, events, 80)
