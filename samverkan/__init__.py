"""Samverkan: international cooperation under a municipality's own policy."""
