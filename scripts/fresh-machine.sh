#!/usr/bin/env bash
# Run commands as on a fresh machine that has only Node, npm and git besides the base system:
#   scripts/fresh-machine.sh npm test -- test/gitlab-pipelines.test.ts
#   scripts/fresh-machine.sh npm run demo
# PATH becomes one folder of links to the base system's programs (Debian's required and essential
# packages, read from dpkg; elsewhere a fixed list of POSIX basics) plus node, npm, npx and git, so
# rsync, jq, curl, docker-registry, skopeo, buildah, htpasswd and the like are out of sight. HOME is
# a new empty folder: no git identity, no npm cache, no ~/.gitconfig. The environment is emptied but
# for GITOPS_TEST_DIST and CI.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/fresh-machine.sh COMMAND [ARGS…]" >&2; exit 2; }
cd "$(dirname "$0")/.."

scratch=$(mktemp -d "${TMPDIR:-/tmp}/fresh-machine.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
bin=$scratch/bin
mkdir -p "$bin" "$scratch/home"

link() { # link NAME PATH: the first one wins, as on PATH
  [ -e "$bin/$1" ] || ln -s "$2" "$bin/$1"
}
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in $(dpkg-query -W -f='${Package} ${Priority} ${Essential}\n' | awk '$2 == "required" || $3 == "yes" { print $1 }'); do
    dpkg -L "$pkg" 2>/dev/null | grep -E '^(/usr)?/s?bin/[^/]+$' || true
  done | sort -u | while read -r f; do [ -x "$f" ] && link "$(basename "$f")" "$f"; done
else
  for name in sh bash env cat cp mv rm mkdir rmdir ln ls chmod touch printf test true false sed grep awk \
    find xargs sort uniq head tail tr cut wc tee dirname basename readlink realpath mktemp date sleep kill id \
    uname hostname tar gzip gunzip diff cmp expr seq od stat nproc getconf; do
    p=$(command -v "$name" || true)
    [ -n "$p" ] && [ -x "$p" ] && link "$name" "$p"
  done
fi
for name in node npm npx git; do
  p=$(command -v "$name") || { echo "fresh-machine: $name is not installed" >&2; exit 1; }
  ln -sf "$(readlink -f "$p")" "$bin/$name"
done

hidden=()
for name in rsync jq curl wget docker-registry registry skopeo buildah podman docker umoci htpasswd openssl python3; do
  [ -e "$bin/$name" ] && hidden+=("$name (base system)") || true
done
echo "fresh-machine: PATH=$bin ($(ls "$bin" | wc -l) programs); HOME=$scratch/home${hidden:+; still visible: ${hidden[*]}}" >&2

# Only these come along: a private bundle under test, and whether this is CI.
keep=()
for v in GITOPS_TEST_DIST CI; do [ -n "${!v:-}" ] && keep+=("$v=${!v}"); done
env -i PATH="$bin" HOME="$scratch/home" TMPDIR="${TMPDIR:-/tmp}" LANG=C.UTF-8 TERM=dumb "${keep[@]}" "$@"
