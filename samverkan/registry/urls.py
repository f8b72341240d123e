"""The registries' pages: records (partners, contacts, decisions, documents) and relations
(twin towns, agreements, memberships)."""

from .urls_records import urlpatterns as record_patterns
from .urls_relations import urlpatterns as relation_patterns

urlpatterns = [*record_patterns, *relation_patterns]
