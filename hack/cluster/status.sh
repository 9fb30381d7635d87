#!/usr/bin/env bash
# npm run cluster:status — which components run, node readiness, versions.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$HACK_DIR/procs.sh"

up=0 total=0
for c in "${COMPONENTS[@]}"; do
  if running "$c"; then
    rss="$(awk '/^VmRSS/ {print $2}' "/proc/$(pid_of "$c")/status")"
    printf '%-24s running  pid %-7s rss %6d MiB\n' "$c" "$(pid_of "$c")" "$((rss / 1024))"
    up=$((up + 1)) total=$((total + rss))
  else
    printf '%-24s stopped\n' "$c"
  fi
done

((up == 0)) || printf '%-24s          %-11s rss %6d MiB\n' total "" "$((total / 1024))"
echo
echo "kubernetes: $K8S_VERSION   etcd: $("$BIN_DIR/etcd" --version 2>/dev/null | awk '/etcd Version/ {print $3}')   coredns: $COREDNS_VERSION   registry: $REGISTRY_VERSION   containerd: $(containerd --version 2>/dev/null | awk '{print $3}')   runc: $(runc --version 2>/dev/null | awk 'NR==1 {print $3}')"
echo "kubeconfig: $ADMIN_KUBECONFIG"
echo "restricted: $RESTRICTED_KUBECONFIG"
echo "kubectl:    $KUBECTL"
echo "registries: http://$REG_ANON (anonymous), http://$REG_AUTH (basic auth; exports in $STATE_DIR/registry/registry.env)"
echo "cache:      $CACHE_ROOT ($(du -sh "$CACHE_ROOT" 2>/dev/null | cut -f1))"

if ((up > 0)) && [[ -f "$ADMIN_KUBECONFIG" ]]; then
  echo
  "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" get nodes -o wide 2>&1 || true
  echo
  ctr --address "$CONTAINERD_SOCK" -n k8s.io images ls -q 2>/dev/null | grep -v '^sha256:' || true
fi
if running registry; then
  echo
  echo "$REG_ANON catalog: $(curl -fsS "http://$REG_ANON/v2/_catalog" 2>/dev/null | jq -r '.repositories | join(" ")' 2>/dev/null)"
fi
((up == ${#COMPONENTS[@]}))
