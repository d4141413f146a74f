package io.manybot.bench;

import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/**
 * The repository of the landing benchmark: {@code bots} command bots on one branch, bot {@code bNN} owning
 * {@code bots/bNN/} through its OWNERS file, each with its own goal (lines in {@code bots/bNN/items.txt}, to grow).
 * Each cycle's executor ({@code tools/step.sh}) appends the bot's next numbered item to that file, after a pause that
 * stands for an executor's latency; with {@code overlap}, every fifth (bot, item) pair also appends the item to
 * {@code shared/log.txt}, which every bot may write, so about 20 % of the changes touch the same file. The tests
 * ({@code tools/test.sh}) check that the bot's items are numbered 1, 2, 3… with none twice or missing.
 *
 * @param mode the bots' {@code landing.onTargetMoved}: {@code replan} or {@code rebase} (with {@code retest: always})
 */
record LandingScenario(int bots, boolean overlap, String mode, double executorSeconds) {

    static final String SHARED = "shared/log.txt";

    static String bot(int index) {
        return String.format(Locale.ROOT, "b%02d", index);
    }

    static String itemsFile(String bot) {
        return "bots/" + bot + "/items.txt";
    }

    /** The line the {@code n}-th change of bot {@code index} writes. */
    static String item(int index, int n) {
        return bot(index) + " item " + n;
    }

    /** Whether the {@code n}-th change of bot {@code index} also writes {@link #SHARED} (the same rule as step.sh). */
    boolean overlaps(int index, int n) {
        return overlap && (index + n) % 5 == 0;
    }

    /** Writes and commits the repository in {@code work}; returns a bare clone of it beside it. */
    Path create(Path work) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("tools/step.sh", STEP);
        files.put("tools/test.sh", TEST);
        List<String> delegates = new ArrayList<>();
        for (int i = 1; i <= bots; i++) {
            String name = bot(i);
            delegates.add("manybot:" + name);
            files.put("bots/" + name + "/OWNERS", "primary: manybot:" + name + "\n");
            files.put(itemsFile(name), "");
            files.put(".manybot/" + name + ".yaml", goal(name) + "---\n" + manybot(i));
        }
        if (overlap) {
            files.put("shared/OWNERS", "primary: human:bench\ndelegates: [" + String.join(", ", delegates) + "]\n");
            files.put(SHARED, "");
        }
        GitRepos.write(work, files);
        GitRepos.initAndCommit(work, "initial: " + bots + " bots");
        Path bare = work.resolveSibling(work.getFileName() + ".git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    private static String goal(String name) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Goal
                metadata:
                  name: items-%1$s
                spec:
                  objective: %1$s adds its items
                  start: 2026-01-01
                  deadline: 2099-12-31
                  keyResults:
                    - name: items
                      baseline: 0
                      target: 100000
                      direction: increase
                      measurement:
                        command: ["sh", "-c", "wc -l < bots/%1$s/items.txt"]
                        timeout: 1m
                """.formatted(name);
    }

    private String manybot(int index) {
        String name = bot(index);
        String owns = overlap ? "[\"bots/" + name + "/**\", \"shared/**\"]" : "[\"bots/" + name + "/**\"]";
        String landing = "  landing:\n    onTargetMoved: " + mode + "\n    retest: always\n";
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata:
                  name: %1$s
                spec:
                  goal: items-%1$s
                  owns: %2$s
                  mode: triggered
                  executor:
                    type: command
                    command: ["sh", "tools/step.sh", "%1$s", "%3$d", "%4$d", "%5$s"]
                    timeout: 5m
                  tests:
                    command: ["sh", "tools/test.sh", "%1$s"]
                    timeout: 5m
                  limits:
                    cycleTimeout: 30m
                %6$s""".formatted(name, owns, index, overlap ? 1 : 0,
                String.format(Locale.ROOT, "%.3f", executorSeconds), landing);
    }

    private static final String STEP = """
            #!/bin/sh
            # step.sh BOT INDEX OVERLAP SECONDS: after SECONDS (an executor's latency), appends the bot's next item to
            # bots/BOT/items.txt; with OVERLAP=1, every fifth (INDEX + item number) also to shared/log.txt.
            set -e
            items="bots/$1/items.txt"
            n=$(( $(wc -l < "$items") + 1 ))
            sleep "$4"
            echo "$1 item $n" >> "$items"
            if [ "$3" = 1 ] && [ $(( ($2 + n) % 5 )) -eq 0 ]; then
              echo "$1 item $n" >> shared/log.txt
            fi
            """;

    private static final String TEST = """
            #!/bin/sh
            # test.sh BOT: the bot's items are numbered 1, 2, 3... (none twice, none missing).
            exec awk -v bot="$1" '$0 != bot " item " NR { print FILENAME ":" NR ": " $0; bad = 1 } END { exit bad }' "bots/$1/items.txt"
            """;
}
