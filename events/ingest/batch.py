"""The rows of several articles written together at the end of one transaction (issue 15, the loader's server time).

On PostgreSQL the tables of links and facets are kept by statement-level triggers, and each trigger run costs about
2 ms whatever the number of rows it gets. Written article by article, the links, reports, figures and affiliations
of one article cost two to four trigger runs. A batch keeps those rows here, the rows no later article of the batch
reads from the database, and writes them at its end in one INSERT per table: the triggers then run once per batch.

What a later article of the same batch would have read from those rows is answered from here instead:
- the title keys an event is known by (match_event finds an event by a key an earlier article of the batch gave it);
- the organization links of an event (the roles it already has; a "mentioned" link an organizer then replaces);
- a person's affiliations (person, organization, role), which are written once.
The doubt scores of events that gained a report read the written rows, so they are recomputed after the flush.

The batch is one transaction: if anything in it fails, nothing of it stays, and the caller stores each article alone
(events.ingest.run), so an article is still stored whole or not at all, and fails alone with its own reason.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from events.ingest import sql
from events.ingest.resolve import affiliation_key
from events.models import Affiliation, Event, EventAlias, EventOrganization


class PendingWrites:
    """The rows a batch of articles has stored but not yet written; nothing in them has a primary key yet."""

    def __init__(self) -> None:
        self.inserts = sql.Inserts()
        self._event_keys: dict[str, set[int]] = defaultdict(set)
        self._org_links: dict[int, list[EventOrganization]] = defaultdict(list)
        self._affiliations: dict[int, set[str]] = defaultdict(set)  # person id: keys, as Resolver.affiliations
        self._doubtful: dict[int, Event] = {}  # events whose doubt score is recomputed after the flush

    def take(self, inserts: sql.Inserts) -> None:
        """Keep one article's rows, after everything else of the article was stored."""
        for model, objs, ignore in inserts.parts:
            if model is EventAlias:
                for alias in objs:
                    self._event_keys[alias.key].add(alias.event_id)
            elif model is EventOrganization:
                for link in objs:
                    self._org_links[link.event_id].append(link)
            elif model is Affiliation:
                for a in objs:
                    self._affiliations[a.person_id].add(affiliation_key(a.person_id, a.organization_id, a.role))
            self.inserts.add(model, objs, ignore_conflicts=ignore)
        inserts.parts = []

    def events_known_by(self, keys: Iterable[str]) -> set[int]:
        """The events an earlier article of the batch gave one of these title keys."""
        return {event_id for key in keys for event_id in self._event_keys.get(key, ())}

    def affiliations(self, person_id: int) -> set[str]:
        """The affiliation keys earlier articles of the batch gave the person (the resolver's cache of what is
        written may be emptied and read again from the database meanwhile)."""
        return self._affiliations.get(person_id, set())

    def organization_roles(self, event_id: int) -> list[tuple[int, str]]:
        """(organization id, role) of the links earlier articles of the batch gave the event."""
        return [(link.organization_id, link.role) for link in self._org_links.get(event_id, ())]

    def drop_mentioned(self, event_id: int, organization_ids: Iterable[int]) -> None:
        """Forget the batch's "mentioned" links of these organizations to the event: an organizer link replaces them."""
        ids = set(organization_ids)

        def replaced(link: EventOrganization) -> bool:
            return (link.event_id == event_id and link.organization_id in ids
                    and link.role == EventOrganization.Role.MENTIONED)

        if not any(replaced(link) for link in self._org_links.get(event_id, ())):
            return
        self._org_links[event_id] = [link for link in self._org_links[event_id] if not replaced(link)]
        self.inserts.remove(EventOrganization, replaced)

    def refresh_doubt_later(self, event: Event) -> None:
        self._doubtful[event.pk] = event

    def flush(self) -> list[Event]:
        """Write the kept rows; return the events whose doubt score must now be recomputed."""
        self.inserts.flush()
        doubtful = list(self._doubtful.values())
        self._event_keys.clear()
        self._org_links.clear()
        self._affiliations.clear()
        self._doubtful.clear()
        return doubtful
