#!/usr/bin/env bash
# Mutation testing of the core with PIT (pitest-maven + its JUnit 5 plugin, Maven profile `mutation`
# of controller/pom.xml), one package at a time against that package's own tests, on one thread.
#
#   bench/mutation.sh                       # ownership goal cycle event directives workspace
#   bench/mutation.sh goal ownership        # only these packages of io.manybot.core
#
# THREADS overrides PIT's threads (default 1). Reports: controller/target/mutation/<package>/index.html
# (HTML per package, with mutations.xml beside it) and controller/target/mutation/index.html linking
# them. Prints a Markdown table of the scores on stdout (progress goes to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
    packages=("$@")
else
    packages=(ownership goal cycle event directives workspace)
fi
out=controller/target/mutation
mkdir -p "$out"

for package in "${packages[@]}"; do
    echo "mutation: io.manybot.core.$package" >&2
    mvn -q -B -ntp ${MAVEN_ARGS:-} -pl controller -Pmutation test-compile org.pitest:pitest-maven:mutationCoverage \
        -Dmutation.classes="io.manybot.core.$package.*" \
        -Dmutation.tests="io.manybot.core.$package.*" \
        -Dmutation.threads="${THREADS:-1}" \
        -Dmutation.report="$PWD/$out/$package" >&2
done

python3 - "$out" "${packages[@]}" <<'PY'
import sys, xml.etree.ElementTree as ET, os, html
out, packages = sys.argv[1], sys.argv[2:]
rows = []
for package in sorted(os.listdir(out)):
    report = os.path.join(out, package, "mutations.xml")
    if not os.path.isfile(report):
        continue
    mutations = ET.parse(report).getroot().findall("mutation")
    total = len(mutations)
    killed = sum(1 for m in mutations if m.get("detected") == "true")
    survived = sum(1 for m in mutations if m.get("status") == "SURVIVED")
    uncovered = sum(1 for m in mutations if m.get("status") == "NO_COVERAGE")
    rows.append((package, total, killed, survived, uncovered))
print("| Package | Mutants | Killed | Survived | No coverage | Score |")
print("|---|---:|---:|---:|---:|---:|")
for package, total, killed, survived, uncovered in rows:
    score = 100.0 * killed / total if total else 100.0
    print(f"| core.{package} | {total} | {killed} | {survived} | {uncovered} | {score:.0f} % |")
with open(os.path.join(out, "index.html"), "w") as index:
    index.write("<!doctype html><title>Manybot mutation scores</title><h1>Mutation scores (PIT)</h1><ul>")
    for package, total, killed, survived, uncovered in rows:
        score = 100.0 * killed / total if total else 100.0
        index.write(f'<li><a href="{html.escape(package)}/index.html">core.{html.escape(package)}</a>: '
                    f"{killed} of {total} killed ({score:.0f} %), {survived} survived, {uncovered} without coverage</li>")
    index.write("</ul>")
PY
