"""The role matrix: for every permission, which role has it and on which records.

This table is the one source of who may do what. `organisation.rules` builds the
django-rules predicates from it, `samverkan roles --markdown` writes docs/roles.md from
it (a test keeps the committed file equal to what the command writes), and
tests/hardening/test_role_matrix.py walks every page and API endpoint as each role and
checks the answers against it.

A grant is a set of conditions, any of which suffices; a role counts only in its own
municipality (the object checked carries a `municipality_id`, or is a Municipality).
"""

from dataclasses import dataclass, field

from .models import Role

# Conditions a role's grant may carry.
ANY = "any"  # every record of the municipality
OWN_COMMITTEE = "own_committee"  # records one of the editor's committees owns
NAMED_REPORTER = "named_reporter"  # a yearly account the user is named to write

CONDITION_TEXT = {
    ANY: "yes",
    OWN_COMMITTEE: "own committee",
    NAMED_REPORTER: "as named reporter",
}

ADMINISTRATOR = Role.ADMINISTRATOR.value
COORDINATOR = Role.COORDINATOR.value
EDITOR = Role.COMMITTEE_EDITOR.value
REGISTRAR = Role.REGISTRAR.value
READER = Role.READER.value

ROLE_ORDER = [ADMINISTRATOR, COORDINATOR, EDITOR, REGISTRAR, READER]
ROLE_TITLES = {
    ADMINISTRATOR: "administrator",
    COORDINATOR: "coordinator",
    EDITOR: "committee editor",
    REGISTRAR: "registrar",
    READER: "reader",
}


@dataclass(frozen=True)
class Permission:
    name: str
    summary: str
    grants: dict[str, frozenset[str]] = field(default_factory=dict)

    def conditions(self, role: str) -> frozenset[str]:
        return self.grants.get(role, frozenset())


def _grants(**by_role: str | tuple[str, ...]) -> dict[str, frozenset[str]]:
    roles = {
        "administrator": ADMINISTRATOR,
        "coordinator": COORDINATOR,
        "editor": EDITOR,
        "registrar": REGISTRAR,
        "reader": READER,
    }
    return {
        roles[name]: frozenset((conditions,) if isinstance(conditions, str) else conditions)
        for name, conditions in by_role.items()
    }


EVERY_MEMBER = _grants(administrator=ANY, coordinator=ANY, editor=ANY, registrar=ANY, reader=ANY)
COMMITTEE_WORK = _grants(administrator=ANY, coordinator=ANY, editor=OWN_COMMITTEE)
# Decisions are one register kept by those who write them: the secretaries (registrars)
# for every body, a committee editor for their own committee's decisions; whoever may
# record a decision may correct it, attach its documents and remove a wrongly recorded one.
DECISION_REGISTER = _grants(administrator=ANY, coordinator=ANY, editor=OWN_COMMITTEE, registrar=ANY)
MANAGERS = _grants(administrator=ANY, coordinator=ANY)

PERMISSIONS: list[Permission] = [
    Permission("samverkan.view_record", "Read the municipality's records.", EVERY_MEMBER),
    Permission(
        "samverkan.add_record",
        "Create a record (activity, training, resource, partner, agreement, twin town, "
        "membership, application, watch item).",
        COMMITTEE_WORK,
    ),
    Permission("samverkan.change_record", "Change such a record.", COMMITTEE_WORK),
    Permission("samverkan.delete_record", "Move such a record to the trash.", COMMITTEE_WORK),
    Permission(
        "samverkan.record_decision",
        "Record a decision, change it and attach or remove its documents.",
        DECISION_REGISTER,
    ),
    Permission(
        "samverkan.delete_decision",
        "Move a decision to the trash (a wrongly recorded one).",
        DECISION_REGISTER,
    ),
    Permission(
        "samverkan.view_confidential",
        "Read documents not marked public.",
        DECISION_REGISTER,
    ),
    Permission(
        "samverkan.manage_structure",
        "Decision bodies, development goals, the policy and the register settings.",
        MANAGERS,
    ),
    Permission(
        "samverkan.restore_record", "Restore a record from the trash.", _grants(administrator=ANY)
    ),
    Permission(
        "samverkan.view_personal_data",
        "See contacts and partners who are private persons.",
        _grants(administrator=ANY, coordinator=ANY, editor=ANY),
    ),
    Permission("samverkan.change_personal_data", "Create, change and delete contacts.", MANAGERS),
    Permission(
        "samverkan.manage_personal_data",
        "Answer data-subject requests: export or erase a person's data.",
        MANAGERS,
    ),
    Permission(
        "samverkan.manage_users",
        "Invite people, give and take roles; the record of processing and its data "
        "protection officer.",
        _grants(administrator=ANY),
    ),
    Permission(
        "samverkan.manage_programmes",
        "Edit the programme catalogue and the watch profiles; fetch calls from an address.",
        MANAGERS,
    ),
    Permission("samverkan.mark_call", "Follow or dismiss a call for the municipality.", MANAGERS),
    Permission("followup.view_account", "Read the yearly accounts.", EVERY_MEMBER),
    Permission(
        "followup.change_account",
        "Write a yearly account's sections and submit it.",
        _grants(
            administrator=ANY,
            coordinator=ANY,
            editor=(OWN_COMMITTEE, NAMED_REPORTER),
            registrar=NAMED_REPORTER,
            reader=NAMED_REPORTER,
        ),
    ),
    Permission(
        "followup.manage_accounts",
        "Open a round of accounts, name reporters, approve or return accounts.",
        MANAGERS,
    ),
]

BY_NAME = {permission.name: permission for permission in PERMISSIONS}

REASONS = """\
## Why the roles are cut this way

- **Every member reads.** Whatever the municipality records is readable by all its
  members; only personal data (contacts, partners who are private persons) and
  documents not marked public are shown to fewer roles.
- **Committee editors work on their own committee's records**, and on nothing else:
  what they create must belong to one of their committees, so that it is theirs to
  change afterwards.
- **Decisions are one register with one rule.** Whoever may record a decision may also
  change it, attach and remove its documents (the minutes, confidential ones included),
  and remove it when it was recorded by mistake: administrators and coordinators for
  every body, registrars (the bodies' secretaries, who keep the minutes) for every
  body, committee editors for their own committee. Before, an editor could change and
  delete their committee's decisions but not record one, and a registrar could change
  any decision and delete its confidential documents but not the decision itself.
  Deleting moves the decision to the trash, from which an administrator restores it.
- **Registrars see confidential documents** because they keep them; readers do not.
- **Structure is for coordinators and administrators**: the bodies, goals, the policy
  and the register settings that everything else hangs on, the programme catalogue,
  following calls, and the yearly round of accounts.
- **Personal data is for the roles that work with contacts.** Committee editors see
  contacts; only coordinators and administrators change them or answer data-subject
  requests.
- **Only administrators** manage people and roles, restore from the trash and keep the
  record of processing (with the data protection officer's contact).
- **A named reporter** writes the yearly account they are named for, whatever their
  role.
"""


def markdown() -> str:
    """docs/roles.md: the matrix as a table, the conditions and the reasons."""
    lines = [
        "# Roles and permissions",
        "",
        "Generated by `samverkan roles --markdown > docs/roles.md` from",
        "`samverkan/organisation/roles.py`, the one table the permission rules are built",
        "from; do not edit by hand.",
        "",
        "A role counts only in its own municipality: a user of another municipality gets",
        "404 for its records, as if they did not exist.",
        "",
        "| permission | what it allows | "
        + " | ".join(ROLE_TITLES[role] for role in ROLE_ORDER)
        + " |",
        "| --- | --- | " + " | ".join("---" for _role in ROLE_ORDER) + " |",
    ]
    for permission in PERMISSIONS:
        cells = [
            " or ".join(CONDITION_TEXT[c] for c in sorted(permission.conditions(role))) or "–"
            for role in ROLE_ORDER
        ]
        lines.append(f"| `{permission.name}` | {permission.summary} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "*own committee*: records that belong to one of the committee editor's committees",
        "(an activity's committee, a decision's body, an agreement's signing body, a",
        "membership's committee). *as named reporter*: the yearly account the user is named",
        "to write.",
        "",
        REASONS.rstrip(),
        "",
    ]
    return "\n".join(lines)
