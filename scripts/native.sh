#!/usr/bin/env bash
# Builds native executables of the gateway and the runner with the native-image that
# scripts/native-toolchain/ assembles (GraalVM's builder from Maven Central and the Temurin 25 JDK),
# beside their JVM builds: gateway/target/gateway-*-runner and runner-function/target/runner-function-*-runner,
# each with the JDK's shared libraries it links in a lib/ folder next to it. About 10 minutes per app on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR=$(bash "$ROOT/scripts/native-toolchain/native-toolchain.sh")
cd "$ROOT"
mkdir -p target
# The image builder takes a share of memory of its own: enough for the gateway's analysis. Its log keeps
# native-image's own timings (NativeBenchmark reads them).
./mvnw -B package -DskipTests -pl gateway,runner-function -am \
  -Dquarkus.native.enabled=true -Dquarkus.native.graalvm-home="$HOME_DIR" -Dquarkus.native.native-image-xmx=8g \
  >target/native-build.log 2>&1 || { tail -40 target/native-build.log >&2; echo "native build failed; its log: target/native-build.log" >&2; exit 1; }
grep -E "Finished generating|Produced artifacts" target/native-build.log || true
for module in gateway runner-function; do
  rm -rf "$module/target/lib"
  cp -r "$HOME_DIR/lib/svm/jdkshared" "$module/target/lib"
  ls "$module"/target/*-runner
done
