#!/usr/bin/env bash
# Installs what the image tests need and builds the JRE base image, idempotently:
#   - podman + runc (crun fails on this kernel's cgroup setup), to load and run built images;
#   - debootstrap, to build the base image from Debian packages (there is no registry to pull from);
#   - docker-registry, a local registry on 127.0.0.1 for the registry-push test;
#   - chromium, in which the report test renders report.html headless;
#   - the base image tar (tools/base-image.sh), cached at $MLOPS_BASE_TAR
#     (default /var/cache/mlops/jre-base.tar) and rebuilt only when its recipe changes.
# Meant for .ci/run (as root, no stdin) and for developers' machines.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(podman runc debootstrap docker-registry chromium)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "ci-setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "ci-setup: ${PACKAGES[*]} already installed"
fi
# The Debian package starts a registry service on :5000 where systemd runs; tests start their own.
if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
  systemctl stop docker-registry || true
fi

tools/base-image.sh "${MLOPS_BASE_TAR:-/var/cache/mlops/jre-base.tar}"
