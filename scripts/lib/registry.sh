# Shell helpers shared by the demo and the benchmarks: local docker-registry processes and a tiny
# pusher that speaks the registry HTTP API with curl. Source it; nothing runs on its own.

# start_registry DIR PORT — serves DIR/data on 127.0.0.1:PORT unless something already answers there.
start_registry() {
  local dir=$1 port=$2
  mkdir -p "$dir/data"
  cat > "$dir/config.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $dir/data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port, secret: local-$port }
YAML
  if ! curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then
    docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
    echo $! > "$dir/pid"
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "✗ registry on 127.0.0.1:$port did not start (see $dir/registry.log)" >&2
    return 1
  fi
}

# stop_registry DIR
stop_registry() {
  [ -f "$1/pid" ] && kill "$(cat "$1/pid")" 2>/dev/null; rm -f "$1/pid"
}

# push_blob PORT REPO FILE — monolithic upload; prints the digest.
push_blob() {
  local digest loc sep
  digest="sha256:$(sha256sum "$3" | cut -d' ' -f1)"
  loc=$(curl -fsi -X POST "http://127.0.0.1:$1/v2/$2/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case "$loc" in http*) ;; *) loc="http://127.0.0.1:$1$loc" ;; esac
  case "$loc" in *\?*) sep='&' ;; *) sep='?' ;; esac
  curl -fs -X PUT -H 'Content-Type: application/octet-stream' -T "$3" "$loc${sep}digest=$digest" >/dev/null
  echo "$digest"
}

# seed_image PORT REPO TAG LAYER_BYTES [LAYERS] — an OCI image of random layers.
seed_image() {
  local port=$1 repo=$2 tag=$3 size=$4 count=${5:-1} tmp layers="" i d
  tmp=$(mktemp -d)
  for i in $(seq "$count"); do
    head -c "$size" /dev/urandom > "$tmp/layer"
    d=$(push_blob "$port" "$repo" "$tmp/layer")
    layers="$layers${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"$d\",\"size\":$size}"
  done
  printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}' > "$tmp/config"
  d=$(push_blob "$port" "$repo" "$tmp/config")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[%s]}' \
    "$d" "$(stat -c %s "$tmp/config")" "$layers" > "$tmp/manifest"
  curl -fs -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @"$tmp/manifest" \
    "http://127.0.0.1:$port/v2/$repo/manifests/$tag" >/dev/null
  rm -rf "$tmp"
}
