from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from mobiliza.accounts.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Create the demo users and a small registry (refused with production settings)."

    def handle(self, *args, **options):
        try:
            logins = demo_load()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD}):"))
        for login in logins:
            suffix = f" {login.country}" if login.country else ""
            self.stdout.write(f"  {login.email:<28} {login.role}{suffix}")
