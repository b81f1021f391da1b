#!/bin/sh
# check-potfiles.sh SOURCE_ROOT — every file that marks strings for translation is listed in
# po/POTFILES: C under src/ (_("…"), N_("…"), C_("…", …), NC_("…", …)), widget templates under ui/
# (translatable="yes"), and the desktop file, metainfo and settings schema of data/. Every file
# listed there exists. A file missing
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

# A marker is _(", N_(", C_(" or NC_(" not preceded by an identifier character (so g_strdup_(" or
# foo_(" do not count).
for file in $(find src -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort); do
  if grep -q -E '(^|[^A-Za-z0-9_])(N?C?_\("|g_dngettext\()' "$file" && ! listed | grep -q -x -F "$file"; then
    echo "$file marks strings for translation but is not in po/POTFILES"
    status=1
  fi
done

for file in $(find ui -type f -name '*.ui' 2>/dev/null | LC_ALL=C sort); do
  if grep -q 'translatable="yes"' "$file" && ! listed | grep -q -x -F "$file"; then
    echo "$file has translatable strings but is not in po/POTFILES"
    status=1
  fi
done

for file in $(find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' \
  -o -name '*.gschema.xml' \) | LC_ALL=C sort); do
  if ! listed | grep -q -x -F "$file"; then
    echo "$file is translated but is not in po/POTFILES"
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "po/POTFILES lists every file with translatable strings ($(listed | wc -l) files)"
exit "$status"
