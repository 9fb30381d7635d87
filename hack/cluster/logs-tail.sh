#!/usr/bin/env bash
# Prints the last lines of every component's log (used by cluster:up on failure in CI).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
lines="${1:-40}"
for f in "$LOG_DIR"/*.log; do
  [[ -f "$f" ]] || continue
  printf '\n===== %s (last %s lines) =====\n' "$f" "$lines" >&2
  tail -n "$lines" "$f" >&2
done
