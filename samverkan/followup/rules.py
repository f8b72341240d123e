"""Who may do what with the yearly accounts (django-rules autodiscovers this module).

followup.view_account     every member of the municipality
followup.change_account   write the sections and submit: administrators, coordinators,
                          editors of the account's committee, and its named reporter
followup.manage_accounts  open a round, name reporters, approve or return: administrators
                          and coordinators (checked against an account, a round or a
                          municipality)
"""

import rules

from samverkan.organisation.rules import (
    is_administrator,
    is_coordinator,
    is_editor_of_owning_committee,
    is_member,
)


@rules.predicate
def is_named_reporter(user, account=None):
    return (
        account is not None
        and getattr(account, "reporter_id", None) is not None
        and account.reporter_id == user.pk
    )


can_manage = is_administrator | is_coordinator

rules.add_perm("followup.view_account", is_member)
rules.add_perm(
    "followup.change_account",
    can_manage | is_editor_of_owning_committee | (is_member & is_named_reporter),
)
rules.add_perm("followup.manage_accounts", can_manage)
