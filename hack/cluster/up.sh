#!/usr/bin/env bash
# npm run cluster:up — builds (first time), starts and waits for the local cluster.
# stdout carries only the export lines (KUBECONFIG, KUBECTL, SHAKEDOWN_*REGISTRY*); everything
# else goes to stderr.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$HACK_DIR/procs.sh"
source "$HACK_DIR/net.sh"
source "$HACK_DIR/config.sh"
source "$HACK_DIR/registry.sh"

exec 3>&1 1>&2
[[ "$(id -u)" == 0 ]] || die "cluster:up needs root (containerd, iptables, mounts)"
lock_cluster

on_exit() {
  local rc=$?
  ((rc == 0)) && return
  if [[ "${CI:-}" == "true" ]]; then
    "$HACK_DIR/logs-tail.sh" 60 || true
  else
    log "cluster:up failed; component logs: $LOG_DIR (hack/cluster/logs-tail.sh prints their tails)"
  fi
}
trap on_exit EXIT

t0=$SECONDS
"$HACK_DIR/ci-install.sh"

# Nothing of ours runs but state is left (a killed session, a reboot): start from a clean slate
# rather than resurrect half a cluster.
any=""
for c in "${COMPONENTS[@]}"; do running "$c" && any=1; done
if [[ -z "$any" ]] && [[ -d "$ETCD_DATA" || -e "/sys/class/net/$BRIDGE_IF" ]]; then
  log "stale state from an earlier run: cleaning it up first"
  "$HACK_DIR/down.sh"
fi
"$HACK_DIR/build.sh"
"$HACK_DIR/images.sh" build
"$HACK_DIR/pki.sh"
write_configs
registry_configs
net_up

B="$BIN_DIR"
kc() { "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }

# etcd's fsync is skipped: the data is thrown away by cluster:down anyway.
start etcd "$B/etcd" --name shakedown --data-dir "$ETCD_DATA" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster shakedown=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381 \
  --unsafe-no-fsync --log-level warn
fresh_etcd=$STARTED

# containerd does not depend on the control plane: start it now to overlap the waits.
# It never rereads its file: when it runs from other content (e.g. one started before the
# registries existed), restart only containerd. Containers live on in their shims and the
# kubelet reconnects by itself.
if running containerd && ! cmp -s "$CONF_DIR/containerd.toml" "$PID_DIR/containerd.toml"; then
  log "containerd runs with an older configuration: restarting containerd only"
  stop containerd
fi
start containerd /usr/bin/containerd --config "$CONF_DIR/containerd.toml"
((STARTED)) && cp "$CONF_DIR/containerd.toml" "$PID_DIR/containerd.toml"
registry_start

wait_for "etcd healthy" 60 curl -fsS http://127.0.0.1:2381/health

source "$HACK_DIR/apiserver.sh"
start_apiserver
wait_for "kube-apiserver /readyz" 120 curl_api /readyz

start kube-controller-manager "$B/kube-controller-manager" \
  --kubeconfig "$KCFG_DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$KCFG_DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$KCFG_DIR/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --leader-elect=false \
  --root-ca-file "$PKI_DIR/ca.crt" \
  --service-account-private-key-file "$PKI_DIR/sa.key" \
  --use-service-account-credentials=true \
  --cluster-signing-cert-file "$PKI_DIR/ca.crt" --cluster-signing-key-file "$PKI_DIR/ca.key" \
  --allocate-node-cidrs=true --cluster-cidr "$POD_CIDR" --node-cidr-mask-size 24 \
  --service-cluster-ip-range "$SERVICE_CIDR"

start kube-scheduler "$B/kube-scheduler" \
  --kubeconfig "$KCFG_DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig "$KCFG_DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig "$KCFG_DIR/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --leader-elect=false

wait_for "containerd socket" 60 ctr --address "$CONTAINERD_SOCK" version
"$HACK_DIR/images.sh" import

# Against a new etcd the kubelet would never register its node again: restart it and the
# other API clients that might have outlived the previous control plane.
((fresh_etcd)) && stop kubelet kube-proxy coredns

start kubelet "$B/kubelet" --config "$CONF_DIR/kubelet.yaml" \
  --kubeconfig "$KCFG_DIR/kubelet.kubeconfig" \
  --hostname-override "$NODE_NAME" --node-ip "$HOST_IP" --v 1

start kube-proxy "$B/kube-proxy" --config "$CONF_DIR/kube-proxy.yaml"
start coredns "$COREDNS_BIN_DIR/coredns" -conf "$CONF_DIR/Corefile"

kc apply -f "$CONF_DIR/restricted-rbac.yaml" >/dev/null
# Needs no cluster: overlaps the node's start-up.
registry_push
wait_for "node $NODE_NAME Ready" 120 \
  kc wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s
wait_for "default ServiceAccount" 60 kc -n default get serviceaccount default
wait_for "shakedown-restricted ServiceAccount" 60 kc -n shakedown-restricted get serviceaccount default
wait_for "kube-root-ca.crt ConfigMap" 60 kc -n default get configmap kube-root-ca.crt
wait_for "CoreDNS ready" 60 curl -fsS http://127.0.0.1:8181/ready
wait_for "CoreDNS answers kubernetes.default" 60 \
  sh -c "busybox nslookup kubernetes.default.svc.cluster.local $CLUSTER_DNS | grep -q '$API_SERVICE_IP'"

log "cluster ready in $((SECONDS - t0))s — kubeconfig $ADMIN_KUBECONFIG"
echo "export KUBECONFIG=$ADMIN_KUBECONFIG" >&3
echo "export KUBECTL=$KUBECTL" >&3
registry_exports >&3
