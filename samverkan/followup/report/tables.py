"""Figures (a dict from samverkan.followup.figures) as tables a template can show.

The shape of the figures is the figures module's business; this turns any nesting of
dicts and lists into titled tables: scalars into one "key figures" table, a dict of
scalars into a two-column table, a dict of dicts or a list of dicts into a table with a
column per key.
"""

from django.utils.translation import gettext as _


def label(key) -> str:
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _is_scalar(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _table(title, value) -> dict | None:
    if isinstance(value, dict):
        if not value:
            return {"title": title, "columns": [], "rows": []}
        if all(_is_scalar(item) for item in value.values()):
            return {
                "title": title,
                "columns": [_("Item"), _("Value")],
                "rows": [[label(k), v] for k, v in value.items()],
            }
        if all(isinstance(item, dict) for item in value.values()):
            keys = _keys(value.values())
            return {
                "title": title,
                "columns": ["", *map(label, keys)],
                "rows": [
                    [label(k), *(_cell(item.get(key)) for key in keys)] for k, item in value.items()
                ],
            }
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value):
            keys = _keys(value)
            return {
                "title": title,
                "columns": list(map(label, keys)),
                "rows": [[_cell(item.get(key)) for key in keys] for item in value],
            }
        return {"title": title, "columns": [_("Value")], "rows": [[_cell(item)] for item in value]}
    return None


def _keys(items) -> list:
    keys = []
    for item in items:
        for key in item:
            if key not in keys:
                keys.append(key)
    return keys


def _cell(value):
    if _is_scalar(value):
        return value
    if isinstance(value, list):
        return ", ".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{label(k)}: {_cell(v)}" for k, v in value.items())
    return str(value)


def figure_tables(figures: dict) -> list[dict]:
    """Titled tables for every figure; top-level scalars gathered into the first table."""
    scalars = [[label(k), v] for k, v in figures.items() if _is_scalar(v)]
    tables = []
    if scalars:
        tables.append(
            {"title": _("Key figures"), "columns": [_("Figure"), _("Value")], "rows": scalars}
        )
    for key, value in figures.items():
        if _is_scalar(value):
            continue
        table = _table(label(key), value)
        if table is not None:
            tables.append(table)
        elif isinstance(value, dict):
            for sub_key, sub_value in value.items():
                sub = _table(f"{label(key)}: {label(sub_key)}", sub_value)
                if sub is not None:
                    tables.append(sub)
    return tables
