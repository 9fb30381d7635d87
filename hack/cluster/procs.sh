# Sourced: start, check and stop the cluster's processes by recorded PID.

COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy coredns
  registry registry-auth)
# Components whose binary is not named after them.
declare -A EXE_OF=([registry-auth]=registry)

pid_of() { cat "$PID_DIR/$1.pid" 2>/dev/null || true; }

running() {
  local pid
  pid="$(pid_of "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
    && [[ "$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)")" == "$(basename "${2:-${EXE_OF[$1]:-$1}}")" ]]
}

# start NAME BINARY ARGS...: no-op when the recorded process still runs.
# Sets STARTED=1 when it did start the process.
STARTED=0
start() {
  local name="$1"; shift
  STARTED=0
  if running "$name" "$1"; then
    log "$name already running (pid $(pid_of "$name"))"
    return 0
  fi
  STARTED=1
  mkdir -p "$LOG_DIR" "$PID_DIR"
  printf '\n==== %s start %s\n' "$(date -Is)" "$name" >> "$LOG_DIR/$name.log"
  # setsid: the process must outlive `npm run`; 3>&- because up.sh keeps the caller's stdout
  # on fd 3, and a child holding it would make `eval "$(npm run -s cluster:up)"` hang.
  setsid "$@" >> "$LOG_DIR/$name.log" 2>&1 < /dev/null 3>&- 9>&- &
  echo $! > "$PID_DIR/$name.pid"
  log "started $name (pid $!, log $LOG_DIR/$name.log)"
}

# stop NAME...: TERM to all at once, then up to 10 s each before KILL.
stop() {
  local name pid i pids=()
  for name in "$@"; do
    pid="$(pid_of "$name")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$name:$pid")
    fi
    rm -f "$PID_DIR/$name.pid"
  done
  for entry in "${pids[@]}"; do
    pid="${entry#*:}"
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    log "stopped ${entry%%:*} (pid $pid)"
  done
}

# wait_for DESCRIPTION TIMEOUT_SECONDS COMMAND...
wait_for() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${timeout}s waiting for $what"
    sleep 0.5
  done
  log "$what: ok"
}
