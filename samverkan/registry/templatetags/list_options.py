"""`{% select_options choices selected %}`: a select's options, written in Python.

A filter form on a list page offers hundreds of options (every country, goal and body);
a template loop with a comparison per option took most of such a page's rendering time.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select_options(choices, selected=None):
    """`<option>` elements for `(value, label)` pairs; the one equal to `selected` (compared
    as text, as a query string gives it) is marked selected."""
    selected = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == selected else "", label)
            for value, label in choices
        ),
    )
