#!/usr/bin/env bash
# Benchmark of live directives: MARATHON.md edit → applied latency in a running `manybot run`
# (WatchService on the working tree, LiveDirectives listener), p50/p99 over 100 edits, against the
# simple way (poll the file's mtime every second and re-read it).
#
#   bench/directives.sh                # 100 edits each way
#   bench/directives.sh --edits 300    # more edits
#
# JAVA_OPTS overrides the JVM options (default -Xmx512m). Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
# The classpath file is written relative to the module: controller/target/bench.classpath.
exec java ${JAVA_OPTS:--Xmx512m} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.DirectivesBenchmark "$@"
