#!/usr/bin/env bash
# npm run cluster:down — stops every recorded process, removes pod sandboxes, network state
# and etcd data. Keeps the build cache, the PKI, the images imported into containerd and the
# registries' storage.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$HACK_DIR/procs.sh"
source "$HACK_DIR/net.sh"
[[ "$(id -u)" == 0 ]] || die "cluster:down needs root"
lock_cluster

# Kubelet first so it cannot restart what is being removed.
stop kubelet
stop coredns kube-proxy kube-scheduler kube-controller-manager
# Their storage stays (like the images in containerd): the next up pushes nothing.
stop registry registry-auth

# Containers left by a run that was killed outright are only visible through containerd.
if ! running containerd && [[ -f "$CONF_DIR/containerd.toml" ]] \
  && [[ -n "$(ls -A /var/lib/containerd/io.containerd.metadata.v1.bolt 2>/dev/null)" ]]; then
  start containerd /usr/bin/containerd --config "$CONF_DIR/containerd.toml"
  wait_for "containerd socket" 30 ctr --address "$CONTAINERD_SOCK" version || true
fi

if running containerd; then
  ids="$(ctr --address "$CONTAINERD_SOCK" -n k8s.io containers ls -q 2>/dev/null || true)"
  for id in $ids; do
    ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
  done
  for id in $ids; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks delete "$id" >/dev/null 2>&1 && break
      ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls -q 2>/dev/null | grep -qx "$id" || break
      sleep 0.3
    done
    ctr --address "$CONTAINERD_SOCK" -n k8s.io containers delete "$id" >/dev/null 2>&1 || true
  done
  [[ -z "$ids" ]] || log "removed $(wc -w <<<"$ids") pod containers/sandboxes"
fi
stop containerd

# Shims outlive containerd by design; end only those serving our socket's k8s.io namespace.
for p in /proc/[0-9]*; do
  cmd="$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null || true)"
  if [[ "$cmd" == *containerd-shim-runc-v2*"-namespace k8s.io"*"-address $CONTAINERD_SOCK"* ]]; then
    kill -KILL "${p#/proc/}" 2>/dev/null && log "killed leftover shim ${p#/proc/}" || true
  fi
done

stop kube-apiserver etcd

# Pod volumes, sandbox shm and network namespaces are mounts that would pin the directories.
umount_under() {
  local dir="$1"
  awk -v d="$dir" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/self/mounts \
    | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
}
umount_under /var/lib/kubelet
umount_under /run/containerd/io.containerd.grpc.v1.cri
umount_under /run/containerd/io.containerd.runtime.v2.task/k8s.io
for ns in /run/netns/cni-*; do
  [[ -e "$ns" ]] || continue
  umount "$ns" 2>/dev/null || true
  rm -f "$ns"
done
rm -rf /var/lib/kubelet

net_down
rm -rf "$ETCD_DATA"
log "cluster down (cache kept in $CACHE_ROOT)"
