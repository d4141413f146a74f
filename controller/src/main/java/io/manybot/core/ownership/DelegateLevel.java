package io.manybot.core.ownership;

/**
 * How much authority a delegate in a manybot-format OWNERS file has. A delegate written as a bare
 * principal is a {@link #MAINTAINER}.
 */
public enum DelegateLevel {
    /** Reads and proposes: every change goes to review. */
    OBSERVER,
    /** Changes need review, except paths matched by the file's {@code auto_approve} globs. */
    CONTRIBUTOR,
    /** Writes directly. */
    MAINTAINER,
    /** Writes directly, as the primary does. */
    OWNER;

    public boolean writes() {
        return this == MAINTAINER || this == OWNER;
    }
}
