#!/usr/bin/env bash
# Benchmark of the agent-CLI executor's own overhead per cycle: whole cycles of a claude-code bot and a codex bot (the
# real CLIs from .ci/install-agent-clis; their providers the loopback test doubles ScriptedAnthropicServer and
# ScriptedOpenAiServer), unconfined and under bubblewrap, minus the CLI's own run; against the same by hand (git clone,
# the same CLI invocation, git commit, git push).
#
#   bench/agent-cli.sh          # 10 measured rounds after 2 warm-up rounds
#   bench/agent-cli.sh 20       # 20 measured rounds
#
# Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
exec java ${JAVA_OPTS:--Xmx1g} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.AgentCliBenchmark "$@"
