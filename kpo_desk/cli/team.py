"""kpo-desk team init|add-user|list: logins, roles and the server's rules for a team database.

Every one of them needs a team server (``--db postgresql://login@host/db`` or ``$KPO_DESK_DB``);
the connecting login's password comes from the URL or libpq's ``.pgpass``. ``init`` is run
once by the login that owns the tables (and again after an upgrade); it becomes a manager.
"""

from __future__ import annotations

import argparse

from kpo_desk.cli import EXIT_OK
from kpo_desk.core.errors import StoreError, ValidationError

ORDER = 85
NEEDS_SERVER = "team commands need a team server (--db postgresql://...)"


def register(sub: argparse._SubParsersAction) -> None:
    team = sub.add_parser("team", help="logins and roles on a team server (PostgreSQL)")
    commands = team.add_subparsers(dest="team_command", metavar="ACTION", required=True,
                                   parser_class=sub._parser_class)
    init = commands.add_parser("init", help="prepare the server database: roles, row-level security, "
                               "four-eyes rules; you become a manager")
    init.add_argument("--staff", required=True, metavar="NAME",
                      help="the staff member you are (created if missing)")
    init.set_defaults(func=cmd_init)
    add = commands.add_parser("add-user", help="create a login (or update one) and map it to a staff member")
    add.add_argument("login", metavar="LOGIN", help="the login name (lower-case)")
    add.add_argument("--staff", required=True, metavar="NAME", help="the staff member (created if missing)")
    add.add_argument("--role", required=True, metavar="{manager,analyst}",
                     help="manager: sees and may override everything; analyst: sees their engagements")
    add.add_argument("--password-file", metavar="FILE",
                     help="the password is the first line of FILE (default: typed twice when asked)")
    add.set_defaults(func=cmd_add_user)
    listing = commands.add_parser("list", help="list the logins: login, staff member, role")
    listing.set_defaults(func=cmd_list)


def _open(args: argparse.Namespace):  # noqa: ANN202 - a Store
    from kpo_desk.cli._writer import open_server_store, server_location

    location = server_location(args)
    if location is None:
        raise StoreError(NEEDS_SERVER)
    return open_server_store(location)


def cmd_init(args: argparse.Namespace) -> int:
    from kpo_desk.core.team import init_team

    with _open(args) as store:
        me = init_team(store, staff=args.staff)
        print(f"{store.location} is ready for a team: {me.login} is a manager, as {me.staff}. "
              "Add people with kpo-desk team add-user.")
    return EXIT_OK


def _password(args: argparse.Namespace, login: str) -> str | None:
    from kpo_desk.cli._passphrase import prompt, read_secret_file

    if args.password_file:
        return read_secret_file(args.password_file, "password file")
    first = prompt(f"Password for {login}: ")
    if first is None:
        return None
    if prompt(f"Password for {login} again: ") != first:
        raise ValidationError("The two passwords typed differ; nothing was changed.", field="password")
    return first


def cmd_add_user(args: argparse.Namespace) -> int:
    from kpo_desk.core.team import ROLES, add_user, check_login, login_exists, require_team

    if args.role not in ROLES:
        raise ValidationError(f"'{args.role}' is not a team role; use manager or analyst.", field="role")
    check_login(args.login)
    with _open(args) as store:
        require_team(store)  # before asking for a password that could not be used
        password = None
        if args.password_file or not login_exists(store, args.login):
            password = _password(args, args.login)
            if password is None:
                raise ValidationError(f"A new login needs a password: give --password-file, or type it "
                                      f"when asked (stdin must be a terminal) for {args.login}.",
                                      field="password")
        member = add_user(store, args.login, staff=args.staff, role=args.role, password=password)
    print(f"{member.login} logs in as {member.staff}, {member.role}.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from kpo_desk.core.team import list_users

    with _open(args) as store:
        members = list_users(store)
    width = max([len("LOGIN")] + [len(m.login) for m in members])
    staff_width = max([len("STAFF")] + [len(m.staff) for m in members])
    print(f"{'LOGIN':<{width}}  {'STAFF':<{staff_width}}  ROLE")
    for m in members:
        note = "" if m.can_log_in else "  (cannot log in)"
        print(f"{m.login:<{width}}  {m.staff:<{staff_width}}  {m.role}{note}")
    return EXIT_OK
