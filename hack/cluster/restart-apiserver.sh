#!/usr/bin/env bash
# Kills the local cluster's kube-apiserver (SIGKILL, as a crash) and starts it again exactly as
# up.sh does, waiting for /readyz. For the fault tests; refuses unless the recorded
# kube-apiserver of this cluster is running. Usage: restart-apiserver.sh [seconds down]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$HACK_DIR/procs.sh"
source "$HACK_DIR/apiserver.sh"
[[ "$(id -u)" == 0 ]] || die "restart-apiserver needs root, like cluster:up"
running kube-apiserver "$BIN_DIR/kube-apiserver" || die "no kube-apiserver of this cluster is running"
pid="$(pid_of kube-apiserver)"
kill -KILL "$pid"
for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
rm -f "$PID_DIR/kube-apiserver.pid"
log "killed kube-apiserver (pid $pid)"
sleep "${1:-5}"
start_apiserver
wait_for "kube-apiserver /readyz" 120 curl_api /readyz
