import datetime

from django.db import migrations, models


def copy_terms(apps, schema_editor):
    """The words of the documents in force today, as `policy.sections.refresh_sections`
    keeps them from now on (later documents override earlier ones)."""
    Municipality = apps.get_model("organisation", "Municipality")
    PolicyDocument = apps.get_model("policy", "PolicyDocument")
    today = datetime.date.today()
    in_force = (
        PolicyDocument.objects.filter(valid_from__lte=today)
        .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=today))
        .exclude(terms={})
        .order_by("valid_from", "pk")
    )
    found = {}
    for document in in_force:
        found.setdefault(document.municipality_id, {}).update(document.terms or {})
    for municipality_id, terms in found.items():
        Municipality.objects.filter(pk=municipality_id).update(policy_terms=terms)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0006_municipality_data_protection_officer"),
        ("policy", "0004_rule_conditions_time_rules_delegation"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="policy_terms",
            field=models.JSONField(blank=True, default=dict, verbose_name="policy terms"),
        ),
        migrations.RunPython(copy_terms, migrations.RunPython.noop),
    ]
