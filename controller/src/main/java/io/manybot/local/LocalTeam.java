package io.manybot.local;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.directives.Directives;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.team.DirectivesFeed;
import io.manybot.core.team.TaskQueue;
import io.manybot.core.team.TeamBoard;
import io.manybot.core.team.TeamCycles;
import io.manybot.core.team.TeamTask;
import io.manybot.core.team.TeamTree;
import io.manybot.local.state.StateStore;
import io.manybot.local.state.StoredTeam;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local home's team (issue 16): the core's {@link TeamCycles} around the cycles of bots that have a parent or children,
 * or a plan command (which may propose their first specialist), or tasks queued for them (a meeting's action items); a bot
 * alone runs as before. The board (queues, tasks in flight, inboxes, scratchpads) is kept in the state's SQLite file
 * ({@link StoredTeam}) change by change and restored when {@code manybot run} starts again; the tasks a cycle had taken when
 * the previous run ended wait in their bot's queue again.
 */
final class LocalTeam {
    private final ProcessRunner processes;
    private final Clock clock;
    private final String declarations;
    private volatile TeamBoard board = new TeamBoard();
    private volatile StoredTeam stored;
    private volatile TeamCycles cycles;

    /** @param declarations the declarations directory (where a specialist a bot proposes is declared) */
    LocalTeam(ProcessRunner processes, Clock clock, String declarations) {
        this.processes = processes;
        this.clock = clock;
        this.declarations = declarations;
        this.cycles = new TeamCycles(new TeamTree(List.of()), board, processes, clock, declarations);
    }

    /**
     * Restores the board kept in {@code store} and keeps every change there from now on.
     *
     * @return how many tasks in flight when the previous run ended were queued again
     */
    int open(StateStore store) {
        StoredTeam kept = new StoredTeam(store);
        TeamBoard restored = TeamBoard.restored(kept.load(), TaskQueue.DEFAULT_AGING_STEP, kept);
        int requeued = restored.requeueInFlight();
        stored = kept;
        board = restored;
        cycles = new TeamCycles(cycles.tree(), restored, processes, clock, declarations);
        return requeued;
    }

    /** The bots now declared (their parents make the tree). */
    void declare(Collection<Bot> bots) {
        cycles = new TeamCycles(new TeamTree(bots), board, processes, clock, declarations);
        StoredTeam kept = stored;
        if (kept != null) {
            Map<String, String> parents = new LinkedHashMap<>();
            bots.forEach(bot -> parents.put(bot.name(), bot.parent()));
            kept.declare(parents);
        }
    }

    /** The team's part for one cycle, or null for a bot that works alone (no parent, no children, no plan command). */
    TeamCycles.Prepared prepare(CycleRequest request, BotAgents agents, OwnershipIndex ownership, Directives directives) {
        TeamCycles team = cycles;
        String name = request.bot().name();
        if (team.tree().parentOf(name) == null && !team.tree().hasChildren(name) && request.bot().team().plan() == null
                && board.queue(name).size() == 0) {
            return null; // alone, no plan command (it may propose specialists), nothing queued (a meeting's action items are)
        }
        return team.prepare(request.bot(), request.cycleId(), agents, () -> ownership, directives, request.checkout());
    }

    void finish(Bot bot, TeamCycles.Prepared prepared, WorkCycle cycle) {
        cycles.finish(bot, prepared, cycle);
    }

    /** Queues {@code task} for {@code bot} (a meeting's action item). */
    void enqueue(String bot, TeamTask task) {
        board.enqueue(bot, task);
    }

    /** The tasks waiting for {@code bots} that the directives' BLOCKED holds back. */
    List<io.manybot.core.meeting.BlockedTask> blocked(Collection<String> bots, Directives directives, Instant now) {
        return io.manybot.core.meeting.BlockedTasks.of(board.snapshot(now), bots, directives, now);
    }

    /** The cycle prepared for ended without a record: the tasks it took wait for the bot's next cycle. */
    void abandon(Bot bot, TeamCycles.Prepared prepared) {
        cycles.abandon(bot, prepared);
    }

    /** The bots with something waiting for them: queued tasks the directives do not block, or handoffs from their children. */
    List<String> waiting(Directives directives, Instant now) {
        java.util.function.Predicate<TeamTask> blocked = DirectivesFeed.blocked(directives);
        TeamBoard current = board;
        List<String> names = new ArrayList<>();
        for (Bot bot : cycles.tree().bots()) {
            boolean queued = current.queue(bot.name()).ordered(now).stream().anyMatch(task -> !blocked.test(task));
            if (queued || !current.inbox(bot.name()).isEmpty()) {
                names.add(bot.name());
            }
        }
        return names;
    }
}
