import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from samverkan.activities.demo import create_activities_demo
from samverkan.activities.models import Activity
from samverkan.demo import create_full_demo, create_later_demos
from samverkan.organisation.demo import MOTALA_USERS, OPERATOR, demo_password
from samverkan.organisation.models import Role
from samverkan.registry.demo import create_registry_demo
from samverkan.registry.models import Partner


class Command(BaseCommand):
    help = (
        "Create the demo: Motala (0583) with its policy, bodies, goals and users, "
        "and Vadstena (0584); their registers (partners, twin towns, agreements, ...); "
        "and their activities, trainings and resources."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only when the database has no users yet (what `make run` uses).",
        )
        parser.add_argument(
            "--scale",
            choices=["demo", "national"],
            default="demo",
            help=(
                "national: every municipality of the country with ten years of records "
                "(about 600,000 activities), written in bulk, for benchmarks."
            ),
        )
        parser.add_argument(
            "--municipalities",
            type=int,
            default=290,
            help="With --scale national: how many municipalities (the first by code).",
        )
        parser.add_argument(
            "--years", type=int, default=10, help="With --scale national: how many years."
        )
        parser.add_argument(
            "--seed", type=int, default=16, help="With --scale national: the random seed."
        )

    def handle(self, *args, if_empty, scale, **options):
        if scale == "national":
            self._national(**options)
            return
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("The database already has users; demo data left as it is.")
            usernames = [username for username, *_rest in MOTALA_USERS] + ["vadstena-coordinator"]
            if not get_user_model().objects.filter(username__in=usernames).exists():
                return
            if not Partner.objects.exists():
                # A demo database made before the registries existed gets them on upgrade.
                create_registry_demo()
                self.stdout.write("Added the registry demo (partners, decisions, twin towns, ...).")
            if not Activity.objects.exists():
                # Likewise the activities, trainings and resources.
                create_activities_demo()
                self.stdout.write("Added the activities demo (activities, trainings, resources).")
            # Each later app's demo adds itself to an older demo database when it has
            # nothing yet (the functions check that themselves).
            create_later_demos()
        else:
            create_full_demo()
        password = demo_password()
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for username, _name, role, committees in MOTALA_USERS:
            scope = f"Motala, {Role(role).label}"
            if committees:
                scope += f" ({', '.join(committees)})"
            self.stdout.write(f"  {username:<22} {scope}")
        coordinator = Role(Role.COORDINATOR).label
        self.stdout.write(f"  {'vadstena-coordinator':<22} Vadstena, {coordinator}")
        self.stdout.write(f"  {OPERATOR:<22} platform operator (/admin/), no municipality")

    def _national(self, *, municipalities, years, seed, **options):
        from samverkan.demo.national import CODE, coordinator_username, generate, reader_username

        if municipalities < 1 or years < 1:
            raise CommandError("--municipalities and --years must be at least 1.")
        started, cpu = time.perf_counter(), time.process_time()
        totals = generate(
            municipalities=municipalities, years=years, seed=seed, log=self.stdout.write
        )
        self.stdout.write(
            f"Written in {time.perf_counter() - started:.0f} s "
            f"({time.process_time() - cpu:.0f} s of this process's CPU time, the rest the "
            f"database server's or waiting): {totals.municipalities} "
            f"municipalities, {totals.activities} activities, {totals.twin_towns} twin towns, "
            f"{totals.memberships} memberships, {totals.decisions} decisions, {totals.calls} "
            f"calls, {totals.contacts} contacts."
        )
        self.stdout.write(
            f"Logins: {coordinator_username(CODE)} and {reader_username(CODE)} for each "
            f"municipality, password {demo_password()}."
        )
