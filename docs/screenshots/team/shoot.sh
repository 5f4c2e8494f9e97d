#!/usr/bin/env bash
# Team mode's screenshots at 1366x768 (Xvfb + openbox), into this folder.
set -euo pipefail
cd "$(dirname "$0")/../../.."
PYTHON=${PYTHON:-.venv/bin/python}
SIZE=${SCREENSHOT_SIZE:-1366x768}
tmp=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 "${SIZE}x24" -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
trap 'kill $openbox_pid $xvfb_pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n1 "$tmp/display")"
openbox --sm-disable >"$tmp/openbox.log" 2>&1 &
openbox_pid=$!
sleep 1
QT_QPA_PLATFORM=xcb KPO_DESK_THEME=${KPO_DESK_THEME:-light} "$PYTHON" docs/screenshots/team/make_team_screenshots.py
