#!/usr/bin/env bash
# Benchmark of the ownership engine: generates a repository of 100,000 files with 5,000 OWNERS
# files (both formats, filters, aliases) and measures loading and resolving against the naive way.
#
#   bench/ownership.sh                 # tree in a temporary directory, deleted afterwards
#   bench/ownership.sh /tmp/owners-100k # tree generated there once, reused by later runs
#   bench/ownership.sh --help          # generator and measure options
#
# JAVA_OPTS overrides the JVM options (default -Xmx2g). Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
# The classpath file is written relative to the module: controller/target/bench.classpath.
exec java ${JAVA_OPTS:--Xmx2g} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.OwnershipBenchmark "$@"
