from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ssr_portal.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent): SSR's members, Huddinge's cases, demo users."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with debug off (creates users with a known password).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates users with a known password; it runs only with "
                "SSR_DEBUG=true, or with --force."
            )
        users = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(user.username) for user in users) + 1
        for user in users:
            self.stdout.write(
                f"  {user.username:<{width}} {user.title}, {user.organisation}"
            )
        self.stdout.write(f"  {'admin':<{width}} IT-förvaltning (/admin/)")
        if settings.SSR_OTP_REQUIRED:
            self.stdout.write(
                "Two-factor login is on: kommundirektor, bitr-kommundirektor, "
                "sekreterare, registrator and admin set up an authenticator app "
                "(TOTP) at their first login, the others at their first approval, "
                "justering or secrecy mark (SSR_OTP_REQUIRED=false turns it off)."
            )
        else:
            self.stdout.write(
                "Two-factor login is off (SSR_OTP_REQUIRED=false, the default with "
                "SSR_DEBUG=true); SSR_OTP_REQUIRED=true shows it."
            )
