#!/usr/bin/env bash
# Installs what a fresh machine needs to build Shakedown and run its tests: the Debian packages
# of the local cluster and the npm dependencies (Node 24 comes from npm as the `node`
# devDependency, so the system Node only has to be able to run npm).
set -euo pipefail
cd "$(dirname "$0")/.."

# rsync: gitlab-ci-local copies job artifacts with it (the GitLab component's e2e test).
# chromium (and a font for its screenshots): the report e2e test opens report.html in it.
bash hack/cluster/ci-install.sh rsync git chromium fonts-dejavu-core
if [ -n "${CI:-}" ] || [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
