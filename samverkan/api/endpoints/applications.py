"""API routers of the applications app; api.py mounts every router listed here."""

routers: list = []
