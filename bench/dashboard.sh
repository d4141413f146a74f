#!/usr/bin/env bash
# The dashboard at scale: the local home's HTTP API over a generated state of 1,000 bots and 10,000
# cycles (with 20,000 key-result measurements), and headless Chromium (Playwright) loading the page:
# first paint of the goals page (burn-up charts) and of the bots page, and the time from a phase
# event written into the state to the page showing it (the activity feed, the bot's row).
#
#   bench/dashboard.sh                          # 1,000 bots, 10,000 cycles, 5 loads per page, 60 live events
#   bench/dashboard.sh --bots 5000 --cycles 50000 --rounds 10 --events 200
#
# Needs node, Debian's chromium and playwright-core (npm ci --prefix controller/src/test/browser).
# JAVA_OPTS overrides the server JVM's options (default -Xmx1g). Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
cd controller
exec java ${JAVA_OPTS:--Xmx1g} \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.manybot.bench.DashboardBenchmark "$@"
