#!/bin/sh
# check-po.sh SOURCE_ROOT complete|current LANG — the translation po/LANG.po is usable as shipped.
#
#   complete  msgfmt -c --check-format accepts it (header, format specifiers identical to the
#             English ones) and it holds no untranslated and no fuzzy message.
#   current   it translates every message the sources hold today: the sources are extracted afresh
#             (xgettext, the keywords of meson's glib preset) and compared with msgcmp, so a message
#             added or changed in the code fails here until po/ is updated
#             (ninja cardiotwin-pot cardiotwin-update-po, then translate).
#
# Exit status 77 (skipped) when the gettext tools are not installed (build-aux/ct-setup installs
# them: Debian package gettext).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

root=${1:?usage: check-po.sh SOURCE_ROOT complete|current LANG}
mode=${2:?usage: check-po.sh SOURCE_ROOT complete|current LANG}
lang=${3:?usage: check-po.sh SOURCE_ROOT complete|current LANG}
cd "$root"
po=po/$lang.po

need() {
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$tool not found (Debian package gettext): skipped"
      exit 77
    fi
  done
}

case $mode in
complete)
  need msgfmt
  # LC_ALL=C: msgfmt's statistics line in English, whatever the caller's locale.
  if ! stats=$(LC_ALL=C msgfmt -c --check-format --statistics -o /dev/null "$po" 2>&1); then
    echo "$stats"
    echo "$po: msgfmt -c --check-format failed"
    exit 1
  fi
  echo "$po: $stats"
  case $stats in
  *fuzzy* | *untranslated*)
    echo "$po: every message must be translated and none fuzzy"
    exit 1
    ;;
  *" translated message"*) ;;
  *)
    echo "$po: msgfmt printed no statistics"
    exit 1
    ;;
  esac
  ;;
current)
  need xgettext msgcmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    --files-from=po/POTFILES --output="$tmp/sources.pot"
  # msgcmp: every message of the sources must have a translation (untranslated or fuzzy ones count
  # as missing).
  if ! LC_ALL=C msgcmp "$po" "$tmp/sources.pot"; then
    echo "$po does not translate every message of the sources: update po/ (see this script)"
    exit 1
  fi
  count=$(($(grep -c '^msgid ' "$tmp/sources.pot") - 1)) # less the header
  echo "$po translates every message of the sources ($count messages)"
  ;;
*)
  echo "check-po.sh: unknown mode $mode (complete or current)"
  exit 2
  ;;
esac
