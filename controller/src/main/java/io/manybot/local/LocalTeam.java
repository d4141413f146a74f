package io.manybot.local;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.directives.Directives;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.team.DirectivesFeed;
import io.manybot.core.team.TeamBoard;
import io.manybot.core.team.TeamCycles;
import io.manybot.core.team.TeamTask;
import io.manybot.core.team.TeamTree;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The local home's team (issue 16): the core's {@link TeamCycles} around the cycles of bots that have a parent or children,
 * or a plan command (which may propose their first specialist); a bot alone runs as before. The board (queues, inboxes, scratchpads) lives in memory for the life of {@code manybot run}.
 */
final class LocalTeam {
    private final TeamBoard board = new TeamBoard();
    private final ProcessRunner processes;
    private final Clock clock;
    private final String declarations;
    private volatile TeamCycles cycles;

    /** @param declarations the declarations directory (where a specialist a bot proposes is declared) */
    LocalTeam(ProcessRunner processes, Clock clock, String declarations) {
        this.processes = processes;
        this.clock = clock;
        this.declarations = declarations;
        this.cycles = new TeamCycles(new TeamTree(List.of()), board, processes, clock, declarations);
    }

    /** The bots now declared (their parents make the tree). */
    void declare(Collection<Bot> bots) {
        cycles = new TeamCycles(new TeamTree(bots), board, processes, clock, declarations);
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
        java.util.function.Predicate<TeamTask> held = DirectivesFeed.blocked(directives);
        List<io.manybot.core.meeting.BlockedTask> out = new ArrayList<>();
        for (String bot : bots) {
            for (TeamTask task : board.queue(bot).ordered(now)) {
                if (held.test(task)) {
                    out.add(new io.manybot.core.meeting.BlockedTask(bot, task.id(), task.title(), task.paths()));
                }
            }
        }
        return out;
    }

    /** The bots with something waiting for them: queued tasks the directives do not block, or handoffs from their children. */
    List<String> waiting(Directives directives, Instant now) {
        java.util.function.Predicate<TeamTask> blocked = DirectivesFeed.blocked(directives);
        List<String> names = new ArrayList<>();
        for (Bot bot : cycles.tree().bots()) {
            boolean queued = board.queue(bot.name()).ordered(now).stream().anyMatch(task -> !blocked.test(task));
            if (queued || !board.inbox(bot.name()).isEmpty()) {
                names.add(bot.name());
            }
        }
        return names;
    }
}
