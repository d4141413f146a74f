#!/usr/bin/env bash
# Benchmark of whole work cycles: the controller's own overhead per cycle on a 10,000-file
# repository (500 OWNERS files), against the same git work done with the git command line.
#
#   bench/cycle.sh                     # repository in a temporary directory, deleted afterwards
#   bench/cycle.sh /tmp/cycle-10k      # repository generated there once, reused by later runs
#   bench/cycle.sh DIR --rounds 30     # measured rounds (default 15, after 3 warm-up rounds)
#
# JAVA_OPTS overrides the JVM options (default -Xmx2g). Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
# The classpath file is written relative to the module: controller/target/bench.classpath.
exec java ${JAVA_OPTS:--Xmx2g} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.CycleBenchmark "$@"
