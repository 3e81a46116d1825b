#!/usr/bin/env bash
# Atoll's benchmarks, each against a peer doing the same work in the same run, on this machine's
# real Docker engine. Prints the figures and the ratios (Atoll / peer; lower is better).
#
#   benchmarks/run.sh            B2 and B6
#   benchmarks/run.sh b2         deploy 50 instances: submit -> all running, against raw Docker
#                                Engine API calls (create + start) with 8-way parallelism. Goal <= 1.1x
#   benchmarks/run.sh b6         no-change deploy of 2,000 declared, running instances, against one
#                                container-list call of the engine. Goal <= 1.5x
#   benchmarks/run.sh b7         container start -> its registration seen by an etcd watcher, p50/p99,
#                                against a raw etcd put -> the same watcher (registry-add runs the etcd)
#   benchmarks/run.sh b3         container up -> first HTTP 200 through an HAProxy load balancer that
#                                follows the service, p50/p99, against HAProxy Runtime API add + enable
#                                issued right after docker run. Goal p99 <= 100 ms
#   benchmarks/run.sh b4         scale a service every second for B4_SECONDS under constant load through
#                                the load balancer, against the same load with no change: 0 failed
#                                requests, p99 <= 1.2x. Also prints the floor (the same container
#                                churn with no routing change) and a peer scaling by hand
#                                through a plain HAProxy
#
# Environment: REPS (default 5), B2_COUNT (50), B6_COUNT (2000), B7_ROUNDS (50), B3_ROUNDS (50),
# B4_SECONDS (60), SKIP_BUILD=1 to reuse
# the last build.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)
work="${repo}/benchmarks/work"
home="${work}/atoll"
atoll="${home}/bin/atoll"
image=atoll-example/web:1
reps=${REPS:-5}
sock=/var/run/docker.sock
api_port=${BENCH_API_PORT:-8182}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
api() { curl -sf --unix-socket "${sock}" "$@"; }

count_containers() { docker ps -aq --filter "label=$1" | wc -l; }
await_gone() {
  local label=$1 deadline=$(( $(date +%s) + 300 ))
  while [ "$(count_containers "${label}")" -ne 0 ]; do
    [ "$(date +%s)" -lt "${deadline}" ] || { echo "containers with ${label} did not go away" >&2; exit 1; }
    sleep 0.2
  done
}

setup() {
  bash "${repo}/.ci/prepare" >/dev/null
  "${repo}/examples/web/build-image.sh" "${image}" >/dev/null
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    (cd "${repo}" && mvn -B -q install -DskipTests)
  fi
  [ -x "${atoll}" ] && "${atoll}" stop >/dev/null 2>&1 || true
  kill_proxies
  rm -rf "${home}" && mkdir -p "${home}"
  tar -xzf "${repo}"/distribution/target/atoll-distribution-*.tar.gz -C "${home}" --strip-components=1
  # 2,000 containers do not fit on one bridge (1,024 ports): the benchmark runs them without a network
  sed -i 's/^#*network *=.*/network = none/' "${home}/etc/org.atoll.backend.docker.cfg"
  sed -i 's/^#*node.name *=.*/node.name = bench/' "${home}/etc/org.atoll.kernel.cfg"
  # its own API port, so that the quickstart's Atoll (8181) may run beside it
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = ${api_port}/" "${home}/etc/org.ops4j.pax.web.cfg"
  "${atoll}" start >/dev/null
}

# Proxies outlive Atoll by design: stop the ones a run left behind before their directories go.
kill_proxies() {
  local pid
  for pid in $(pgrep -f "^/usr/sbin/(haproxy|nginx).*${home}/" || true); do
    pkill -9 -P "${pid}" 2>/dev/null || true
    kill -9 "${pid}" 2>/dev/null || true
  done
  for pid in $(pgrep -f "^nginx: master process /usr/sbin/nginx -p ${home}/" || true); do
    pkill -9 -P "${pid}" 2>/dev/null || true
    kill -9 "${pid}" 2>/dev/null || true
  done
}

servicefile() { # NAME COUNT [PORTS]
  cat <<YAML
$1:
  image: ${image}
  count: $2
YAML
}

atoll_deploy_ms() { # DEPLOYMENT FILE -> server-side milliseconds from submit to all running
  "${atoll}" deploy --timing -D "$1" "$2" | sed -n 's/^Took \([0-9]*\) ms.*/\1/p'
}

b2() {
  local count=${B2_COUNT:-50} file="${work}/b2.Servicefile" atoll_runs=() peer_runs=()
  servicefile web "${count}" > "${file}"
  for rep in $(seq 1 "${reps}"); do
    atoll_runs+=("$(atoll_deploy_ms b2 "${file}")")
    "${atoll}" deployment-remove b2 >/dev/null
    await_gone atoll.deployment=b2

    local start end
    start=$(now_ms)
    seq 1 "${count}" | xargs -P 8 -I{} sh -c '
      curl -sf --unix-socket '"${sock}"' -H "Content-Type: application/json" \
        -d "{\"Image\":\"'"${image}"'\",\"Labels\":{\"atoll.bench\":\"peer\"},\"HostConfig\":{\"NetworkMode\":\"none\"}}" \
        "http://docker/containers/create?name=bench-peer-{}" >/dev/null &&
      curl -sf --unix-socket '"${sock}"' -X POST "http://docker/containers/bench-peer-{}/start" >/dev/null'
    end=$(now_ms)
    peer_runs+=("$((end - start))")
    docker rm -f $(docker ps -aq --filter label=atoll.bench=peer) >/dev/null
  done
  local a p
  a=$(printf '%s\n' "${atoll_runs[@]}" | median)
  p=$(printf '%s\n' "${peer_runs[@]}" | median)
  echo "B2 deploy ${count} instances, submit -> all running (median of ${reps}):"
  echo "   Atoll ${a} ms   raw Docker API, 8-way ${p} ms   ratio $(ratio "${a}" "${p}")x   (goal <= 1.1x)"
  echo "   Atoll runs: ${atoll_runs[*]} ms; peer runs: ${peer_runs[*]} ms"
}

b6() {
  local count=${B6_COUNT:-2000} file="${work}/b6.Servicefile" atoll_runs=() peer_runs=()
  servicefile web "${count}" > "${file}"
  echo "B6: deploying ${count} instances first (not measured)..."
  "${atoll}" deploy --wait 1800 -D b6 "${file}" > "${work}/b6-setup.log" \
    || { echo "B6: the setup deploy failed:" >&2; cat "${work}/b6-setup.log" >&2; exit 1; }
  for rep in $(seq 1 "${reps}"); do
    local out
    out=$("${atoll}" deploy --timing -D b6 "${file}")
    grep -q '^No changes\.$' <<<"${out}" || { echo "B6: expected No changes., got: ${out}" >&2; exit 1; }
    atoll_runs+=("$(sed -n 's/^Took \([0-9]*\) ms.*/\1/p' <<<"${out}")")
    peer_runs+=("$(api -o /dev/null -w '%{time_total}' 'http://docker/containers/json?all=1' \
      | awk '{printf "%d", $1 * 1000 + 0.5}')")
  done
  local a p
  a=$(printf '%s\n' "${atoll_runs[@]}" | median)
  p=$(printf '%s\n' "${peer_runs[@]}" | median)
  echo "B6 no-change deploy of ${count} declared instances (median of ${reps}):"
  echo "   Atoll ${a} ms   one container-list call ${p} ms   ratio $(ratio "${a}" "${p}")x   (goal <= 1.5x)"
  echo "   Atoll runs: ${atoll_runs[*]} ms; peer runs: ${peer_runs[*]} ms"
  "${atoll}" deployment-remove b6 >/dev/null
  await_gone atoll.deployment=b6
}

b7() {
  local rounds=${B7_ROUNDS:-50} file="${work}/b7.Servicefile" address=127.0.0.21
  "${repo}/plugins/etcd/image/build-image.sh" >/dev/null
  docker rm -f $(docker ps -aq --filter label=atoll.deployment=atoll-registry) >/dev/null 2>&1 || true
  "${atoll}" registry-add bench "${address}"
  printf 'web:\n  image: %s\n  ports: [80]\n  count: 1\n  network: bridge\n' "${image}" > "${file}"
  # setup turned the default network off (for B6); this service publishes its port on the bridge
  "${atoll}" deploy -D b7 "${file}" >/dev/null
  java "${repo}/benchmarks/DiscoveryLatency.java" "http://${address}:2379" /services/b7/ b7-web-1-1 "${rounds}"
  "${atoll}" deployment-remove b7 >/dev/null
  "${atoll}" registry-remove etcd-21 >/dev/null
  await_gone atoll.deployment=b7
  await_gone atoll.deployment=atoll-registry
}

routing_setup() { # DEPLOYMENT -> prints the load balancer's address
  local address=127.0.0.22
  "${repo}/plugins/etcd/image/build-image.sh" >/dev/null
  docker rm -f $(docker ps -aq --filter label=atoll.deployment=atoll-registry) >/dev/null 2>&1 || true
  "${atoll}" registry-add bench "${address}" >/dev/null
  "${atoll}" lb-add -n "$1-lb" -a 127.0.1.$2 -b service:web haproxy bench >/dev/null
  echo "127.0.1.$2"
}

routing_teardown() { # DEPLOYMENT
  "${atoll}" lb-remove "$1-lb" >/dev/null
  "${atoll}" deployment-remove "$1" >/dev/null
  "${atoll}" registry-remove etcd-22 >/dev/null
  await_gone "atoll.deployment=$1"
  await_gone atoll.deployment=atoll-registry
  docker rm -f $(docker ps -aq --filter label=atoll.bench=peer) >/dev/null 2>&1 || true
}

b3() {
  local lb
  lb=$(routing_setup b3 31)
  java "${repo}/benchmarks/RoutingBench.java" b3 "${atoll}" "${work}" "${lb}" "${B3_ROUNDS:-50}"
  routing_teardown b3
}

b4() {
  local lb
  lb=$(routing_setup b4 32)
  java "${repo}/benchmarks/RoutingBench.java" b4 "${atoll}" "${work}" "${lb}" "${B4_SECONDS:-60}" \
    "http://127.0.0.1:${api_port}/api/v1"
  routing_teardown b4
}

mkdir -p "${work}"
setup
trap '"${atoll}" stop >/dev/null 2>&1 || true; kill_proxies' EXIT
case "${1:-all}" in
  b2) b2 ;;
  b6) b6 ;;
  b7) b7 ;;
  b3) b3 ;;
  b4) b4 ;;
  all) b2; b6; b7; b3; b4 ;;
  *) echo "usage: benchmarks/run.sh [b2|b3|b4|b6|b7]" >&2; exit 2 ;;
esac
