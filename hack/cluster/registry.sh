# Sourced by up.sh: two CNCF Distribution registries on loopback, an anonymous one and one
# behind htpasswd basic auth, filled with the local images so pods can really pull them.
#   registry_configs   credentials, htpasswd, both registries' config files (kept across down)
#   registry_start     start whichever of the two is not running, wait until both answer
#   registry_push      push the images each registry lacks (or holds from an older recipe)
#   registry_exports   the SHAKEDOWN_*REGISTRY* export lines (also kept in $REG_ENV_FILE)
source "$HACK_DIR/images.sh"

REG_USER="shakedown"
REG_DIR="$STATE_DIR/registry"
REG_ENV_FILE="$REG_DIR/registry.env"
# docker config.json with the auth registry's credentials: skopeo pushes with it.
REG_AUTHFILE="$REG_DIR/auth.json"
DEMO_REF="shakedown/entrypoint-demo:1"
MANIFEST_TYPES="application/vnd.oci.image.index.v1+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.docker.distribution.manifest.v2+json"

reg_password() { cat "$REG_DIR/password"; }

registry_configs() {
  mkdir -p "$REG_DIR/anon" "$REG_DIR/auth" "$CONF_DIR"
  # Test-only credentials, generated once per machine and kept across cluster:down, so a
  # shell that sourced the exports earlier stays valid.
  if [[ ! -s "$REG_DIR/password" ]]; then
    (umask 077 && openssl rand -hex 16 > "$REG_DIR/password")
  fi
  local pw
  pw="$(reg_password)"
  if ! htpasswd -vb "$REG_DIR/htpasswd" "$REG_USER" "$pw" >/dev/null 2>&1; then
    (umask 077 && htpasswd -Bbn "$REG_USER" "$pw" > "$REG_DIR/htpasswd")
  fi
  (umask 077 && printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$REG_AUTH" \
    "$(printf '%s:%s' "$REG_USER" "$pw" | base64 -w0)" | put "$REG_AUTHFILE")
  (umask 077 && registry_exports | put "$REG_ENV_FILE")

  registry_config anon "$REG_ANON" | put "$CONF_DIR/registry-anon.yml"
  {
    registry_config auth "$REG_AUTH"
    printf 'auth:\n  htpasswd:\n    realm: shakedown-test\n    path: %s\n' "$REG_DIR/htpasswd"
  } | put "$CONF_DIR/registry-auth.yml"
}

# registry_config NAME ADDR: loopback only, no debug/metrics listener, storage in the state
# dir. The http secret only signs upload state; a stable one survives restarts mid-upload.
registry_config() {
  local secret_file="$REG_DIR/$1.secret"
  [[ -s "$secret_file" ]] || (umask 077 && openssl rand -hex 16 > "$secret_file")
  cat <<YAML
version: 0.1
log:
  level: info
  formatter: text
  accesslog: {disabled: true}
storage:
  filesystem:
    rootdirectory: $REG_DIR/$1
  delete:
    enabled: true
  maintenance:
    uploadpurging: {enabled: false}
http:
  addr: $2
  secret: $(cat "$secret_file")
  headers:
    X-Content-Type-Options: [nosniff]
YAML
}

registry_start() {
  # The registry exports traces over OTLP by default (to localhost); none is the no-op.
  OTEL_TRACES_EXPORTER=none start registry "$REGISTRY_BIN_DIR/registry" serve "$CONF_DIR/registry-anon.yml"
  OTEL_TRACES_EXPORTER=none start registry-auth "$REGISTRY_BIN_DIR/registry" serve "$CONF_DIR/registry-auth.yml"
  wait_for "registry $REG_ANON" 30 curl -fsS "http://$REG_ANON/v2/"
  wait_for "registry $REG_AUTH (basic auth)" 30 \
    curl -fsS -u "$REG_USER:$(reg_password)" "http://$REG_AUTH/v2/"
}

registry_exports() {
  echo "export SHAKEDOWN_REGISTRY=$REG_ANON"
  echo "export SHAKEDOWN_AUTH_REGISTRY=$REG_AUTH"
  echo "export SHAKEDOWN_AUTH_REGISTRY_USER=$REG_USER"
  echo "export SHAKEDOWN_AUTH_REGISTRY_PASSWORD=$(reg_password)"
}

# remote_digest HOST REPO:TAG: the digest the registry serves for that tag, empty if none.
remote_digest() {
  local host="$1" repo="${2%:*}" tag="${2##*:}" creds=()
  [[ "$host" == "$REG_AUTH" ]] && creds=(-u "$REG_USER:$(reg_password)")
  curl -fsS -I "${creds[@]}" -H "Accept: $MANIFEST_TYPES" \
    "http://$host/v2/$repo/manifests/$tag" 2>/dev/null \
    | awk -F': ' 'tolower($1) == "docker-content-digest" {gsub(/\r/, "", $2); print $2}'
}

# push_image SOURCE PATH KEY: copies SOURCE (a skopeo reference) to PATH in both registries
# unless each already serves the digest recorded when this KEY (recipe) was pushed there.
# The anonymous registry is filled first and the other copied from it, so both serve the same
# bytes (same digests) and layers are compressed once.
push_image() {
  local src="$1" path="$2" key="$3" host mark
  for host in "$REG_ANON" "$REG_AUTH"; do
    mark="$REG_DIR/pushed/$host/${path//[\/:]/_}-$key"
    if [[ -s "$mark" && "$(remote_digest "$host" "$path")" == "$(cat "$mark")" ]]; then
      src="docker://$REG_ANON/$path"
      continue
    fi
    log "pushing $path to $host"
    mkdir -p "$(dirname "$mark")"
    rm -f "${mark%-*}"-*
    # From an archive the layers get compressed (new digests); between registries never.
    local keep=()
    [[ "$src" == docker://* ]] && keep=(--preserve-digests)
    skopeo copy --quiet --all "${keep[@]}" --src-tls-verify=false --dest-tls-verify=false \
      --dest-authfile "$REG_AUTHFILE" --digestfile "$mark.tmp" "$src" "docker://$host/$path" >&2
    mv "$mark.tmp" "$mark"
    src="docker://$REG_ANON/$path"
  done
}

demo_key() {
  { declare -f build_demo; key_of busybox; } | sha256sum | cut -c1-16
}

# The entrypoint demo: busybox with an ENTRYPOINT, a CMD, a WorkingDir and an Env that all
# matter, as an OCI image index (linux/amd64 and linux/arm64 entries, same layers) so that a
# client's platform selection is exercised. Cached as an OCI layout next to the image tars.
build_demo() {
  local out="$1" w c arch list="localhost/$DEMO_REF"
  w="$(mktemp -d "$IMAGE_CACHE/work-demo.XXXX")"
  mkdir -p "$w/srv/demo"
  echo "this file sits in the image's WorkingDir" > "$w/srv/demo/hello.txt"
  buildah manifest rm "$list" >/dev/null 2>&1 || true
  buildah manifest create "$list" >/dev/null
  for arch in amd64 arm64; do
    c="$(buildah from --quiet "docker-archive:$(tar_of busybox)")"
    buildah add --quiet "$c" "$w/srv" /srv >/dev/null
    buildah config --os linux --arch "$arch" \
      --entrypoint '["/bin/sh","-c","echo \"entrypoint args: $*\"","--"]' \
      --cmd '["from-image-cmd"]' --workingdir /srv/demo \
      --env DEMO_GREETING=hello-from-image-config "$c"
    buildah commit --quiet --rm --format oci "$c" "$list-$arch" >/dev/null
    buildah manifest add "$list" "containers-storage:$list-$arch" >/dev/null
  done
  rm -rf "$IMAGE_CACHE"/entrypoint-demo-*
  buildah manifest push --quiet --all --format oci "$list" "oci:$out.tmp:1" >&2
  buildah manifest rm "$list" >/dev/null
  buildah rmi "$list-amd64" "$list-arm64" >/dev/null
  rm -rf "$w"
  mv "$out.tmp" "$out"
}

registry_push() {
  local name dir start=$SECONDS
  for name in "${IMAGES[@]}"; do
    push_image "docker-archive:$(tar_of "$name")" "${REF[$name]#*/}" "$(key_of "$name")"
  done
  dir="$IMAGE_CACHE/entrypoint-demo-$(demo_key)"
  if [[ ! -f "$dir/index.json" ]]; then
    log "building $DEMO_REF (OCI index: linux/amd64, linux/arm64)"
    build_demo "$dir"
  fi
  push_image "oci:$dir:1" "$DEMO_REF" "$(demo_key)"
  log "registries hold every image ($((SECONDS - start))s)"
}
