# Sourced by every hack/cluster script: versions, paths, logging.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.33.13}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.12.4}"
REGISTRY_VERSION="${REGISTRY_VERSION:-v3.1.2}"

export PATH="/usr/local/go/bin:/usr/local/sbin:/usr/sbin:/sbin:$PATH"

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/shakedown/cluster"
BIN_DIR="$CACHE_ROOT/k8s-$K8S_VERSION/bin"
COREDNS_BIN_DIR="$CACHE_ROOT/coredns-$COREDNS_VERSION/bin"
REGISTRY_BIN_DIR="$CACHE_ROOT/registry-$REGISTRY_VERSION/bin"
IMAGE_CACHE="$CACHE_ROOT/images"
# Runtime state lives outside the repo so a fresh clone (CI) finds the same kubeconfig.
STATE_DIR="${SHAKEDOWN_CLUSTER_DIR:-/var/lib/shakedown-cluster}"
PKI_DIR="$STATE_DIR/pki"
KCFG_DIR="$STATE_DIR/kubeconfig"
LOG_DIR="$STATE_DIR/logs"
PID_DIR="$STATE_DIR/pids"
ETCD_DATA="$STATE_DIR/etcd"
CONF_DIR="$STATE_DIR/config"
ADMIN_KUBECONFIG="$KCFG_DIR/admin.kubeconfig"
RESTRICTED_KUBECONFIG="$KCFG_DIR/restricted.kubeconfig"
KUBECTL="$BIN_DIR/kubectl"

NODE_NAME="shakedown-node"
# Address ranges chosen away from eth0 (192.0.2.0/24) and the resolver (10.255.255.53).
# HOST_IP is not link-local because EndpointSlice validation rejects 169.254.0.0/16
# for the apiserver's advertise address.
POD_CIDR="10.244.0.0/16"
NODE_POD_CIDR="10.244.0.0/24"
SERVICE_CIDR="10.96.0.0/16"
API_SERVICE_IP="10.96.0.1"
DUMMY_IF="shakedown0"
HOST_IP="10.243.255.1"
CLUSTER_DNS="$HOST_IP"
BRIDGE_IF="shakedown-br0"
API_PORT=6443

# The local registries (registry.sh): anonymous and basic auth, plain HTTP, loopback only.
REG_ANON="127.0.0.1:5000"
REG_AUTH="127.0.0.1:5001"

CONTAINERD_SOCK="/run/containerd/containerd.sock"
PAUSE_IMAGE="registry.k8s.io/pause:3.10"

# Serialises cluster:up / cluster:down between everyone sharing this machine: a down racing
# an up leaves a kubelet registered against a wiped etcd. Children must not inherit fd 9.
lock_cluster() {
  [[ -n "${SHAKEDOWN_CLUSTER_LOCKED:-}" ]] && return 0
  mkdir -p "$STATE_DIR"
  exec 9> "$STATE_DIR/.lock"
  if ! flock -n 9; then
    log "another cluster:up/down is running; waiting for it"
    flock -w 900 9 || die "timed out waiting for $STATE_DIR/.lock"
  fi
  export SHAKEDOWN_CLUSTER_LOCKED=1
}

log() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
