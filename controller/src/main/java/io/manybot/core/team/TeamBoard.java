package io.manybot.core.team;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a team shares, by bot: its task queue, its inbox of handoffs from its children, its scratchpad. In memory; a home
 * keeps it beside its other state. Thread-safe.
 */
public final class TeamBoard {
    private final Duration agingStep;
    private final Map<String, TaskQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, List<Handoff>> inboxes = new ConcurrentHashMap<>();
    private final Map<String, Scratchpad> scratchpads = new ConcurrentHashMap<>();
    private final List<Handoff> delivered = new ArrayList<>();
    private final Set<String> fed = new HashSet<>();

    public TeamBoard() {
        this(TaskQueue.DEFAULT_AGING_STEP);
    }

    public TeamBoard(Duration agingStep) {
        this.agingStep = agingStep;
    }

    public TaskQueue queue(String bot) {
        return queues.computeIfAbsent(bot, b -> new TaskQueue(agingStep));
    }

    public void enqueue(String bot, TeamTask task) {
        queue(bot).add(task);
    }

    /** Puts {@code handoff} in its parent's inbox. */
    public synchronized void deliver(Handoff handoff) {
        inboxes.computeIfAbsent(handoff.to(), b -> new ArrayList<>()).add(handoff);
        delivered.add(handoff);
    }

    /** Takes everything in {@code bot}'s inbox (its next plan reads it once). */
    public synchronized List<Handoff> drainInbox(String bot) {
        List<Handoff> inbox = inboxes.remove(bot);
        return inbox == null ? List.of() : List.copyOf(inbox);
    }

    /** What waits in {@code bot}'s inbox (nothing removed). */
    public synchronized List<Handoff> inbox(String bot) {
        return List.copyOf(inboxes.getOrDefault(bot, List.of()));
    }

    /** Every handoff delivered so far, in order. */
    public synchronized List<Handoff> delivered() {
        return List.copyOf(delivered);
    }

    public Scratchpad scratchpad(String bot) {
        return scratchpads.getOrDefault(bot, Scratchpad.empty(bot));
    }

    public void rewrite(Scratchpad pad) {
        scratchpads.put(pad.bot(), pad);
    }

    /** Whether {@code key} was fed before (and marks it fed): a directive's priority is queued once per version of the file. */
    public synchronized boolean firstFeed(String key) {
        return fed.add(key);
    }
}
