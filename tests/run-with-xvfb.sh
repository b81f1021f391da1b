#!/bin/sh
# run-with-xvfb.sh PROGRAM [ARGS...] — runs a GTK test PROGRAM on an X server of its own: Xvfb on
# a display number it picks itself (-displayfd: no race between test programs that meson runs in
# parallel), GL through Mesa's llvmpipe (CI has no GPU and no display). GDK_BACKEND=x11 and
# GTK_A11Y=none: without a session bus, GTK 4.8's accessibility warnings would be fatal under
# G_DEBUG=fatal-warnings. The server is stopped when PROGRAM ends, whatever its status, which is
# this script's.
#
# Without Xvfb it prints a TAP plan that skips everything ("1..0 # SKIP ...") and exits 0: meson
# runs it with protocol 'tap', where any other exit status but 0 is an error.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

if [ $# -lt 1 ]; then
  echo "usage: run-with-xvfb.sh PROGRAM [ARGS...]" >&2
  exit 2
fi
if ! command -v Xvfb >/dev/null 2>&1; then
  echo "1..0 # SKIP Xvfb not found (Debian package xvfb)"
  exit 0
fi

number_file=$(mktemp)
# Xvfb writes the display number it chose to file descriptor 3 once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$number_file" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -f "$number_file"' EXIT INT TERM
tries=0
while [ ! -s "$number_file" ]; do
  tries=$((tries + 1))
  if [ $tries -gt 100 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "Bail out! Xvfb did not start"
    exit 1
  fi
  sleep 0.1
done
display=$(tr -d '\n' <"$number_file")

DISPLAY=":$display" GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 LIBGL_ALWAYS_SOFTWARE=1 \
  "$@"
