from django.core.management.base import BaseCommand

from events.services import sync_gazetteers


class Command(BaseCommand):
    help = "Create or refresh countries and places from events/extract/data (safe to run again)."

    def handle(self, *args, **options):
        counts = sync_gazetteers()
        self.stdout.write(f"countries added: {counts.countries}, places added: {counts.places}")
