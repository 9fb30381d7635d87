#!/usr/bin/env bash
# Installs the Debian packages the local cluster needs. Idempotent: when every package is
# already installed it touches nothing (CI calls it on every run). Arguments name further
# packages that the project's own tests need, so one apt run installs everything.
set -euo pipefail

PACKAGES=(
  containerd runc containernetworking-plugins
  iptables nftables conntrack iproute2 ethtool socat util-linux mount kmod
  openssl jq curl ca-certificates
  busybox-static buildah mmdebstrap
  # skopeo pushes the local images into the local registries; htpasswd (apache2-utils) writes
  # the bcrypt password file of the one behind basic auth.
  skopeo apache2-utils
  "$@"
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "[cluster] all Debian packages present" >&2
  exit 0
fi

echo "[cluster] apt-get install ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q >&2
# --no-install-recommends keeps buildah from pulling in podman-era extras we do not use.
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >&2
