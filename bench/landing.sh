#!/usr/bin/env bash
# Benchmark of many bots on one branch (issue 13): N command bots on disjoint paths of one branch (N = 1, 5, 20, 50),
# C cycles each on W workers (the local home, as `manybot run --cycles C --workers W`, in-process), each cycle
# changing one owned file after a pause standing for an executor's latency. Per N and per landing mode
# (landing.onTargetMoved: rebase, and replan = re-plan on every move, the simple way): cycles run per landing,
# wasted cycles (SUPERSEDED), landings per minute against one bot's rate, and the LAND phase's own time, read from
# the state store (manybot.db) and the branch. A second series has about 20 % of the changes touching one shared
# file: conflicts re-plan, and the branch is checked for every intended change, landed exactly once.
#
#   bench/landing.sh                                   # the whole run (8 min on a quiet 2-core machine, more under load)
#   bench/landing.sh --bots 1,5 --overlap-bots 5       # a smaller run
#   bench/landing.sh --bots 1,20 --cycles 2 --workers 4 --budget 120 --executor-seconds 0.5 --modes replan,rebase
#   bench/landing.sh --keep /tmp/landing-bench         # keep the repositories, state and run logs there
#
# --budget S caps each series at S seconds (default 300; what was measured within it is reported, marked "stopped at
# the budget"); --overlap-bots 0 skips the overlap series; --modes defaults to both where the build has the rebase
# landing path, else replan only (said in the output). JAVA_OPTS overrides the JVM options (default -Xmx1g).
# Prints a Markdown table on stdout; exits 1 when a change was lost or landed twice.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
exec java ${JAVA_OPTS:--Xmx1g} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.LandingBenchmark "$@"
