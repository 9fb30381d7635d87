#!/usr/bin/env bash
# Creates the CA, component certificates, service-account keys and kubeconfigs with openssl.
# Existing files are kept, so the identities survive cluster:down / cluster:up.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$PKI_DIR" "$KCFG_DIR"
chmod 700 "$PKI_DIR"
cd "$PKI_DIR"

if [[ ! -f ca.crt ]]; then
  log "creating cluster CA"
  openssl genrsa -out ca.key 2048 2>/dev/null
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=shakedown-cluster-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out ca.crt 2>/dev/null
fi

# cert NAME SUBJECT USAGE [SANS]
cert() {
  local name="$1" subj="$2" usage="$3" sans="${4:-}"
  [[ -f "$name.crt" && -f "$name.key" ]] && return 0
  openssl genrsa -out "$name.key" 2048 2>/dev/null
  openssl req -new -key "$name.key" -subj "$subj" -out "$name.csr" 2>/dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -n "$sans" ]] && echo "subjectAltName=$sans"
  } > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -sha256 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

api_sans="DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
api_sans+=",DNS:kubernetes.default.svc.cluster.local,DNS:localhost,DNS:$NODE_NAME"
api_sans+=",IP:127.0.0.1,IP:$HOST_IP,IP:$API_SERVICE_IP"
cert apiserver "/CN=kube-apiserver" serverAuth "$api_sans"
cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
cert admin "/O=system:masters/CN=shakedown-admin" clientAuth
cert controller-manager "/CN=system:kube-controller-manager" clientAuth
cert scheduler "/CN=system:kube-scheduler" clientAuth
cert kube-proxy "/CN=system:kube-proxy" clientAuth
cert kubelet-client "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
cert kubelet-server "/CN=$NODE_NAME" serverAuth "DNS:$NODE_NAME,IP:$HOST_IP,IP:127.0.0.1"
# A plain user with no groups beyond system:authenticated; its rights come only from the
# RoleBinding in shakedown-restricted (see up.sh).
cert restricted "/CN=shakedown-restricted" clientAuth

if [[ ! -f sa.key ]]; then
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
fi
chmod 600 ./*.key

# kubeconfig FILE USER CERT [NAMESPACE]
kubeconfig() {
  local file="$1" user="$2" crt="$3" ns="${4:-default}"
  cat > "$file" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: shakedown
  cluster:
    server: https://$HOST_IP:$API_PORT
    certificate-authority-data: $(base64 -w0 ca.crt)
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 "$crt.crt")
    client-key-data: $(base64 -w0 "$crt.key")
contexts:
- name: $user@shakedown
  context:
    cluster: shakedown
    user: $user
    namespace: $ns
current-context: $user@shakedown
KCFG
  chmod 600 "$file"
}

kubeconfig "$ADMIN_KUBECONFIG" shakedown-admin admin
kubeconfig "$RESTRICTED_KUBECONFIG" shakedown-restricted restricted shakedown-restricted
kubeconfig "$KCFG_DIR/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
kubeconfig "$KCFG_DIR/scheduler.kubeconfig" system:kube-scheduler scheduler
kubeconfig "$KCFG_DIR/kube-proxy.kubeconfig" system:kube-proxy kube-proxy
kubeconfig "$KCFG_DIR/kubelet.kubeconfig" "system:node:$NODE_NAME" kubelet-client
