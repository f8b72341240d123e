"""`{% url %}` with its answers remembered: a built-in that replaces Django's own tag.

A page reverses twenty to forty addresses (menus, rows, the open-data links), each time
matching the name against every pattern; reversing cost about a tenth of a list page. The
answer depends only on the URL configuration, the script prefix, the language, the
namespace and the arguments, so it is kept per process for names with plain arguments
(numbers and text); anything else is reversed as Django does. Registered in
settings.TEMPLATES' `builtins`, after Django's, so every template uses it unchanged.
"""

import functools

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()
PLAIN = (int, str)


@functools.lru_cache(maxsize=8192)
def _reversed(urlconf, prefix, language, view_name, args, kwargs, current_app) -> str:
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


def remembered_reverse(view_name, args, kwargs, current_app) -> str:
    if not all(isinstance(value, PLAIN) for value in (*args, *kwargs.values())):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reversed(
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
    )


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context):
        # As Django's URLNode.render, with remembered_reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = remembered_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = RememberedURLNode
    return node
