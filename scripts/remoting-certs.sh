#!/usr/bin/env bash
# Certificates for flux-mirror's TLS remoting, with openssl: a private CA and a node certificate it issues.
#   scripts/remoting-certs.sh OUTDIR [NAME]
# OUTDIR gets ca.crt + ca.key (created once, reused on later runs so new node certificates keep chaining to the
# same CA) and tls.crt + tls.key for NAME (default flux-mirror-node; overwritten on every run). Keys are 0600.
# The file names are those of a Kubernetes Secret of type kubernetes.io/tls; point the nodes at them with
#   FLUX_MIRROR_TLS_CERT=OUTDIR/tls.crt FLUX_MIRROR_TLS_KEY=OUTDIR/tls.key FLUX_MIRROR_TLS_CA=OUTDIR/ca.crt
# Every node may share one certificate: peers check that it chains to the CA, not its name. Keep ca.key off
# the nodes: whoever holds it can mint certificates that join the cluster.
# CA_DAYS (default 3650) and NODE_DAYS (default 365) set the validity.
set -euo pipefail

fail() { echo "✗ $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 OUTDIR [NAME]" >&2; exit 2; }
OUT="$1"
NAME="${2:-flux-mirror-node}"
CA_DAYS="${CA_DAYS:-3650}"
NODE_DAYS="${NODE_DAYS:-365}"
command -v openssl >/dev/null || fail "openssl not found: apt-get install openssl"
[[ "$NAME" =~ ^[A-Za-z0-9.-]+$ ]] || fail "NAME must be a host-name-like word (letters, digits, dots, dashes), got \"$NAME\""

umask 077
mkdir -p "$OUT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -f "$OUT/ca.crt" ] || [ ! -f "$OUT/ca.key" ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$OUT/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$OUT/ca.key" -sha256 -days "$CA_DAYS" -subj "/CN=flux-mirror remoting CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$OUT/ca.crt"
fi

# Every node both dials and accepts connections: the certificate serves as server and as client.
cat >"$work/node.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:$NAME
EXT
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/tls.key" 2>/dev/null
openssl req -new -key "$work/tls.key" -subj "/CN=$NAME" -out "$work/tls.csr"
openssl x509 -req -in "$work/tls.csr" -CA "$OUT/ca.crt" -CAkey "$OUT/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
  -days "$NODE_DAYS" -sha256 -extfile "$work/node.ext" -out "$work/tls.crt" 2>/dev/null
mv "$work/tls.key" "$OUT/tls.key"
mv "$work/tls.crt" "$OUT/tls.crt"
chmod 0644 "$OUT/ca.crt" "$OUT/tls.crt"
echo "$OUT/tls.crt, $OUT/tls.key (CN=$NAME) issued by $OUT/ca.crt" >&2
