package io.manybot.core.team;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One bot's queue of tasks, most urgent first: critical, high, normal, low. A task that waits rises one level per
 * {@code agingStep} it has waited, so that low work is not starved; among equals the oldest goes first. A task id is queued
 * at most once (adding it again keeps the more urgent of the two). Thread-safe.
 */
public final class TaskQueue {
    /** How long a task waits before it rises one level, unless told otherwise. */
    public static final Duration DEFAULT_AGING_STEP = Duration.ofHours(1);

    private final Duration agingStep;
    private final Map<String, TeamTask> tasks = new LinkedHashMap<>();

    public TaskQueue() {
        this(DEFAULT_AGING_STEP);
    }

    public TaskQueue(Duration agingStep) {
        if (agingStep.isZero() || agingStep.isNegative()) {
            throw new IllegalArgumentException("the aging step must be positive, not " + agingStep);
        }
        this.agingStep = agingStep;
    }

    /**
     * Queues {@code task}; a task with the same id already waiting keeps its place unless the new one is more urgent.
     *
     * @return whether {@code task} is now the one queued under its id
     */
    public synchronized boolean add(TeamTask task) {
        TeamTask known = tasks.get(task.id());
        if (known == null || task.priority().compareTo(known.priority()) < 0) {
            tasks.put(task.id(), task);
            return true;
        }
        return false;
    }

    /** Removes the task of this id, if it waits here. */
    public synchronized boolean remove(String id) {
        return tasks.remove(id) != null;
    }

    /** Whether a task of this id waits here. */
    public synchronized boolean contains(String id) {
        return tasks.containsKey(id);
    }

    /** The priority {@code task} has now, after aging. */
    public Priority effective(TeamTask task, Instant now) {
        Duration waited = Duration.between(task.enqueuedAt(), now);
        return waited.isNegative() ? task.priority() : task.priority().raised(waited.dividedBy(agingStep));
    }

    /**
     * Removes and returns at most {@code max} tasks, most urgent first, skipping the ones {@code blocked} holds back (they
     * stay queued).
     */
    public synchronized List<TeamTask> take(int max, Instant now, Predicate<TeamTask> blocked) {
        List<TeamTask> taken = new ArrayList<>();
        for (TeamTask task : ordered(now)) {
            if (taken.size() >= max) {
                break;
            }
            if (!blocked.test(task)) {
                taken.add(task);
                tasks.remove(task.id());
            }
        }
        return taken;
    }

    /** What waits, most urgent first (nothing removed). */
    public synchronized List<TeamTask> ordered(Instant now) {
        List<TeamTask> all = new ArrayList<>(tasks.values());
        all.sort(Comparator.comparing((TeamTask task) -> effective(task, now))
                .thenComparing(TeamTask::enqueuedAt)
                .thenComparing(TeamTask::id));
        return all;
    }

    public synchronized int size() {
        return tasks.size();
    }
}
