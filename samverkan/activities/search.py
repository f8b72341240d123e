"""Full-text search across activities that works for Swedish.

"vänort" finds "vänorten", "vänorter" and the compound "vänortssamarbete"; "öre" does not
find "ore". Every word the user types must match (at the start of a word, or of a
compound) in the title, description, purpose, results, lessons or the responsible
committee's name.

- PostgreSQL: a `search_vector` tsvector column (Swedish configuration, so words are
  stemmed: "vänorten" and "vänorter" are both "vänort") with a GIN index, matched by a
  prefix query `'vänort':*`, which also covers compounds that start with the word.
  The committee's name is part of the vector (a rename of the committee updates it).
- SQLite: an FTS5 table `activities_activity_fts` (rowid = activity id) whose unicode61
  tokenizer keeps diacritics, so ö stays distinct from o; matched by prefix queries
  `"vänort"*` (no stemming: a prefix of the stem finds the inflected forms). The
  committee's name is matched apart, at the start of its words.

The index is kept in step by database triggers rather than model signals, so that
bulk_create, queryset.update(), the import and a restore from the trash all update it.
The column, the FTS table and the triggers are created by migration 0002_search; the
`search_vector` column is deliberately not a model field (the ORM never reads it).
Because SQLite drops a table's triggers when a later migration remakes the table,
`ensure_index()` runs after every migrate and puts back whatever is missing.

User input never reaches the search syntax: only runs of letters and digits are kept,
and each is quoted, so quotes, *, NEAR, -, OR and parentheses cannot cause an error.
"""

import re
import unicodedata

from django.db import connections
from django.db.models import BooleanField, Expression, Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "activities_activity_fts"
SEARCHED_FIELDS = ("title", "description", "purpose", "results", "lessons")
# A longer query is cut to its first words: enough for any real search, and it keeps
# the query the database has to plan small.
MAX_WORDS = 12
_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    """The searchable words of `text`: runs of letters and digits, lower case, no repeats."""
    seen = []
    # NFC first: "ö" typed as o + combining diaeresis is the same letter as "ö".
    for word in _WORD.findall(unicodedata.normalize("NFC", str(text or "")).casefold()):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def search_activities(queryset, text: str | None):
    """`queryset` narrowed to the activities that match every word of `text`.

    Stays a queryset (a subquery on the activity id), so callers can go on filtering,
    counting, aggregating and paginating. Text without any word leaves it unchanged.
    """
    terms = words(text)
    if not terms:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        # Each term holds only letters and digits, so quoting it cannot break out.
        return queryset.filter(_Matches(" & ".join(f"'{term}':*" for term in terms)))
    if vendor == "sqlite":
        for term in terms:
            # One id list per word, so SQLite can fetch the matching rows by id instead
            # of testing every row of the municipality. The committee's name is not in
            # the FTS table (see the triggers below): a word may also match the start of
            # a word of the committee's name (LIKE over the few committees; a term has
            # no % or _ in it).
            committees = (
                "SELECT id FROM organisation_body"
                " WHERE name LIKE %s OR name LIKE %s OR name LIKE %s"
            )
            sql = (
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
                " UNION ALL SELECT id FROM activities_activity"
                f" WHERE committee_id IN ({committees})"
            )
            queryset = queryset.filter(
                pk__in=RawSQL(sql, [f'"{term}"*', f"{term}%", f"% {term}%", f"%-{term}%"])
            )
        return queryset
    # Another database: a plain substring match, without stemming.
    for term in terms:
        condition = Q(committee__name__icontains=term)
        for field in SEARCHED_FIELDS:
            condition |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


class _Matches(Expression):
    """`search_vector @@ to_tsquery('swedish', query)` on the row itself (PostgreSQL).

    A condition on the row rather than `id IN (SELECT ...)`: the planner then estimates
    the matches from the column's statistics and reads them through the GIN index,
    instead of walking the whole municipality in date order looking for a rare word.
    The column is not a model field, so this names it under the query's own alias (and
    follows the alias when the queryset becomes a subquery).
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, query: str, alias: str | None = None):
        super().__init__()
        self.query, self.alias = query, alias

    def resolve_expression(self, query=None, *args, **kwargs):
        clone = self.copy()
        if query is not None and clone.alias is None:
            clone.alias = query.get_initial_alias()
        return clone

    def relabeled_clone(self, change_map):
        return type(self)(self.query, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(self.alias)}.search_vector"
        return f"{column} @@ to_tsquery('swedish'::regconfig, %s)", [self.query]


# --- The index: created by migration 0002_search, checked after every migrate. ------

_SQLITE_COLUMNS = ", ".join(SEARCHED_FIELDS)
_SQLITE_NEW_ROW = "new.id, " + ", ".join(f"new.{field}" for field in SEARCHED_FIELDS)

# The triggers name no table but the activities and the FTS table: SQLite checks every
# trigger when a migration renames a remade table, and one that names a table being
# remade (the committees', say) would make that migration fail.
SQLITE_TABLE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
    {_SQLITE_COLUMNS}, tokenize = "unicode61 remove_diacritics 0"
)
"""

SQLITE_TRIGGERS = {
    "activities_activity_fts_insert": f"""
CREATE TRIGGER IF NOT EXISTS activities_activity_fts_insert
AFTER INSERT ON activities_activity BEGIN
    INSERT INTO {FTS_TABLE}(rowid, {_SQLITE_COLUMNS}) VALUES ({_SQLITE_NEW_ROW});
END
""",
    "activities_activity_fts_update": f"""
CREATE TRIGGER IF NOT EXISTS activities_activity_fts_update
AFTER UPDATE OF id, {_SQLITE_COLUMNS} ON activities_activity BEGIN
    DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
    INSERT INTO {FTS_TABLE}(rowid, {_SQLITE_COLUMNS}) VALUES ({_SQLITE_NEW_ROW});
END
""",
    "activities_activity_fts_delete": f"""
CREATE TRIGGER IF NOT EXISTS activities_activity_fts_delete
AFTER DELETE ON activities_activity BEGIN
    DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
END
""",
}

SQLITE_REBUILD = [
    f"DELETE FROM {FTS_TABLE}",
    f"""
INSERT INTO {FTS_TABLE}(rowid, {_SQLITE_COLUMNS})
SELECT id, {_SQLITE_COLUMNS} FROM activities_activity
""",
]

_PG_DOCUMENT_ARGS = ", ".join(f"{field} text" for field in SEARCHED_FIELDS)

POSTGRESQL_COLUMN = [
    "ALTER TABLE activities_activity ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS activities_activity_search_idx "
    "ON activities_activity USING gin (search_vector)",
]

POSTGRESQL_TRIGGERS = [
    # One definition of what is searched, used by the triggers and by a rebuild.
    f"""
CREATE OR REPLACE FUNCTION activities_activity_document({_PG_DOCUMENT_ARGS}, committee_id bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT to_tsvector('swedish'::regconfig, concat_ws(' ', $1, $2, $3, $4, $5,
        (SELECT name FROM organisation_body WHERE id = $6)))
$$
""",
    # No column list on the trigger: PostgreSQL would then refuse a later migration
    # that changes one of these columns' type. The function skips unchanged rows.
    """
CREATE OR REPLACE FUNCTION activities_activity_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.search_vector IS NOT NULL
        AND NEW.title IS NOT DISTINCT FROM OLD.title
        AND NEW.description IS NOT DISTINCT FROM OLD.description
        AND NEW.purpose IS NOT DISTINCT FROM OLD.purpose
        AND NEW.results IS NOT DISTINCT FROM OLD.results
        AND NEW.lessons IS NOT DISTINCT FROM OLD.lessons
        AND NEW.committee_id IS NOT DISTINCT FROM OLD.committee_id THEN
        RETURN NEW;
    END IF;
    NEW.search_vector := activities_activity_document(
        NEW.title, NEW.description, NEW.purpose, NEW.results, NEW.lessons, NEW.committee_id);
    RETURN NEW;
END
$$
""",
    """
CREATE OR REPLACE FUNCTION activities_body_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name THEN
        UPDATE activities_activity SET search_vector = NULL WHERE committee_id = NEW.id;
    END IF;
    RETURN NEW;
END
$$
""",
    "DROP TRIGGER IF EXISTS activities_activity_search ON activities_activity",
    """
CREATE TRIGGER activities_activity_search BEFORE INSERT OR UPDATE ON activities_activity
FOR EACH ROW EXECUTE FUNCTION activities_activity_search_trigger()
""",
    "DROP TRIGGER IF EXISTS activities_body_search ON organisation_body",
    """
CREATE TRIGGER activities_body_search AFTER UPDATE ON organisation_body
FOR EACH ROW EXECUTE FUNCTION activities_body_search_trigger()
""",
]

POSTGRESQL_REBUILD = [
    f"""
UPDATE activities_activity SET search_vector = activities_activity_document(
    {", ".join(SEARCHED_FIELDS)}, committee_id)
"""
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS activities_body_search ON organisation_body",
    "DROP TRIGGER IF EXISTS activities_activity_search ON activities_activity",
    "DROP FUNCTION IF EXISTS activities_body_search_trigger()",
    "DROP FUNCTION IF EXISTS activities_activity_search_trigger()",
    "DROP FUNCTION IF EXISTS activities_activity_document(text, text, text, text, text, bigint)",
    "DROP INDEX IF EXISTS activities_activity_search_idx",
    "ALTER TABLE activities_activity DROP COLUMN IF EXISTS search_vector",
]

SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS] + [
    f"DROP TABLE IF EXISTS {FTS_TABLE}"
]


def _execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    """Create the index and its triggers (idempotent) and fill it from the activities."""
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRESQL_COLUMN)
    install_triggers(connection)


def install_triggers(connection) -> None:
    """(Re)create the triggers and refill the index; the column or FTS table must exist."""
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRESQL_TRIGGERS)
    elif connection.vendor == "sqlite":
        _execute(connection, [SQLITE_TABLE, *SQLITE_TRIGGERS.values()])
    rebuild_index(connection)


def uninstall(connection) -> None:
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRESQL_DROP)
    elif connection.vendor == "sqlite":
        _execute(connection, SQLITE_DROP)


def rebuild_index(connection) -> None:
    """Recompute the whole index in one statement (after a bulk load, or to repair it)."""
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRESQL_REBUILD)
    elif connection.vendor == "sqlite":
        _execute(connection, SQLITE_REBUILD)


def _state(connection) -> tuple[bool, bool]:
    """(the index exists, all of its triggers exist)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name IN "
                f"({', '.join(['%s'] * (len(SQLITE_TRIGGERS) + 1))})",
                [FTS_TABLE, *SQLITE_TRIGGERS],
            )
            names = {row[0] for row in cursor.fetchall()}
            return FTS_TABLE in names, names >= set(SQLITE_TRIGGERS)
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = 'activities_activity' "
            "AND column_name = 'search_vector'"
        )
        has_column = cursor.fetchone()[0] == 1
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname IN "
            "('activities_activity_search', 'activities_body_search')"
        )
        return has_column, cursor.fetchone()[0] == 2


def ensure_index(using: str = "default", **kwargs) -> None:
    """After migrate: put back triggers that a table remake dropped, and refill the index.

    Connected to post_migrate in apps.py. Does nothing while the search migration is not
    applied (no index to look after).
    """
    connection = connections[using]
    if connection.vendor not in {"sqlite", "postgresql"}:
        return
    exists, complete = _state(connection)
    if exists and not complete:
        install_triggers(connection)
