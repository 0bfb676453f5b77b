#!/usr/bin/env bash
# A cluster rehearsal without Kubernetes: the apps' JVM images as containers on a Docker bridge
# network — 2 gateways and 2 runners that find each other by DNS (the kubernetes stack's DNS_PING
# against a shared network alias, as a headless Service would answer) — a real package tested
# through them, then the gateway its viewer watches killed: the job and the viewer carry on.
# Leaves nothing running. Exit 0 only when the viewer saw the job PASS with the exact log.
# --native: the same with the native executables of ./nodechecker native in their images (Dockerfile.native-local).
set -euo pipefail
KIND=jvm
if [ "${1:-}" = --native ]; then KIND=native; fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NET=nodechecker-rehearsal
PREFIX=nc-rehearsal
TOKEN="rehearsal-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
SECRETS=(-e NODECHECKER_GATEWAY_ACCESS_TOKENS="$TOKEN"
         -e NODECHECKER_GATEWAY_DISPATCH_RUNNER_SECRET=rehearsal-runner -e NODECHECKER_RUNNER_SECRET=rehearsal-runner
         -e NODECHECKER_GATEWAY_CLUSTER_SECRET=rehearsal-cluster-secret-0123456789abcdef -e NODECHECKER_RUNNER_CLUSTER_SECRET=rehearsal-cluster-secret-0123456789abcdef)

cleanup() {
  [ -n "${KEEP:-}" ] && return 0 # KEEP=1 leaves the containers up to look at
  # Runners stop first and gracefully: a runner removes its job's container after publishing the result,
  # and one killed in that moment would leave the container behind.
  docker stop -t 30 $(docker ps -q --filter "name=$PREFIX-runner-") >/dev/null 2>&1 || true
  docker rm -f $(docker ps -aq --filter "name=$PREFIX-") >/dev/null 2>&1 || true
  # Whatever job containers a killed runner still left: all of them carry the rehearsal cluster's label.
  docker rm -f $(docker ps -aq --filter "label=io.nodechecker.runner.cluster=rehearsal") >/dev/null 2>&1 || true
  docker network rm "$NET" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup

"$ROOT/scripts/engine.sh"
"$ROOT/scripts/node-image.sh"
"$ROOT/scripts/egress-image.sh"
CLI_JAR="$ROOT/cli/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$ROOT/gateway/target/quarkus-app/quarkus-run.jar" ] || [ ! -f "$ROOT/runner-function/target/quarkus-app/quarkus-run.jar" ] \
    || [ ! -f "$CLI_JAR" ]; then
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
if [ "$KIND" = native ]; then
  for app in gateway runner-function; do
    compgen -G "$ROOT/$app/target/$app-*-runner" >/dev/null || { echo "no native $app: ./nodechecker native builds it" >&2; exit 1; }
  done
  # A base made from this host's C libraries: the executables are this host's builds.
  docker rmi nodechecker/native-base:local >/dev/null 2>&1 || true
  "$ROOT/scripts/native-base-image.sh" nodechecker/native-base:local
  for app in gateway runner-function; do
    DOCKER_BUILDKIT=0 docker build -q -f "$ROOT/$app/src/main/docker/Dockerfile.native-local" -t "nodechecker/$app:native" "$ROOT/$app" >/dev/null
  done
else
  "$ROOT/scripts/jdk-image.sh" nodechecker/jdk17:local
  for app in gateway runner-function; do
    DOCKER_BUILDKIT=0 docker build -q --build-arg BASE=nodechecker/jdk17:local -f "$ROOT/$app/src/main/docker/Dockerfile.jvm" \
      -t "nodechecker/$app:jvm" "$ROOT/$app" >/dev/null
  done
fi
echo "images built: nodechecker/gateway:$KIND, nodechecker/runner-function:$KIND"

docker network create "$NET" >/dev/null
member() { # name image port extra...
  local name=$1 image=$2; shift 2
  docker run -d --name "$PREFIX-$name" --hostname "$name" --network "$NET" --network-alias nodechecker-cluster \
    "${SECRETS[@]}" "$@" "$image" >/dev/null
}
cluster_env() { # prefix of the app's keys
  echo "-e NODECHECKER_$1_CLUSTER_STACK=kubernetes -e NODECHECKER_$1_CLUSTER_DNS_QUERY=nodechecker-cluster \
    -e NODECHECKER_$1_CLUSTER_BIND_ADDRESS=SITE_LOCAL -e NODECHECKER_$1_CLUSTER_NAME=rehearsal"
}
# shellcheck disable=SC2046
member gateway-1 "nodechecker/gateway:$KIND" -p 127.0.0.1:18080:8080 $(cluster_env GATEWAY)
wait_ready() { for _ in $(seq 1 240); do curl -sf "$1/q/health/ready" >/dev/null && return 0; sleep 0.5; done; echo "$1 not ready" >&2; return 1; }
wait_ready http://127.0.0.1:18080
# shellcheck disable=SC2046
member gateway-2 "nodechecker/gateway:$KIND" -p 127.0.0.1:18081:8080 $(cluster_env GATEWAY)
for i in 1 2; do
  # The only containers that get the Docker socket: the runners, as the DaemonSet's pods.
  # shellcheck disable=SC2046
  member "runner-$i" "nodechecker/runner-function:$KIND" -v /var/run/docker.sock:/var/run/docker.sock \
    --group-add "$(stat -c %g /var/run/docker.sock)" \
    -e NODECHECKER_RUNNER_ID="rehearsal-runner-$i" -e NODECHECKER_RUNNER_ADVERTISED_HOST="$PREFIX-runner-$i" \
    -e NODECHECKER_RUNNER_CAPACITY=1 $(cluster_env RUNNER)
done
wait_ready http://127.0.0.1:18081
for _ in $(seq 1 120); do
  n=$( (curl -s http://127.0.0.1:18081/api/runners || true) | grep -o '"id"' | wc -l || true)
  [ "$n" = 2 ] && break
  sleep 0.5
done
echo "cluster: 2 gateways, $n runners registered (found by DNS)"
[ "$n" = 2 ] || { docker logs "$PREFIX-runner-1" | tail -20; exit 1; }

# Live output gateway 2 has sent (Prometheus counter): it must grow only once gateway 1 is gone.
live_sent() {
  curl -s http://127.0.0.1:18081/q/metrics | awk '/^nodechecker_live_sent_bytes_total/ {s += $2} END {print s + 0}'
}
sent_before=$(live_sent)

# The CLI follows the job on gateway 1 and fails over to gateway 2 by itself.
log=$(mktemp)
NODECHECKER_TOKEN="$TOKEN" java -jar "$CLI_JAR" test left-pad@1.3.0 \
  --gateway http://127.0.0.1:18080,http://127.0.0.1:18081 --save "$log" >/dev/null 2>"$log.err" &
cli=$!
for _ in $(seq 1 240); do grep -q "npm install" "$log" 2>/dev/null && break; sleep 0.25; done
docker kill "$PREFIX-gateway-1" >/dev/null
echo "gateway-1 killed while the job ran; the viewer goes on through gateway-2"
status=0
wait $cli || status=$?
id=$(grep -o 'job [0-9a-f-]*' "$log.err" | head -1 | cut -d' ' -f2)
curl -s "http://127.0.0.1:18081/api/jobs/$id/log" >"$log.server"
tail -2 "$log.err"
sent_after=$(live_sent)
echo "gateway-2 sent $sent_before live bytes before the kill, $sent_after after"
if [ "$status" = 0 ] && cmp -s "$log" "$log.server" && awk -v a="$sent_after" -v b="$sent_before" 'BEGIN {exit !(a > b)}'; then
  echo "REHEARSAL PASSED: the job passed, the viewer went on through gateway-2, and its output equals the stored log byte for byte"
  exit 0
fi
echo "REHEARSAL FAILED (cli exit $status)"; diff <(head -c 2000 "$log") <(head -c 2000 "$log.server") | head -20
exit 1
