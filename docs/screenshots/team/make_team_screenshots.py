"""Team mode's screenshots (issue 19), on a throwaway PostgreSQL server (tests/pg_server.py):
the connect dialog (File ▸ Connect to team server…, filled in), an analyst's restricted view
(a demo firm on the server with team init and two analysts; logged in as one, the engagement
list holds only hers), the offline banner (the server stopped under the open window), and the
conflict dialog (a save of a record someone else saved meanwhile), from an edit form and from
File ▸ Settings….

    docs/screenshots/team/shoot.sh        # Xvfb + openbox at 1366x768, light theme

PNGs go beside this script."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [str(ROOT), str(ROOT / "docs")]
OUT = Path(__file__).resolve().parent
PASSWORD = "correct horse battery"


def main() -> int:
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="kpo-team-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")  # private settings and data folder
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ.pop("KPO_DESK_DB", None)
    theme = os.environ.setdefault("KPO_DESK_THEME", "light")
    from make_screenshots import Shooter
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from kpo_desk.ui.app import configure_application
    from tests.pg_server import start_server

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    shooter = Shooter(app, OUT, theme)
    server = start_server()
    try:
        shoot(shooter, server, home)
    finally:
        server.stop()
    (OUT / f"checks-{theme}.txt").write_text(
        f"# Measured by make_team_screenshots.py on a {QGuiApplication.primaryScreen().size().width()}x"
        f"{QGuiApplication.primaryScreen().size().height()} screen, {theme} theme.\n"
        + "".join(f"{line}\n" for line in shooter.checks))
    print(f"{len(shooter.shots)} screenshots in {OUT}; {len(shooter.checks)} findings")
    return 0


def shoot(shooter, server, home: Path) -> None:  # noqa: ANN001, C901
    from PySide6.QtCore import QTimer
    from sqlmodel import func, select

    from kpo_desk.core import team
    from kpo_desk.core.demo import generate_demo
    from kpo_desk.core.models.engagements import Assignment
    from kpo_desk.core.models.parties import Staff
    from kpo_desk.core.services.engagement_list import list_engagement_rows
    from kpo_desk.core.store import Store
    from kpo_desk.ui.main_window import MainWindow
    from kpo_desk.ui.team.address import ServerAddress, remember_connection

    db = server.create_database("kpo_firm")
    suffix = secrets.token_hex(2)
    from kpo_desk.core.move_to_server import move_to_server

    with Store.open(home / "firm.sqlite3") as firm:  # the demo fills files only: move it over
        generate_demo(firm, engagements=60, communications=600)
        move_to_server(firm, server.url(db))
    with Store.open(server.url(db)) as admin:
        with admin.read() as s:  # the two people on the fewest engagements (at least two each)
            counts = s.exec(select(Staff.name, func.count()).join(Assignment, Assignment.staff_id == Staff.id)
                            .group_by(Staff.name).having(func.count() >= 2).order_by(func.count(), Staff.name)).all()
            total = len(list_engagement_rows(admin))
        analysts = [name for name, _n in counts[:2]]
        team.init_team(admin, staff="Office Admin")
        logins = {}
        for name in analysts:
            login = name.split()[0].lower() + "_" + suffix
            team.add_user(admin, login, staff=name, role="analyst", password=PASSWORD)
            logins[name] = login
    print(f"  demo firm: {total} engagements; analysts {analysts}", flush=True)
    analyst = analysts[0]

    # 1. The connect dialog, over a window on the local store, with one recent connection.
    local = Store.open(home / "local.sqlite3")
    generate_demo(local, engagements=12, communications=60)
    remember_connection(ServerAddress("db.office.example", 5432, "kpo_firm", "mina", "verify-full"))
    remember_connection(ServerAddress("db.office.example", 5432, "kpo_firm", "asha", "verify-full"))
    window = MainWindow(local)
    window.show()
    shooter.wait(600)

    def fill(dialog) -> None:  # noqa: ANN001
        dialog.password.setText("••••••••••")
        dialog.password.setFocus()

    shooter.modal(window.connect_action.trigger, [("connect-dialog", fill, lambda d: d.reject())])
    window.close()
    local.close()
    shooter.wait(300)

    # 2. An analyst's restricted view: the engagement list holds only hers.
    store = Store.open(server.url(db, user=logins[analyst], password=PASSWORD))
    window = MainWindow(store)
    window.show()
    shooter.wait(600)
    window.show_view("Engagements")
    shooter.wait_until(lambda: window.engagements.model.rowCount() > 0, 30)
    shooter.wait(800)
    seen = window.engagements.model.rowCount()
    print(f"  {analyst} sees {seen} of {total} engagements", flush=True)
    shooter.grab("analyst-engagements", window)
    window.engagements.select(list_engagement_rows(store)[0].id)
    shooter.wait(600)
    shooter.grab("analyst-engagement-open", window)

    # 3. The offline banner: the server stops under the open window.
    server._pg_ctl("stop", "-m", "fast")
    window.connection_watch.probe_now()
    shooter.wait_until(lambda: not window.connection_watch.banner.isHidden(), 30)
    shooter.grab("offline-banner", window)
    server._start()
    shooter.wait_until(lambda: window.connection_watch.banner.isHidden(), 30)
    window.connection_watch.stop()
    window.close()
    store.close()

    # 4. The conflict dialog: a manager edits an engagement's title while someone else saves it.
    from kpo_desk.core.services import engagements as eng

    store, other = Store.open(server.url(db)), Store.open(server.url(db))
    window = MainWindow(store)
    window.show()
    shooter.wait(600)
    eid = list_engagement_rows(store)[0].id
    held: dict = {}

    def edit(dialog) -> None:  # noqa: ANN001
        held["dialog"] = dialog
        title = dialog.inputs["title"]
        title.setText(title.text() + " (phase 2)")
        eng.update_engagement(other, eid, title=title.text().replace(" (phase 2)", " - revised scope"))

    def cancel(box) -> None:  # noqa: ANN001
        box.cancel_button.click()
        QTimer.singleShot(300, held["dialog"].reject)

    shooter.modal(lambda: window.editor.edit("engagement", eid),
                  [("conflict-edit", edit, lambda d: d.save_button.click()),
                   ("conflict-dialog", None, cancel)])

    # 5. The same question from File > Settings...: the firm's name saved by someone else meanwhile.
    from kpo_desk.core.services.firm_settings import firm_settings, update_firm_settings

    def rename(dialog) -> None:  # noqa: ANN001
        held["dialog"] = dialog
        name = dialog.inputs["firm_name"]
        name.setText(firm_settings(store).firm_name + " (Zurich office)")
        update_firm_settings(other, firm_name=firm_settings(other).firm_name + " AG")

    shooter.modal(window.settings_action.trigger,
                  [("settings-conflict-edit", rename, lambda d: d.save_button.click()),
                   ("settings-conflict-dialog", None, cancel)])
    window.close()
    store.close()
    other.close()


if __name__ == "__main__":
    raise SystemExit(main())
