from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from mobiliza.accounts.demo import DEMO_PASSWORD, demo_load
from mobiliza.core.mail import no_mail_sent

# The demo goes through the same services users do, and they send e-mail on commit (a new
# agreement to the Presidency, ...). Those messages go to the demo's own example.org
# addresses: sent with the development settings' console backend, they printed whole
# e-mails before the log-ins. The demo sends nothing; its in-app notifications stay.


class Command(BaseCommand):
    help = (
        "Create the demo users and a small registry (refused with production settings). "
        "It sends no e-mail."
    )

    def handle(self, *args, **options):
        try:
            with no_mail_sent():
                logins = demo_load()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        width = max(len(login.email) for login in logins) + 2
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD}):"))
        for login in logins:
            suffix = f" {login.country}" if login.country else ""
            self.stdout.write(f"  {login.email:<{width}} {login.role}{suffix}")
