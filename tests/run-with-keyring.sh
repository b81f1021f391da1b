#!/bin/sh
# run-with-keyring.sh PROGRAM [ARGS...] — runs PROGRAM against a real Secret Service of its own,
# never the developer's keyring:
#
#   1. unless it already runs on a session bus it started, it runs itself again under
#      dbus-run-session, a private D-Bus session bus that ends with it;
#   2. HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR point into a fresh
#      temporary folder (exported as CT_TEST_KEYRING_ROOT, which the tests check for), and DISPLAY
#      and WAYLAND_DISPLAY are unset, so that no unlock prompt can reach a real screen;
#   3. gnome-keyring-daemon --unlock --components=secrets reads a throwaway password on stdin,
#      creates the login keyring with it and unlocks it. The password is random and not empty:
#      gnome-keyring 42 answers an empty stdin with a prompt (which fails without a display) and
#      creates no keyring;
#   4. once the daemon owns org.freedesktop.secrets and the "default" alias names a collection, it
#      exports what the daemon printed (GNOME_KEYRING_CONTROL, ...) and runs PROGRAM;
#   5. it stops the daemon, removes the folder and exits with PROGRAM's status.
#
# Without dbus-run-session, dbus-send or gnome-keyring-daemon it prints a TAP plan that skips
# everything ("1..0 # SKIP ...") and exits 0: meson runs it with protocol 'tap', where any exit
# status but 0, 77 included, is an error. A daemon that does not come up is an error ("Bail out!").
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

me=run-with-keyring.sh

if [ $# -lt 1 ]; then
  echo "usage: $me PROGRAM [ARGS...]" >&2
  exit 2
fi

skip() {
  echo "1..0 # SKIP $*"
  echo "$me: $*: skipped" >&2
  exit 0
}

bail() {
  echo "Bail out! $*"
  echo "$me: $*" >&2
  exit 1
}

# 1. A private bus: CT_KEYRING_BUS is "pending" on the way into dbus-run-session, then the address
# of the bus we run on; any other bus (the developer's own, or none) means starting one.
case ${CT_KEYRING_BUS:-} in
pending) ;;
"${DBUS_SESSION_BUS_ADDRESS:-unset}") ;;
*)
  for tool in dbus-run-session:dbus-daemon dbus-send:dbus-bin gnome-keyring-daemon:gnome-keyring; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
      skip "${tool%%:*} not found (Debian package ${tool#*:})"
    fi
  done
  CT_KEYRING_BUS=pending
  export CT_KEYRING_BUS
  exec dbus-run-session -- /bin/sh "$0" "$@"
  ;;
esac
CT_KEYRING_BUS=$DBUS_SESSION_BUS_ADDRESS
export CT_KEYRING_BUS

# 2. A home of its own.
root=$(mktemp -d "${TMPDIR:-/tmp}/ct-keyring.XXXXXX")
daemon=
cleanup() {
  if [ -n "$daemon" ]; then
    kill "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
  fi
  rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

CT_TEST_KEYRING_ROOT=$root
HOME=$root/home
XDG_DATA_HOME=$HOME/.local/share
XDG_CONFIG_HOME=$HOME/.config
XDG_CACHE_HOME=$HOME/.cache
XDG_RUNTIME_DIR=$root/run
GNOME_KEYRING_CONTROL=$XDG_RUNTIME_DIR/keyring
export CT_TEST_KEYRING_ROOT HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
export GNOME_KEYRING_CONTROL
unset DISPLAY WAYLAND_DISPLAY SSH_AUTH_SOCK
mkdir -m 700 "$HOME" "$XDG_RUNTIME_DIR"

# 3. The daemon, in the foreground of a background job so that its process id is ours to stop.
# Not under the tests' G_DEBUG=fatal-warnings: a warning of the daemon's (insecure memory without
# CAP_IPC_LOCK) is not the program's failure.
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s' "$password" >"$root/password"
password=
env -u G_DEBUG gnome-keyring-daemon --foreground --unlock --components=secrets \
  --control-directory="$GNOME_KEYRING_CONTROL" \
  <"$root/password" >"$root/daemon.out" 2>"$root/daemon.err" &
daemon=$!

# 4. Ready: the name is owned (asked of the bus itself: a call to org.freedesktop.secrets before
# that would start a second, locked daemon by D-Bus activation), and the default collection
# exists.
has_owner() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
    grep -q 'boolean true'
}
has_default() {
  dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.Secret.Service.ReadAlias string:default 2>/dev/null |
    grep -q 'object path "/org/freedesktop/secrets/collection/'
}
tries=0
until has_owner && has_default; do
  if ! kill -0 "$daemon" 2>/dev/null; then
    daemon=
    bail "gnome-keyring-daemon stopped before it was ready: $(cat "$root/daemon.err")"
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ]; then
    bail "gnome-keyring-daemon not ready after 10 s: $(cat "$root/daemon.err")"
  fi
  sleep 0.1
done
rm -f "$root/password"
while IFS= read -r line; do
  case $line in
  GNOME_KEYRING_CONTROL=* | GNOME_KEYRING_PID=* | SSH_AUTH_SOCK=*) export "${line?}" ;;
  *) ;;
  esac
done <"$root/daemon.out"

# 5. The program; its status is ours.
status=0
"$@" || status=$?
exit "$status"
