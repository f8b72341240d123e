from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_public_off_by_default"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("parent__isnull", False)),
                fields=["parent"],
                name="activity_parent_set_idx",
            ),
        ),
    ]
