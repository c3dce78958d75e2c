#!/usr/bin/env bash
# Build the bundles into a private folder (for a developer testing while dist/ is shared):
#   scripts/build-private.sh /tmp/mydist [cli promote-dev …]; then GITOPS_TEST_DIST=/tmp/mydist npm test -- <files>
set -euo pipefail
out=$1; shift
cd "$(dirname "$0")/.."
names=("$@")
if [ ${#names[@]} -eq 0 ]; then names=(cli); for d in actions/*/; do [ -f "$d/action.yml" ] && names+=("$(basename "$d")"); done; fi
for n in "${names[@]}"; do
  if [ "$n" = cli ]; then entry=packages/cli/src/main.ts; else entry=actions/$n/main.ts; fi
  rm -rf "$out/$n"
  node node_modules/@vercel/ncc/dist/ncc/cli.js build "$entry" -o "$out/$n" --transpile-only --quiet --target es2022
done
