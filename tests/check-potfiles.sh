#!/bin/sh
# check-potfiles.sh SOURCE_ROOT — every source file under src/ that marks strings for translation
# (_("…") or N_("…")) is listed in po/POTFILES, and every file listed there exists. A file missing
# from POTFILES would ship its messages untranslated without anyone noticing.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

root=${1:?usage: check-potfiles.sh SOURCE_ROOT}
cd "$root"
potfiles=po/POTFILES
status=0

listed() {
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$potfiles"
}

for file in $(listed); do
  if [ ! -f "$file" ]; then
    echo "po/POTFILES lists $file, which does not exist"
    status=1
  fi
done

# A marker is _(" or N_(" not preceded by an identifier character (so g_strdup_(" or foo_(" do not
# count).
for file in $(find src -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort); do
  if grep -q -E '(^|[^A-Za-z0-9_])N?_\("' "$file" && ! listed | grep -q -x -F "$file"; then
    echo "$file marks strings for translation but is not in po/POTFILES"
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "po/POTFILES lists every file with translatable strings ($(listed | wc -l) files)"
exit "$status"
