#!/usr/bin/env bash
# Benchmark of fetch → cycle → push against real git servers on loopback (issue 15): file://, git daemon, git
# http-backend behind Basic authentication and an sshd server running git's own programs. Per transport and round:
# manybot's way (JGit: fetch the bare mirror, an isolated checkout of its tip, one file changed, committed and landed
# with a compare-and-swap, pushed with a compare-and-swap) against the git CLI doing the same in a clone (fetch, reset
# to the fetched tip, change, commit, push). Someone else commits on the server before each round.
#
#   bench/remote.sh                                    # 20 rounds on a repository of 2,000 files, every transport
#   bench/remote.sh --rounds 5 --files 200 --transports git,ssh
#
# Prints a Markdown table of medians (milliseconds) on stdout; exits 1 when a commit is missing on a server's branch.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
exec java ${JAVA_OPTS:--Xmx1g} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.RemoteBenchmark "$@"
