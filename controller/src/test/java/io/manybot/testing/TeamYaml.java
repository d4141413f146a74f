package io.manybot.testing;

/**
 * The declarations of the team tests' bots: a Goal counting the files with a TODO in an area, and a command bot fixing them
 * with {@code scripts/fix.sh}, optionally under a parent and with a {@code team:} block. One copy for the local and the
 * cluster team tests.
 */
public final class TeamYaml {
    /** The {@code team:} block of a lead whose plan is {@code scripts/plan.sh}. */
    public static final String PLAN_COMMAND = "  team:\n    plan: {command: [sh, scripts/plan.sh]}\n";

    private TeamYaml() {
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
