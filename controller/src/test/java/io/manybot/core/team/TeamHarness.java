package io.manybot.core.team;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.CycleListener;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.Measurement;
import io.manybot.core.executor.CommandExecutor;
import io.manybot.core.ownership.OwnershipCache;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The in-process harness (seed 001) for teams of bots: it generates a real git repository for a tree of command bots — a
 * root {@code lead}, {@code children} bots under it, each optionally with {@code leaves} bots of its own — where every bot
 * owns its area through an OWNERS file ({@code area-1/OWNERS: primary: manybot:c1}, {@code area-1/part-2/OWNERS: …}) and
 * every area holds files with a TODO; {@code shared/} is owned by the lead only. The lead's plan command lists one task per
 * file with a TODO (its paths: that file); every bot's executor fixes the files its task names; every goal counts the files
 * with a TODO in the bot's area. {@link #round()} runs each bot's real work cycle ({@link CycleRunner}) once, top down, with
 * the team's {@link TeamCycles} around it: plan → route → execute → land → hand off.
 */
public final class TeamHarness implements AutoCloseable {
    public static final String LEAD = "lead";
    static final String PLAN = "grep -rl TODO --include='*.txt' . | sort | sed 's|^\\./||' | while read f; do "
            + "printf '{\"title\": \"Fix the TODO in %s\", \"paths\": [\"%s\"], \"priority\": \"normal\"}\\n' \"$f\" \"$f\"; done";
    static final String FIX = "for f in $MANYBOT_TASK_PATHS; do sed -i 's/TODO/done/' \"$f\"; done";

    /** The shape of the generated team. */
    public record Shape(int children, int leaves, int filesPerArea, int sharedFiles) {}

    private final Path root;
    private final ProcessRunner processes = new ProcessRunner();
    private final SourceRepository source;
    private final OwnershipCache owners;
    private final CycleRunner runner;
    private final TeamCycles team;
    private final Map<String, Bot> bots = new LinkedHashMap<>();
    private final Map<String, Goal> goals = new LinkedHashMap<>();
    private final Map<String, List<WorkCycle>> cycles = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> areas = new LinkedHashMap<>();
    private final Clock clock;
    private volatile int round;

    private TeamHarness(Path root, Shape shape, UnaryOperator<Bot> adjust) throws Exception {
        this.root = root;
        this.clock = Clock.systemUTC();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("OWNERS", "primary: manybot:" + LEAD + "\n");
        files.put("scripts/OWNERS", "primary: human:olivia\n");
        files.put("scripts/plan.sh", PLAN + "\n");
        files.put("scripts/fix.sh", FIX + "\n");
        for (int s = 1; s <= shape.sharedFiles(); s++) {
            files.put("shared/s" + s + ".txt", "TODO shared " + s + "\n");
        }
        List<String[]> declared = new ArrayList<>();
        declared.add(new String[] {LEAD, null, "."});
        for (int c = 1; c <= shape.children(); c++) {
            String child = "c" + c;
            String area = "area-" + c;
            files.put(area + "/OWNERS", "primary: manybot:" + child + "\n");
            for (int f = 1; f <= shape.filesPerArea(); f++) {
                files.put(area + "/f" + f + ".txt", "TODO " + child + " " + f + "\n");
            }
            declared.add(new String[] {child, LEAD, area});
            for (int l = 1; l <= shape.leaves(); l++) {
                String leaf = child + "-" + l;
                String part = area + "/part-" + l;
                files.put(part + "/OWNERS", "primary: manybot:" + leaf + "\n");
                for (int f = 1; f <= shape.filesPerArea(); f++) {
                    files.put(part + "/f" + f + ".txt", "TODO " + leaf + " " + f + "\n");
                }
                declared.add(new String[] {leaf, child, part});
            }
        }
        for (String[] d : declared) {
            long todos = files.entrySet().stream().filter(e -> e.getKey().endsWith(".txt") && (d[2].equals(".") || e.getKey().startsWith(d[2] + "/"))
                    && e.getValue().contains("TODO")).count();
            addBot(adjust, d[0], d[1], d[2], List.of(d[2].equals(".") ? "**" : d[2] + "/**"), Math.max(1, todos));
        }
        Path work = root.resolve("work");
        GitRepos.write(work, files);
        GitRepos.initAndCommit(work, "the team's repository");
        Path bare = root.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        this.source = SourceRepository.open(bare);
        this.owners = new OwnershipCache(source.repository());
        this.runner = new CycleRunner(processes, Map.of(), clock);
        this.team = new TeamCycles(new TeamTree(bots.values()), new TeamBoard(), processes, clock);
    }

    public static TeamHarness generate(Path root, Shape shape) throws Exception {
        return new TeamHarness(root, shape, UnaryOperator.identity());
    }

    /** A team whose bots {@code adjust} changes (a judge policy, another command). */
    public static TeamHarness generate(Path root, Shape shape, UnaryOperator<Bot> adjust) throws Exception {
        return new TeamHarness(root, shape, adjust);
    }

    private void addBot(UnaryOperator<Bot> adjust, String name, String parent, String area, List<String> owns, long baseline) {
        areas.put(name, area);
        String count = "grep -rl TODO --include='*.txt' " + area + " | wc -l";
        goals.put(name, new Goal("todos-" + name, "No TODO left in " + area, "tidy", Goal.TimeHorizon.MONTHLY,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-12-31T00:00:00Z"), null, Goal.DEFAULT_ON_TRACK_THRESHOLD,
                List.of(new KeyResult("todo-files", "files with a TODO", baseline, 0, "files", KeyResult.Direction.DECREASE, null, null, 1.0,
                        new Measurement(List.of("sh", "-c", count), null, null, null, Duration.ofSeconds(30))))));
        Bot bot = new Bot(name, "todos-" + name, owns, new Bot.Repository(null, "main", null), Bot.Mode.CONTINUOUS, Bot.Schedule.DEFAULT,
                new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("sh", "scripts/fix.sh"), false, Map.of(), Duration.ofSeconds(30), null),
                new Bot.TestCommand(List.of("true"), Duration.ofSeconds(30)), new Bot.Limits(3, 20, Duration.ofMinutes(5), 25, null),
                List.of("human:olivia"), false, false, true, parent, List.of(), Bot.LandingPolicy.DEFAULT,
                new Bot.Team(LEAD.equals(name) ? new Bot.PlanCommand(List.of("sh", "scripts/plan.sh"), Duration.ofSeconds(30)) : null,
                        Bot.JudgePolicy.DEFAULT, 0));
        bots.put(name, adjust.apply(bot));
        cycles.put(name, new ArrayList<>());
    }

    /** Runs every bot's cycle once, parents before children, one at a time; returns the cycles in the order they ran. */
    public List<WorkCycle> round() throws InterruptedException {
        return round(1);
    }

    /**
     * Runs every bot's cycle once, level by level from the root down (a level's tasks are routed before the level below
     * plans), the bots of one level on up to {@code workers} threads; returns the cycles, level by level, in tree order.
     */
    public List<WorkCycle> round(int workers) throws InterruptedException {
        round++;
        Map<Integer, List<String>> levels = new java.util.TreeMap<>();
        for (String name : team.tree().topDown()) {
            levels.computeIfAbsent(team.tree().depth(name), d -> new ArrayList<>()).add(name);
        }
        List<WorkCycle> ran = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, workers));
        try {
            for (List<String> level : levels.values()) {
                List<java.util.concurrent.Future<WorkCycle>> running = new ArrayList<>();
                for (String name : level) {
                    running.add(pool.submit(() -> cycle(name)));
                }
                for (java.util.concurrent.Future<WorkCycle> future : running) {
                    try {
                        ran.add(future.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException("a cycle of the round failed", e.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return ran;
    }

    /** Runs one cycle of {@code name}. */
    public WorkCycle cycle(String name) throws InterruptedException {
        Bot bot = bots.get(name);
        List<WorkCycle> history = cycles.get(name);
        synchronized (history) {
            return cycle(name, bot, history);
        }
    }

    private WorkCycle cycle(String name, Bot bot, List<WorkCycle> history) throws InterruptedException {
        String id = name + "-" + (history.size() + 1);
        Path checkout = root.resolve("checkouts").resolve(id);
        BotAgents agents = new BotAgents(new FactualPlanner(), new CommandExecutor(processes), new FactualReflector());
        TeamCycles.Prepared prepared = team.prepare(bot, id, agents, this::ownersAtTip, null, checkout);
        WorkCycle last = history.isEmpty() ? null : history.get(history.size() - 1);
        Reflection previous = last == null ? null : last.reflection();
        WorkCycle cycle = runner.run(new CycleRequest(id, bot, goals.get(name), "harness round " + round, source, checkout, prepared.agents(),
                last == null ? null : last.baseCommit(), null, previous, null, () -> false), CycleListener.NONE);
        team.finish(bot, prepared, cycle);
        history.add(cycle);
        return cycle;
    }

    private OwnershipIndex ownersAtTip() {
        try {
            ObjectId tip = source.tip("refs/heads/main").orElseThrow();
            return owners.at(tip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TeamCycles team() {
        return team;
    }

    public TeamBoard board() {
        return team.board();
    }

    /** The directory a bot owns ("." for the lead). */
    public String area(String name) {
        return areas.get(name);
    }

    public Bot bot(String name) {
        return bots.get(name);
    }

    public List<String> botNames() {
        return List.copyOf(bots.keySet());
    }

    public List<WorkCycle> cycles(String name) {
        return List.copyOf(cycles.get(name));
    }

    public SourceRepository source() {
        return source;
    }

    public ObjectId tip() throws IOException {
        return source.tip("refs/heads/main").orElseThrow();
    }

    /** How many tracked {@code .txt} files under {@code area} ("." for all) still hold a TODO at the tip. */
    public int todosAtTip(String area) throws IOException {
        int count = 0;
        try (org.eclipse.jgit.treewalk.TreeWalk walk = new org.eclipse.jgit.treewalk.TreeWalk(source.repository())) {
            walk.addTree(source.repository().parseCommit(tip()).getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                String path = walk.getPathString();
                if (path.endsWith(".txt") && (area.equals(".") || path.startsWith(area + "/"))
                        && new String(source.repository().open(walk.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8).contains("TODO")) {
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void close() {
        source.close();
    }
}
