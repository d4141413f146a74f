package io.manybot.bench;

import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.PhaseTiming;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.ownership.Glob;
import io.manybot.core.ownership.OwnershipCache;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.team.Route;
import io.manybot.core.team.TaskRouter;
import io.manybot.core.team.TeamHarness;
import io.manybot.core.team.TeamTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench/team.sh: plan → route → land → handoff for a tree of command bots on a generated real repository (the
 * {@link TeamHarness}): a lead, C children, L leaves under each child (default 1 + 9 + 90 = 100 bots), one file with a TODO
 * per bot's area plus one in {@code shared/}. Round 1: the lead's plan lists one task per file and routes it; each child routes
 * its leaves' tasks on and does its own; every bot lands and hands off. Round 2: every parent's plan reads the handoffs. Then
 * routing alone: the ownership index ({@link TaskRouter}) against the simple way, scanning every bot's {@code owns} globs for
 * each path, on the same tasks, with their answers compared.
 *
 * <p>Arguments: {@code --children C --leaves L --routes N} (routing decisions per router, default 200 000), {@code --workers W}
 * (the bots of one level run on W threads, default 1), {@code --rounds 0} (routing only, no cycles).
 */
public final class TeamBenchmark {
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int children = Integer.parseInt(options.getOrDefault("children", "9"));
        int leaves = Integer.parseInt(options.getOrDefault("leaves", "10"));
        int routes = Integer.parseInt(options.getOrDefault("routes", "200000"));
        int workers = Integer.parseInt(options.getOrDefault("workers", "1"));
        boolean cycles = !"0".equals(options.get("rounds"));
        Path temp = Files.createTempDirectory("team-bench");
        try (TeamHarness team = TeamHarness.generate(temp, new TeamHarness.Shape(children, leaves, 1, 1))) {
            int bots = team.botNames().size();
            int files = team.todosAtTip(".");
            if (!cycles) {
                System.out.println("## Team benchmark: routing only, " + bots + " bots (1 lead, " + children + " children, " + leaves + " leaves each)");
                System.out.println();
                routing(team, routes);
                return;
            }
            long start = System.nanoTime();
            List<WorkCycle> first = team.round(workers);
            double firstSeconds = (System.nanoTime() - start) / 1e9;
            int routed = 0;
            for (WorkCycle cycle : first) {
                routed += (int) cycle.tasks().stream().filter(t -> t.result() != null && t.result().startsWith("routed to")).count();
            }
            long landed = first.stream().filter(c -> c.outcome() == CycleOutcome.LANDED).count();
            int handoffs = team.board().delivered().size();
            int left = team.todosAtTip(".");
            start = System.nanoTime();
            List<WorkCycle> second = team.round(workers);
            double secondSeconds = (System.nanoTime() - start) / 1e9;
            long read = second.stream().flatMap(c -> c.tasks().stream()).filter(t -> t.title().startsWith("Read ")).count();
            Double leadAfter = second.get(0).before().keyResults().get(0).current();

            System.out.println("## Team benchmark: " + bots + " bots (1 lead, " + children + " children, " + leaves + " leaves each), "
                    + files + " files with a TODO, " + workers + " worker(s) per level");
            System.out.println();
            System.out.println("| round | wall time | cycles | landed | tasks routed | handoffs up | plans reading handoffs | TODO files left |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| 1: plan → route → land → hand off | %.1f s | %d | %d | %d | %d | – | %d |%n", firstSeconds, first.size(),
                    landed, routed, handoffs, left);
            System.out.printf(Locale.ROOT, "| 2: parents read the handoffs | %.1f s | %d | %d | – | – | %d | %d (lead's KR: %s) |%n", secondSeconds,
                    second.size(), second.stream().filter(c -> c.outcome() == CycleOutcome.LANDED).count(), read, team.todosAtTip("."),
                    leadAfter == null ? "?" : String.valueOf(leadAfter.longValue()));
            System.out.println();
            Map<CyclePhase, Long> phases = new EnumMap<>(CyclePhase.class);
            for (WorkCycle cycle : first) {
                for (PhaseTiming timing : cycle.timings()) {
                    phases.merge(timing.phase(), timing.millis(), Long::sum);
                }
            }
            System.out.println("Round 1, time per phase summed over its " + first.size() + " cycles: " + phases.entrySet().stream()
                    .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue() + " ms").reduce((a, b) -> a + ", " + b).orElse(""));
            System.out.println();
            routing(team, routes);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Routing alone, the ownership index against scanning every bot's globs, on the tasks of the generated tree. */
    private static void routing(TeamHarness team, int decisions) throws Exception {
        OwnershipIndex index = new OwnershipCache(team.source().repository()).at(team.tip());
        TeamTree tree = team.team().tree();
        TaskRouter byIndex = new TaskRouter(tree, index);
        GlobScan byGlobs = new GlobScan(tree);
        List<String> paths = new ArrayList<>();
        for (String bot : team.botNames()) {
            String area = team.area(bot);
            paths.add(area.equals(".") ? "shared/s1.txt" : area + "/f1.txt");
        }
        int agree = 0;
        for (String path : paths) {
            Route route = byIndex.route(TeamHarness.LEAD, List.of(path));
            if (route.to().equals(byGlobs.route(TeamHarness.LEAD, path))) {
                agree++;
            }
        }
        double indexNanos = time(() -> byIndex.route(TeamHarness.LEAD, List.of(paths.get(0))), paths, decisions,
                p -> byIndex.route(TeamHarness.LEAD, List.of(p)).to());
        double globNanos = time(null, paths, decisions, p -> byGlobs.route(TeamHarness.LEAD, p));
        System.out.println("| routing " + paths.size() + " tasks' paths × " + (decisions / paths.size()) + " | per decision | decisions/s |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| ownership index (TaskRouter) | %.2f µs | %,.0f |%n", indexNanos / 1000, 1e9 / indexNanos);
        System.out.printf(Locale.ROOT, "| scan every bot's owns globs | %.2f µs | %,.0f |%n", globNanos / 1000, 1e9 / globNanos);
        System.out.println();
        System.out.println("Both routers sent " + agree + " of " + paths.size() + " tasks to the same bot.");
    }

    private static double time(Runnable unused, List<String> paths, int decisions, java.util.function.Function<String, String> route) {
        String sink = "";
        for (int i = 0; i < Math.min(decisions, 20_000); i++) {
            sink = route.apply(paths.get(i % paths.size()));
        }
        long start = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            sink = route.apply(paths.get(i % paths.size()));
        }
        long nanos = System.nanoTime() - start;
        if (sink == null) {
            throw new IllegalStateException();
        }
        return (double) nanos / decisions;
    }

    /**
     * The simple way: for a path, every bot's {@code owns} globs are tried; the bot with the longest matching glob below the
     * planner is the owner, and the planner's child toward it gets the task.
     */
    static final class GlobScan {
        private final TeamTree tree;
        private final List<Map.Entry<Bot, List<Glob>>> globs = new ArrayList<>();

        GlobScan(TeamTree tree) {
            this.tree = tree;
            for (Bot bot : tree.bots()) {
                globs.add(Map.entry(bot, bot.owns().stream().map(Glob::compile).toList()));
            }
        }

        String route(String planner, String path) {
            String owner = null;
            int best = -1;
            for (Map.Entry<Bot, List<Glob>> entry : globs) {
                for (int i = 0; i < entry.getValue().size(); i++) {
                    int length = entry.getKey().owns().get(i).length();
                    if (length > best && entry.getValue().get(i).matches(path)) {
                        best = length;
                        owner = entry.getKey().name();
                    }
                }
            }
            String child = owner == null ? null : tree.childToward(planner, owner);
            return child == null ? planner : child;
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            io.manybot.core.workspace.Directories.delete(dir);
        } catch (java.io.IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
