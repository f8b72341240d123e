from django.core.management.base import BaseCommand

from samverkan.organisation import roles


class Command(BaseCommand):
    help = (
        "Show the role matrix (who may do what); --markdown writes docs/roles.md's content, "
        "e.g. samverkan roles --markdown > docs/roles.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--markdown", action="store_true", help="The matrix as docs/roles.md (Markdown)."
        )

    def handle(self, *args, markdown=False, **options):
        if markdown:
            self.stdout.write(roles.markdown(), ending="")
            return
        rows = [
            [permission.name]
            + [
                " or ".join(roles.CONDITION_TEXT[c] for c in sorted(permission.conditions(role)))
                or "-"
                for role in roles.ROLE_ORDER
            ]
            for permission in roles.PERMISSIONS
        ]
        header = ["permission"] + [roles.ROLE_TITLES[role] for role in roles.ROLE_ORDER]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
