#!/usr/bin/env bash
# Mutation testing of the core with PIT (pitest-maven + its JUnit 5 plugin, Maven profile `mutation`
# of controller/pom.xml), one package at a time against that package's own tests, on one thread.
#
#   bench/mutation.sh                       # ownership goal cycle event directives workspace
#   bench/mutation.sh goal ownership        # only these packages of io.manybot.core
#
# THREADS overrides PIT's threads (default 1). Reports: controller/target/mutation/<package>/index.html
# (HTML per package, with mutations.xml beside it) and controller/target/mutation/index.html linking
# them. Prints a Markdown table of the scores on stdout (progress goes to stderr). A surviving mutant
# that no test can kill is named, with the reason, in bench/mutation-equivalents/<package>.tsv; every
# other survivor is printed on stderr as "untriaged".
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
    packages=("$@")
else
    packages=(ownership goal cycle event directives workspace)
fi
out=controller/target/mutation
mkdir -p "$out"

# Tests of a package that live elsewhere: core.landing is driven end to end by a cycle test of core.cycle.
more_tests() {
    case "$1" in
        landing) echo "io.manybot.core.cycle.RebaseLandingCycleTest" ;;
        *) echo "io.manybot.core.$1.*" ;;
    esac
}

for package in "${packages[@]}"; do
    echo "mutation: io.manybot.core.$package" >&2
    mvn -q -B -ntp ${MAVEN_ARGS:-} -pl controller -Pmutation test-compile org.pitest:pitest-maven:mutationCoverage \
        -Dmutation.classes="io.manybot.core.$package.*" \
        -Dmutation.tests="io.manybot.core.$package.*" \
        -Dmutation.moreTests="$(more_tests "$package")" \
        -Dmutation.threads="${THREADS:-1}" \
        -Dmutation.report="$PWD/$out/$package" >&2
done

python3 - "$out" bench/mutation-equivalents "${packages[@]}" <<'PY'
import sys, xml.etree.ElementTree as ET, os, html
out, equivalents_dir, packages = sys.argv[1], sys.argv[2], sys.argv[3:]

def equivalents(package):
    """Survivors named as equivalent: bench/mutation-equivalents/<package>.tsv, one per line:
    class, method, line, mutator (simple name) and the reason, tab-separated; '#' starts a comment."""
    named = {}
    path = os.path.join(equivalents_dir, package + ".tsv")
    if os.path.isfile(path):
        for raw in open(path, encoding="utf-8"):
            if not raw.strip() or raw.startswith("#"):
                continue
            fields = raw.rstrip("\n").split("\t")
            if len(fields) < 5 or not fields[4].strip():
                sys.exit(f"{path}: each line needs class, method, line, mutator and a reason: {raw!r}")
            named[tuple(fields[:4])] = fields[4]
    return named

def key(mutation):
    return (mutation.findtext("mutatedClass"), mutation.findtext("mutatedMethod"),
            mutation.findtext("lineNumber"), mutation.findtext("mutator").rsplit(".", 1)[-1])

rows = []
for package in sorted(os.listdir(out)):
    report = os.path.join(out, package, "mutations.xml")
    if not os.path.isfile(report):
        continue
    mutations = ET.parse(report).getroot().findall("mutation")
    named = equivalents(package)
    total = len(mutations)
    killed = sum(1 for m in mutations if m.get("detected") == "true")
    survived = [m for m in mutations if m.get("detected") != "true"]
    uncovered = sum(1 for m in survived if m.get("status") == "NO_COVERAGE")
    reasons = [named.get(key(m)) for m in survived]
    elsewhere = [r for r in reasons if r is not None and r.startswith("not killable here:")]
    equivalent = [r for r in reasons if r is not None and not r.startswith("not killable here:")]
    untriaged = [m for m, r in zip(survived, reasons) if r is None]
    for m in untriaged:
        print(f"untriaged core.{package}: {m.get('status')} {key(m)[0]}.{key(m)[1]}:{key(m)[2]} "
              f"{key(m)[3]}: {m.findtext('description')}", file=sys.stderr)
    rows.append((package, total, killed, len(survived) - uncovered, uncovered, len(equivalent), len(elsewhere), len(untriaged)))
print("| Package | Mutants | Killed | Survived | No coverage | Named equivalent | Not killable here | Untriaged | Score |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for package, total, killed, survived, uncovered, equivalent, elsewhere, untriaged in rows:
    score = 100.0 * killed / total if total else 100.0
    print(f"| core.{package} | {total} | {killed} | {survived} | {uncovered} | {equivalent} | {elsewhere} | {untriaged} | {score:.1f} % |")
with open(os.path.join(out, "index.html"), "w") as index:
    index.write("<!doctype html><title>Manybot mutation scores</title><h1>Mutation scores (PIT)</h1><ul>")
    for package, total, killed, survived, uncovered, equivalent, elsewhere, untriaged in rows:
        score = 100.0 * killed / total if total else 100.0
        index.write(f'<li><a href="{html.escape(package)}/index.html">core.{html.escape(package)}</a>: '
                    f"{killed} of {total} killed ({score:.1f} %), {survived} survived, {uncovered} without coverage, "
                    f"{equivalent} named equivalent and {elsewhere} not killable on this machine in bench/mutation-equivalents/{html.escape(package)}.tsv, "
                    f"{untriaged} untriaged</li>")
    index.write("</ul>")
PY
