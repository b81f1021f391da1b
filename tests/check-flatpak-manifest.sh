#!/bin/sh
# check-flatpak-manifest.sh SOURCE_ROOT — the Flatpak manifest flatpak/org.cardiotwin.CardioTwin.json
# is one flatpak-builder reads, and it builds from what it says:
#
#   - flatpak-builder --show-manifest parses it without a warning (an unknown or misspelt property
#     is only a warning to flatpak-builder, so it would otherwise pass unnoticed);
#   - the application is org.cardiotwin.CardioTwin, run as cardiotwin, and the last module builds
#     this repository (a "dir" source, meson);
#   - every module given as a file and every local source (dir, file, patch, a path to an archive
#     or a git repository) exists in the repository;
#   - every downloaded archive or file is fetched over https and pinned by a sha256 of 64 hex
#     digits; every git source names a tag and the full commit it must resolve to.
#
# It cannot build the Flatpak (that needs the GNOME runtime from Flathub, which the test machines
# cannot reach); see README.md, "Desktop integration and Flatpak".
#
# Exit status 77 (skipped) when flatpak-builder or python3 is not installed (build-aux/ct-setup
# installs them).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

root=${1:?usage: check-flatpak-manifest.sh SOURCE_ROOT}
manifest=$(cd "$root" && pwd)/flatpak/org.cardiotwin.CardioTwin.json

for tool in flatpak-builder python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool not found (build-aux/ct-setup installs it): skipped"
    exit 77
  fi
done

# flatpak-builder makes its state folder (.flatpak-builder) in the current folder, even to show a
# manifest: run it in a throwaway one.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && flatpak-builder --show-manifest "$manifest" >"$tmp/shown.json" 2>"$tmp/stderr"); then
  cat "$tmp/stderr"
  echo "flatpak-builder cannot read $manifest"
  exit 1
fi
if [ -s "$tmp/stderr" ]; then
  cat "$tmp/stderr"
  echo "flatpak-builder warns about $manifest"
  exit 1
fi

python3 - "$manifest" "$tmp/shown.json" <<'EOF'
import json, os, re, sys

manifest_path, shown_path = sys.argv[1], sys.argv[2]
base = os.path.dirname(manifest_path)
root = os.path.dirname(base)
errors = []

with open(manifest_path, encoding="utf-8") as f:
    raw = json.load(f)
with open(shown_path, encoding="utf-8") as f:
    shown = json.load(f)


def local(where, path, relative_to):
    full = os.path.normpath(os.path.join(relative_to, path))
    if not os.path.exists(full):
        errors.append(f"{where}: {path} does not exist ({full})")
    elif os.path.commonpath([full, root]) != root:
        errors.append(f"{where}: {path} is outside the repository")
    return full


# Modules may be given as the paths of JSON files, relative to the file that names them;
# flatpak-builder --show-manifest prints them inline, so they are checked in the raw manifest.
def module_files(modules, relative_to, where):
    for module in modules:
        if isinstance(module, str):
            full = local(where, module, relative_to)
            if os.path.isfile(full):
                with open(full, encoding="utf-8") as f:
                    included = json.load(f)
                module_files(included.get("modules", []), os.path.dirname(full), module)


module_files(raw.get("modules", []), base, "manifest")

app_id = shown.get("id") or shown.get("app-id")
if app_id != "org.cardiotwin.CardioTwin":
    errors.append(f"the application id is {app_id!r}, not 'org.cardiotwin.CardioTwin'")
if shown.get("command") != "cardiotwin":
    errors.append(f"the command is {shown.get('command')!r}, not 'cardiotwin'")

sha256 = re.compile(r"[0-9a-f]{64}")
commit = re.compile(r"[0-9a-f]{40}")
names = []


def check_sources(module):
    name = module.get("name", "?")
    if not module.get("sources"):
        errors.append(f"module {name}: no sources")
    for source in module.get("sources", []):
        if not isinstance(source, dict) or "type" not in source:
            errors.append(f"module {name}: a source without a type: {source!r}")
            continue
        kind = source["type"]
        where = f"module {name}, {kind} source"
        if kind in ("dir", "file", "patch", "archive", "git", "script") and "path" in source:
            local(where, source["path"], base)
        for path in source.get("paths", []):
            local(where, path, base)
        if kind in ("archive", "file") and "url" in source:
            if not source["url"].startswith("https://"):
                errors.append(f"{where}: {source['url']} is not an https address")
            if not sha256.fullmatch(source.get("sha256", "")):
                errors.append(f"{where}: {source['url']} has no sha256 of 64 hex digits")
        if kind == "git" and "url" in source:
            if not source["url"].startswith("https://"):
                errors.append(f"{where}: {source['url']} is not an https address")
            if not source.get("tag") or not commit.fullmatch(source.get("commit", "")):
                errors.append(f"{where}: {source['url']} needs a tag and its full commit hash")


def walk(modules):
    for module in modules:
        names.append(module.get("name", "?"))
        check_sources(module)
        walk(module.get("modules", []))


walk(shown.get("modules", []))

last = shown.get("modules", [{}])[-1]
if last.get("name") != "cardiotwin" or last.get("buildsystem") != "meson":
    errors.append("the last module must be cardiotwin, built with meson")
elif not any(s.get("type") == "dir" and os.path.isfile(
        os.path.join(base, s.get("path", ""), "meson.build")) for s in last.get("sources", [])):
    errors.append("module cardiotwin must build this repository (a dir source with its meson.build)")

for error in errors:
    print(error)
if errors:
    sys.exit(1)
print(f"{os.path.relpath(manifest_path, root)}: {len(names)} modules ({', '.join(names)}), "
      "every local path present, every download pinned")
EOF
