#!/usr/bin/env bash
# `make screenshots`: for each screen size, a virtual X screen (Xvfb) with the openbox window
# manager, so that window frames, placement and minimum sizes are real; on it, the app in light
# and in dark (docs/make_screenshots.py), on a fresh demo store. PNGs go to
# docs/screenshots/<size>/, and docs/screenshots/dashboard-light.png (the README's picture)
# is the 1366x768 one.
#
#   SCREENSHOT_SIZES="1024x700" SCREENSHOT_THEMES="dark" docs/screenshots.sh   # a subset
#   SCREENSHOT_LANGUAGE=de SCREENSHOT_THEMES=light docs/screenshots.sh          # the German GUI, into docs/screenshots/de/<size>/
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
SIZES=${SCREENSHOT_SIZES:-1366x768 1024x700}
THEMES=${SCREENSHOT_THEMES:-light dark}
LANGUAGE=${SCREENSHOT_LANGUAGE:-en}

for tool in Xvfb openbox; do
    command -v "$tool" >/dev/null || {
        echo "screenshots need Xvfb and openbox: sudo apt-get install -y xvfb openbox" >&2; exit 1; }
done

# Qt's xcb platform plugin loads these at run time (Debian/Ubuntu package names).
qt_xcb=$("$PYTHON" -c 'import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")')
missing=$( { ldd "$qt_xcb" 2>/dev/null | awk '/not found/ {print $1}'
             ldconfig -p | grep -q 'libxcb-cursor\.so\.0' || echo libxcb-cursor.so.0; } | tr '\n' ' ')
if [ -n "$missing" ]; then
    echo "Qt's X11 plugin lacks ${missing}: sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" >&2
    exit 1
fi

xvfb_pid="" openbox_pid="" tmp=$(mktemp -d)
stop() {
    [ -n "$openbox_pid" ] && kill "$openbox_pid" 2>/dev/null && wait "$openbox_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    openbox_pid="" xvfb_pid=""
}
trap 'stop; rm -rf "$tmp"' EXIT

for size in $SIZES; do
    # Xvfb picks a free display number itself and writes it to fd 3.
    rm -f "$tmp/display"
    Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
    xvfb_pid=$!
    for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
    [ -s "$tmp/display" ] || { echo "Xvfb did not start:" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }
    export DISPLAY=":$(head -n1 "$tmp/display")"
    openbox --sm-disable >"$tmp/openbox.log" 2>&1 &
    openbox_pid=$!
    sleep 1
    for theme in $THEMES; do
        QT_QPA_PLATFORM=xcb KPO_DESK_THEME="$theme" "$PYTHON" docs/make_screenshots.py --size "$size" --theme "$theme" --language "$LANGUAGE"
    done
    stop
done

[ "$LANGUAGE" = en ] && [ -f docs/screenshots/1366x768/dashboard-light.png ] &&
    cp docs/screenshots/1366x768/dashboard-light.png docs/screenshots/dashboard-light.png
echo "Screenshots in docs/screenshots/<size>/; measured problems in docs/screenshots/<size>/checks-<theme>.txt"
