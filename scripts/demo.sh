#!/usr/bin/env bash
# Runs Shakedown's main job — `shakedown run` — on an example workflow. Without a KUBECONFIG it
# starts the local single-node cluster first (hack/cluster/), so a fresh machine needs nothing
# else; with one it uses that cluster (kind, a cloud cluster…) unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

workflow="${1:-examples/api-with-redis.yaml}"
shift || true
if [ -z "${KUBECONFIG:-}" ]; then
  eval "$(npm run -s cluster:up)"
fi
exec node_modules/.bin/node dist/cli/index.js run "$workflow" --out shakedown-results "$@"
