# Sourced: writes every component's configuration file into $CONF_DIR.

# put FILE < content: rewrites FILE only when the content differs, because kube-proxy exits
# as soon as its configuration file is written to, even with identical content.
put() {
  local tmp
  tmp="$(mktemp "$1.XXXX")"
  cat > "$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

write_configs() {
  mkdir -p "$CONF_DIR/cni" "$LOG_DIR" "$PID_DIR"

  put "$CONF_DIR/containerd.toml" <<TOML
version = 2
root = "/var/lib/containerd"
state = "/run/containerd"
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # CAP_SYS_RESOURCE is outside this VM's bounding set, so runc cannot lower
  # oom_score_adj (-998 for sandboxes): clamp to containerd's own value instead.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$CONF_DIR/cni"
  # Per-registry hosts.toml files (read at every pull, so editing them needs no restart).
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$CONF_DIR/certs.d"
TOML

  # The local registries speak plain HTTP on loopback. Credentials for the auth one come only
  # from the pod's imagePullSecrets, which the kubelet hands to containerd with each pull.
  local reg
  for reg in "$REG_ANON" "$REG_AUTH"; do
    mkdir -p "$CONF_DIR/certs.d/$reg"
    put "$CONF_DIR/certs.d/$reg/hosts.toml" <<TOML
server = "http://$reg"

[host."http://$reg"]
  capabilities = ["pull", "resolve"]
TOML
  done

  # ipMasq false: pods get no NAT towards eth0 (see net.sh for the FORWARD guard).
  put "$CONF_DIR/cni/10-shakedown.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "shakedown",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE_IF",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$NODE_POD_CIDR" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON

  # Pods with dnsPolicy Default read this instead of the host's (which points upstream).
  echo "nameserver $CLUSTER_DNS" | put "$CONF_DIR/resolv.conf"

  put "$CONF_DIR/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $HOST_IP
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI_DIR/ca.crt}
authorization:
  mode: Webhook
tlsCertFile: $PKI_DIR/kubelet-server.crt
tlsPrivateKeyFile: $PKI_DIR/kubelet-server.key
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
clusterDNS: [$CLUSTER_DNS]
clusterDomain: cluster.local
resolvConf: $CONF_DIR/resolv.conf
failSwapOn: false
failCgroupV1: false
# Local images can never be pulled again: 100 disables image garbage collection.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  nodefs.inodesFree: 1%
  imagefs.available: 1%
serializeImagePulls: false
registerNode: true
podCIDR: $NODE_POD_CIDR
maxPods: 110
# No CAP_SYS_RESOURCE here: a negative oom_score_adj cannot be set.
oomScoreAdj: 0
YAML

  # maxPerCore 0 and zero timeouts: kube-proxy leaves the host's conntrack sysctls alone.
  put "$CONF_DIR/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $KCFG_DIR/kube-proxy.kubeconfig
mode: iptables
clusterCIDR: $POD_CIDR
hostnameOverride: $NODE_NAME
bindAddress: $HOST_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$HOST_IP/32"]
oomScoreAdj: 0
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
YAML

  # No forward plugin: names outside cluster.local get no answer instead of going upstream.
  put "$CONF_DIR/Corefile" <<COREFILE
.:53 {
    bind $CLUSTER_DNS
    errors
    ready 127.0.0.1:8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $ADMIN_KUBECONFIG shakedown-admin@shakedown
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 5
    }
    cache 5
    loadbalance
}
COREFILE

  put "$CONF_DIR/restricted-rbac.yaml" <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: shakedown-restricted}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: shakedown-restricted, namespace: shakedown-restricted}
rules:
- apiGroups: [""]
  resources: [pods, pods/log, pods/exec, pods/attach, pods/status, services, endpoints, configmaps, secrets, events, persistentvolumeclaims, serviceaccounts]
  verbs: [create, get, list, watch, update, patch, delete, deletecollection]
- apiGroups: [batch]
  resources: [jobs, jobs/status, cronjobs]
  verbs: [create, get, list, watch, update, patch, delete, deletecollection]
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [get, list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: shakedown-restricted, namespace: shakedown-restricted}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: shakedown-restricted}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: shakedown-restricted}
YAML
}
