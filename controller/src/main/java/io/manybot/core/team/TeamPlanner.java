package io.manybot.core.team;

import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.Planner;
import io.manybot.core.cycle.PlanningContext;
import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.team.specialist.SpecialistPlanner;
import io.manybot.core.team.specialist.SpecialistProposal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A bot's planner in a team: its plan starts from the tasks queued for it, adds its own (its planner's, or its plan
 * command's), and sends each task that names paths to where it belongs ({@link TaskRouter}): the child that owns them gets
 * it in its queue and the task is archived here as routed; a task nobody below owns stays, at most
 * {@code tasksPerCycle} of them (the rest wait in its own queue); one the bot may not change goes up to its parent. A task
 * proposing a specialist stays with the bot (it delegates its own paths).
 */
final class TeamPlanner implements Planner {
    private final Planner delegate;
    private final Bot bot;
    private final String cycleId;
    private final TeamCycles.Prepared prepared;
    private final Supplier<TaskRouter> router;
    private final TeamBoard board;
    private final PlanCommand planCommand;
    private final Path checkout;
    private final Clock clock;
    private final boolean hasChildren;

    TeamPlanner(Planner delegate, Bot bot, String cycleId, TeamCycles.Prepared prepared, Supplier<TaskRouter> router, TeamBoard board,
            PlanCommand planCommand, Path checkout, Clock clock, boolean hasChildren) {
        this.delegate = delegate;
        this.bot = bot;
        this.cycleId = cycleId;
        this.prepared = prepared;
        this.router = router;
        this.board = board;
        this.planCommand = planCommand;
        this.checkout = checkout;
        this.clock = clock;
        this.hasChildren = hasChildren;
    }

    private record Candidate(Task task, TeamTask queued, Priority priority, SpecialistProposal specialist) {
        Candidate(Task task, TeamTask queued, Priority priority) {
            this(task, queued, priority, null);
        }
    }

    @Override
    public List<Task> plan(PlanningContext context) throws InterruptedException {
        PlanningContext ctx = context.withTeam(prepared.brief());
        List<Candidate> candidates = new ArrayList<>();
        List<Task> out = new ArrayList<>();
        for (TeamTask queued : prepared.taken().values()) {
            candidates.add(new Candidate(queued.asCycleTask(), queued, queued.priority()));
        }
        int left = Math.max(0, ctx.maxTasks() - candidates.size());
        if (bot.team().plan() != null) {
            for (PlanCommand.Planned planned : planCommand.run(bot, checkout, prepared.brief().handoffs())) {
                Task task = planned.task();
                candidates.add(new Candidate(renamed(task), null, planned.priority(), planned.specialist()));
            }
            ctx.reviewTasks().forEach(review -> candidates.add(new Candidate(review.with(Task.State.PLANNED, null), null, Priority.HIGH)));
        } else if (left > 0 && (candidates.isEmpty() || !(delegate instanceof FactualPlanner))) {
            SpecialistPlanner.Plan plan = delegate instanceof SpecialistPlanner specialists
                    ? specialists.planWithSpecialists(ctx.withMaxTasks(left))
                    : new SpecialistPlanner.Plan(delegate.plan(ctx.withMaxTasks(left)), java.util.Map.of());
            for (Task task : plan.tasks()) {
                if (task.state() == Task.State.ARCHIVED) {
                    out.add(task); // a specialist the plan could not propose, with the reason
                    continue;
                }
                candidates.add(new Candidate(task.kind() == Task.Kind.WORK ? renamed(task) : task, null,
                        task.kind() == Task.Kind.REVIEW ? Priority.HIGH : Priority.NORMAL, plan.specialists().get(task.id())));
            }
        } else {
            ctx.reviewTasks().forEach(review -> candidates.add(new Candidate(review.with(Task.State.PLANNED, null), null, Priority.HIGH)));
        }
        List<Task> planned = route(distinct(candidates), ctx.maxTasks());
        planned.addAll(out);
        if (!prepared.read().isEmpty()) {
            planned.add(new Task(cycleId + "/" + HANDOFFS_TASK, Task.Kind.WORK, "Read " + prepared.read().size() + " handoff(s) from the team",
                    String.join(" | ", prepared.brief().handoffs()), Task.State.COMPLETED, READ));
        }
        return planned;
    }

    /** The id suffix and result of the task that records the handoffs a plan read. */
    static final String HANDOFFS_TASK = "handoffs";
    static final String READ = "read by this plan";

    /** The result of a planned task that is queued or in flight somewhere in the team already (it is not routed again). */
    static final String ALREADY = "already ";

    /** The candidates with an id seen before in this plan left out (the first one, a queued task before a planned one, stays). */
    private static List<Candidate> distinct(List<Candidate> candidates) {
        java.util.Map<String, Candidate> byId = new java.util.LinkedHashMap<>();
        candidates.forEach(candidate -> byId.putIfAbsent(candidate.task().id(), candidate));
        return new ArrayList<>(byId.values());
    }

    private List<Task> route(List<Candidate> candidates, int max) {
        Instant now = clock.instant();
        TaskRouter routes = router.get();
        List<Task> out = new ArrayList<>();
        int kept = 0;
        for (Candidate candidate : candidates) {
            Task task = candidate.task();
            if (task.kind() == Task.Kind.REVIEW) {
                out.add(task);
                continue;
            }
            if (candidate.specialist() != null) {
                // the bot delegates its own paths: the task is its own (never routed), carried out by the SpecialistExecutor
                prepared.specialists().put(task.id(), candidate.specialist());
                out.add(task);
                continue;
            }
            if (candidate.queued() == null) {
                // planned again while the same task (same title and paths) waits or runs somewhere: not routed twice
                java.util.Optional<TeamBoard.Placement> placed = board.whereIs(task.id());
                if (placed.isPresent()) {
                    out.add(task.with(Task.State.ARCHIVED, ALREADY + placed.get().describe()));
                    continue;
                }
            }
            Route route = routes.route(bot.name(), task.paths());
            TeamTask passed = candidate.queued() != null ? candidate.queued()
                    : TeamTask.of(task, task.id(), candidate.priority(), TeamTask.Origin.PARENT, bot.name(), now);
            switch (route.kind()) {
                case CHILD -> {
                    board.enqueue(route.to(), passed.from(TeamTask.Origin.PARENT, bot.name()).queuedAt(now));
                    String line = "routed to manybot:" + route.to() + " (" + route.reason() + ")";
                    prepared.routed().add(task.title() + " → " + route.to());
                    out.add(task.with(Task.State.ARCHIVED, line));
                }
                case ESCALATE -> {
                    board.enqueue(route.to(), passed.from(TeamTask.Origin.ESCALATED, bot.name()).queuedAt(now));
                    prepared.routed().add(task.title() + " → up to " + route.to());
                    out.add(task.with(Task.State.ARCHIVED, "escalated to manybot:" + route.to() + ": " + route.reason()));
                }
                case KEEP -> {
                    if (kept >= max) {
                        board.enqueue(bot.name(), passed.from(passed.origin(), passed.from()));
                        out.add(task.with(Task.State.ARCHIVED, "queued for a later cycle (at most " + max + " per cycle)"));
                        continue;
                    }
                    kept++;
                    String why = hasChildren && !task.paths().isEmpty() ? (task.rationale() == null ? "" : task.rationale() + " ")
                            + "(kept: " + route.reason() + ")" : task.rationale();
                    out.add(new Task(task.id(), task.kind(), task.title(), why, Task.State.PLANNED, null, task.paths()));
                }
                default -> throw new IllegalStateException(route.kind().name());
            }
        }
        return out;
    }

    /**
     * A planner's task with a team-wide id that stays the same while the task does: {@code <bot>/<hash of its title and paths>}, so
     * that a task planned again in a later cycle (a file still waiting) is known as the one queued or in flight already.
     */
    private Task renamed(Task task) {
        return new Task(stableId(bot.name(), task.title(), task.paths()), task.kind(), task.title(), task.rationale(), task.state(),
                task.result(), task.paths());
    }

    static String stableId(String bot, String title, List<String> paths) {
        String text = title.strip() + "\n" + String.join("\n", paths.stream().sorted().toList());
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return bot + "/" + java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
