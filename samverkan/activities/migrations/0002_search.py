"""Swedish full-text search across activities (see samverkan/activities/search.py).

PostgreSQL: a search_vector column (Swedish configuration) with a GIN index, kept by
triggers. SQLite: an FTS5 table that keeps diacritics (ö is not o), kept by triggers.
Both are filled from the existing activities.
"""

from django.db import migrations


def install(apps, schema_editor):
    from samverkan.activities import search

    search.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from samverkan.activities import search

    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
