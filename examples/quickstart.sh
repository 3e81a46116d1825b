#!/usr/bin/env bash
# Builds Atoll, starts it on its embedded defaults and runs the example deployment.
# Re-running it rebuilds, restarts and leaves the example as it is.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)
work="${repo}/examples/work"
home="${work}/atoll"
atoll="${home}/bin/atoll"

for tool in java mvn tar; do
  command -v "${tool}" >/dev/null || { echo "quickstart: ${tool} is not installed" >&2; exit 1; }
done

echo "==> Installing and starting what Atoll drives (Docker engine, busybox-static, etcd)"
bash "${repo}/.ci/prepare"
"${repo}/examples/web/build-image.sh" atoll-example/web:1
"${repo}/plugins/etcd/image/build-image.sh" atoll/etcd:3.4.23

echo "==> Building Atoll (tests skipped; the second README command runs them)"
(cd "${repo}" && mvn -B -q install -DskipTests)

tarball=$(ls "${repo}"/distribution/target/atoll-distribution-*.tar.gz)
if [ -x "${atoll}" ] && "${atoll}" status >/dev/null 2>&1; then
  echo "==> Stopping the running Atoll to install the new build"
  "${atoll}" stop
fi

echo "==> Unpacking ${tarball##*/} into ${home} (the store in data/atoll is kept)"
mkdir -p "${home}"
if [ -d "${home}/data" ]; then
  # Karaf's bundle cache would keep running the previous build: keep only Atoll's own state
  find "${home}/data" -mindepth 1 -maxdepth 1 ! -name atoll -exec rm -rf {} +
fi
tar -xzf "${tarball}" -C "${home}" --strip-components=1 --exclude='*/data/atoll/*'

echo "==> Starting Atoll"
"${atoll}" start

node=$("${atoll}" node-list --no-format | awk -F '\t' '/\(local\)/ {sub(/ *\(local\) */, "", $1); print $1}')
echo "==> Running a service registry (etcd) on this node (${node}) at 127.0.0.10"
"${atoll}" registry-add "${node}" 127.0.0.10

echo "==> Deploying examples/web/Servicefile into the deployment 'example'"
"${atoll}" deploy -D example "${repo}/examples/web/Servicefile"
echo
"${atoll}" ps -D example
echo
echo "==> Each instance published itself to the registry (/services/example/web/80/...)"
"${atoll}" services
echo
echo "==> Each instance answers on its published port"
for port in $("${atoll}" ps -D example --no-format | awk -F '\t' '{print $7}' | sed -n 's/^ *\([0-9]*\)->80.*/\1/p'); do
  exec 3<>"/dev/tcp/127.0.0.1/${port}"
  printf 'GET /cgi-bin/hello HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  printf 'port %s: %s\n' "${port}" "$(tail -n 1 <&3)"
  exec 3<&-
done
echo
echo "==> An HAProxy load balancer that follows the service through the registry (no backend list)"
"${atoll}" lb-add -n web-lb -a 127.0.1.10 -b service:web haproxy "${node}"
"${atoll}" lb-list
for i in 1 2 3 4 5 6; do
  exec 3<>/dev/tcp/127.0.1.10/80
  printf 'GET /cgi-bin/hello HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  printf 'through web-lb: %s\n' "$(tail -n 1 <&3)"
  exec 3<&-
done
echo
echo "==> The same server over its HTTP API (127.0.0.1:8181/api/v1), through the remote CLI"
ATOLL_PASSWORD=admin "${home}/bin/atoll-remote" list
echo
"${atoll}" plugins

cat <<EOT

Atoll runs in ${home}.
  ${atoll} --help          what the launcher does
  ${atoll} ps -D example   the example's instances
  ${atoll} plugins         extension points and their providers
  ${atoll} services        what the registry knows, with health
  ${atoll} lb-list         load balancers (web-lb answers on 127.0.1.10:80)
  ${home}/bin/client       an interactive shell ('help atoll' lists the commands)
  ${home}/bin/atoll-remote list
                           the remote CLI over the HTTP API (ATOLL_PASSWORD, else it asks)
  curl -u admin:admin http://127.0.0.1:8181/api/v1/openapi.json
                           the HTTP API's OpenAPI document
  ${atoll} stop            stop it
EOT
