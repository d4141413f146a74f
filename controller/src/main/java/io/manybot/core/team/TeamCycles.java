package io.manybot.core.team;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Judge;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TeamBrief;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.directives.Directives;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.team.specialist.SpecialistExecutor;
import io.manybot.core.team.specialist.SpecialistProposal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A team's part around each work cycle, the entry point for both homes: {@link #prepare} before the cycle (feed the
 * directives' priorities, take the bot's most urgent queued tasks, drain its inbox, wrap its planner with routing and give it
 * the judge; the bot's specialist tasks are carried out by a {@link SpecialistExecutor}), {@link #finish} after (hand each
 * finished task up to the parent, queue a task the judge rejected again — at most {@code spec.team.judge.retries} times —,
 * rewrite the scratchpad).
 */
public final class TeamCycles {
    private final TeamTree tree;
    private final TeamBoard board;
    private final Clock clock;
    private final PlanCommand planCommand;
    private final ScratchpadWriter scratchpads = new ScratchpadWriter();
    private final String declarations;

    public TeamCycles(TeamTree tree, TeamBoard board, ProcessRunner processes, Clock clock) {
        this(tree, board, processes, clock, DeclarationLoader.DEFAULT_DIRECTORY);
    }

    /** @param declarations the repository's declarations directory (a proposed specialist's Goal and Manybot go there) */
    public TeamCycles(TeamTree tree, TeamBoard board, ProcessRunner processes, Clock clock, String declarations) {
        this.declarations = declarations;
        this.tree = tree;
        this.board = board;
        this.clock = clock;
        this.planCommand = new PlanCommand(processes);
    }

    /**
     * What one cycle of a bot takes from its team.
     *
     * @param agents the bot's agents with the team's planner and judge
     * @param taken the queued tasks this cycle runs, by id
     * @param read the handoffs the plan reads
     * @param routed where the plan sent tasks (filled while planning)
     * @param specialists the specialists the plan proposes, by task id (filled while planning; the agents' executor writes them)
     */
    public record Prepared(BotAgents agents, TeamBrief brief, Map<String, TeamTask> taken, List<Handoff> read, List<String> routed,
            Map<String, SpecialistProposal> specialists) {}

    /** What a finished cycle gave its team. */
    public record Finished(List<Handoff> handoffs, List<TeamTask> requeued, Scratchpad scratchpad) {}

    public TeamTree tree() {
        return tree;
    }

    public TeamBoard board() {
        return board;
    }

    /**
     * @param owners the ownership index routing follows (read when the plan routes)
     * @param directives the directives in force, or null
     * @param checkout where the cycle's checkout is (the plan command runs there)
     */
    public Prepared prepare(Bot bot, String cycleId, BotAgents agents, Supplier<OwnershipIndex> owners, Directives directives, Path checkout) {
        Instant now = clock.instant();
        if (tree.parentOf(bot.name()) == null && tree.hasChildren(bot.name())) {
            for (TeamTask task : DirectivesFeed.tasks(directives, now)) {
                if (board.firstFeed(bot.name() + " " + task.id())) {
                    board.enqueue(bot.name(), task);
                }
            }
        }
        Map<String, TeamTask> taken = new LinkedHashMap<>();
        board.take(bot.name(), Integer.MAX_VALUE, now, DirectivesFeed.blocked(directives)).forEach(task -> taken.put(task.id(), task));
        List<Handoff> read = board.drainInbox(bot.name());
        TeamBrief brief = new TeamBrief(read.stream().map(Handoff::line).toList(), taken.values().stream().map(TeamTask::asCycleTask).toList(),
                board.scratchpad(bot.name()).text(), tree.childrenOf(bot.name()));
        Prepared prepared = new Prepared(agents, brief, taken, read, new ArrayList<>(), new java.util.concurrent.ConcurrentHashMap<>());
        TeamPlanner planner = new TeamPlanner(agents.planner(), bot, cycleId, prepared, () -> new TaskRouter(tree, owners.get()), board,
                planCommand, checkout, clock, tree.hasChildren(bot.name()));
        Judge judge = agents.judge() == Judge.TESTS_ONLY ? new KeyResultJudge() : agents.judge();
        SpecialistExecutor executor = new SpecialistExecutor(agents.executor(), prepared.specialists(), declarations, clock);
        return new Prepared(agents.withPlanner(planner).withJudge(judge).withExecutor(executor), brief, taken, read, prepared.routed(),
                prepared.specialists());
    }

    public Finished finish(Bot bot, Prepared prepared, WorkCycle cycle) {
        Instant now = clock.instant();
        String parent = tree.parentOf(bot.name());
        boolean rejected = cycle.outcome() == CycleOutcome.ROLLED_BACK && cycle.error() != null && cycle.error().startsWith("the judge rejected");
        // stopped at a phase boundary before landing (shutdown, a pause in the directives): nothing it did landed
        boolean stopped = cycle.outcome() == CycleOutcome.ABANDONED;
        List<Handoff> handoffs = new ArrayList<>();
        List<TeamTask> requeued = new ArrayList<>();
        prepared.taken().keySet().forEach(id -> board.settle(bot.name(), id));
        for (Task task : cycle.tasks()) {
            TeamTask queued = prepared.taken().get(task.id());
            if (settledHere(task)) {
                continue;
            }
            if (queued != null && (task.state() == Task.State.ARCHIVED || stopped)) {
                // taken but not run (the cycle ended first), or run by a cycle stopped before it landed: it waits for the next one
                board.enqueue(bot.name(), queued);
                requeued.add(queued);
                continue;
            }
            if (rejected && task.kind() == Task.Kind.WORK) {
                TeamTask retry = queued != null ? queued : TeamTask.of(task, task.id(), Priority.NORMAL, TeamTask.Origin.RETRY, bot.name(), now);
                if (retry.attempts() < bot.team().judge().retries()) {
                    TeamTask again = retry.retried(now);
                    board.enqueue(bot.name(), again);
                    requeued.add(again);
                    continue;
                }
            }
            if (queued == null && cycle.outcome() == CycleOutcome.NO_CHANGE) {
                continue; // its own idea, and nothing came of it: nothing to tell the parent
            }
            if (parent != null) {
                Handoff handoff = Handoffs.of(cycle, task, parent, now);
                if (rejected) {
                    handoff = withConcern(handoff, "the judge rejected it " + (attempts(queued) + 1) + " time(s): handed back");
                }
                board.deliver(handoff);
                handoffs.add(handoff);
            }
        }
        Scratchpad pad = scratchpads.rewrite(board.scratchpad(bot.name()), cycle, prepared.read(), prepared.routed(),
                board.queue(bot.name()).ordered(now), bot.team().scratchpadChars(), now);
        board.rewrite(pad);
        return new Finished(handoffs, requeued, pad);
    }

    /**
     * The cycle prepared for ended without a record to finish with (it failed before it ran, or the home lost it): the tasks it
     * took wait in the bot's queue again.
     */
    public void abandon(Bot bot, Prepared prepared) {
        for (TeamTask task : prepared.taken().values()) {
            board.settle(bot.name(), task.id());
            board.enqueue(bot.name(), task);
        }
    }

    /** Routed, escalated or deferred while planning: someone else (or a later cycle) hands it off. */
    private static boolean settledHere(Task task) {
        String result = task.result() == null ? "" : task.result();
        if (task.state() == Task.State.COMPLETED && TeamPlanner.READ.equals(result)) {
            return true;
        }
        return task.state() == Task.State.ARCHIVED
                && (result.startsWith("routed to ") || result.startsWith("escalated to ") || result.startsWith("queued for a later cycle")
                        || result.startsWith(TeamPlanner.ALREADY));
    }

    private static int attempts(TeamTask task) {
        return task == null ? 0 : task.attempts();
    }

    private static Handoff withConcern(Handoff h, String concern) {
        List<String> concerns = new ArrayList<>(h.concerns());
        concerns.add(concern);
        return new Handoff(h.bot(), h.to(), h.taskId(), h.task(), h.cycleId(), h.outcome(), h.done(), h.files(), h.keyResults(), h.tests(),
                h.openQuestions(), concerns, h.at());
    }
}
