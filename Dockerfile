# syntax=docker/dockerfile:1
# The flux-mirror image for those with a container engine; scripts/image.sh builds the same image without one
# (keep the two in step: same publish, same user, entrypoint, environment and volumes). Name and tag come from
# deploy/base/kustomization.yaml:
#   image=$(scripts/image.sh --print-image)
#   docker build --build-arg VERSION="${image##*:}" -t "$image" .
# --build-arg READY_TO_RUN=false builds faster and starts slower.

# Microsoft ships no Debian SDK images for .NET 10: the build stage is Ubuntu's. The publish is self-contained for
# the portable linux-x64 runtime, which needs only glibc, so it runs on the Debian stage below.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG READY_TO_RUN=true
WORKDIR /src
COPY . .
# libcoreclrtraceptprovider.so needs liblttng-ust, which the image does not have: the runtime would try to load it
# at every start.
RUN dotnet publish src/Coordinator/FluxMirror.Coordinator.csproj -c Release -r linux-x64 --self-contained true \
      -p:PublishReadyToRun="${READY_TO_RUN}" -o /app --nologo \
 && rm -f /app/libcoreclrtraceptprovider.so \
 && chmod -R a+rX,go-w /app

# glibc, libgcc and libstdc++ come with the slim base; OpenSSL (TLS, hashing), CA certificates (HTTPS to
# registries) and time zones are added. No ICU: the app runs with InvariantGlobalization.
FROM debian:bookworm-slim
ARG VERSION=dev
# The user writes to its two volumes and nowhere else, as with scripts/image.sh: /var/tmp becomes the /tmp volume,
# other world-writable folders (/var/lock, /run/lock) lose that.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libssl3 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 flux-mirror \
 && useradd --uid 65532 --gid 65532 --home-dir /var/lib/flux-mirror --no-create-home --shell /usr/sbin/nologin flux-mirror \
 && install -d -o 65532 -g 65532 -m 0755 /var/lib/flux-mirror \
 && rm -rf /var/tmp && ln -s /tmp /var/tmp \
 && find / -xdev -perm -0002 ! -type l ! -path /tmp -exec chmod o-w {} +
COPY --from=build /app /app
# HOME is where the CLI keeps state (~/.local/state) and reads ~/.docker; TMPDIR is where .NET puts its diagnostics
# socket and temporary files. Both are volumes, so the root filesystem can stay read-only.
ENV HOME=/var/lib/flux-mirror \
    TMPDIR=/tmp \
    PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
VOLUME ["/var/lib/flux-mirror", "/tmp"]
WORKDIR /var/lib/flux-mirror
USER 65532:65532
ENTRYPOINT ["/app/flux-mirror"]
LABEL org.opencontainers.image.title="flux-mirror" \
      org.opencontainers.image.description="flux-mirror: mirrors OCI images and Helm charts between registries, alone or as a cluster" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
