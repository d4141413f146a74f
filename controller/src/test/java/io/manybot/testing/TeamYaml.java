package io.manybot.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The repository and declarations of the team tests' bots: a Goal counting the files with a TODO in an area, and a command bot fixing them
 * with {@code scripts/fix.sh}, optionally under a parent and with a {@code team:} block. One copy for the local and the
 * cluster team tests.
 */
public final class TeamYaml {
    /** The {@code team:} block of a lead whose plan is {@code scripts/plan.sh}. */
    public static final String PLAN_COMMAND = "  team:\n    plan: {command: [sh, scripts/plan.sh]}\n";

    /** A lead's plan: one task for each file with a TODO in area-1 and area-2. */
    public static final String PLAN_EACH_TODO = "grep -rl TODO area-1 area-2 | sort | while read f; do "
            + "printf '{\"title\": \"Fix %s\", \"paths\": [\"%s\"]}\\n' \"$f\" \"$f\"; done\n";

    private TeamYaml() {
    }

    /**
     * The files of a lead's repository with two children: the lead owns the root, {@code c1} area-1 and {@code c2} area-2
     * (one file with a TODO each); {@code scripts/plan.sh} is {@code plan}, {@code scripts/fix.sh} fixes the task's paths.
     */
    public static Map<String, String> twoChildren(String plan) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("OWNERS", "primary: manybot:lead\n");
        files.put("area-1/OWNERS", "primary: manybot:c1\n");
        files.put("area-1/f.txt", "TODO one\n");
        files.put("area-2/OWNERS", "primary: manybot:c2\n");
        files.put("area-2/f.txt", "TODO two\n");
        files.put("scripts/plan.sh", plan);
        files.put("scripts/fix.sh", "for f in $MANYBOT_TASK_PATHS; do sed -i s/TODO/done/ \"$f\"; done\n");
        return files;
    }

    /** Goal {@code name}: no file with a TODO left in {@code area} (a space-separated list of directories). */
    public static String goal(String name, String area) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Goal
                metadata: {name: %s}
                spec:
                  objective: No TODO left in %s
                  start: 2026-11-01
                  deadline: 2027-12-31
                  keyResults:
                    - name: files-with-todo
                      baseline: 2
                      target: 0
                      direction: decrease
                      measurement: {script: "grep -rl TODO %s | wc -l", timeout: 30s}
                """.formatted(name, area, area);
    }

    /**
     * Triggered command bot {@code name} for goal {@code name}, owning {@code owns}; {@code parent} and {@code url} (its
     * repository, main) may be null; {@code suspend} declares it suspended; {@code team} is appended to its spec.
     */
    public static String bot(String name, String parent, String owns, String url, boolean suspend, String team) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: %s}
                spec:
                  goal: %s
                  owns: ["%s"]
                """.formatted(name, name, owns)
                + (url == null ? "" : "  repository: {url: \"%s\", branch: main}\n".formatted(url))
                + "  mode: triggered\n"
                + (suspend ? "  suspend: true\n" : "")
                + "  executor: {type: command, command: [sh, scripts/fix.sh], timeout: 1m}\n"
                + (parent == null ? "" : "  parent: " + parent + "\n") + team;
    }
}
