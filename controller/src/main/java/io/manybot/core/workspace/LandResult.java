package io.manybot.core.workspace;

/**
 * What {@link Lander#land} did.
 *
 * @param commit the commit now on {@code ref} for this cycle (LANDED, ALREADY_LANDED), null when REJECTED
 * @param detail a sentence for status and logs
 */
public record LandResult(Status status, String ref, String commit, String detail) {

    public enum Status {
        /** The ref moved to the cycle's commit. */
        LANDED,
        /** A commit of this cycle was already on the ref; nothing was written. */
        ALREADY_LANDED,
        /** The ref is not where the cycle started from (or cannot take the commit); nothing changed. */
        REJECTED
    }
}
