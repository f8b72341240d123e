"""A contact's legal basis is one an authority may use: legitimate interest (and legal
obligation, no longer offered) become a task in the public interest.

Each changed contact gets a new version and a history row saying why; its earlier history
rows keep the basis they had.
"""

from django.db import migrations, models
from django.utils import timezone

CHOICES = [
    ("public_task", "Task in the public interest"),
    ("official_authority", "Exercise of official authority"),
    ("contract", "Contract"),
    ("consent", "Consent"),
]
RETIRED = ("legitimate_interest", "legal_obligation")
NEW_BASIS = "public_task"


def to_public_task(apps, schema_editor):
    Contact = apps.get_model("registry", "Contact")
    HistoricalContact = apps.get_model("registry", "HistoricalContact")
    history_fields = {field.attname for field in HistoricalContact._meta.concrete_fields}
    now = timezone.now()
    for contact in Contact.objects.filter(legal_basis__in=RETIRED).order_by("pk"):
        reason = f"legal basis {contact.legal_basis} → {NEW_BASIS} (not for an authority)"
        contact.legal_basis = NEW_BASIS
        contact.version += 1
        contact.save(update_fields=["legal_basis", "version"])
        row = HistoricalContact(
            history_date=now,
            history_type="~",
            history_user_id=None,
            history_change_reason=reason[:100],
        )
        for field in Contact._meta.concrete_fields:
            if field.attname in history_fields:
                setattr(row, field.attname, getattr(contact, field.attname))
        row.save()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_decision_year_generated"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="legal_basis",
            field=models.CharField(
                choices=CHOICES,
                default="public_task",
                max_length=30,
                verbose_name="legal basis",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcontact",
            name="legal_basis",
            field=models.CharField(
                choices=CHOICES,
                default="public_task",
                max_length=30,
                verbose_name="legal basis",
            ),
        ),
        migrations.RunPython(to_public_task, migrations.RunPython.noop),
    ]
