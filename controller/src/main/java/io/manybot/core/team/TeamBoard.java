package io.manybot.core.team;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a team shares, by bot: its task queue, the tasks its running cycle took (in flight), its inbox of handoffs from its
 * children, its scratchpad. In memory; every change is told to a {@link TeamJournal} (the local home keeps it in SQLite), and a
 * board can be {@linkplain #restored restored} from a {@link BoardSnapshot} (the cluster home keeps one per namespace). Change
 * it through its methods (not through {@link #queue}'s). Thread-safe.
 */
public final class TeamBoard {
    private final Duration agingStep;
    private final TeamJournal journal;
    private final Map<String, TaskQueue> queues = new TreeMap<>();
    private final Map<String, Map<String, TeamTask>> inFlight = new TreeMap<>();
    private final Map<String, List<Handoff>> inboxes = new TreeMap<>();
    private final Map<String, Scratchpad> scratchpads = new TreeMap<>();
    private final List<Handoff> delivered = new ArrayList<>();
    private final Set<String> fed = new LinkedHashSet<>();

    public TeamBoard() {
        this(TaskQueue.DEFAULT_AGING_STEP);
    }

    public TeamBoard(Duration agingStep) {
        this(agingStep, TeamJournal.NONE);
    }

    public TeamBoard(Duration agingStep, TeamJournal journal) {
        this.agingStep = agingStep;
        this.journal = journal;
    }

    /** A board holding {@code snapshot} (the journal is not told: it holds it already). */
    public static TeamBoard restored(BoardSnapshot snapshot, Duration agingStep, TeamJournal journal) {
        TeamBoard board = new TeamBoard(agingStep, journal);
        snapshot.queues().forEach((bot, tasks) -> tasks.forEach(task -> board.queue(bot).add(task)));
        snapshot.inFlight().forEach((bot, tasks) -> tasks.forEach(task -> board.flying(bot).put(task.id(), task)));
        snapshot.inboxes().forEach((bot, handoffs) -> board.inboxes.put(bot, new ArrayList<>(handoffs)));
        board.scratchpads.putAll(snapshot.scratchpads());
        board.fed.addAll(snapshot.fed());
        return board;
    }

    /** Everything on the board now (what a home keeps; {@link #delivered()} is not part of it). */
    public synchronized BoardSnapshot snapshot(Instant now) {
        Map<String, List<TeamTask>> queued = new TreeMap<>();
        queues.forEach((bot, queue) -> queued.put(bot, queue.ordered(now)));
        Map<String, List<TeamTask>> flying = new TreeMap<>();
        inFlight.forEach((bot, tasks) -> flying.put(bot, List.copyOf(tasks.values())));
        return new BoardSnapshot(queued, flying, inboxes, scratchpads, fed);
    }

    /** {@code bot}'s queue, to read (add through {@link #enqueue}, take through {@link #take}). */
    public synchronized TaskQueue queue(String bot) {
        return queues.computeIfAbsent(bot, b -> new TaskQueue(agingStep));
    }

    public synchronized void enqueue(String bot, TeamTask task) {
        if (queue(bot).add(task)) {
            journal.queued(bot, task);
        }
    }

    /**
     * Takes at most {@code max} of {@code bot}'s queued tasks, most urgent first, skipping the ones {@code blocked} holds
     * back: they are in flight with {@code bot} until {@linkplain #settle settled}.
     */
    public synchronized List<TeamTask> take(String bot, int max, Instant now, Predicate<TeamTask> blocked) {
        List<TeamTask> taken = queue(bot).take(max, now, blocked);
        taken.forEach(task -> flying(bot).put(task.id(), task));
        if (!taken.isEmpty()) {
            journal.taken(bot, taken);
        }
        return taken;
    }

    /**
     * Marks {@code tasks} as taken by a cycle of {@code bot} (out of its queue, in flight), as another copy of the board took
     * them ({@link BoardChanges} replays it here).
     */
    public synchronized void taken(String bot, List<TeamTask> tasks) {
        for (TeamTask task : tasks) {
            queue(bot).remove(task.id());
            flying(bot).put(task.id(), task);
        }
        if (!tasks.isEmpty()) {
            journal.taken(bot, tasks);
        }
    }

    /** Takes {@code read} out of {@code bot}'s inbox (the handoffs another copy of the board read), leaving any others. */
    public synchronized void read(String bot, List<Handoff> read) {
        List<Handoff> inbox = inboxes.get(bot);
        if (inbox == null) {
            return;
        }
        read.forEach(inbox::remove);
        if (inbox.isEmpty()) {
            inboxes.remove(bot);
        }
        journal.drained(bot, read);
    }

    /** The cycle of {@code bot} that took {@code taskId} is over with it (handed off, passed on, or queued again). */
    public synchronized void settle(String bot, String taskId) {
        Map<String, TeamTask> tasks = inFlight.get(bot);
        if (tasks != null && tasks.remove(taskId) != null) {
            if (tasks.isEmpty()) {
                inFlight.remove(bot);
            }
            journal.settled(bot, taskId);
        }
    }

    /** The tasks a cycle of {@code bot} took and has not finished. */
    public synchronized List<TeamTask> inFlight(String bot) {
        return List.copyOf(inFlight.getOrDefault(bot, Map.of()).values());
    }

    /**
     * Puts every task in flight back in the queue of the bot that took it: after a restart, the cycles that took them are gone.
     *
     * @return how many went back
     */
    public synchronized int requeueInFlight() {
        int count = 0;
        for (String bot : new ArrayList<>(inFlight.keySet())) {
            count += requeueInFlight(bot);
        }
        return count;
    }

    /**
     * Puts the tasks in flight with {@code bot} back in its queue: when a new cycle of the bot starts, a cycle of it that took
     * them can no longer be running (one cycle per bot at a time).
     *
     * @return how many went back
     */
    public synchronized int requeueInFlight(String bot) {
        List<TeamTask> tasks = new ArrayList<>(inFlight.getOrDefault(bot, Map.of()).values());
        for (TeamTask task : tasks) {
            settle(bot, task.id());
            enqueue(bot, task);
        }
        return tasks.size();
    }

    /** Where a task of this id is: waiting in a bot's queue, or in flight with a bot. */
    public record Placement(String bot, boolean inFlight) {
        public String describe() {
            return (inFlight ? "in flight with manybot:" : "queued for manybot:") + bot;
        }
    }

    /** Where the task {@code id} is now, if anywhere (in flight first). */
    public synchronized Optional<Placement> whereIs(String id) {
        for (Map.Entry<String, Map<String, TeamTask>> entry : inFlight.entrySet()) {
            if (entry.getValue().containsKey(id)) {
                return Optional.of(new Placement(entry.getKey(), true));
            }
        }
        for (Map.Entry<String, TaskQueue> entry : queues.entrySet()) {
            if (entry.getValue().contains(id)) {
                return Optional.of(new Placement(entry.getKey(), false));
            }
        }
        return Optional.empty();
    }

    /** Puts {@code handoff} in its parent's inbox. */
    public synchronized void deliver(Handoff handoff) {
        inboxes.computeIfAbsent(handoff.to(), b -> new ArrayList<>()).add(handoff);
        delivered.add(handoff);
        journal.delivered(handoff);
    }

    /** Takes everything in {@code bot}'s inbox (its next plan reads it once). */
    public synchronized List<Handoff> drainInbox(String bot) {
        List<Handoff> inbox = inboxes.remove(bot);
        if (inbox == null) {
            return List.of();
        }
        List<Handoff> read = List.copyOf(inbox);
        journal.drained(bot, read);
        return read;
    }

    /** What waits in {@code bot}'s inbox (nothing removed). */
    public synchronized List<Handoff> inbox(String bot) {
        return List.copyOf(inboxes.getOrDefault(bot, List.of()));
    }

    /** Every handoff delivered to this board so far, in order (in memory only). */
    public synchronized List<Handoff> delivered() {
        return List.copyOf(delivered);
    }

    public synchronized Scratchpad scratchpad(String bot) {
        return scratchpads.getOrDefault(bot, Scratchpad.empty(bot));
    }

    public synchronized void rewrite(Scratchpad pad) {
        scratchpads.put(pad.bot(), pad);
        journal.rewritten(pad);
    }

    /** Whether {@code key} was fed before (and marks it fed): a directive's priority is queued once per version of the file. */
    public synchronized boolean firstFeed(String key) {
        if (fed.add(key)) {
            journal.fed(key);
            return true;
        }
        return false;
    }

    private Map<String, TeamTask> flying(String bot) {
        return inFlight.computeIfAbsent(bot, b -> new LinkedHashMap<>());
    }
}
