from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0005_body_delegation"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="data_protection_officer",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Name and contact details (e-mail, telephone) of the municipality's data "
                    "protection officer, as the record of processing shows them."
                ),
                max_length=1000,
                verbose_name="data protection officer",
            ),
        ),
        migrations.AddField(
            model_name="historicalmunicipality",
            name="data_protection_officer",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Name and contact details (e-mail, telephone) of the municipality's data "
                    "protection officer, as the record of processing shows them."
                ),
                max_length=1000,
                verbose_name="data protection officer",
            ),
        ),
    ]
