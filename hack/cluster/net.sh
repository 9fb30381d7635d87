# Sourced: host networking for the cluster, and its safety net.
# Pods may talk to each other, to the host's own addresses and to HOST_IP; nothing they send
# may be forwarded or masqueraded out of the machine.

GUARD_CHAIN="SHAKEDOWN-GUARD"

net_up() {
  mount --make-rshared /
  local f
  for f in /proc/sys/net/ipv4/ip_forward /proc/sys/net/bridge/bridge-nf-call-iptables; do
    [[ -f "$CONF_DIR/sysctl.$(basename "$f")" ]] || cat "$f" > "$CONF_DIR/sysctl.$(basename "$f")"
    echo 1 > "$f"
  done

  # CONFIG_DUMMY is off in this kernel, so a port-less bridge stands in for a dummy
  # interface: always up, never forwards, carries HOST_IP for the apiserver, kubelet and DNS.
  if ! ip link show "$DUMMY_IF" >/dev/null 2>&1; then
    ip link add "$DUMMY_IF" type bridge
  fi
  ip link set "$DUMMY_IF" up
  ip addr replace "$HOST_IP/32" dev "$DUMMY_IF"

  # Unclaimed pod or service addresses must never follow the default route out of eth0.
  ip route replace blackhole "$POD_CIDR"
  ip route replace blackhole "$SERVICE_CIDR"

  guard_rules iptables
  guard_rules ip6tables 2>/dev/null || true
}

# Installed in both filter and mangle FORWARD: mangle runs before kube-proxy's KUBE-FORWARD
# accept rules (which kube-proxy prepends to filter FORWARD), so ordering cannot defeat it.
guard_rules() {
  local ipt="$1" table
  for table in mangle filter; do
    "$ipt" -w -t "$table" -N "$GUARD_CHAIN" 2>/dev/null || "$ipt" -w -t "$table" -F "$GUARD_CHAIN"
    "$ipt" -w -t "$table" -A "$GUARD_CHAIN" -i "$BRIDGE_IF" -o "$BRIDGE_IF" -j RETURN
    "$ipt" -w -t "$table" -A "$GUARD_CHAIN" -i "$BRIDGE_IF" -j DROP \
      -m comment --comment "shakedown: pods never leave the machine"
    "$ipt" -w -t "$table" -A "$GUARD_CHAIN" -o "$BRIDGE_IF" -j DROP \
      -m comment --comment "shakedown: nothing from outside reaches pods"
    "$ipt" -w -t "$table" -C FORWARD -j "$GUARD_CHAIN" 2>/dev/null \
      || "$ipt" -w -t "$table" -I FORWARD 1 -j "$GUARD_CHAIN"
  done
}

guard_rules_down() {
  local ipt="$1" table
  for table in mangle filter; do
    while "$ipt" -w -t "$table" -D FORWARD -j "$GUARD_CHAIN" 2>/dev/null; do :; done
    "$ipt" -w -t "$table" -F "$GUARD_CHAIN" 2>/dev/null || true
    "$ipt" -w -t "$table" -X "$GUARD_CHAIN" 2>/dev/null || true
  done
}

# Removes everything kube-proxy and the CNI bridge left behind, then our own rules.
net_down() {
  local ipt table chain
  for ipt in iptables ip6tables; do
    for table in filter nat mangle raw; do
      # Drop jumps into KUBE-* chains from the built-in chains first, then the chains.
      { "$ipt" -w -t "$table" -S 2>/dev/null || true; } \
        | awk '/^-A [A-Z]+ .*-j KUBE-/ && !/^-A KUBE-/ {sub(/^-A/, "-D"); print}' \
        | while read -r rule; do eval "$ipt -w -t $table $rule" 2>/dev/null || true; done
      for chain in $("$ipt" -w -t "$table" -S 2>/dev/null | awk '/^-N (KUBE-|CNI-)/ {print $2}'); do
        "$ipt" -w -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("$ipt" -w -t "$table" -S 2>/dev/null | awk '/^-N (KUBE-|CNI-)/ {print $2}'); do
        "$ipt" -w -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
    guard_rules_down "$ipt" 2>/dev/null || true
  done

  ip link del "$BRIDGE_IF" 2>/dev/null || true
  ip link del "$DUMMY_IF" 2>/dev/null || true
  ip route del blackhole "$POD_CIDR" 2>/dev/null || true
  ip route del blackhole "$SERVICE_CIDR" 2>/dev/null || true
  rm -rf /var/lib/cni/networks/shakedown /var/lib/cni/results/shakedown-* 2>/dev/null || true

  local f
  for f in ip_forward bridge-nf-call-iptables; do
    [[ -f "$CONF_DIR/sysctl.$f" ]] || continue
    case "$f" in
      ip_forward) cat "$CONF_DIR/sysctl.$f" > /proc/sys/net/ipv4/ip_forward ;;
      *) cat "$CONF_DIR/sysctl.$f" > "/proc/sys/net/bridge/$f" ;;
    esac
    rm -f "$CONF_DIR/sysctl.$f"
  done
}
