"""The OpenAPI document as committed in docs/openapi.json (CI compares the two)."""

import json

from django.utils import translation

from .api import api

COMMITTED_PATH = "docs/openapi.json"
REGENERATE = "uv run samverkan export_openapi > docs/openapi.json"


def openapi_text() -> str:
    """The document as stable text: in English, indented, with a final newline."""
    with translation.override("en"):
        document = api.get_openapi_schema()
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
