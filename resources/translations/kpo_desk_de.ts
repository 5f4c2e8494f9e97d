<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <location filename="../../kpo_desk/ui/about_dialog.py" line="+38"/>
        <source>Engagements, IP-protection checklists, communication logs and client status reports for a small KPO firm. Offline: everything stays in one file on this computer.</source>
        <translation>Mandate, Checklisten zum Schutz geistigen Eigentums, Kommunikationsprotokolle und Statusberichte für Kunden einer kleinen KPO-Firma. Offline: Alles bleibt in einer Datei auf diesem Computer.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The licence file could not be read: {error}</source>
        <translation>Die Lizenzdatei konnte nicht gelesen werden: {error}</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location line="+15"/>
        <source>About KPO Desk</source>
        <translation>Über KPO Desk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>KPO Desk icon</source>
        <translation>KPO-Desk-Symbol</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;h2 style=&apos;margin:0&apos;&gt;KPO Desk&lt;/h2&gt;</source>
        <translation>&lt;h2 style=&apos;margin:0&apos;&gt;KPO Desk&lt;/h2&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version {version}  ·  {APP_LICENCE}  ·  Python {python}</source>
        <translation>Version {version}  ·  {APP_LICENCE}  ·  Python {python}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Store: {store_path}</source>
        <translation>Datenbestand: {store_path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store path</source>
        <translation>Pfad des Datenbestands</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Licences</source>
        <translation>Lizenzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fonts ({count})</source>
        <translation>Schriften ({count})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Libraries ({count})</source>
        <translation>Bibliotheken ({count})</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>KPO Desk is written in Python {python} (PSF-2.0) and ships these libraries. Select one to read its licence: the text it ships, or the standard text of the licence it declares where it ships none.</source>
        <translation>KPO Desk ist in Python {python} (PSF-2.0) geschrieben und liefert diese Bibliotheken mit. Wählen Sie eine, um ihre Lizenz zu lesen: den mitgelieferten Text oder, wo keiner mitgeliefert wird, den Standardtext der angegebenen Lizenz.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Library licence text</source>
        <translation>Lizenztext der Bibliothek</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>no licence text found in this copy</source>
        <translation>in dieser Kopie kein Lizenztext gefunden</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>&amp;Copy to clipboard</source>
        <translation>In die Zwischenablage &amp;kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the version and every licence as plain text (for a support request)</source>
        <translation>Version und alle Lizenzen als Text kopieren (für eine Supportanfrage)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The reports embed these fonts so that every script prints. Select a font to read its full licence.</source>
        <translation>Die Berichte betten diese Schriften ein, damit jede Schrift gedruckt wird. Wählen Sie eine Schrift, um ihre vollständige Lizenz zu lesen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence text</source>
        <translation>Lizenztext</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No fonts are bundled with this copy.</source>
        <translation>Diese Ausgabe enthält keine Schriften.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../kpo_desk/ui/app.py" line="+51"/>
        <source>Backup taken: {name}</source>
        <translation>Sicherung erstellt: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The automatic backup failed: {error}</source>
        <translation>Die automatische Sicherung ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>KPO Desk is already open</source>
        <translation>KPO Desk ist bereits geöffnet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open read-only</source>
        <translation>Schreibgeschützt öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>KPO Desk cannot open the store</source>
        <translation>KPO Desk kann den Datenbestand nicht öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{error}

Store: {path}</source>
        <translation>{error}

Datenbestand: {path}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>KPO Desk (read-only)</source>
        <translation>KPO Desk (schreibgeschützt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened read-only: another window has this store open.</source>
        <translation>Schreibgeschützt geöffnet: Ein anderes Fenster hat diesen Datenbestand geöffnet.</translation>
    </message>
</context>
<context>
    <name>BackgroundJob</name>
    <message>
        <location filename="../../kpo_desk/ui/common/jobs.py" line="+62"/>
        <source>Cancel</source>
        <extracomment>job(progress(done, total, text), cancelled() -&gt; bool) -&gt; result</extracomment>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../kpo_desk/ui/backup_actions.py" line="+32"/>
        <source>Back up the store</source>
        <translation>Datenbestand sichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>KPO Desk backup (*.zip)</source>
        <translation>KPO-Desk-Sicherung (*.zip)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Backup verified and saved: {path} ({size} MB, {count}).</source>
        <translation>Sicherung geprüft und gespeichert: {path} ({size} MB, {count}).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backing up…</source>
        <translation>Sicherung läuft…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This backup is encrypted. Type the passphrase the store had when the backup was made.</source>
        <translation>Diese Sicherung ist verschlüsselt. Geben Sie die Passphrase ein, die der Datenbestand beim Erstellen der Sicherung hatte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Encrypted backup</source>
        <translation>Verschlüsselte Sicherung</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+21"/>
        <source>Restore from a backup</source>
        <translation>Aus einer Sicherung wiederherstellen</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>KPO Desk backup (*.zip *.sqlite3);;All files (*)</source>
        <translation>KPO-Desk-Sicherung (*.zip *.sqlite3);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+6"/>
        <location line="+16"/>
        <location line="+4"/>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>That passphrase does not open the backup; nothing was restored.</source>
        <translation>Diese Passphrase öffnet die Sicherung nicht; nichts wurde wiederhergestellt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Replace the current store with the backup taken {created_at:%Y-%m-%d %H:%M} (schema {schema_revision}, {count})?

The current store is kept aside, not deleted.</source>
        <translation>Den aktuellen Datenbestand durch die Sicherung vom {created_at:%d.%m.%Y %H:%M} ersetzen (Schema {schema_revision}, {count})?

Der aktuelle Datenbestand wird beiseitegelegt, nicht gelöscht.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Restored. The previous store was kept as {kept_aside}.</source>
        <translation>Wiederhergestellt. Der bisherige Datenbestand liegt unter {kept_aside}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{message}

The current store was not changed.</source>
        <translation>{message}

Der aktuelle Datenbestand wurde nicht verändert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restoring…</source>
        <translation>Wiederherstellung läuft…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Load a backup into this database</source>
        <translation>Sicherung in diese Datenbank laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>KPO Desk backup or export (*.zip);;All files (*)</source>
        <translation>KPO-Desk-Sicherung oder -Export (*.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Loaded {count} records into {place}. Next: set up the team on it (kpo-desk team init --staff NAME, then team add-user for each login).</source>
        <translation>{count} Datensätze in {place} geladen. Als Nächstes das Team darauf einrichten (kpo-desk team init --staff NAME, dann team add-user für jeden Anmeldenamen).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{message}

The database was not changed.</source>
        <translation>{message}

Die Datenbank wurde nicht verändert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading the backup…</source>
        <translation>Sicherung wird geladen …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Load {file} into {place}?

This works only on an empty database, by a manager&apos;s login. The file is checked as it loads; if anything is refused, nothing is written.</source>
        <translation>{file} in {place} laden?

Das geht nur in eine leere Datenbank und mit dem Anmeldenamen einer Führungskraft. Die Datei wird beim Laden geprüft; wird etwas abgelehnt, wird nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/actions.py" line="+211"/>
        <source>Change the passphrase</source>
        <translation>Die Passphrase ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new passphrase opens the store from now on. The recovery key does not change: the recovery sheet you kept stays valid.</source>
        <translation>Ab jetzt öffnet die neue Passphrase den Datenbestand. Der Wiederherstellungsschlüssel ändert sich nicht: Ihr Wiederherstellungsblatt bleibt gültig.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current passphrase</source>
        <translation>Aktuelle Passphrase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current passphrase message</source>
        <translation>Meldung zur aktuellen Passphrase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Current passphrase:</source>
        <translation>Aktuelle Passphrase:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Type the current passphrase.</source>
        <translation>Geben Sie die aktuelle Passphrase ein.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>That is not the current passphrase; nothing was changed.</source>
        <translation>Das ist nicht die aktuelle Passphrase; nichts wurde geändert.</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <location filename="../../kpo_desk/ui/engagements/checklist_tab.py" line="+57"/>
        <source>Verified</source>
        <extracomment>The meaning (the theme&apos;s semantic colour) of each state&apos;s text; verified is &quot;good&quot;. The status each gate guards (&quot;→ Active&quot;), read from core&apos;s life cycle. How many open gate items the line above the table names; the table shows them all.</extracomment>
        <translation>Geprüft</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Done, not verified</source>
        <translation>Erledigt, nicht geprüft</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Must be done and verified before the engagement moves to {status}.</source>
        <translation>Muss erledigt und geprüft sein, bevor das Mandat zu {status} wechselt.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Done by {person} on {day}.</source>
        <translation>Erledigt von {person} am {day}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verified by {person} on {day}.</source>
        <translation>Geprüft von {person} am {day}.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The gate to {status} is clear.</source>
        <translation>Die Freigabestufe zu {status} ist frei.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>and {more} more, marked “→ {status}” below</source>
        <translation>und {more} weitere, unten mit „→ {status}“ markiert</translation>
    </message>
</context>
<context>
    <name>ChecklistTab</name>
    <message>
        <location line="+26"/>
        <source>Compliance score</source>
        <translation>Compliance-Wert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gate status</source>
        <translation>Status der Freigabestufe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Done…</source>
        <translation>Erledigt…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Verify…</source>
        <translation>Prüfen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applicable…</source>
        <translation>Nicht anwendbar…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Waive…</source>
        <translation>Verzichten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open evidence</source>
        <translation>Nachweis öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checklist {key}</source>
        <translation>Checkliste {key}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&lt;b&gt;Compliance:&lt;/b&gt; {summary}</source>
        <translation>&lt;b&gt;Konformität:&lt;/b&gt; {summary}</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No one can verify it yet</source>
        <translation>Noch niemand kann es prüfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Four eyes: “{short}” must be verified by someone other than its owner and the person who did it, and no other active staff member is on file. Add a colleague under Staff first.</source>
        <translation>Vier Augen: „{short}“ muss von jemand anderem als dem Verantwortlichen und der ausführenden Person geprüft werden, und es gibt keine weitere aktive Mitarbeiterin. Legen Sie zuerst unter Mitarbeitende eine Kollegin oder einen Kollegen an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verify</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not applicable</source>
        <translation>Nicht anwendbar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waive</source>
        <translation>Verzichten</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not reopened</source>
        <translation>Nicht erneut geöffnet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reopen: {control}</source>
        <translation>Wieder öffnen: {control}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Evidence not opened</source>
        <translation>Nachweis nicht geöffnet</translation>
    </message>
</context>
<context>
    <name>ClientDetail</name>
    <message>
        <location filename="../../kpo_desk/ui/clients/view.py" line="+49"/>
        <source>Client name</source>
        <translation>Kundenname</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Client heading</source>
        <translation>Kundenüberschrift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit client…</source>
        <translation>Kunde bearbeiten…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No engagements for this client yet.</source>
        <translation>Noch keine Mandate für diesen Kunden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engagements</source>
        <translation>Mandate</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Select a client to see its contacts and engagements.</source>
        <translation>Wählen Sie einen Kunden, um seine Kontakte und Mandate zu sehen.</translation>
    </message>
</context>
<context>
    <name>ClientsView</name>
    <message>
        <location line="+28"/>
        <source>New client…</source>
        <translation>Neuer Kunde…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a client, with its time zone and language</source>
        <translation>Einen Kunden mit Zeitzone und Sprache anlegen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filter by name, country, industry or contact</source>
        <translation>Nach Name, Land, Branche oder Kontakt filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No clients yet. Add the first with Ctrl+Shift+N.</source>
        <translation>Noch keine Kunden. Legen Sie den ersten mit Strg+Umschalt+N an.</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../kpo_desk/ui/about_dialog.py" line="-113"/>
        <source>Font</source>
        <translation>Schrift</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Copyright</source>
        <translation>Copyright</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Used for</source>
        <translation>Verwendet für</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/clients/view.py" line="-108"/>
        <location filename="../../kpo_desk/ui/dashboard/view.py" line="+42"/>
        <location line="+14"/>
        <location filename="../../kpo_desk/ui/engagements/view.py" line="+87"/>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+37"/>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Lang.</source>
        <translation>Spr.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engagements</source>
        <translation>Mandate</translation>
    </message>
    <message>
        <location line="+31"/>
        <location filename="../../kpo_desk/ui/staff/view.py" line="+19"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="+388"/>
        <location filename="../../kpo_desk/ui/staff/view.py" line="+0"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local time</source>
        <translation>Ortszeit</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../../kpo_desk/ui/staff/view.py" line="+1"/>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../kpo_desk/ui/engagements/view.py" line="-2"/>
        <source>Code</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../kpo_desk/ui/engagements/view.py" line="+1"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kpo_desk/ui/dashboard/view.py" line="-11"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="+16"/>
        <location line="+8"/>
        <location filename="../../kpo_desk/ui/engagements/view.py" line="+3"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../kpo_desk/ui/engagements/view.py" line="-1"/>
        <location filename="../../kpo_desk/ui/templates_dialog.py" line="+33"/>
        <source>Service</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/communications/view.py" line="+73"/>
        <location filename="../../kpo_desk/ui/dashboard/view.py" line="+9"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="+8"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+239"/>
        <location filename="../../kpo_desk/ui/dashboard/view.py" line="-13"/>
        <location line="+14"/>
        <location filename="../../kpo_desk/ui/reports/view.py" line="+66"/>
        <source>Engagement</source>
        <translation>Mandat</translation>
    </message>
    <message>
        <location line="-238"/>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+238"/>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <location line="-237"/>
        <source>Follow-up</source>
        <translation>Nachfassaktion</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-15"/>
        <location line="+7"/>
        <source>Client sees</source>
        <translation>Kunde sieht</translation>
    </message>
    <message>
        <location line="+228"/>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../../kpo_desk/ui/engagements/checklist_tab.py" line="-204"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-9"/>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With</source>
        <translation>Mit</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/dashboard/view.py" line="-12"/>
        <source>Verified</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What</source>
        <extracomment>The attention list&apos;s columns: the dashboard and the Today digest show the same. The client hides first on a narrow screen (it is in the engagement&apos;s tooltip).</extracomment>
        <translation>Was</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/engagements/checklist_tab.py" line="-5"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="+6"/>
        <source>Category</source>
        <extracomment>The Control column takes the room the others leave, but never less than this.</extracomment>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Control</source>
        <translation>Kontrolle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kpo_desk/ui/templates_dialog.py" line="+4"/>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="+3"/>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done → verified by</source>
        <translation>Erledigt → geprüft von</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence</source>
        <translation>Nachweis</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-24"/>
        <location line="+27"/>
        <location line="+6"/>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Key role</source>
        <translation>Kernrolle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backup</source>
        <translation>Vertretung</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Milestone</source>
        <translation>Meilenstein</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>QA reviewer</source>
        <translation>QA-Prüfer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QA</source>
        <translation>QA</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Billable</source>
        <translation>Abrechenbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/engagements/view.py" line="+2"/>
        <source>Lead</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next milestone</source>
        <translation>Nächster Meilenstein</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/reports/view.py" line="-2"/>
        <source>Generated</source>
        <extracomment>The core order each sortable column asks for (the others sort by their own key).</extracomment>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../kpo_desk/ui/templates_dialog.py" line="-5"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/staff/view.py" line="+1"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignments</source>
        <translation>Zuweisungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key roles</source>
        <translation>Kernrollen</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/templates_dialog.py" line="+0"/>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Items</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
</context>
<context>
    <name>CommunicationDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/communications/entry.py" line="+55"/>
        <source>The client&apos;s time: {zone}</source>
        <translation>Zeit des Kunden: {zone}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My time: {zone}</source>
        <translation>Meine Zeit: {zone}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Log communication · {code}</source>
        <translation>Kommunikation erfassen · {code}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;{client}&lt;/b&gt;: it is now &lt;b&gt;{local_now:%a %H:%M}&lt;/b&gt; in {zone}.</source>
        <translation>&lt;b&gt;{client}&lt;/b&gt;: Dort ist es jetzt &lt;b&gt;{local_now:%a %H:%M}&lt;/b&gt; ({zone}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Working hours warning</source>
        <translation>Hinweis zur Arbeitszeit</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>That is {theirs:%a %H:%M} for the client ({zone_text}): outside their working hours.</source>
        <translation>Für den Kunden ist das {theirs:%a %H:%M} ({zone_text}): außerhalb seiner Arbeitszeit.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{theirs:%a %H:%M} for the client.</source>
        <translation>{theirs:%a %H:%M} beim Kunden.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Follow-up before the communication</source>
        <translation>Nachfassaktion vor der Kommunikation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The follow-up is due on {display_date}, before the communication itself ({display_date2}).

Save it with that follow-up date anyway?</source>
        <translation>Die Nachfassaktion ist am {display_date} fällig, vor der Kommunikation selbst ({display_date2}).

Trotzdem mit diesem Datum speichern?</translation>
    </message>
</context>
<context>
    <name>CommunicationLog</name>
    <message>
        <location filename="../../kpo_desk/ui/communications/view.py" line="-220"/>
        <source>Channel filter</source>
        <translation>Kanalfilter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All channels</source>
        <translation>Alle Kanäle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow-up filter</source>
        <translation>Nachfassaktionsfilter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every entry</source>
        <translation>Alle Einträge</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open follow-ups</source>
        <translation>Offene Nachfassaktionen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log communication…</source>
        <translation>Kommunikation erfassen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log a call, e-mail or meeting on this engagement</source>
        <translation>Einen Anruf, eine E-Mail oder ein Treffen zu diesem Mandat erfassen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import mail…</source>
        <translation>E-Mails importieren…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log .eml, .mbox or .msg files on this engagement (or drop them on the list)</source>
        <translation>.eml-, .mbox- oder .msg-Dateien zu diesem Mandat erfassen (oder auf die Liste ziehen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow-up done</source>
        <translation>Nachfassaktion erledigt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Communication text</source>
        <translation>Kommunikationstext</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Search words in subjects and bodies (prefixes, accents optional)</source>
        <translation>Wörter in Betreff und Text suchen (Wortanfänge, Akzente optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No communication matches.</source>
        <translation>Keine Kommunikation passt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing logged yet. Ctrl+L logs a call, mail or meeting.</source>
        <translation>Noch nichts erfasst. Strg+L erfasst einen Anruf, eine E-Mail oder ein Treffen.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Import mail</source>
        <translation>E-Mails importieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mail (*.eml *.mbox *.msg);;All files (*)</source>
        <translation>E-Mail (*.eml *.mbox *.msg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Importing mail…</source>
        <translation>E-Mails werden importiert…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>Mail import</source>
        <translation>E-Mail-Import</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>… and %Ln more file(s) under Show Details.</source>
        <translation>
            <numerusform>… und %Ln weitere Datei unter „Details anzeigen“.</numerusform>
            <numerusform>… und %Ln weitere Dateien unter „Details anzeigen“.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+39"/>
        <source>&lt;p&gt;&lt;b&gt;Follow-up:&lt;/b&gt; {due}{done}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Nachfassaktion:&lt;/b&gt; {due}{done}&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (done)</source>
        <translation> (erledigt)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} (us)</source>
        <translation>{name} (wir)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;p&gt;&lt;b&gt;Took part:&lt;/b&gt; {people}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Beteiligt:&lt;/b&gt; {people}&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · from {sender}</source>
        <translation> · von {sender}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shown in client reports.</source>
        <translation>Wird in Kundenberichten gezeigt.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not shown in client reports.</source>
        <translation>Wird in Kundenberichten nicht gezeigt.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select a communication to read it here, or press {keys} to log one.</source>
        <translation>Wählen Sie eine Kommunikation, um sie hier zu lesen, oder drücken Sie {keys}, um eine zu erfassen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a communication to read it here. To log one, open its engagement&apos;s Communications tab.</source>
        <translation>Wählen Sie eine Kommunikation, um sie hier zu lesen. Zum Erfassen öffnen Sie den Reiter „Kommunikation“ ihres Mandats.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Communication logged.</source>
        <translation>Kommunikation erfasst.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Follow-up on “{subject}” marked done.</source>
        <translation>Nachfassaktion zu „{subject}“ als erledigt markiert.</translation>
    </message>
</context>
<context>
    <name>Communications</name>
    <message>
        <location line="-209"/>
        <source> for the client</source>
        <translation> beim Kunden</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Shown in client reports</source>
        <translation>Wird in Kundenberichten gezeigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not shown in client reports</source>
        <translation>Wird in Kundenberichten nicht gezeigt</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Reading {file}…</source>
        <translation>{file} wird gelesen…</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>Mark the selected communication&apos;s follow-up done</source>
        <translation>Die Nachfassaktion der gewählten Kommunikation als erledigt markieren</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select a communication with an open follow-up to mark it done</source>
        <translation>Wählen Sie eine Kommunikation mit offener Nachfassaktion, um sie als erledigt zu markieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This communication has no follow-up: select one with an open follow-up</source>
        <translation>Diese Kommunikation hat keine Nachfassaktion: Wählen Sie eine mit offener Nachfassaktion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This follow-up was already done (due {due})</source>
        <translation>Diese Nachfassaktion ist bereits erledigt (fällig {due})</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Follow-up done</source>
        <translation>Nachfassaktion erledigt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{days} d</source>
        <translation>{days} T.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>today</source>
        <translation>heute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in {days} d</source>
        <translation>in {days} T.</translation>
    </message>
</context>
<context>
    <name>CommunicationsView</name>
    <message>
        <location line="+63"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open follow-ups</source>
        <translation>Offene Nachfassaktionen</translation>
    </message>
</context>
<context>
    <name>ComputerSettings</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/computer_settings.py" line="+84"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lock after idle minutes</source>
        <translation>Sperren nach Minuten ohne Eingabe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>Remember the passphrase on this computer</source>
        <translation>Passphrase auf diesem Computer merken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This store has no passphrase to remember.</source>
        <translation>Dieser Datenbestand hat keine Passphrase, die gespeichert werden könnte.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kept in the system&apos;s password store, never in a file. Anyone who can use this account then opens the store without it.</source>
        <translation>Im Passwortspeicher des Systems abgelegt, nie in einer Datei. Wer dieses Benutzerkonto verwenden kann, öffnet den Datenbestand dann ohne sie.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remember the passphrase: note</source>
        <translation>Passphrase merken: Hinweis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The window hides its content and asks for the passphrase after this long without a key press or a click.</source>
        <translation>Das Fenster verbirgt seinen Inhalt und fragt nach der Passphrase, wenn so lange keine Taste gedrückt und nicht geklickt wurde.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Applies once the store is encrypted (File ▸ Encrypt store…).</source>
        <translation>Gilt, sobald der Datenbestand verschlüsselt ist (Datei ▸ Datenbestand verschlüsseln…).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lock after:</source>
        <translation>Sperren nach:</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/common/conflict.py" line="+31"/>
        <source>Changed by someone else</source>
        <translation>Von jemand anderem geändert</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your changes cannot be saved. Copy anything you need from the form, then close it.</source>
        <translation>Ihre Änderungen können nicht gespeichert werden. Kopieren Sie, was Sie aus dem Formular brauchen, und schließen Sie es dann.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reload their version to see it (your changes in this form are dropped), or overwrite it with yours (the history records that you did).</source>
        <translation>Laden Sie die andere Fassung neu, um sie zu sehen (Ihre Änderungen in diesem Formular gehen verloren), oder überschreiben Sie sie mit Ihrer (der Verlauf hält das fest).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reload their version</source>
        <translation>Andere Fassung neu laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overwrite with mine</source>
        <translation>Mit meiner überschreiben</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Someone else</source>
        <translation>Jemand anderes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who} deleted this {record} after you opened it.</source>
        <translation>{who} hat diesen Datensatz ({record}) gelöscht, nachdem Sie ihn geöffnet haben.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{who} changed this {record} after you opened it.</source>
        <translation>{who} hat diesen Datensatz ({record}) geändert, nachdem Sie ihn geöffnet haben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{who} deleted this {record} at {time:%H:%M} after you opened it.</source>
        <translation>{who} hat diesen Datensatz ({record}) um {time:%H:%M} gelöscht, nachdem Sie ihn geöffnet haben.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{who} changed this {record} at {time:%H:%M} after you opened it.</source>
        <translation>{who} hat diesen Datensatz ({record}) um {time:%H:%M} geändert, nachdem Sie ihn geöffnet haben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who} deleted this {record} on {date} at {time:%H:%M} after you opened it.</source>
        <translation>{who} hat diesen Datensatz ({record}) am {date} um {time:%H:%M} gelöscht, nachdem Sie ihn geöffnet haben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who} changed this {record} on {date} at {time:%H:%M} after you opened it.</source>
        <translation>{who} hat diesen Datensatz ({record}) am {date} um {time:%H:%M} geändert, nachdem Sie ihn geöffnet haben.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/team/connect_dialog.py" line="+60"/>
        <source>Move this store to a team server</source>
        <translation>Datenbestand auf einen Team-Server verschieben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connect to a team server</source>
        <translation>Mit einem Team-Server verbinden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy this store, attachments included, into an empty database on a team server. The local store stays as it is.</source>
        <translation>Kopiert diesen Datenbestand samt Anhängen in eine leere Datenbank auf einem Team-Server. Der lokale Datenbestand bleibt, wie er ist.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the firm&apos;s shared store on its PostgreSQL server. You log in as yourself; the server decides what you may see and sign.</source>
        <translation>Öffnet den gemeinsamen Datenbestand der Firma auf ihrem PostgreSQL-Server. Sie melden sich als Sie selbst an; der Server entscheidet, was Sie sehen und abzeichnen dürfen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recent connections</source>
        <translation>Letzte Verbindungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>db.example.com, or a socket folder such as /run/postgresql</source>
        <translation>db.example.com oder ein Socket-Ordner wie /run/postgresql</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Login</source>
        <translation>Anmeldename</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty: use the remembered password or .pgpass</source>
        <translation>Leer: gemerktes Passwort oder .pgpass verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remember the password on this computer</source>
        <translation>Passwort auf diesem Computer merken</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recent:</source>
        <translation>Zuletzt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login:</source>
        <translation>Anmeldename:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS:</source>
        <translation>TLS:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move here</source>
        <translation>Hierher verschieben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>(a new connection)</source>
        <translation>(eine neue Verbindung)</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>The server wants a password for {login}: type it, or keep it in a .pgpass file.</source>
        <translation>Der Server verlangt ein Passwort für {login}: Geben Sie es ein oder hinterlegen Sie es in einer .pgpass-Datei.</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../kpo_desk/ui/dashboard/view.py" line="+7"/>
        <source>Double-click or press Enter to open its engagement.</source>
        <extracomment>What the attention list says under its summary line, on the dashboard and in Today.</extracomment>
        <translation>Doppelklicken oder Eingabe drücken öffnet das Mandat.</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location line="+33"/>
        <source>Attention summary</source>
        <extracomment>The figures on screen are fresh (tests and benchmarks wait for it). the risk grid&apos;s count labels by (likelihood, impact), and each figure grid&apos;s labels</extracomment>
        <translation>Zusammenfassung „Handlungsbedarf“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs attention</source>
        <translation>Handlungsbedarf</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Engagements by status</source>
        <translation>Mandate nach Status</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open engagements by service</source>
        <translation>Offene Mandate nach Leistung</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>IP-protection gaps, worst first</source>
        <translation>Lücken im IP-Schutz, die größten zuerst</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Portfolio compliance</source>
        <translation>Compliance des Portfolios</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open risks: likelihood × impact</source>
        <translation>Offene Risiken (W × A)</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Looking at every engagement…</source>
        <translation>Alle Mandate werden geprüft…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The dashboard could not be refreshed: {message}</source>
        <translation>Die Übersicht konnte nicht aktualisiert werden: {message}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No open engagements yet</source>
        <translation>Noch keine offenen Mandate</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&lt;small&gt;L ↓  I →&lt;/small&gt;</source>
        <translation>&lt;small&gt;W ↓  A →&lt;/small&gt;</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>{count} with likelihood {likelihood} and impact {impact}</source>
        <translation>{count} mit Wahrscheinlichkeit {likelihood} und Auswirkung {impact}</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <location filename="../../kpo_desk/ui/common/forms.py" line="+77"/>
        <location filename="../../kpo_desk/ui/common/words.py" line="+52"/>
        <source>d MMM yyyy</source>
        <translation>d. MMM yyyy</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <location filename="../../kpo_desk/ui/records.py" line="+227"/>
        <location line="+27"/>
        <source>Saved {label} {title}.</source>
        <translation>{label} {title} gespeichert.</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Edit {label} {title}</source>
        <translation>{label} {title} bearbeiten</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Edit {label}</source>
        <translation>{label} bearbeiten</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+11"/>
        <source>Delete {label}</source>
        <translation>{label} löschen</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Delete {label} “{title}”?

You can undo this with Ctrl+Z.</source>
        <translation>{label} „{title}“ löschen?

Mit Strg+Z können Sie das rückgängig machen.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Delete {label} {title}</source>
        <translation>{label} {title} löschen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleted {label} {title}. Ctrl+Z undoes it.</source>
        <translation>{label} {title} gelöscht. Strg+Z macht es rückgängig.</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../kpo_desk/ui/empty_state.py" line="+20"/>
        <source>&lt;h1&gt;Welcome to KPO Desk&lt;/h1&gt;</source>
        <translation>&lt;h1&gt;Willkommen bei KPO Desk&lt;/h1&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your store is empty. KPO Desk keeps your client engagements, their IP-protection checklists and every conversation with the client, and prints status reports.&lt;br&gt;&lt;br&gt;Start with your first client, or explore with a realistic sample firm.</source>
        <translation>Ihr Datenbestand ist leer. KPO Desk verwaltet Ihre Kundenmandate, ihre Checklisten zum IP-Schutz und jedes Gespräch mit dem Kunden und druckt Statusberichte.&lt;br&gt;&lt;br&gt;Beginnen Sie mit Ihrem ersten Kunden oder erkunden Sie eine realistische Beispielfirma.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load sample data</source>
        <translation>Beispieldaten laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New client…</source>
        <translation>Neuer Kunde…</translation>
    </message>
</context>
<context>
    <name>EncryptStoreDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/actions.py" line="-185"/>
        <source>Encrypt the store</source>
        <extracomment>Up to this stage, cancelling leaves the plain store exactly as it was (encrypt_store removes its work folder); from &quot;ready&quot; on the swap is finished whatever happens.</extracomment>
        <translation>Den Datenbestand verschlüsseln</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>KPO Desk will make an encrypted copy of the store and its attachments, check it, put it in place of the plain store, and then overwrite and delete the plain files. From then on the store opens only with the passphrase. Your data stays as it is.</source>
        <translation>KPO Desk erstellt eine verschlüsselte Kopie des Datenbestands und seiner Anhänge, prüft sie, setzt sie an die Stelle des unverschlüsselten Bestands und überschreibt und löscht dann die unverschlüsselten Dateien. Danach öffnet sich der Datenbestand nur noch mit der Passphrase. Ihre Daten bleiben, wie sie sind.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On an SSD, overwriting a file does not guarantee that its old contents are gone; use the computer&apos;s full-disk encryption as well.</source>
        <translation>Auf einer SSD garantiert das Überschreiben nicht, dass der alte Inhalt weg ist; nutzen Sie zusätzlich die Festplattenverschlüsselung des Computers.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Encrypt</source>
        <translation>Verschlüsseln</translation>
    </message>
</context>
<context>
    <name>EngagementDetail</name>
    <message>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-41"/>
        <source>Engagement detail</source>
        <translation>Mandatsdetails</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Move to…</source>
        <translation>Setzen auf…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move milestone</source>
        <translation>Meilenstein weitersetzen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>QA result…</source>
        <translation>QA-Ergebnis…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record QA result</source>
        <translation>QA-Ergebnis erfassen</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No history yet.</source>
        <translation>Noch kein Verlauf.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Overview</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Milestones</source>
        <translation>&amp;Meilensteine</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Checklist</source>
        <translation>&amp;Checkliste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Co&amp;mmunications</source>
        <translation>Ko&amp;mmunikation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Risks</source>
        <translation>&amp;Risiken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;ime</source>
        <translation>&amp;Zeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;ports</source>
        <translation>&amp;Berichte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move status…</source>
        <translation>Status ändern…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move the engagement along its life cycle, from any of its tabs</source>
        <translation>Das Mandat im Lebenszyklus weitersetzen, aus jedem seiner Reiter</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{code} cannot move any further.</source>
        <translation>{code} kann nicht weitergesetzt werden.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Select a milestone first</source>
        <translation>Zuerst einen Meilenstein wählen</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+10"/>
        <source>Milestone not moved</source>
        <translation>Meilenstein nicht geändert</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Deliver without a QA pass</source>
        <translation>Ohne bestandene QA liefern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to {label} anyway</source>
        <translation>Trotzdem auf {label} setzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To deliver anyway, give the reason. It is kept in the history (audited).</source>
        <translation>Um trotzdem zu liefern, geben Sie den Grund an. Er wird im Verlauf festgehalten (revisionssicher).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Milestone moved to {label}.</source>
        <translation>Meilenstein auf {label} gesetzt.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>QA result · {title}</source>
        <translation>QA-Ergebnis · {title}</translation>
    </message>
</context>
<context>
    <name>EngagementReportsTab</name>
    <message>
        <location filename="../../kpo_desk/ui/reports/view.py" line="+39"/>
        <source>Generate report…</source>
        <translation>Bericht erstellen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate report</source>
        <translation>Bericht erstellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen</source>
        <translation>Erneut öffnen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No report yet. “Generate report…” makes the first.</source>
        <translation>Noch kein Bericht. „Bericht erstellen…“ erstellt den ersten.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source> It is protected by the password you gave: send that another way.</source>
        <translation> Er ist mit dem angegebenen Passwort geschützt: Senden Sie dieses auf anderem Weg.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recorded in the report history. Print it, or save it to send.</source>
        <translation>Im Berichtsverlauf festgehalten. Drucken Sie ihn oder speichern Sie ihn zum Versenden.</translation>
    </message>
</context>
<context>
    <name>EngagementsView</name>
    <message>
        <location filename="../../kpo_desk/ui/engagements/view.py" line="+43"/>
        <source>Status filter</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open work</source>
        <translation>Offene Arbeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Service filter</source>
        <translation>Leistungsfilter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All services</source>
        <translation>Alle Leistungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Client filter</source>
        <translation>Kundenfilter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead filter</source>
        <translation>Leitungsfilter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New engagement…</source>
        <translation>Neues Mandat…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create an engagement for a client</source>
        <translation>Ein Mandat für einen Kunden anlegen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select an engagement in the list above to see and edit it here, or press {keys} to create one.</source>
        <translation>Wählen Sie oben ein Mandat, um es hier zu sehen und zu bearbeiten, oder drücken Sie {keys}, um eines anzulegen.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New engagement</source>
        <translation>Neues Mandat</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No engagement matches. Clear the filters, or create one with Ctrl+N.</source>
        <translation>Kein Mandat passt. Leeren Sie die Filter oder legen Sie eines mit Strg+N an.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No engagements yet. Create the first with Ctrl+N.</source>
        <translation>Noch keine Mandate. Legen Sie das erste mit Strg+N an.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>All clients</source>
        <translation>Alle Kunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All leads</source>
        <translation>Alle Leitenden</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>No engagement selected</source>
        <translation>Kein Mandat ausgewählt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filter by code, title or client  (Ctrl+F)</source>
        <translation>Kürzel, Titel, Kunde  (Strg+F)</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/error_dialog.py" line="+29"/>
        <source>KPO Desk ran into an unexpected problem and could not finish what you asked. What was saved before stays saved.</source>
        <translation>KPO Desk ist auf ein unerwartetes Problem gestoßen und konnte den Auftrag nicht abschließen. Was vorher gespeichert war, bleibt gespeichert.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The details are also in the log: {path}</source>
        <translation>Die Einzelheiten stehen auch im Protokoll: {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Copy details</source>
        <translation>Details kopieren</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>FieldForm</name>
    <message>
        <location filename="../../kpo_desk/ui/common/forms.py" line="+80"/>
        <source>{label} error</source>
        <translation>{label} Fehler</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{label} currency</source>
        <translation>{label} Währung</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Type a city, such as Shanghai</source>
        <translation>Eine Stadt eingeben, etwa Shanghai</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. 1,000,000</source>
        <translation>z. B. 1.000.000</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse for {label}</source>
        <translation>{label} auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the {lower} on this computer</source>
        <translation>{lower} auf diesem Computer auswählen</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../kpo_desk/ui/communications/entry.py" line="-72"/>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kpo_desk/ui/records.py" line="-137"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>HH:MM</source>
        <translation>HH:MM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time zone of that time</source>
        <translation>Zeitzone dieser Uhrzeit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>With (client side)</source>
        <translation>Mit (Kundenseite)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>With (our side)</source>
        <translation>Mit (unsere Seite)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Who of the firm took part</source>
        <translation>Wer von der Firma teilnahm</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kpo_desk/ui/records.py" line="-57"/>
        <location line="+6"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../kpo_desk/ui/records.py" line="-6"/>
        <location line="+6"/>
        <source>en, de, ja …</source>
        <translation>en, de, ja …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow-up due</source>
        <translation>Nachfassaktion fällig</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kpo_desk/ui/records.py" line="+46"/>
        <location line="+18"/>
        <source>Client report</source>
        <translation>Kundenbericht</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../kpo_desk/ui/records.py" line="-18"/>
        <location line="+18"/>
        <source>Show in client reports</source>
        <translation>In Kundenberichten zeigen</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/engagements/checklist_tab.py" line="+138"/>
        <source>Done by</source>
        <translation>Erledigt von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proposed: the item&apos;s owner, or else the engagement&apos;s lead</source>
        <translation>Vorschlag: der Verantwortliche des Punkts, sonst die Mandatsleitung</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-2"/>
        <location filename="../../kpo_desk/ui/records.py" line="-12"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence file</source>
        <translation>Nachweisdatei</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copied into the store, named by its SHA-256</source>
        <translation>In den Datenbestand kopiert, benannt nach seinem SHA-256</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence expires</source>
        <translation>Nachweis läuft ab</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Verified by</source>
        <translation>Geprüft von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only people other than its owner and the person who did it (four eyes)</source>
        <translation>Nur andere Personen als der Verantwortliche und die ausführende Person (vier Augen)</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-211"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-2"/>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The override ends after this day</source>
        <translation>Die manuelle Einstufung endet nach diesem Tag</translation>
    </message>
    <message>
        <location line="+206"/>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../kpo_desk/ui/records.py" line="-7"/>
        <source>Someone other than the author</source>
        <translation>Jemand anderes als der Autor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/records.py" line="-53"/>
        <location line="+6"/>
        <location line="+7"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Industry</source>
        <translation>Branche</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>IANA name, such as Asia/Tokyo</source>
        <translation>IANA-Name, etwa Asia/Tokyo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+7"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+7"/>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred channel</source>
        <translation>Bevorzugter Kanal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave empty to use the client&apos;s time zone</source>
        <translation>Leer lassen, um die Zeitzone des Kunden zu verwenden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Works at the firm now</source>
        <translation>Arbeitet derzeit in der Firma</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Left empty, one is made up: {code}</source>
        <translation>Leer gelassen, wird eines erzeugt: {code}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+24"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Code</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Left empty, one is made up</source>
        <translation>Leer gelassen, wird eines vergeben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Service</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed</source>
        <translation>Signiert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target end</source>
        <translation>Geplantes Ende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fee model</source>
        <translation>Honorarmodell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Budget (hours)</source>
        <translation>Budget (Stunden)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Budget (money)</source>
        <translation>Budget (Betrag)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confidentiality</source>
        <translation>Vertraulichkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+28"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Staff member</source>
        <translation>Mitarbeiter/in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role on the engagement</source>
        <translation>Rolle im Mandat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key role</source>
        <translation>Kernrolle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Losing this person would hurt the engagement</source>
        <translation>Der Ausfall dieser Person würde dem Mandat schaden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backup</source>
        <translation>Vertretung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QA reviewer</source>
        <translation>QA-Prüfer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billable</source>
        <translation>Abrechenbar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Billable to the client</source>
        <translation>Dem Kunden verrechenbar</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Likelihood (1–5)</source>
        <translation>Wahrscheinlichkeit (1–5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact (1–5)</source>
        <translation>Auswirkung (1–5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mitigation</source>
        <translation>Minderung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/settings_dialog.py" line="+20"/>
        <source>Firm name</source>
        <translation>Firmenname</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed in the header of every report</source>
        <translation>Steht im Kopf jedes Berichts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written into the audit trail with every change you make</source>
        <translation>Wird bei jeder Ihrer Änderungen ins Prüfprotokoll geschrieben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logo file</source>
        <translation>Logodatei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG or JPEG, printed on reports</source>
        <translation>PNG oder JPEG, wird auf Berichte gedruckt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report accent colour</source>
        <translation>Akzentfarbe der Berichte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default currency</source>
        <translation>Standardwährung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your mail domains</source>
        <translation>Ihre E-Mail-Domains</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>example.com, example.co.uk</source>
        <translation>beispiel.de, beispiel.ch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mail from these domains is logged as outbound</source>
        <translation>E-Mails von diesen Domains werden als ausgehend erfasst</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/common/forms.py" line="-180"/>
        <source>e.g. 29 May 2026</source>
        <extracomment>``check(values) -&gt; every problem core finds in them`` (a dry run that saves nothing).</extracomment>
        <translation>z. B. 29. Mai 2026</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/reports/dialog.py" line="+26"/>
        <source>Period from</source>
        <translation>Zeitraum von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Period to</source>
        <translation>Zeitraum bis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last report&apos;s recipient, else the client&apos;s main contact</source>
        <translation>Der Empfänger des letzten Berichts, sonst der Hauptkontakt des Kunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Executive summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written for this report; kept with its record</source>
        <translation>Für diesen Bericht geschrieben; wird mit seinem Eintrag aufbewahrt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF password</source>
        <translation>PDF-Passwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encrypts the PDF (AES-256) for sending by e-mail; send the password another way</source>
        <translation>Verschlüsselt das PDF (AES-256) für den Versand per E-Mail; das Passwort auf anderem Weg mitteilen</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/first_start.py" line="+40"/>
        <source>Welcome to KPO Desk</source>
        <translation>Willkommen bei KPO Desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First start</source>
        <translation>Erster Start</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Protect the client data on this computer&lt;/b&gt;</source>
        <translation>&lt;b&gt;Die Kundendaten auf diesem Computer schützen&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KPO Desk will keep everything in one file: {store_path}</source>
        <translation>KPO Desk speichert alles in einer Datei: {store_path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Protect this store with a passphrase (recommended)</source>
        <translation>Diesen Datenbestand mit einer Passphrase schützen (empfohlen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No passphrase</source>
        <translation>Keine Passphrase</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The store, its attachments and its backups are encrypted: a lost or stolen laptop gives nothing away. You type the passphrase when KPO Desk starts, and after it has locked itself while you were away.</source>
        <translation>Der Datenbestand, seine Anhänge und seine Sicherungen werden verschlüsselt: Ein verlorener oder gestohlener Laptop gibt nichts preis. Sie geben die Passphrase beim Start von KPO Desk ein und nachdem es sich in Ihrer Abwesenheit gesperrt hat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anyone who can read this computer&apos;s files can read every client&apos;s data. Protection can be turned on later (File ▸ Encrypt store…).</source>
        <translation>Wer die Dateien dieses Computers lesen kann, kann die Daten aller Kunden lesen. Der Schutz lässt sich später einschalten (Datei ▸ Datenbestand verschlüsseln…).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
<context>
    <name>FollowUpList</name>
    <message>
        <location filename="../../kpo_desk/ui/communications/view.py" line="-56"/>
        <source>Mark done</source>
        <translation>Als erledigt markieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark follow-up done</source>
        <translation>Nachfassaktion als erledigt markieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open engagement</source>
        <translation>Mandat öffnen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{count}, {late:,} overdue.</source>
        <translation>{count}, {late:,} überfällig.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Follow-up “{subject}” marked done.</source>
        <translation>Nachfassaktion „{subject}“ als erledigt markiert.</translation>
    </message>
</context>
<context>
    <name>Gates</name>
    <message numerus="yes">
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-377"/>
        <source>{code} cannot move to {status} yet: %Ln gate item(s) not done and verified.</source>
        <translation>
            <numerusform>{code} kann noch nicht zu {status} wechseln: %Ln Punkt der Freigabestufe ist nicht erledigt und geprüft.</numerusform>
            <numerusform>{code} kann noch nicht zu {status} wechseln: %Ln Punkte der Freigabestufe sind nicht erledigt und geprüft.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kpo_desk/ui/engagements/checklist_tab.py" line="-139"/>
        <source>Moving to {status} needs %Ln gate item(s) done and verified:</source>
        <translation>
            <numerusform>Für den Wechsel zu {status} muss %Ln Punkt der Freigabestufe erledigt und geprüft sein:</numerusform>
            <numerusform>Für den Wechsel zu {status} müssen %Ln Punkte der Freigabestufe erledigt und geprüft sein:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GenerateReport</name>
    <message>
        <location filename="../../kpo_desk/ui/reports/dialog.py" line="+22"/>
        <source>Generate report · {code}</source>
        <extracomment>Columns of section check boxes: three fit the smallest screen (1024 px) with every title whole. The width asked for: room for the section titles; fit_to_screen keeps it on a small screen.</extracomment>
        <translation>Bericht erstellen · {code}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The report holds only what is marked visible to the client. The period starts after the last report, or covers 30 days.</source>
        <translation>Der Bericht enthält nur, was für den Kunden sichtbar markiert ist. Der Zeitraum beginnt nach dem letzten Bericht oder umfasst 30 Tage.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generate</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sections</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Report language</source>
        <translation>Berichtssprache</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>There is no {language} translation of the report yet; it will be in English.</source>
        <translation>Für {language} gibt es noch keine Übersetzung des Berichts; er wird auf Englisch erstellt.</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-13"/>
        <source>Red</source>
        <extracomment>The health words (core&apos;s ``health.status`` values), as the GUI shows them.</extracomment>
        <translation>Rot</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amber</source>
        <translation>Gelb</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Green</source>
        <translation>Grün</translation>
    </message>
    <message>
        <location line="+246"/>
        <source> &lt;i&gt;(set by hand: {reason})&lt;/i&gt;</source>
        <translation> &lt;i&gt;(von Hand gesetzt: {reason})&lt;/i&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Health: &lt;span style=&apos;color:{colour}&apos;&gt;{status}&lt;/span&gt;&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zustand: &lt;span style=&apos;color:{colour}&apos;&gt;{status}&lt;/span&gt;&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · nothing to report</source>
        <translation> · nichts zu melden</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/engagements/view.py" line="-93"/>
        <source>Health: {status}</source>
        <translation>Zustand: {status}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (manual override)</source>
        <translation> (manuell übersteuert)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Override: {reason}</source>
        <translation>Übersteuerung: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Health: {status}, nothing to report</source>
        <translation>Zustand: {status}, nichts zu melden</translation>
    </message>
</context>
<context>
    <name>LanguageChoice</name>
    <message>
        <location filename="../../kpo_desk/ui/settings_dialog.py" line="+10"/>
        <location line="+2"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new language takes effect when KPO Desk starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von KPO Desk.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Window language</source>
        <translation>Sprache der Oberfläche</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The new language takes effect when KPO Desk starts again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von KPO Desk.</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../../kpo_desk/ui/common/pages.py" line="+50"/>
        <source>Filter {lower}</source>
        <translation>{lower} filtern</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{name}: empty</source>
        <translation>{name}: leer</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>{total:,} shown</source>
        <translation>{total:,} angezeigt</translation>
    </message>
</context>
<context>
    <name>LockCover</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/autolock.py" line="+41"/>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>KPO Desk is locked</source>
        <translation>KPO Desk ist gesperrt</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kpo_desk/ui/main_window.py" line="+36"/>
        <source>Dashboard</source>
        <extracomment>The views&apos; names as shown (VIEWS are also the keys kept in QSettings, so they stay English).</extracomment>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engagements</source>
        <translation>Mandate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clients</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Communications</source>
        <translation>Kommunikation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staff</source>
        <translation>Mitarbeitende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Navigation</source>
        <extracomment>Where each view&apos;s class lives. A view is built the first time it is shown, so that start-up builds (and imports) only the one the window opens on. The window&apos;s size on first start, on a screen with room for it. A screen smaller than this opens the window maximised on first start.</extracomment>
        <translation>Navigation</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+19"/>
        <source>Opening the store…</source>
        <translation>Datenbestand wird geöffnet…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store path</source>
        <translation>Pfad des Datenbestands</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Store: {path}</source>
        <translation>Datenbestand: {path}</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>New client…</source>
        <translation>Neuer Kunde…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a client, with its time zone and language</source>
        <translation>Einen Kunden mit Zeitzone und Sprache anlegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New engagement…</source>
        <translation>Neues Mandat…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create an engagement for a client</source>
        <translation>Ein Mandat für einen Kunden anlegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load &amp;sample data</source>
        <translation>&amp;Beispieldaten laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill this empty store with a realistic sample firm</source>
        <translation>Diesen leeren Datenbestand mit einer realistischen Beispielfirma füllen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Firm name, your name, logo, report colour, currency</source>
        <translation>Firmenname, Ihr Name, Logo, Berichtsfarbe, Währung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checklist &amp;templates…</source>
        <translation>Checklisten-&amp;Vorlagen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which file each checklist template comes from, and whether it is valid</source>
        <translation>Aus welcher Datei jede Checklisten-Vorlage stammt und ob sie gültig ist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Back up now…</source>
        <translation>Jetzt &amp;sichern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save a verified backup of the store and its attachments</source>
        <translation>Eine geprüfte Sicherung des Datenbestands und seiner Anhänge speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Restore from backup…</source>
        <translation>Aus Sicherung &amp;wiederherstellen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the store with a backup; the current one is kept aside</source>
        <translation>Den Datenbestand durch eine Sicherung ersetzen; der aktuelle wird beiseitegelegt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the store as JSON, CSV tables or a calendar (not encrypted)</source>
        <translation>Den Datenbestand als JSON, CSV-Tabellen oder Kalender schreiben (unverschlüsselt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;ncrypt store…</source>
        <translation>Datenbestand &amp;verschlüsseln…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protect this store, its attachments and backups with a passphrase</source>
        <translation>Diesen Datenbestand, seine Anhänge und Sicherungen mit einer Passphrase schützen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change &amp;passphrase…</source>
        <translation>&amp;Passphrase ändern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change the store&apos;s passphrase; the recovery key stays valid</source>
        <translation>Die Passphrase des Datenbestands ändern; der Wiederherstellungsschlüssel bleibt gültig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lock now</source>
        <translation>Jetzt s&amp;perren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide the window&apos;s content until the passphrase is typed</source>
        <translation>Den Fensterinhalt verbergen, bis die Passphrase eingegeben ist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect to &amp;team server…</source>
        <translation>Mit &amp;Team-Server verbinden…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the firm&apos;s shared store on its PostgreSQL server, logged in as yourself</source>
        <translation>Den gemeinsamen Datenbestand der Firma auf ihrem PostgreSQL-Server öffnen, angemeldet als Sie selbst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Move this store to a team server…</source>
        <translation>Datenbestand auf Team-Server &amp;verschieben…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy this store, attachments included, into an empty team server database</source>
        <translation>Diesen Datenbestand samt Anhängen in eine leere Datenbank auf einem Team-Server kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quit KPO Desk</source>
        <translation>KPO Desk beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Filter this list</source>
        <translation>Diese Liste &amp;filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type to filter the current list</source>
        <translation>Tippen, um die aktuelle Liste zu filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search everything…</source>
        <translation>&amp;Alles durchsuchen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find clients, engagements, contacts and communications</source>
        <translation>Kunden, Mandate, Kontakte und Kommunikation finden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload everything from the store</source>
        <translation>Alles neu aus dem Datenbestand laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show dashboard</source>
        <translation>Übersicht anzeigen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show engagements</source>
        <translation>Mandate anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show clients</source>
        <translation>Kunden anzeigen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show communications</source>
        <translation>Kommunikation anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show staff</source>
        <translation>Mitarbeitende anzeigen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show reports</source>
        <translation>Berichte anzeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every shortcut on one page</source>
        <translation>Alle Tastenkürzel auf einer Seite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About KPO Desk</source>
        <translation>Ü&amp;ber KPO Desk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version and licences</source>
        <translation>Version und Lizenzen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Sample data</source>
        <translation>Beispieldaten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sample firm loaded: {engagements} engagements, {communications} communications.</source>
        <translation>Beispielfirma geladen: {engagements} Mandate, {communications} Kommunikationen.</translation>
    </message>
</context>
<context>
    <name>NewPassphrase</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/fields.py" line="+59"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type it again</source>
        <translation>Noch einmal eingeben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Passphrase strength</source>
        <translation>Stärke der Passphrase</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{label}:</source>
        <translation>{label}:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type it again:</source>
        <translation>Noch einmal eingeben:</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Four or five unrelated words make a strong passphrase that is easy to remember.</source>
        <translation>Vier oder fünf unzusammenhängende Wörter ergeben eine starke Passphrase, die leicht zu merken ist.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type a passphrase.</source>
        <translation>Geben Sie eine Passphrase ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two passphrases differ; type the same one twice.</source>
        <translation>Die beiden Passphrasen unterscheiden sich; geben Sie zweimal dieselbe ein.</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-293"/>
        <source>Why the move was refused</source>
        <translation>Warum der Schritt abgelehnt wurde</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reason for the override</source>
        <translation>Grund für die manuelle Einstufung</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <location line="+72"/>
        <source>Engagement heading</source>
        <translation>Mandatsüberschrift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to…</source>
        <translation>Setzen auf…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change status</source>
        <translation>Status ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the engagement along its life cycle (Ctrl+M, from any tab)</source>
        <translation>Das Mandat im Lebenszyklus weitersetzen (Strg+M, aus jedem Reiter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>More…</source>
        <translation>Mehr…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More engagement actions</source>
        <translation>Weitere Mandatsaktionen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Override health…</source>
        <translation>Zustand manuell setzen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear health override</source>
        <translation>Manuellen Gesundheitsstatus aufheben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re-apply checklist template</source>
        <translation>Checklisten-Vorlage erneut anwenden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Engagement facts</source>
        <translation>Mandatsdaten</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+137"/>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="-134"/>
        <source>Save changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save engagement</source>
        <translation>Mandat speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save (Ctrl+S)</source>
        <translation>Speichern (Strg+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>&lt;span style=&apos;font-size:16pt; font-weight:600&apos;&gt;{code}&lt;/span&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;font-size:12pt&apos;&gt;{title}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;font-size:16pt; font-weight:600&apos;&gt;{code}&lt;/span&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;font-size:12pt&apos;&gt;{title}&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>logged {hours} h of {budget} h</source>
        <translation>{hours} h von {budget} h erfasst</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>compliance {summary}</source>
        <translation>Konformität {summary}</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Template re-applied: {added} added, {updated} updated; existing items kept their state and evidence.</source>
        <translation>Vorlage erneut angewendet: {added} hinzugefügt, {updated} aktualisiert; bestehende Punkte behalten Stand und Nachweis.</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Engagement saved.</source>
        <translation>Mandat gespeichert.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Override health</source>
        <translation>Zustand manuell setzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A manual health status needs a reason and an end date; both are audited.</source>
        <translation>Ein manueller Gesundheitsstatus braucht einen Grund und ein Enddatum; beides wird protokolliert.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Checklist template</source>
        <translation>Checklisten-Vorlage</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+11"/>
        <source>Status not changed</source>
        <translation>Status nicht geändert</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Gate items are open</source>
        <translation>Punkte der Freigabestufe sind offen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to {label} anyway</source>
        <translation>Trotzdem auf {label} setzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To move anyway, give the reason for the override. It is kept in the history (audited).</source>
        <translation>Um trotzdem weiterzusetzen, geben Sie den Grund für die Übersteuerung an. Er wird im Verlauf festgehalten (revisionssicher).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{code} moved to {label}.</source>
        <translation>{code} auf {label} gesetzt.</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <location filename="../../kpo_desk/ui/palette.py" line="+26"/>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Engagement</source>
        <translation>Mandat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Communication</source>
        <translation>Kommunikation</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/team/connect_dialog.py" line="+36"/>
        <source>Log in to the team server</source>
        <translation>Am Team-Server anmelden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The team server at {where} wants the password of this login.</source>
        <translation>Der Team-Server unter {where} verlangt das Passwort dieses Anmeldenamens.</translation>
    </message>
</context>
<context>
    <name>PdfPagesView</name>
    <message>
        <location filename="../../kpo_desk/ui/common/pdf_pages.py" line="+61"/>
        <source>Page {number} of {total}</source>
        <extracomment>The gap between pages on screen, in pixels.</extracomment>
        <translation>Seite {number} von {total}</translation>
    </message>
</context>
<context>
    <name>PlainBackupsDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/actions.py" line="+93"/>
        <source>Earlier backups are not encrypted</source>
        <translation>Frühere Sicherungen sind nicht verschlüsselt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These {count} automatic backups were taken before the store was encrypted, so anyone who gets them can read them. Delete them now (they are overwritten, then deleted), or keep them somewhere as safe as the data.</source>
        <translation>Diese {count} automatischen Sicherungen entstanden vor der Verschlüsselung; wer sie bekommt, kann sie lesen. Löschen Sie sie jetzt (sie werden überschrieben, dann gelöscht), oder bewahren Sie sie so sicher auf wie die Daten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plain backups</source>
        <translation>Unverschlüsselte Sicherungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete them</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep them</source>
        <translation>Behalten</translation>
    </message>
</context>
<context>
    <name>Protection</name>
    <message>
        <location line="-137"/>
        <source>Putting the encrypted store in place…</source>
        <extracomment>encrypt_store&apos;s stages, each with what comes next (the progress dialog&apos;s text).</extracomment>
        <translation>Der verschlüsselte Datenbestand wird eingesetzt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copying the database into the encrypted store…</source>
        <translation>Die Datenbank wird in den verschlüsselten Datenbestand kopiert…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encrypting the attachments…</source>
        <translation>Die Anhänge werden verschlüsselt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking the encrypted copy: integrity, row counts, every attachment…</source>
        <translation>Die verschlüsselte Kopie wird geprüft: Integrität, Zeilenzahlen, jeder Anhang…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Overwriting and deleting the plain files…</source>
        <translation>Die unverschlüsselten Dateien werden überschrieben und gelöscht…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <location line="+53"/>
        <location line="+51"/>
        <source>Encrypt store</source>
        <translation>Datenbestand verschlüsseln</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>This store is already encrypted.</source>
        <translation>Dieser Datenbestand ist bereits verschlüsselt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This window has the store open read-only; encrypt it from the window that has it open for writing.</source>
        <translation>Dieses Fenster hat den Datenbestand schreibgeschützt geöffnet; verschlüsseln Sie ihn aus dem Fenster, das ihn zum Schreiben geöffnet hat.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Encryption was cancelled; the store was not changed.</source>
        <translation>Die Verschlüsselung wurde abgebrochen; der Datenbestand wurde nicht geändert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deriving the key from the passphrase…</source>
        <translation>Der Schlüssel wird aus der Passphrase abgeleitet…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>KPO Desk</source>
        <translation>KPO Desk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{exc}

Start KPO Desk again to open the store.</source>
        <translation>{exc}

Starten Sie KPO Desk neu, um den Datenbestand zu öffnen.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Encrypting the store…</source>
        <translation>Der Datenbestand wird verschlüsselt…</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Earlier backups</source>
        <translation>Frühere Sicherungen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{count} of the backups could not be deleted, for example {example}; delete them by hand.</source>
        <translation>{count} der Sicherungen konnten nicht gelöscht werden, zum Beispiel {example}; löschen Sie sie von Hand.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Change passphrase</source>
        <translation>Passphrase ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This store has no passphrase; File ▸ Encrypt store… protects it with one.</source>
        <translation>Dieser Datenbestand hat keine Passphrase; Datei ▸ Datenbestand verschlüsseln… schützt ihn mit einer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This window has the store open read-only.</source>
        <translation>Dieses Fenster hat den Datenbestand schreibgeschützt geöffnet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The passphrase was changed; the recovery key still works.</source>
        <translation>Die Passphrase wurde geändert; der Wiederherstellungsschlüssel gilt weiter.</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/protection/export.py" line="+20"/>
        <source>Everything, attachments included (*.zip)</source>
        <translation>Alles, mit Anhängen (*.zip)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tables as CSV files, in a folder (*)</source>
        <translation>Tabellen als CSV-Dateien, in einem Ordner (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow-ups and milestones as a calendar (*.ics)</source>
        <translation>Nachfassaktionen und Meilensteine als Kalender (*.ics)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The store is encrypted, but this export is not: anyone who gets {file_name} can read every client&apos;s data in it. Keep it somewhere as safe as the store, and delete it when you are done.</source>
        <translation>Der Datenbestand ist verschlüsselt, dieser Export aber nicht: Wer {file_name} erhält, kann die Daten aller Kunden darin lesen. Bewahren Sie ihn so sicher auf wie den Datenbestand und löschen Sie ihn, wenn Sie fertig sind.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export the store</source>
        <translation>Datenbestand exportieren</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This export is not encrypted</source>
        <translation>Dieser Export ist nicht verschlüsselt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export anyway</source>
        <translation>Trotzdem exportieren</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Nothing was exported.</source>
        <translation>Es wurde nichts exportiert.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> It is not encrypted.</source>
        <translation> Er ist nicht verschlüsselt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported to {written}.{note}</source>
        <translation>Exportiert nach {written}.{note}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exporting…</source>
        <translation>Export läuft…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/protection/autolock.py" line="-13"/>
        <source>KPO Desk (locked)</source>
        <extracomment>Input that counts as &quot;someone is here&quot;.</extracomment>
        <translation>KPO Desk (gesperrt)</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/protection/fields.py" line="-65"/>
        <source>Message</source>
        <extracomment>Strength level -&gt; semantic colour of its hint.</extracomment>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/protection/first_start.py" line="-34"/>
        <source>If you forget the passphrase and lose the recovery key as well, the data is gone: nobody can get it back, not even the makers of KPO Desk. The next step shows the recovery key, once, to print or save.</source>
        <extracomment>Shown through translate(&quot;Protection&quot;, LOST_MEANS_GONE).</extracomment>
        <translation>Wenn Sie die Passphrase vergessen und auch den Wiederherstellungsschlüssel verlieren, sind die Daten verloren: Niemand kann sie zurückholen, auch nicht die Hersteller von KPO Desk. Der nächste Schritt zeigt den Wiederherstellungsschlüssel einmal an, zum Drucken oder Speichern.</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/protection/guard.py" line="+59"/>
        <source>An unexpected {error} stopped this; its details were left out because they held the passphrase or the recovery key.</source>
        <translation>Ein unerwarteter Fehler ({error}) hat dies abgebrochen; seine Einzelheiten wurden weggelassen, weil sie die Passphrase oder den Wiederherstellungsschlüssel enthielten.</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/protection/opening.py" line="+73"/>
        <source>The passphrase remembered on this computer no longer opens this store, so it was forgotten. Type the passphrase.</source>
        <translation>Die auf diesem Computer gespeicherte Passphrase öffnet diesen Datenbestand nicht mehr und wurde daher vergessen. Geben Sie die Passphrase ein.</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/protection/remembered.py" line="+52"/>
        <source>This computer has no password store (keyring) that KPO Desk can use, so the passphrase cannot be remembered here.</source>
        <translation>Dieser Computer hat keinen Passwortspeicher (Keyring), den KPO Desk nutzen kann; die Passphrase kann hier daher nicht gespeichert werden.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The system&apos;s password store refused to keep the passphrase ({error}); it is not remembered.</source>
        <translation>Der Passwortspeicher des Systems hat die Passphrase nicht angenommen ({error}); sie wird nicht gespeichert.</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/common/forms.py" line="+346"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save (Ctrl+S or Ctrl+Enter)</source>
        <translation>Speichern (Strg+S oder Strg+Eingabe)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Fields marked * are required.</source>
        <translation>Mit * markierte Felder sind Pflichtfelder.</translation>
    </message>
</context>
<context>
    <name>RecordTab</name>
    <message>
        <location filename="../../kpo_desk/ui/engagements/tabs.py" line="+112"/>
        <source>{new}…</source>
        <translation>{new}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit {label}</source>
        <translation>{label} bearbeiten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {label}</source>
        <translation>{label} löschen</translation>
    </message>
</context>
<context>
    <name>Records</name>
    <message>
        <location line="-32"/>
        <source>No assignments yet. Use “New assignment…” to add one.</source>
        <extracomment>A tab&apos;s words when it has no rows yet (the English ones as &quot;No {label}s yet…&quot; wrote them).</extracomment>
        <translation>Noch keine Zuordnungen. Mit „Neue Zuordnung…“ fügen Sie eine hinzu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No milestones yet. Use “New milestone…” to add one.</source>
        <translation>Noch keine Meilensteine. Mit „Neuer Meilenstein…“ fügen Sie einen hinzu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No risks yet. Use “New risk…” to add one.</source>
        <translation>Noch keine Risiken. Mit „Neues Risiko…“ fügen Sie eines hinzu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No time entrys yet. Use “New time entry…” to add one.</source>
        <translation>Noch keine Zeiteinträge. Mit „Neuer Zeiteintrag…“ fügen Sie einen hinzu.</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/records.py" line="-111"/>
        <source>client</source>
        <extracomment>Each kind&apos;s name as the GUI shows it (``RecordKind.label`` stays English: core&apos;s messages use it).</extracomment>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>staff member</source>
        <translation>Mitarbeiter/in</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>engagement</source>
        <translation>Mandat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assignment</source>
        <translation>Zuordnung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>milestone</source>
        <translation>Meilenstein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>time entry</source>
        <translation>Zeiteintrag</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New client</source>
        <extracomment>&quot;New &lt;kind&gt;&quot; whole, since the adjective agrees with the noun in other languages (&quot;Neues Mandat&quot;).</extracomment>
        <translation>Neuer Kunde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New contact</source>
        <translation>Neuer Kontakt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New staff member</source>
        <translation>Neue/r Mitarbeiter/in</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New engagement</source>
        <translation>Neues Mandat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New assignment</source>
        <translation>Neue Zuordnung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New milestone</source>
        <translation>Neuer Meilenstein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New time entry</source>
        <translation>Neuer Zeiteintrag</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New risk</source>
        <translation>Neues Risiko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New event</source>
        <translation>Neues Ereignis</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>{hours} h on {day}</source>
        <translation>{hours} h am {day}</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/unlock.py" line="+183"/>
        <source>Use the recovery key</source>
        <translation>Den Wiederherstellungsschlüssel verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>Recovery key</source>
        <translation>Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Type the recovery key from the recovery sheet (12 groups of 5; capital or small letters, hyphens optional), then choose a new passphrase. The recovery key keeps working afterwards.</source>
        <translation>Geben Sie den Wiederherstellungsschlüssel vom Wiederherstellungsblatt ein (12 Gruppen zu 5; Groß- oder Kleinbuchstaben, Bindestriche optional) und wählen Sie dann eine neue Passphrase. Der Wiederherstellungsschlüssel gilt danach weiter.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>XXXXX-XXXXX-XXXXX-…</source>
        <translation>XXXXX-XXXXX-XXXXX-…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recovery key message</source>
        <translation>Meldung zum Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set the new passphrase</source>
        <translation>Die neue Passphrase festlegen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Recovery key:</source>
        <translation>Wiederherstellungsschlüssel:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Type the recovery key from the recovery sheet.</source>
        <translation>Geben Sie den Wiederherstellungsschlüssel vom Wiederherstellungsblatt ein.</translation>
    </message>
</context>
<context>
    <name>RecoverySheetDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/sheet.py" line="+39"/>
        <source>Your recovery key</source>
        <translation>Ihr Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recovery sheet</source>
        <translation>Wiederherstellungsblatt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This is the recovery key of the store. It is shown only this once. Print the sheet, or save it as a PDF somewhere other than this computer (a USB stick kept in a safe place): if the passphrase is forgotten, it is the only way back to the data.</source>
        <translation>Dies ist der Wiederherstellungsschlüssel des Datenbestands. Er wird nur dieses eine Mal angezeigt. Drucken Sie das Blatt oder speichern Sie es als PDF an einem anderen Ort als diesem Computer (einem sicher verwahrten USB-Stick): Ist die Passphrase vergessen, ist er der einzige Weg zurück zu den Daten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recovery sheet preview</source>
        <translation>Vorschau des Wiederherstellungsblatts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save as PDF…</source>
        <translation>Als PDF &amp;speichern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+36"/>
        <source>Save the recovery sheet</source>
        <translation>Das Wiederherstellungsblatt speichern</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print the recovery sheet</source>
        <translation>Das Wiederherstellungsblatt drucken</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>I have saved the recovery key</source>
        <translation>Ich habe den Wiederherstellungsschlüssel gesichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Saved to {saved_to}. Move it off this computer (a USB stick kept in a safe place), or print it and delete the file.</source>
        <translation>Gespeichert unter {saved_to}. Bringen Sie es von diesem Computer weg (auf einen sicher verwahrten USB-Stick) oder drucken Sie es und löschen Sie die Datei.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sent to the printer. Keep the page away from this computer.</source>
        <translation>An den Drucker gesendet. Bewahren Sie das Blatt getrennt von diesem Computer auf.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save or print the recovery key, then tick the box: it is not shown again.</source>
        <translation>Speichern oder drucken Sie den Wiederherstellungsschlüssel und setzen Sie dann das Häkchen: Er wird nicht noch einmal angezeigt.</translation>
    </message>
</context>
<context>
    <name>RememberPrompt</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/computer_settings.py" line="-68"/>
        <source>Remember the passphrase</source>
        <translation>Passphrase merken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remember it</source>
        <translation>Merken</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type the store&apos;s passphrase to keep it in this computer&apos;s password store. KPO Desk will then open without asking for it.</source>
        <translation>Geben Sie die Passphrase des Datenbestands ein, um sie im Passwortspeicher dieses Computers abzulegen. KPO Desk öffnet dann ohne Nachfrage.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type the passphrase.</source>
        <translation>Geben Sie die Passphrase ein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That passphrase does not open this store.</source>
        <translation>Diese Passphrase öffnet diesen Datenbestand nicht.</translation>
    </message>
</context>
<context>
    <name>ReportPreview</name>
    <message>
        <location filename="../../kpo_desk/ui/reports/preview.py" line="+28"/>
        <source>Report preview · {file_name}</source>
        <translation>Berichtsvorschau · {file_name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Report preview</source>
        <translation>Berichtsvorschau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+16"/>
        <source>Save report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ReportSections</name>
    <message>
        <location filename="../../kpo_desk/ui/reports/dialog.py" line="-74"/>
        <source>Executive summary</source>
        <extracomment>The section titles as the dialog shows them (core&apos;s SECTION_TITLES, marked for the GUI&apos;s catalog).</extracomment>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Health</source>
        <translation>Gesamtzustand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Milestones and deliverables</source>
        <translation>Meilensteine und Liefergegenstände</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IP protection</source>
        <translation>Schutz geistigen Eigentums</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Communications in the period</source>
        <translation>Kommunikation im Berichtszeitraum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open actions</source>
        <translation>Offene Nachfassaktionen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Risks</source>
        <translation>Risiken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Budget burn</source>
        <translation>Budgetverbrauch</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next steps</source>
        <translation>Nächste Schritte</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <location filename="../../kpo_desk/ui/reports/view.py" line="-34"/>
        <source>Reopen report</source>
        <translation>Bericht erneut öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re-printed from its record: identical to the report sent (same SHA-256).</source>
        <translation>Aus seinem Datensatz neu gedruckt: identisch mit dem gesendeten Bericht (gleicher SHA-256).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-printed from its record with today&apos;s data: it differs from the report sent.</source>
        <translation>Aus seinem Datensatz mit heutigen Daten neu gedruckt: Er weicht vom gesendeten Bericht ab.</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>Batch of reports</source>
        <translation>Berichtsstapel</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <location line="-74"/>
        <source>Batch for all active…</source>
        <translation>Stapel für alle aktiven…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One PDF per active engagement, into a folder</source>
        <translation>Ein PDF je aktivem Mandat, in einen Ordner</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Portfolio report…</source>
        <translation>Portfoliobericht…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The internal review of every engagement</source>
        <translation>Die interne Übersicht über alle Mandate</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Double-click a report to reopen it.</source>
        <translation>Doppelklick öffnet einen Bericht erneut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Filter by file, recipient or engagement</source>
        <translation>Nach Datei, Empfänger oder Mandat filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No report matches the filter.</source>
        <translation>Kein Bericht passt zum Filter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No reports yet. Generate one from an engagement&apos;s Reports tab.</source>
        <translation>Noch keine Berichte. Erstellen Sie einen im Reiter „Berichte“ eines Mandats.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&lt;b&gt;{file_name}&lt;/b&gt;&lt;br&gt;{code}&lt;br&gt;Generated {generated}&lt;br&gt;Period {period}&lt;br&gt;Recipient: {recipient}&lt;br&gt;SHA-256:&lt;br&gt;&lt;tt&gt;{sha_start}&lt;br&gt;{sha_end}&lt;/tt&gt;&lt;br&gt;&lt;br&gt;Double-click to reopen it.</source>
        <translation>&lt;b&gt;{file_name}&lt;/b&gt;&lt;br&gt;{code}&lt;br&gt;Erstellt {generated}&lt;br&gt;Zeitraum {period}&lt;br&gt;Empfänger: {recipient}&lt;br&gt;SHA-256:&lt;br&gt;&lt;tt&gt;{sha_start}&lt;br&gt;{sha_end}&lt;/tt&gt;&lt;br&gt;&lt;br&gt;Doppelklick öffnet ihn erneut.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portfolio review</source>
        <translation>Portfolioübersicht</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder for the reports</source>
        <translation>Ordner für die Berichte</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{written} of {total} report(s) written to {folder}.</source>
        <translation>{written} von {total} Bericht(en) nach {folder} geschrieben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> Cancelled.</source>
        <translation> Abgebrochen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>
Failed:{failed}</source>
        <translation>
Fehlgeschlagen:{failed}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generating reports…</source>
        <translation>Berichte werden erstellt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch of reports</source>
        <translation>Berichtsstapel</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Portfolio report</source>
        <translation>Portfoliobericht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Internal: not for clients.</source>
        <translation>Intern: nicht für Kunden.</translation>
    </message>
</context>
<context>
    <name>SearchPalette</name>
    <message>
        <location filename="../../kpo_desk/ui/palette.py" line="+7"/>
        <source>Search everything</source>
        <translation>Alles durchsuchen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type any word: a client, a code, a contact, words from a mail…</source>
        <translation>Ein beliebiges Wort: ein Kunde, ein Kürzel, ein Kontakt, Wörter aus einer E-Mail…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+52"/>
        <source>Enter opens the selected result; Esc closes.</source>
        <translation>Eingabe öffnet das gewählte Ergebnis; Esc schließt.</translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <source>%Ln result(s). Enter opens the selected one; Esc closes.</source>
        <translation>
            <numerusform>%Ln Treffer. Eingabe öffnet den gewählten; Esc schließt.</numerusform>
            <numerusform>%Ln Treffer. Eingabe öffnet den gewählten; Esc schließt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServiceCommand</name>
    <message>
        <location filename="../../kpo_desk/ui/common/undo.py" line="+37"/>
        <source>Undo of “{text}” was not possible: {error}</source>
        <translation>„{text}“ rückgängig machen war nicht möglich: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo of “{text}” was not possible: {error}</source>
        <translation>„{text}“ wiederherstellen war nicht möglich: {error}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undone: {text}</source>
        <translation>Rückgängig gemacht: {text}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redone: {text}</source>
        <translation>Wiederhergestellt: {text}</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../kpo_desk/ui/settings_dialog.py" line="+44"/>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location line="-15"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>firm setting</source>
        <translation>Firmeneinstellung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The firm&apos;s settings are kept in the store, so they travel with your data; those under “This computer” stay here.</source>
        <translation>Die Einstellungen der Firma liegen im Datenbestand und reisen mit Ihren Daten; die unter „Dieser Computer“ bleiben hier.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/shortcuts_help.py" line="+29"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Everywhere</source>
        <translation>Überall</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel a dialog</source>
        <translation>Einen Dialog abbrechen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save a dialog</source>
        <translation>Einen Dialog speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected row</source>
        <translation>Die gewählte Zeile löschen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>StaffView</name>
    <message>
        <location filename="../../kpo_desk/ui/staff/view.py" line="+10"/>
        <source>New staff member…</source>
        <translation>Neue Mitarbeiterin / neuer Mitarbeiter…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add one of the firm&apos;s own people</source>
        <translation>Eine Person aus der eigenen Firma hinzufügen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit the selected staff member</source>
        <translation>Die gewählte Person bearbeiten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filter by name, role or e-mail</source>
        <translation>Nach Name, Rolle oder E-Mail filtern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No staff yet. Add your team so that work can be assigned.</source>
        <translation>Noch keine Mitarbeitenden. Fügen Sie Ihr Team hinzu, damit Arbeit zugeordnet werden kann.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&lt;span style=&apos;color:gray&apos;&gt;Select a person to see their load.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:gray&apos;&gt;Wählen Sie eine Person, um ihre Auslastung zu sehen.&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, {key_roles} of them key</source>
        <translation>, davon {key_roles} Kernrollen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;br&gt;&lt;b&gt;No longer active.&lt;/b&gt;</source>
        <translation>&lt;br&gt;&lt;b&gt;Nicht mehr aktiv.&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h2&gt;{name}&lt;/h2&gt;&lt;p&gt;{role}&lt;br&gt;{email}&lt;/p&gt;&lt;p&gt;{count}{key}.{inactive}&lt;/p&gt;</source>
        <translation>&lt;h2&gt;{name}&lt;/h2&gt;&lt;p&gt;{role}&lt;br&gt;{email}&lt;/p&gt;&lt;p&gt;{count}{key}.{inactive}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../kpo_desk/ui/common/status_words.py" line="+9"/>
        <source>IP and patent research</source>
        <translation>IP- und Patentrecherche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Equity and financial research</source>
        <translation>Aktien- und Finanzanalyse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Market research</source>
        <translation>Marktforschung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Legal process</source>
        <translation>Rechtliche Verfahren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Medical and clinical</source>
        <translation>Medizin und Klinik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;D and engineering</source>
        <translation>F&amp;E und Technik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data analytics</source>
        <translation>Datenanalyse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Design and animation</source>
        <translation>Design und Animation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proposed</source>
        <translation>Angeboten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Onboarding</source>
        <translation>Einarbeitung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hold</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fixed</source>
        <translation>Festpreis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time and materials</source>
        <translation>Nach Aufwand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retainer</source>
        <translation>Pauschale</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Internal</source>
        <translation>Intern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confidential</source>
        <translation>Vertraulich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restricted</source>
        <translation>Streng vertraulich</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Planned</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In QA</source>
        <translation>In QA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>Geliefert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accepted</source>
        <translation>Abgenommen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rework</source>
        <translation>Nacharbeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Passed</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Nicht bestanden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applicable</source>
        <translation>Nicht zutreffend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waived</source>
        <translation>Erlassen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Does not recur</source>
        <translation>Einmalig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closure</source>
        <translation>Abschluss</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Monthly</source>
        <translation>Monatlich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarterly</source>
        <translation>Vierteljährlich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yearly</source>
        <translation>Jährlich</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loss of confidential information or IP</source>
        <translation>Verlust vertraulicher Informationen oder von IP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Losing key people</source>
        <translation>Verlust von Schlüsselpersonen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quality not assured</source>
        <translation>Qualität nicht gesichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slow start-up</source>
        <translation>Langsamer Anlauf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Communication barriers</source>
        <translation>Kommunikationsbarrieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mitigating</source>
        <translation>Wird gemindert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call</source>
        <translation>Anruf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting</source>
        <translation>Besprechung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Letter</source>
        <translation>Brief</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inbound</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbound</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Engagement</source>
        <translation>Mandat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portfolio</source>
        <translation>Portfolio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transition</source>
        <translation>Übergang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Override</source>
        <translation>Manuell</translation>
    </message>
</context>
<context>
    <name>Team</name>
    <message>
        <location filename="../../kpo_desk/ui/team/actions.py" line="+25"/>
        <source>{database} on {host}</source>
        <translation>{database} auf {host}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>KPO Desk — {who} · {place}</source>
        <translation>KPO Desk — {who} · {place}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Load a backup into this database…</source>
        <translation>Sicherung in diese Datenbank &amp;laden …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load a backup or export into this empty team database</source>
        <translation>Eine Sicherung oder einen Export in diese leere Team-Datenbank laden</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+57"/>
        <source>Connect to a team server</source>
        <translation>Mit einem Team-Server verbinden</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Move this store to a team server</source>
        <translation>Datenbestand auf einen Team-Server verschieben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This window already works on a team server.</source>
        <translation>Dieses Fenster arbeitet bereits auf einem Team-Server.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The move was cancelled; nothing was written to the server.</source>
        <translation>Das Verschieben wurde abgebrochen; auf den Server wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Moved to the team server</source>
        <translation>Auf den Team-Server verschoben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{rows} records and {files} attachments were copied to {location} and verified. The local store is unchanged. Work on the team server from now on?</source>
        <translation>{rows} Datensätze und {files} Anhänge wurden nach {location} kopiert und geprüft. Der lokale Datenbestand ist unverändert. Ab jetzt auf dem Team-Server arbeiten?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connect to it</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stay on the local store</source>
        <translation>Beim lokalen Datenbestand bleiben</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Moving the store to the team server…</source>
        <translation>Der Datenbestand wird auf den Team-Server verschoben…</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/team/address.py" line="+46"/>
        <source>Type the server&apos;s host name (or the folder of its Unix socket).</source>
        <extracomment>libpq&apos;s sslmode values the dialog offers, strictest last. How many recent connections are offered.</extracomment>
        <translation>Geben Sie den Hostnamen des Servers ein (oder den Ordner seines Unix-Sockets).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type the name of the database on the server.</source>
        <translation>Geben Sie den Namen der Datenbank auf dem Server ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type your login on the server.</source>
        <translation>Geben Sie Ihren Anmeldenamen auf dem Server ein.</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>The system&apos;s password store refused to keep the password ({error}); it is not remembered.</source>
        <translation>Der Passwortspeicher des Systems hat das Passwort nicht angenommen ({error}); es wird nicht gemerkt.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The server did not accept the password remembered on this computer for {login}: type the right one.</source>
        <translation>Der Server hat das auf diesem Computer gemerkte Passwort für {login} nicht angenommen: Geben Sie das richtige ein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This computer has no password store (keyring) that KPO Desk can use, so the password cannot be remembered here; a .pgpass file works instead.</source>
        <translation>Dieser Computer hat keinen Passwortspeicher (Keyring), den KPO Desk nutzen kann; das Passwort kann hier daher nicht gemerkt werden, eine .pgpass-Datei funktioniert stattdessen.</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/team/connect_dialog.py" line="-189"/>
        <source>No encryption (this machine only)</source>
        <translation>Keine Verschlüsselung (nur auf diesem Rechner)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encrypt when the server offers it</source>
        <translation>Verschlüsseln, wenn der Server es anbietet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always encrypt, without checking the certificate</source>
        <translation>Immer verschlüsseln, ohne das Zertifikat zu prüfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always encrypt and check the server&apos;s certificate</source>
        <translation>Immer verschlüsseln und das Zertifikat des Servers prüfen</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/team/opening.py" line="+129"/>
        <source>The team server cannot be reached</source>
        <translation>Der Team-Server ist nicht erreichbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team server at {where} cannot be reached; check the network, or work in your local store for now.</source>
        <translation>Der Team-Server unter {where} ist nicht erreichbar; prüfen Sie das Netzwerk oder arbeiten Sie vorerst im lokalen Datenbestand.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open my local store</source>
        <translation>Meinen lokalen Datenbestand öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/team/watch.py" line="+105"/>
        <source>The team server cannot be reached; changes are not saved. Reconnecting…</source>
        <extracomment>Milliseconds between probes while the server answers, and while it does not.</extracomment>
        <translation>Der Team-Server ist nicht erreichbar; Änderungen werden nicht gespeichert. Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connection to the team server</source>
        <translation>Verbindung zum Team-Server</translation>
    </message>
</context>
<context>
    <name>Templates</name>
    <message>
        <location filename="../../kpo_desk/ui/templates_dialog.py" line="-2"/>
        <source>every engagement</source>
        <translation>jedes Mandat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>your folder</source>
        <translation>Ihr Ordner</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bundled</source>
        <translation>mitgeliefert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <location line="+8"/>
        <source>Checklist templates</source>
        <translation>Checklisten-Vorlagen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Where templates are adapted</source>
        <translation>Wo Vorlagen angepasst werden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To adapt a template, edit its TOML file in your templates folder, &lt;b&gt;{folder}&lt;/b&gt;. A file there takes the place of the bundled file of the same name; the others stay as shipped. “Re-apply checklist template” on an engagement adds new items and keeps the state of existing ones.</source>
        <translation>Um eine Vorlage anzupassen, bearbeiten Sie ihre TOML-Datei in Ihrem Vorlagenordner, &lt;b&gt;{folder}&lt;/b&gt;. Eine Datei dort ersetzt die mitgelieferte Datei gleichen Namens; die übrigen bleiben wie ausgeliefert. „Checklisten-Vorlage erneut anwenden“ an einem Mandat fügt neue Punkte hinzu und behält den Stand der bestehenden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Templates status</source>
        <translation>Status der Vorlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the bundled templates there</source>
        <translation>Die mitgelieferten Vorlagen dorthin kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies each bundled file your folder does not have yet; never overwrites yours</source>
        <translation>Kopiert jede mitgelieferte Datei, die Ihr Ordner noch nicht hat; überschreibt Ihre nie</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%Ln template(s) from your folder; the rest bundled.</source>
        <translation>
            <numerusform>%Ln Vorlage aus Ihrem Ordner; der Rest mitgeliefert.</numerusform>
            <numerusform>%Ln Vorlagen aus Ihrem Ordner; der Rest mitgeliefert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All templates are the bundled ones.</source>
        <translation>Alle Vorlagen sind die mitgelieferten.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not copy the templates to {folder}: {reason}.</source>
        <translation>Die Vorlagen konnten nicht nach {folder} kopiert werden: {reason}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copied {count} to {folder}. Edit them there; they take the place of the bundled ones.</source>
        <translation>{count} nach {folder} kopiert. Bearbeiten Sie sie dort; sie ersetzen die mitgelieferten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your folder already has every template ({folder}); nothing was overwritten.</source>
        <translation>Ihr Ordner hat bereits jede Vorlage ({folder}); nichts wurde überschrieben.</translation>
    </message>
</context>
<context>
    <name>TodayDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/today.py" line="+26"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Today summary</source>
        <translation>Zusammenfassung für heute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h2&gt;Today&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Heute&lt;/h2&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show this at start-up</source>
        <translation>Beim Start anzeigen</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../kpo_desk/ui/protection/unlock.py" line="-150"/>
        <source>KPO Desk is locked</source>
        <extracomment>attempt(passphrase) -&gt; what the dialog hands back (the open store, or True); raises WrongPassphraseError for a wrong one. recover(recovery key text, new passphrase) -&gt; the same as an attempt with the new passphrase.</extracomment>
        <translation>KPO Desk ist gesperrt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unlock the store</source>
        <translation>Datenbestand entsperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+14"/>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>KPO Desk locked itself while you were away. Type the passphrase to go on where you left off; nothing you were typing is lost.</source>
        <translation>KPO Desk hat sich in Ihrer Abwesenheit gesperrt. Geben Sie die Passphrase ein, um dort weiterzumachen, wo Sie aufgehört haben; nichts von dem, was Sie eingegeben haben, geht verloren.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This store is encrypted. Type its passphrase to open it.</source>
        <translation>Dieser Datenbestand ist verschlüsselt. Geben Sie seine Passphrase ein, um ihn zu öffnen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use the recovery key…</source>
        <translation>Wiederherstellungsschlüssel verwenden…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit KPO Desk</source>
        <translation>KPO Desk beenden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passphrase:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Type the passphrase.</source>
        <translation>Geben Sie die Passphrase ein.</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>That passphrase does not open this store (%Ln try(s) left).</source>
        <translation>
            <numerusform>Diese Passphrase öffnet diesen Datenbestand nicht (noch %Ln Versuch).</numerusform>
            <numerusform>Diese Passphrase öffnet diesen Datenbestand nicht (noch %Ln Versuche).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Three wrong passphrases. Quit, or use the recovery key from the recovery sheet to set a new passphrase.</source>
        <translation>Dreimal eine falsche Passphrase. Beenden Sie oder setzen Sie mit dem Wiederherstellungsschlüssel vom Wiederherstellungsblatt eine neue Passphrase.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Three wrong passphrases. Quit, and start KPO Desk again when you have the passphrase.</source>
        <translation>Dreimal eine falsche Passphrase. Beenden Sie und starten Sie KPO Desk erneut, wenn Sie die Passphrase haben.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../kpo_desk/ui/backup_actions.py" line="-100"/>
        <location line="+44"/>
        <source>attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <location line="-44"/>
        <location line="+44"/>
        <source>attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/common/words.py" line="+35"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/communications/view.py" line="-279"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <location line="+256"/>
        <source>open follow-up</source>
        <translation>offene Nachfassaktion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>open follow-ups</source>
        <translation>offene Nachfassaktionen</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/dashboard/view.py" line="+0"/>
        <source>open risk</source>
        <translation>offenes Risiko</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>open risks</source>
        <translation>offene Risiken</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/engagements/checklist_tab.py" line="-68"/>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/engagements/detail.py" line="-119"/>
        <source>communication</source>
        <translation>Kommunikation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>communications</source>
        <translation>Kommunikationen</translation>
    </message>
    <message>
        <location line="+149"/>
        <source>key</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none — name one</source>
        <translation>keine – bitte benennen</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/staff/view.py" line="-51"/>
        <location line="+53"/>
        <source>open assignment</source>
        <translation>offene Zuweisung</translation>
    </message>
    <message>
        <location line="-53"/>
        <location line="+53"/>
        <source>open assignments</source>
        <translation>offene Zuweisungen</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>{key_roles} on open engagements</source>
        <translation>{key_roles} in offenen Mandaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key role</source>
        <translation>Kernrolle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>key roles</source>
        <translation>Kernrollen</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/templates_dialog.py" line="-2"/>
        <source>template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <location filename="../../kpo_desk/ui/clients/view.py" line="-39"/>
        <source>{count} ({active} active)</source>
        <translation>{count} ({active} aktiv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{engagements}, {active} of them active</source>
        <translation>{engagements}, davon {active} aktiv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>engagement</source>
        <translation>Mandat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>engagements</source>
        <translation>Mandate</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>: outside working hours</source>
        <translation>: außerhalb der Arbeitszeit</translation>
    </message>
</context>
</TS>
