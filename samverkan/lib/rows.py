"""Reading many rows cheaply: prefetched relations as lists, choice labels by lookup.

A list of a hundred records asked `obj.partners.all()` a dozen times a row; each call
builds a new QuerySet around the prefetched rows (about 1,200 a page of the activities
API), and `get_FOO_display()` rebuilds the choices' dictionary every time. Lists prefetch
with `Prefetch(name, to_attr=listed(name))` and read with `related_rows(obj, name)`.
"""

from django.db.models import Prefetch

_labels: dict = {}


def listed(name: str) -> str:
    """The attribute a relation's prefetched list is kept in."""
    return f"{name}_listed"


def prefetch_listed(name: str, queryset=None) -> Prefetch:
    """Prefetch `name` into a plain list (`related_rows` reads it)."""
    return Prefetch(name, queryset=queryset, to_attr=listed(name))


def related_rows(obj, name: str) -> list:
    """The rows of the relation `name` of `obj`: the prefetched list, else read now."""
    found = getattr(obj, listed(name), None)
    if found is not None:
        return found
    return list(getattr(obj, name).all())


def choice_label(choices, value) -> str:
    """The label of `value` among `choices` (a TextChoices class) in the active language."""
    labels = _labels.get(choices)
    if labels is None:
        labels = _labels[choices] = dict(choices.choices)
    return str(labels.get(value, value))
