#!/usr/bin/env bash
# Builds the example web image from Debian's busybox-static, with no registry: a root filesystem
# with busybox and its applets, a page and a CGI script that says which instance answered,
# imported into the local Docker engine. Usage: build-image.sh [IMAGE]   (default atoll-example/web:1)
set -euo pipefail

image=${1:-atoll-example/web:1}
busybox=/bin/busybox
[ -x "${busybox}" ] || { echo "build-image: ${busybox} is missing (apt-get install busybox-static)" >&2; exit 1; }
file "${busybox}" 2>/dev/null | grep -q 'dynamically linked' \
  && { echo "build-image: ${busybox} is dynamically linked; install busybox-static" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "${root}"' EXIT
mkdir -p "${root}/bin" "${root}/www/cgi-bin" "${root}/tmp"
cp "${busybox}" "${root}/bin/busybox"
for applet in $("${busybox}" --list); do
  [ "${applet}" = busybox ] || ln -s busybox "${root}/bin/${applet}"
done
cat > "${root}/www/index.html" <<'HTML'
<!doctype html><title>Atoll example</title><p>Hello from an Atoll example container. See /cgi-bin/hello.</p>
HTML
cat > "${root}/www/cgi-bin/hello" <<'CGI'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
printf '%s from %s (service %s, version %s, node %s)\n' "${GREETING:-Hello}" "${ATOLL_INSTANCE:-?}" \
  "${ATOLL_SERVICE:-?}" "${ATOLL_VERSION:-?}" "${ATOLL_NODE:-?}"
CGI
chmod 755 "${root}/www/cgi-bin/hello"

# httpd as PID 1 would ignore SIGTERM, so every stop would wait out the whole grace period: a shell
# that exits on SIGTERM runs it instead.
cat > "${root}/bin/serve" <<'SH'
#!/bin/sh
trap 'exit 0' TERM INT
/bin/httpd -f -p 80 -h /www &
wait
SH
chmod 755 "${root}/bin/serve"
tar -C "${root}" -c . | docker import -c 'CMD ["/bin/serve"]' - "${image}" >/dev/null
echo "Built ${image}"
