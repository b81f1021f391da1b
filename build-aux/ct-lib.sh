# Shared by ct-run and ct-test (sourced, not run).

# Runs ct-setup unless CT_SKIP_SETUP=1 (machines whose packages are managed otherwise).
ct_setup() {
  if [[ ${CT_SKIP_SETUP:-0} == 1 ]]; then
    echo "ct: CT_SKIP_SETUP=1, not checking packages"
  else
    build-aux/ct-setup
  fi
}

# ct_configure DIR -Dname=value...: configures DIR with these options, doing as little as possible.
# A fresh DIR gets `meson setup`; a configured DIR whose options already have these values is left
# alone (ninja regenerates by itself when a meson.build changes); otherwise `meson setup --reconfigure`.
# Options not named keep the values DIR has, so ct-run and ct-test sharing build/ do not undo each
# other's settings and force rebuilds.
ct_configure() {
  local dir=$1
  shift
  if [[ ! -f $dir/meson-private/coredata.dat ]]; then
    meson setup "$dir" "$@"
    return
  fi
  if meson introspect "$dir" --buildoptions | python3 -c '
import json, sys
have = {o["name"]: o["value"] for o in json.load(sys.stdin)}
def same(name, want):
    v = have.get(name)
    if isinstance(v, bool):
        return want == ("true" if v else "false")
    if isinstance(v, list):
        return want == ",".join(map(str, v))
    return want == str(v)
sys.exit(0 if all(same(*a[2:].split("=", 1)) for a in sys.argv[1:]) else 1)
' "$@"; then
    echo "ct: $dir already configured with $*"
  else
    meson setup --reconfigure "$dir" "$@"
  fi
}
