from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from mobiliza.coalition.models import Coalition


class Command(BaseCommand):
    help = (
        "Prepare a new database: load the coalition configuration and, where allowed, the demo "
        "data. On a database that already has a coalition it changes nothing."
    )

    def handle(self, *args, **options):
        from mobiliza.directory.terms import directory_terms_ensure

        directory_terms_ensure()
        if Coalition.objects.exists():
            self.stdout.write("The database already holds a coalition; nothing loaded.")
        else:
            call_command("load_coalition", stdout=self.stdout)
        if settings.MOBILIZA_ALLOW_DEMO_DATA:
            call_command("load_demo", stdout=self.stdout)
