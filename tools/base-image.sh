#!/usr/bin/env bash
# Builds a Java runtime base image from Debian packages, as a docker-archive tar that Jib can use
# as a `tar://` base image. No registry and no Docker daemon are needed: debootstrap makes the
# root file system and podman turns it into an image archive.
#
# Usage: tools/base-image.sh [OUTPUT_TAR]
#   OUTPUT_TAR defaults to $MLOPS_BASE_TAR, else /var/cache/mlops/jre-base.tar.
#
# Idempotent: when OUTPUT_TAR exists and its recipe stamp (OUTPUT_TAR.recipe) matches this
# script's recipe, nothing is done. Debian bookworm ships OpenJDK 17 (not 21), so this base runs
# Java 17; the product's default base for users is a public Java 21 JRE image instead.
#
# Needs root, debootstrap and podman (tools/ci-setup.sh installs them).
set -euo pipefail

OUT="${1:-${MLOPS_BASE_TAR:-/var/cache/mlops/jre-base.tar}}"
SUITE="${MLOPS_BASE_SUITE:-bookworm}"
MIRROR="${MLOPS_BASE_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="openjdk-17-jre-headless"
IMAGE_REF="localhost/mlops-jre-base:17"
# A non-root user the packaged images run as (uid/gid 65532, as in distroless images).
NONROOT_UID=65532
RECIPE="suite=$SUITE packages=$PACKAGES nonroot=$NONROOT_UID env=PATH,JAVA_HOME v=1"

if [[ -s "$OUT" && -f "$OUT.recipe" && "$(cat "$OUT.recipe")" == "$RECIPE" ]]; then
  echo "base-image: $OUT is up to date ($RECIPE)"
  exit 0
fi

for tool in debootstrap podman; do
  command -v "$tool" >/dev/null || { echo "base-image: '$tool' not found; run tools/ci-setup.sh" >&2; exit 1; }
done

mkdir -p "$(dirname "$OUT")"
WORK="$(mktemp -d "$(dirname "$OUT")/.jre-base.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"

start=$(date +%s)
echo "base-image: debootstrap $SUITE with $PACKAGES into $ROOTFS"
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
  tail -n 30 "$WORK/debootstrap.log" >&2; exit 1; }

# Slim down: package caches, indexes, docs and man pages are never used at run time.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
       "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
       "$ROOTFS"/var/log/*.log "$ROOTFS"/var/cache/debconf/*-old
# The non-root user images run as; Java reads the home directory from /etc/passwd.
echo "nonroot:x:$NONROOT_UID:$NONROOT_UID:nonroot:/home/nonroot:/usr/sbin/nologin" >>"$ROOTFS/etc/passwd"
echo "nonroot:x:$NONROOT_UID:" >>"$ROOTFS/etc/group"
install -d -m 0755 -o "$NONROOT_UID" -g "$NONROOT_UID" "$ROOTFS/home/nonroot"
test -x "$ROOTFS/usr/bin/java" || { echo "base-image: no /usr/bin/java in the root file system" >&2; exit 1; }

JAVA_HOME_DIR="$(dirname "$(dirname "$(readlink -f "$ROOTFS/usr/bin/java")")")"
JAVA_HOME_DIR="${JAVA_HOME_DIR#"$ROOTFS"}"

echo "base-image: podman import as $IMAGE_REF"
tar --numeric-owner -C "$ROOTFS" -c . | podman import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV JAVA_HOME=$JAVA_HOME_DIR" \
  - "$IMAGE_REF" >/dev/null
podman save --format docker-archive -o "$WORK/base.tar" "$IMAGE_REF" >/dev/null
mv -f "$WORK/base.tar" "$OUT"
echo "$RECIPE" >"$OUT.recipe"
echo "base-image: wrote $OUT ($(du -h "$OUT" | cut -f1)) in $(( $(date +%s) - start )) s"
