#!/bin/sh
# Smoke test of a built KPO Desk app folder: run by `make package` after PyInstaller.
# Usage: packaging/smoke-test.sh [dist/kpo-desk/kpo-desk]
# Each step exercises something the bundle can get wrong: the version, the Alembic migrations read
# from files (demo creates the store), the pkgutil-discovered subcommands, the bundled fonts and
# reportlab (a PDF), the lazily imported exporters (icalendar), the licence metadata (about),
# and Qt's plugins (the window).
set -eu
APP=${1:-dist/kpo-desk/kpo-desk}
[ -x "$APP" ] || { echo "smoke test: no executable at $APP" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
db="$work/smoke.sqlite3"
# Keep the user's own settings and data folders out of it.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
unset KPO_DESK_DB KPO_DESK_RESOURCES 2>/dev/null || true
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout 180"

step() { printf '  %-28s' "$1"; }

step "--version"
version=$("$APP" --version)
case "$version" in "kpo-desk "[0-9]*) echo "$version" ;; *) echo "FAILED: '$version'"; exit 1 ;; esac

step "demo"
$limit "$APP" --db "$db" demo --engagements 12 --communications 400 >"$work/demo.out" 2>&1 \
    || { echo "FAILED"; cat "$work/demo.out"; exit 1; }
echo "ok"

step "check"
result=$($limit "$APP" --db "$db" check 2>&1) || { echo "FAILED: $result"; exit 1; }
[ "$result" = "ok" ] || { echo "FAILED: '$result'"; exit 1; }
echo "$result"

step "report --portfolio"
$limit "$APP" --db "$db" report --portfolio -o "$work/portfolio.pdf" >"$work/report.out" 2>&1 \
    || { echo "FAILED"; cat "$work/report.out"; exit 1; }
[ "$(head -c 5 "$work/portfolio.pdf")" = "%PDF-" ] || { echo "FAILED: not a PDF"; exit 1; }
echo "ok ($(wc -c <"$work/portfolio.pdf" | tr -d ' ') bytes)"

step "export ics"
$limit "$APP" --db "$db" export ics -o "$work/calendar.ics" >"$work/export.out" 2>&1 \
    || { echo "FAILED"; cat "$work/export.out"; exit 1; }
grep -q "BEGIN:VCALENDAR" "$work/calendar.ics" || { echo "FAILED: no calendar"; exit 1; }
echo "ok"

step "about (licences)"
"$APP" about >"$work/about.out" 2>&1 || { echo "FAILED"; cat "$work/about.out"; exit 1; }
for expected in "DejaVu Sans: Bitstream Vera" "PySide6 6." "LGPL-3.0" "extract-msg 0."; do
    grep -q "$expected" "$work/about.out" || { echo "FAILED: no '$expected'"; cat "$work/about.out"; exit 1; }
done
echo "ok"

step "window (offscreen)"
window=$(QT_QPA_PLATFORM=offscreen KPO_DESK_SMOKE_TEST=1 $limit "$APP" --db "$db" 2>"$work/window.err") \
    || { echo "FAILED"; cat "$work/window.err"; exit 1; }
case "$window" in *"window ok"*) echo "window ok" ;; *) echo "FAILED: '$window'"; cat "$work/window.err"; exit 1 ;; esac

echo "smoke test passed: $APP"
