"""Filled in by the pages of this part of the registry."""

urlpatterns = []
