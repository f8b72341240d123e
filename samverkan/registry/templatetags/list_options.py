"""`{% select_options choices selected %}`: a select's options, written in Python.

A filter form on a list page offers hundreds of options (every country, goal and body);
a template loop with a comparison per option took most of such a page's rendering time.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select_options(choices, selected=None):
    """`<option>` elements for `(value, label)` pairs; the one equal to `selected` (compared
    as text, as a query string gives it) is marked selected."""
    selected = "" if selected is None else str(selected)
    # The standard library's escape: Django's format_html per option (lazy strings, safe
    # marks) cost more than the rest of the filter form.
    parts = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above
