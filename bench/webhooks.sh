#!/usr/bin/env bash
# Load benchmark of the local home's webhook endpoint: `manybot run` with its HTTP API in one JVM (a
# repository with one triggered bot subscribed to pushes), a load generator in a second JVM on
# loopback posting signed GitHub push webhooks — each with its own delivery id, so each one is
# verified (HMAC-SHA256), parsed, deduplicated, routed, audited and becomes a trigger request in the
# SQLite state. Baseline: GET /health on the same server with the same generator.
#
#   bench/webhooks.sh                     # 5,000 requests per round, 16 connections, 3 rounds after a warm-up
#   bench/webhooks.sh --requests 20000    # requests per round and endpoint
#   bench/webhooks.sh --concurrency 64    # connections in parallel
#   bench/webhooks.sh --rounds 5
#
# JAVA_OPTS overrides the server JVM's options (default -Xmx1g). Prints a Markdown table on stdout
# (requests/s, p50, p99 and max latency, status counts), progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
cd controller
exec java ${JAVA_OPTS:--Xmx1g} \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.manybot.bench.WebhookLoadBenchmark "$@"
