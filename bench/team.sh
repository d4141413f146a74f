#!/usr/bin/env bash
# Benchmark of a team of bots (issue 16): plan → route → land → handoff for a tree of command bots on a generated real
# repository (the in-process TeamHarness: real git, the real CycleRunner, one cycle per bot per round, run one after the
# other): a lead, C children, L leaves under each child (default 1 + 9 + 90 = 100 bots), one file with a TODO in each bot's
# area and one in shared/ (owned by the lead alone). Round 1: the lead's plan command lists one task per file; each task is
# routed to the child owning its path (children route their leaves' tasks on); every bot fixes, lands and hands off to its
# parent. Round 2: every parent's plan reads its handoffs. Then routing alone, the ownership index (TaskRouter) against the
# simple way (scanning every bot's owns globs for each path), answers compared.
#
#   bench/team.sh                                  # 100 bots (about 1-2 min on a quiet 2-core machine)
#   bench/team.sh --children 3 --leaves 3 --routes 50000 --workers 2
#   bench/team.sh --children 30 --leaves 33 --rounds 0      # routing alone, 1021 bots (no cycles)
#
# JAVA_OPTS overrides the JVM options (default -Xmx1g). Prints Markdown tables on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
exec java ${JAVA_OPTS:--Xmx1g} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.TeamBenchmark "$@"
