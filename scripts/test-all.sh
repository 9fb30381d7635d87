#!/usr/bin/env bash
# Every check CI makes, in the order that fails fastest: static checks and the dist/ freshness
# check need no cluster; then the local cluster comes up (unless KUBECONFIG points at one) and
# all jest projects run, end-to-end included. The cluster is stopped again on exit if we
# started it.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "typecheck"
npx tsc --noEmit
step "lint"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
step "dist is up to date"
npm run -s build >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --porcelain -- dist >&2
  echo "dist/ is stale: run 'npm run build' and commit dist/." >&2
  exit 1
fi
step "generated docs are up to date"
for check in scripts/*-docs.js; do
  [ -e "$check" ] && node "$check" --check
done

# Only a cluster this script started is stopped again: one that was already running belongs to
# someone else on the machine.
if [ -z "${KUBECONFIG:-}" ]; then
  step "local cluster"
  if ! npm run -s cluster:status >/dev/null 2>&1; then
    trap 'npm run -s cluster:down >&2 || true' EXIT
  fi
  eval "$(npm run -s cluster:up)"
fi

step "tests"
mkdir -p .tmp
status=0
node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js \
  --json --outputFile=.tmp/jest-results.json "$@" || status=$?
node scripts/test-totals.js .tmp/jest-results.json
exit "$status"
