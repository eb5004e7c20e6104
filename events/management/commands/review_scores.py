"""Recompute the doubt score of every event (the review queue's order): after a restore, a seed or an upgrade."""
from django.core.management.base import BaseCommand

from events.curation import refresh_all_doubts


class Command(BaseCommand):
    help = "Recompute every event's doubt score and reasons for the admin's To review list."

    def handle(self, *args, **options):
        n = refresh_all_doubts()
        self.stdout.write(f"Doubt scores recomputed for {n} events.")
