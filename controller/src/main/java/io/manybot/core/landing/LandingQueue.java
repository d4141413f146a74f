package io.manybot.core.landing;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises landings on one (repository, ref) inside a process: one landing at a time (rebase, gate again, retest,
 * compare-and-swap), the others waiting in arrival order (a fair lock), so bots of one process never race each
 * other's compare-and-swap and never rebase onto a tip that is about to move. Landings on other refs or repositories
 * do not wait. Across processes the compare-and-swap on the ref (or the remote's push) stays the guard.
 *
 * <p>Throughput: the queue holds a landing for as long as its retest runs, so with {@code retest: always} landings on
 * one branch are at most one per test run — as in bors or a merge queue, the tree that lands is the tree that was
 * tested. {@code on-overlap} and {@code never} trade that guarantee for throughput.
 */
public final class LandingQueue {
    /** The queue of this process: every cycle runner of a process shares it. */
    public static final LandingQueue PROCESS = new LandingQueue();

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Work done while holding a ref's turn. */
    @FunctionalInterface
    public interface Turn<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code turn} once every landing that came earlier on {@code ref} of {@code repository} (a stable key, e.g.
     * the repository's absolute directory) is done.
     */
    public <T> T serialised(String repository, String ref, Turn<T> turn) throws IOException, InterruptedException {
        ReentrantLock lock = locks.computeIfAbsent(repository + '\u0000' + ref, key -> new ReentrantLock(true));
        lock.lockInterruptibly();
        try {
            return turn.run();
        } finally {
            lock.unlock();
        }
    }

    /** How many landings wait for their turn on {@code ref} of {@code repository} (the one landing excluded). */
    public int waiting(String repository, String ref) {
        ReentrantLock lock = locks.get(repository + '\u0000' + ref);
        return lock == null ? 0 : lock.getQueueLength();
    }
}
