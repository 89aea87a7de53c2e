#!/usr/bin/env bash
# Builds the flux-mirror image without a container engine: a self-contained ReadyToRun publish of src/Coordinator,
# a minimal root filesystem unpacked from Debian packages, assembled into an OCI image layout with umoci, and
# pushed with skopeo. The Dockerfile builds the same image where an engine exists; keep the two in step.
#   scripts/image.sh [--push REF [--insecure]] [--layout DIR] [--no-ready-to-run] [--work DIR]
#   scripts/image.sh --print-image
# REF is a registry reference (localhost:5000/flux-mirror:0.1.0); the image's name and tag are set in one place,
# deploy/base/kustomization.yaml (images: newName/newTag), and --print-image prints them. At least one of --push
# and --layout is needed (the layout's reference name is the tag). Run as root: the layers keep file owners
# (/var/lib/flux-mirror belongs to 65532). The Debian packages come from this machine's apt sources (Debian or
# a derivative with the same package names); the release and packages used are in the base layer's history entry.
# Exit codes: 0 built, 1 a step failed, 2 bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "✗ $*" >&2; exit 1; }
usage() { echo "✗ $*" >&2; sed -n '5,6p' "$0" | sed 's/^# /usage: /' >&2; exit 2; }
step() { echo "• $*" >&2; }

# The one place: kustomize's images: entry for the placeholder name "flux-mirror".
default_image() {
  local file=deploy/base/kustomization.yaml name tag
  name=$(sed -n 's/^ *newName: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$file")
  tag=$(sed -n 's/^ *newTag: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$file")
  [ -n "$name" ] && [ -n "$tag" ] || fail "$file has no images: newName/newTag"
  echo "$name:$tag"
}

push="" layout="" insecure=0 r2r=true work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --push) [ $# -ge 2 ] || usage "--push needs a reference"; push="$2"; shift 2 ;;
    --layout) [ $# -ge 2 ] || usage "--layout needs a folder"; layout="$2"; shift 2 ;;
    --work) [ $# -ge 2 ] || usage "--work needs a folder"; work="$2"; shift 2 ;;
    --insecure) insecure=1; shift ;;
    --no-ready-to-run) r2r=false; shift ;;
    --print-image) default_image; exit 0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage "unknown argument \"$1\"" ;;
  esac
done
[ -n "$push" ] || [ -n "$layout" ] || usage "nothing to do: give --push REF and/or --layout DIR"
[ "$insecure" = 0 ] || [ -n "$push" ] || usage "--insecure only applies to --push"

image=$(default_image)
tag="${image##*:}"
if [ -n "$push" ]; then
  # The pushed reference's tag names the layout too; a reference without one gets the default tag.
  last="${push##*/}"
  case "$last" in *:*) tag="${last##*:}" ;; *) push="$push:$tag" ;; esac
fi

[ "$(id -u)" = 0 ] || fail "run as root: the image's layers keep file owners (/var/lib/flux-mirror belongs to 65532)"
for tool in dotnet apt-get dpkg-deb umoci ldconfig; do
  command -v "$tool" >/dev/null || fail "$tool not found (apt-get install umoci; dotnet from the SDK in global.json)"
done
[ -z "$push" ] || command -v skopeo >/dev/null || fail "skopeo not found: apt-get install skopeo"

if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
[ -n "$layout" ] || layout="$work/layout"
rm -rf "$layout" "$work/publish" "$work/rootfs" "$work/debs"

started=$SECONDS
step "publish src/Coordinator (self-contained linux-x64, ReadyToRun=$r2r)"
dotnet publish src/Coordinator/FluxMirror.Coordinator.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun="$r2r" -o "$work/publish" --nologo -v quiet >"$work/publish.log" 2>&1 \
  || { tail -30 "$work/publish.log" >&2; fail "dotnet publish failed (log above)"; }
# Needs liblttng-ust, which the image does not have: the runtime would try to load it at every start.
rm -f "$work/publish/libcoreclrtraceptprovider.so"
[ -x "$work/publish/flux-mirror" ] || fail "publish produced no flux-mirror executable"
publish_seconds=$((SECONDS - started))

# What the self-contained runtime loads: glibc, libgcc/libstdc++ (the runtime's C++), OpenSSL (TLS, hashing),
# CA certificates (HTTPS to registries), time zones. No ICU (InvariantGlobalization in Directory.Build.props)
# and no zlib (the runtime carries its own).
packages=(base-files libc6 libgcc-s1 libstdc++6 libssl3 ca-certificates tzdata)
step "download ${packages[*]}"
mkdir -p "$work/debs" && chmod 0777 "$work/debs"
download() { (cd "$work/debs" && apt-get download -q "${packages[@]}" >"$work/apt.log" 2>&1); }
# A package index older than the archive names versions that are gone: refresh it once.
download || { apt-get update -qq >>"$work/apt.log" 2>&1 && download; } \
  || { cat "$work/apt.log" >&2; fail "apt-get download failed (log above)"; }

step "assemble the root filesystem"
root="$work/rootfs"
mkdir -p "$root"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
# Debian's maintainer scripts do not run: do what they would for a system that only runs one program.
find "$root/usr/share/doc" -type f ! -name copyright -delete
rm -rf "$root/usr/share/man" "$root/usr/share/info" "$root/usr/share/lintian" "$root/usr/share/locale"
mkdir -p "$root/etc/ssl/certs" "$root/usr/lib/ssl"
find "$root/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat >"$root/etc/ssl/certs/ca-certificates.crt"
ln -sfn /etc/ssl/certs "$root/usr/lib/ssl/certs"
ln -sfn /etc/ssl/certs/ca-certificates.crt "$root/usr/lib/ssl/cert.pem"
ln -sfn /usr/share/zoneinfo/Etc/UTC "$root/etc/localtime"
echo "Etc/UTC" >"$root/etc/timezone"
cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
flux-mirror:x:65532:65532:flux-mirror:/var/lib/flux-mirror:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
flux-mirror:x:65532:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
mkdir -p "$root/var/lib/flux-mirror" "$root/tmp"
chown 65532:65532 "$root/var/lib/flux-mirror"
chmod 0755 "$root/var/lib/flux-mirror"
chmod 1777 "$root/tmp"
# The user writes to its two volumes and nowhere else, even where the root is not mounted read-only: base-files'
# other world-writable folders (/var/tmp, /var/lock) lose that, /var/tmp becomes the /tmp volume.
rm -rf "$root/var/tmp" && ln -s /tmp "$root/var/tmp"
find "$root" -xdev -perm -0002 ! -type l ! -path "$root/tmp" -exec chmod o-w {} +
ldconfig -r "$root"
codename=$(. "$root/etc/os-release" && echo "${VERSION_CODENAME:-unknown}")

step "OCI layout $layout:$tag"
umoci init --layout "$layout"
umoci new --image "$layout:$tag"
# Two layers: the Debian base changes seldom, /app with every build; a registry that has the base keeps it.
umoci insert --image "$layout:$tag" --history.created_by "scripts/image.sh: debian $codename: ${packages[*]}" "$root" /
chmod -R a+rX,go-w "$work/publish"
umoci insert --image "$layout:$tag" --history.created_by "scripts/image.sh: dotnet publish" "$work/publish" /app

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
labels=(
  "org.opencontainers.image.title=flux-mirror"
  "org.opencontainers.image.description=flux-mirror: mirrors OCI images and Helm charts between registries, alone or as a cluster"
  "org.opencontainers.image.version=$version"
  "org.opencontainers.image.revision=$revision"
  "org.opencontainers.image.created=$created"
  "org.opencontainers.image.licenses=Apache-2.0"
)
config=(--os linux --architecture amd64 --created "$created"
  --config.user 65532:65532 --config.entrypoint /app/flux-mirror --config.workingdir /var/lib/flux-mirror
  --config.volume /var/lib/flux-mirror --config.volume /tmp
  # HOME is where the CLI keeps state (~/.local/state) and reads ~/.docker; TMPDIR is where .NET puts its
  # diagnostics socket and temporary files. Both are volumes, so the root filesystem can stay read-only.
  --config.env HOME=/var/lib/flux-mirror --config.env TMPDIR=/tmp
  --config.env PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  --config.env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt)
for label in "${labels[@]}"; do config+=(--config.label "$label" --manifest.annotation "$label"); done
umoci config --image "$layout:$tag" --history.created_by "scripts/image.sh: config" "${config[@]}"
umoci gc --layout "$layout"

if [ -n "$push" ]; then
  step "push $push"
  tls=()
  [ "$insecure" = 0 ] || tls=(--dest-tls-verify=false)
  skopeo copy --quiet "${tls[@]}" "oci:$layout:$tag" "docker://$push" || fail "skopeo copy to $push failed"
fi

size=$(du -sb "$layout/blobs" | cut -f1)
echo "publish ${publish_seconds}s, total $((SECONDS - started))s, layout $((size / 1024 / 1024)) MiB: $layout:$tag${push:+ → $push}"
