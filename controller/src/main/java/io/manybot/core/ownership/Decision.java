package io.manybot.core.ownership;

/** What a principal may do with a path. */
public enum Decision {
    /** Change it directly (land on the target branch). */
    WRITE,
    /** Propose the change; the listed reviewers must approve it. */
    REVIEW,
    /** Leave it alone. */
    REFUSED
}
