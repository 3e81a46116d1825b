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

echo "==> Building Atoll (tests skipped; the second README command runs them)"
(cd "${repo}" && mvn -B -q install -DskipTests)

tarball=$(ls "${repo}"/distribution/target/atoll-distribution-*.tar.gz)
if [ -x "${atoll}" ] && "${atoll}" status >/dev/null 2>&1; then
  echo "==> Stopping the running Atoll to install the new build"
  "${atoll}" stop
fi

echo "==> Unpacking ${tarball##*/} into ${home} (the store in data/ is kept)"
mkdir -p "${home}"
tar -xzf "${tarball}" -C "${home}" --strip-components=1 --exclude='*/data/*'

echo "==> Starting Atoll"
"${atoll}" start

echo "==> The example deployment"
if ! "${atoll}" deployment-list --no-format | grep -q '^example\b'; then
  "${atoll}" deployment-create -d "The quick-start example" example
fi
"${atoll}" deployment-list
echo
"${atoll}" node-list
echo
"${atoll}" plugins

cat <<EOT

Atoll runs in ${home}.
  ${atoll} --help          what the launcher does
  ${atoll} plugins         extension points and their providers
  ${home}/bin/client       an interactive shell ('help atoll' lists the commands)
  ${atoll} stop            stop it
EOT
