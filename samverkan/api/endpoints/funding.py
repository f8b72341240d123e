"""API routers of the funding app; api.py mounts every router listed here."""

routers: list = []
