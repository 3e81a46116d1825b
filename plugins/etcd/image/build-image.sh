#!/usr/bin/env bash
# Builds the Docker image of deployed etcd servers (default tag atoll/etcd:3.4.23) from the host's
# /usr/bin/etcd (Debian package etcd-server): a minimal root file system with the binary, the shared
# libraries ldd lists and the loader, an empty /var/lib/etcd and /tmp, imported with `docker import`.
# Idempotent: an image with the tag whose labels match the binary's sha256 (atoll.etcd.sha256) and
# this script's (atoll.etcd.recipe) is kept; anything else is rebuilt.
#
# Usage: build-image.sh [TAG]
set -euo pipefail

tag=${1:-atoll/etcd:3.4.23}
binary=/usr/bin/etcd

if [[ ! -x "${binary}" ]]; then
  echo "build-image.sh: ${binary} is missing: apt-get install etcd-server" >&2
  exit 1
fi
command -v docker >/dev/null || { echo "build-image.sh: docker is not installed" >&2; exit 1; }

sha=$(sha256sum "${binary}" | cut -d' ' -f1)
recipe=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)
existing=$(docker image inspect \
  --format '{{ index .Config.Labels "atoll.etcd.sha256" }} {{ index .Config.Labels "atoll.etcd.recipe" }}' \
  "${tag}" 2>/dev/null || true)
if [[ "${existing}" == "${sha} ${recipe}" ]]; then
  echo "${tag} is up to date (etcd sha256 ${sha})"
  exit 0
fi

rootfs=$(mktemp -d)
trap 'rm -rf -- "${rootfs}"' EXIT

copy() {
  # copies a file to the same path under the root file system, following symbolic links
  local source=$1
  mkdir -p -- "${rootfs}$(dirname -- "${source}")"
  cp -L -- "${source}" "${rootfs}${source}"
}

copy "${binary}"
# ldd prints "name => /path (addr)" for libraries and "/path (addr)" for the loader
while read -r library; do
  copy "${library}"
done < <(ldd "${binary}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
chmod 755 "${rootfs}"
mkdir -p -- "${rootfs}/var/lib/etcd" "${rootfs}/tmp"
chmod 1777 "${rootfs}/tmp"
chmod 700 "${rootfs}/var/lib/etcd"

tar -C "${rootfs}" -c . | docker import \
  --change 'ENTRYPOINT []' \
  --change 'CMD ["/usr/bin/etcd"]' \
  --change "LABEL atoll.etcd.sha256=${sha} atoll.etcd.recipe=${recipe}" \
  --change 'VOLUME ["/var/lib/etcd"]' \
  --message "etcd from the host's etcd-server package, sha256 ${sha}" \
  - "${tag}" >/dev/null

docker run --rm --network host "${tag}" /usr/bin/etcd --version >/dev/null
echo "built ${tag} (etcd sha256 ${sha})"
