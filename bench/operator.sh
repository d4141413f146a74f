#!/usr/bin/env bash
# Benchmark of the operator: N Manybots (default 1,000) reconciled to Ready on the fabric8 mock API
# server (CRUD mode, in-process). All bots are copies of the example's format-bot on one bare git
# repository with one Goal, runner mode job: each bot's first reconcile resolves its Goal, the shared
# mirror and the ownership files, creates a WorkCycle and a runner Job (the mock never runs Jobs) and
# settles with phase Running and Ready=True.
#
# Two scenarios per round, each on a fresh mock server: the operator starting on N existing bots
# (from its construction, initial informer lists included, until all are Ready), and N bots created
# one after another while it runs (from the first create). For both: the time until the operator goes
# quiet (no API request for 1 s), its API requests by kind and the CPU time per thread group. Also the
# operator's retained heap (used heap after GC with all Ready, minus the same after it is closed) and,
# in the same run, the simple way: a GET and a status patch per bot on the same mock server, on one
# thread and on JOSDK's default 50 reconcile threads. The run fails if a bot is Stalled or not Ready,
# or if there are not exactly N WorkCycles and N Jobs.
#
#   bench/operator.sh                    # 1,000 bots, 3 measured rounds after a 100-bot warm-up round
#   bench/operator.sh --bots 5000        # number of Manybots (default 1000)
#   bench/operator.sh --rounds 5         # measured rounds (default 3); the table shows median and min
#   bench/operator.sh --warmup 0         # bots in the warm-up round, 0 for none (default 100)
#   bench/operator.sh --timeout 900      # seconds to wait for all bots to be Ready (default 600)
#
# JAVA_OPTS overrides the JVM options (default -Xmx2g). Prints Markdown tables on stdout, progress on
# stderr. Takes about 2 minutes per 1,000-bot round on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
# The classpath file is written relative to the module: controller/target/bench.classpath. The
# harness runs in controller/, as the tests do: it copies the example from ../examples.
cd controller
exec java ${JAVA_OPTS:--Xmx2g} \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.manybot.bench.OperatorBenchmark "$@"
