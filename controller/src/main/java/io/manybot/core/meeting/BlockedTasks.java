package io.manybot.core.meeting;

import io.manybot.core.directives.Directives;
import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.DirectivesFeed;
import io.manybot.core.team.TaskQueue;
import io.manybot.core.team.TeamTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/** The tasks waiting in the attendees' queues that the directives' {@code BLOCKED} holds back: a meeting's agenda reads them (both homes). */
public final class BlockedTasks {
    private BlockedTasks() {}

    /** Each of {@code bots}' queued tasks on {@code board} that {@code directives} (null: none) block, in each queue's order. */
    public static List<BlockedTask> of(BoardSnapshot board, Collection<String> bots, Directives directives, Instant now) {
        Predicate<TeamTask> held = DirectivesFeed.blocked(directives);
        List<BlockedTask> out = new ArrayList<>();
        for (String bot : bots) {
            TaskQueue queue = new TaskQueue(TaskQueue.DEFAULT_AGING_STEP);
            board.queues().getOrDefault(bot, List.of()).forEach(queue::add);
            for (TeamTask task : queue.ordered(now)) {
                if (held.test(task)) {
                    out.add(new BlockedTask(bot, task.id(), task.title(), task.paths()));
                }
            }
        }
        return out;
    }
}
