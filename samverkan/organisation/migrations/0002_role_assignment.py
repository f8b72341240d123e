# A user's role was called Membership, easily confused with a network membership.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Membership", new_name="RoleAssignment"),
        migrations.RenameModel(old_name="HistoricalMembership", new_name="HistoricalRoleAssignment"),
        migrations.RenameModel(
            old_name="HistoricalMembership_committees",
            new_name="HistoricalRoleAssignment_committees",
        ),
        migrations.RenameField(
            model_name="historicalroleassignment_committees",
            old_name="membership",
            new_name="roleassignment",
        ),
        migrations.AlterModelOptions(
            name="historicalroleassignment_committees",
            options={"verbose_name": "HistoricalRoleAssignment_committees"},
        ),
        migrations.AlterField(
            model_name="roleassignment",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="role_assignments",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="roleassignment",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="role_assignments",
                to="organisation.municipality",
            ),
        ),
    ]
