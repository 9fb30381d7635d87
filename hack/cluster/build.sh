#!/usr/bin/env bash
# Builds Kubernetes, etcd, CoreDNS and the image registry from the Go module proxy into the version-keyed cache.
# A warm cache (all binaries present) makes this a no-op.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
K8S_BINS=("${K8S_CMDS[@]}" etcd etcdctl)

have_all() {
  local b
  for b in "${K8S_BINS[@]}"; do [[ -x "$BIN_DIR/$b" ]] || return 1; done
  [[ -x "$COREDNS_BIN_DIR/coredns" && -x "$REGISTRY_BIN_DIR/registry" ]]
}

if have_all; then
  log "binaries cached in $BIN_DIR"
  exit 0
fi

command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"

build_k8s() {
  local src="$CACHE_ROOT/k8s-$K8S_VERSION/src" out="$BIN_DIR.tmp"
  mkdir -p "$src" "$out"
  local dl gomod info
  dl="$(cd "$src" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" || true)"
  gomod="$(jq -r '.GoMod // empty' <<<"$dl")"
  info="$(jq -r '.Info // empty' <<<"$dl")"
  [[ -f "$gomod" ]] || die "cannot download k8s.io/kubernetes@$K8S_VERSION: $(jq -r '.Error // empty' <<<"$dl")"

  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local staging_version="v0.${K8S_VERSION#v1.}"
  {
    echo "module shakedown.local/k8sbuild"
    echo
    grep -E '^(go|godebug) ' "$gomod"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    # Pinned to Kubernetes' own etcd version: left open, MVS picks the newest etcdctl,
    # which drags etcd's client, grpc and otel past what this Kubernetes release was tested with.
    local etcd_version
    etcd_version="$(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2}' "$gomod")"
    echo "require go.etcd.io/etcd/server/v3 $etcd_version"
    echo "require go.etcd.io/etcd/etcdctl/v3 $etcd_version"
    echo
    # Staging modules are replaced by local paths upstream; point each at its published tag.
    grep -oE '^[[:space:]]*k8s\.io/[^[:space:]]+ => \./staging/' "$gomod" \
      | awk -v v="$staging_version" '{print "replace " $1 " => " $1 " " v}'
  } > "$src/go.mod"
  : > "$src/go.sum"
  log "throwaway module: $src/go.mod ($(grep -c '^replace' "$src/go.mod") staging replaces)"

  local build_date
  build_date="$(jq -r .Time "$info")"
  local ld="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
  done

  local pkgs=() c
  for c in "${K8S_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  # etcd server and etcdctl at the versions Kubernetes itself requires (3.5.x), same module graph.
  pkgs+=(go.etcd.io/etcd/server/v3 go.etcd.io/etcd/etcdctl/v3)
  log "go build (cold: tens of minutes on 2 cores): ${pkgs[*]}"
  (cd "$src" && go build -trimpath -tags selinux,notest -ldflags "$ld" -o "$out/" "${pkgs[@]}")
  # go names a /vN module's binary after its parent element.
  mv "$out/server" "$out/etcd"
  [[ -x "$out/etcdctl" ]] || mv "$out/v3" "$out/etcdctl" 2>/dev/null || true
  rm -rf "$BIN_DIR" && mv "$out" "$BIN_DIR"
}

build_coredns() {
  local out="$COREDNS_BIN_DIR.tmp"
  mkdir -p "$out"
  # CoreDNS's module has no replace directives, so go install @version works as is.
  log "go install github.com/coredns/coredns@$COREDNS_VERSION"
  GOFLAGS=-buildvcs=false GOBIN="$out" go install -trimpath -ldflags "-s -w" \
    "github.com/coredns/coredns@$COREDNS_VERSION"
  rm -rf "$COREDNS_BIN_DIR" && mv "$out" "$COREDNS_BIN_DIR"
}

build_registry() {
  local out="$REGISTRY_BIN_DIR.tmp" pkg=github.com/distribution/distribution/v3
  mkdir -p "$out"
  # CNCF Distribution's module has no replace directives either; the version stamp is the one
  # its Makefile sets (otherwise `registry --version` says "+unknown").
  log "go install $pkg/cmd/registry@$REGISTRY_VERSION"
  GOFLAGS=-buildvcs=false GOBIN="$out" go install -trimpath \
    -ldflags "-s -w -X $pkg/version.version=$REGISTRY_VERSION -X $pkg/version.mainpkg=$pkg" \
    "$pkg/cmd/registry@$REGISTRY_VERSION"
  rm -rf "$REGISTRY_BIN_DIR" && mv "$out" "$REGISTRY_BIN_DIR"
}

start=$SECONDS
[[ -x "$BIN_DIR/kube-apiserver" && -x "$BIN_DIR/etcd" ]] || build_k8s
[[ -x "$COREDNS_BIN_DIR/coredns" ]] || build_coredns
[[ -x "$REGISTRY_BIN_DIR/registry" ]] || build_registry
have_all || die "build finished but binaries are missing"
log "build done in $((SECONDS - start))s"
"$BIN_DIR/kubectl" version --client >&2 || true
