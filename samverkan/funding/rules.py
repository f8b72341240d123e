"""Permissions of the funding app (rules autodiscovers this module).

    samverkan.manage_programmes  edit the programme catalogue and watch profiles
    samverkan.mark_call          follow or dismiss a call for the municipality
Reading programmes and calls, and keeping one's own saved searches, is for every member.
"""

import rules

from samverkan.organisation.rules import is_administrator, is_coordinator

rules.add_perm("samverkan.manage_programmes", is_administrator | is_coordinator)
rules.add_perm("samverkan.mark_call", is_administrator | is_coordinator)
