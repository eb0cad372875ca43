from django.core.management.base import BaseCommand

from accounts.demo import DEMO_OWNER, DEMO_STAFF, ensure_demo_business


class Command(BaseCommand):
    help = "Create the demo business with an owner and a staff login, once. Never resets existing data."

    def handle(self, *args, **options) -> None:
        business, created = ensure_demo_business()
        verb = "Created" if created else "Kept"
        self.stdout.write(self.style.SUCCESS(f"{verb} the demo business “{business.name}”."))
        self.stdout.write(f"  Owner login: {DEMO_OWNER[0]} / {DEMO_OWNER[1]}")
        self.stdout.write(f"  Staff login: {DEMO_STAFF[0]} / {DEMO_STAFF[1]}")
