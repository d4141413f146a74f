package io.manybot.core.landing;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Makes a landing on the source's ref count where the team works. When the source is a mirror of a remote (the
 * cluster home, a local bot with a remote {@code repository.url}) the landing only counts once it is pushed; on a
 * repository of record (a local repository on this disk) it counts as soon as its ref moved ({@link #NONE}).
 *
 * <p>{@code CycleRunner} calls it inside its {@link LandingQueue} turn, right after the compare-and-swap on the
 * source's ref. A remote that moved meanwhile answers {@link Published.Kind#MOVED}: the publisher has fetched the
 * remote's tip and put the source's ref back on it, and the runner rebases the cycle's change onto that tip
 * ({@link RebaseLanding}) and lands and publishes again, bounded. Anything else that keeps the landing from being
 * published also puts the source's ref back, so the source never keeps a change its remote does not have.
 */
@FunctionalInterface
public interface Publisher {
    /** The source is the repository of record: the ref's compare-and-swap is the landing. */
    Publisher NONE = (ref, landed) -> Published.published(landed, "landed on the repository of record");

    /**
     * Publishes {@code ref}, which the caller has just moved to {@code landed} in the source.
     *
     * @param ref a full ref name, e.g. {@code refs/heads/main}
     */
    Published publish(String ref, ObjectId landed) throws IOException, InterruptedException;
}
