#!/usr/bin/env bash
# Benchmark of a cycle's isolated checkout: generates a repository of 10,000 files (deterministic
# content, a few MB, packed) and measures, in one JVM, IsolatedCheckout.create + close against
# `git clone --local`, `git clone --shared` and JGit's CloneCommand (time and disk per checkout),
# plus changes() and commit() on the checkout. Needs the git binary.
#
#   bench/checkout.sh                   # repository in a temporary directory, deleted afterwards
#   bench/checkout.sh /tmp/checkout-10k # repository generated there once, reused by later runs
#   bench/checkout.sh --help            # options (--files N, --runs N, --warmup N, --keep)
#
# JAVA_OPTS overrides the JVM options (default -Xmx1g). Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl controller -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
# The classpath file is written relative to the module: controller/target/bench.classpath.
exec java ${JAVA_OPTS:--Xmx1g} \
    -cp "controller/target/classes:controller/target/test-classes:$(cat controller/target/bench.classpath)" \
    io.manybot.bench.CheckoutBenchmark "$@"
