from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from lms.demo import DEMO_PASSWORD, demo_loaded, load_demo, load_demo_learning
from network.demo import load_network_demo


class Command(BaseCommand):
    help = "Load the LIAISE partner cities, the six modules and one demo account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-content", action="store_true", help="Skip loading the training content."
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Load the demo accounts and their progress only on a site that has none yet "
            "(the training content is still brought up to date).",
        )

    def handle(self, *args, **options):
        if options["once"] and demo_loaded():
            if not options["no_content"]:
                call_command("load_liaise_content", stdout=self.stdout)
            self.stdout.write("Demo accounts already there: left as they are.")
            return
        with_passwords = settings.DEBUG
        accounts = load_demo(with_passwords=with_passwords)
        if not options["no_content"]:
            call_command("load_liaise_content", stdout=self.stdout)
            load_demo_learning()
        load_network_demo()  # demo route cards (Liège, Brno) and the first practices
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not with_passwords:
            self.stdout.write("DEBUG is off: demo accounts have no password (use password reset).")
            return
        self.stdout.write("Demo logins (development only), all with password " + DEMO_PASSWORD)
        for account in accounts:
            self.stdout.write(f"  {account.role:<22} {account.email}")
        self.stdout.write(
            "Staff accounts (trainer, city lead, coordinator, admin) set up two-factor "
            "authentication with an authenticator app on their first visit to /admin/."
        )
