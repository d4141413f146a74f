package io.manybot.core.team;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One bot's place in its team as the homes show it ({@code manybot status BOT}, the APIs, the dashboard): its parent and
 * children, its queue most urgent first (with each task's priority after aging), the tasks its running cycle took, its unread
 * handoffs, and its scratchpad.
 */
public record TeamStatus(String bot, String parent, List<String> children, List<Queued> queue, List<TeamTask> inFlight,
        List<Handoff> inbox, Scratchpad scratchpad) {

    public TeamStatus {
        children = List.copyOf(children);
        queue = List.copyOf(queue);
        inFlight = List.copyOf(inFlight);
        inbox = List.copyOf(inbox);
    }

    /** A queued task and the priority it has now that it waited ({@code effective}, at least its own). */
    public record Queued(TeamTask task, Priority effective) {}

    /** Whether the bot is in a team at all (has a parent or children) or has anything on the board. */
    public boolean inTeam() {
        return parent != null || !children.isEmpty() || !queue.isEmpty() || !inFlight.isEmpty() || !inbox.isEmpty()
                || !scratchpad.text().isEmpty();
    }

    /**
     * @param parents each bot's parent (null for a root), for every bot of the tree
     */
    public static TeamStatus of(String bot, Map<String, String> parents, BoardSnapshot board, Instant now) {
        return of(bot, parents, board, now, TaskQueue.DEFAULT_AGING_STEP);
    }

    public static TeamStatus of(String bot, Map<String, String> parents, BoardSnapshot board, Instant now, Duration agingStep) {
        String parent = parents.get(bot);
        List<String> children = new ArrayList<>();
        parents.forEach((name, p) -> {
            if (bot.equals(p)) {
                children.add(name);
            }
        });
        children.sort(null);
        TaskQueue queue = new TaskQueue(agingStep);
        board.queues().getOrDefault(bot, List.of()).forEach(queue::add);
        List<Queued> queued = queue.ordered(now).stream().map(task -> new Queued(task, queue.effective(task, now))).toList();
        return new TeamStatus(bot, parent != null && parents.containsKey(parent) ? parent : null, children, queued,
                board.inFlight().getOrDefault(bot, List.of()), board.inboxes().getOrDefault(bot, List.of()),
                board.scratchpads().getOrDefault(bot, Scratchpad.empty(bot)));
    }
}
