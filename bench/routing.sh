#!/usr/bin/env bash
# Benchmark of webhook routing: one push of 10,000 changed paths across 1,000 subscriptions of 100
# bots, with the EventRouter against the naive loop (every path against every glob), in one JVM.
#
#   bench/routing.sh                                   # defaults
#   bench/routing.sh --paths 50000 --subscriptions 5000 --bots 500 --rounds 30
#
# JAVA_OPTS overrides the JVM options (default -Xmx2g). Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
# The classpath file is written relative to the module: controller/target/bench.classpath.
exec java ${JAVA_OPTS:--Xmx2g} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.RoutingBenchmark "$@"
