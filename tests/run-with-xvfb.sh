#!/bin/sh
# run-with-xvfb.sh PROGRAM [ARGS...] — runs a GTK test PROGRAM on an X server of its own:
# Xvfb on the first free display from :90, GL through Mesa's llvmpipe (CI has no GPU and no
# display). GDK_BACKEND=x11 and GTK_A11Y=none: without a session bus, GTK 4.8's accessibility
# warnings would be fatal under G_DEBUG=fatal-warnings. The server is stopped when PROGRAM ends,
# whatever its status, which is this script's.
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

display=90
while [ -e "/tmp/.X$display-lock" ] || [ -e "/tmp/.X11-unix/X$display" ]; do
  display=$((display + 1))
done
Xvfb ":$display" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT INT TERM
# Wait (at most 10 s) for the server's socket.
tries=0
while [ ! -e "/tmp/.X11-unix/X$display" ]; do
  tries=$((tries + 1))
  if [ $tries -gt 100 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "Bail out! Xvfb :$display did not start"
    exit 1
  fi
  sleep 0.1
done

DISPLAY=":$display" GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 LIBGL_ALWAYS_SOFTWARE=1 \
  "$@"
