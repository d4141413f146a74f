package io.manybot.core.mirror;

import java.util.List;

/** What {@link RepositoryMirrors#push} did with each ref. */
public record PushResult(List<RefPush> refs) {
    public PushResult {
        refs = List.copyOf(refs);
    }

    /** True when every ref was pushed or already up to date. */
    public boolean allOk() {
        return refs.stream().allMatch(RefPush::ok);
    }

    /**
     * @param ref the full ref name, {@code refs/heads/...}
     * @param status {@link #OK}, {@link #UP_TO_DATE}, {@link #REJECTED_REMOTE_CHANGED} or {@link #REJECTED_OTHER}
     * @param message a human-readable detail
     */
    public record RefPush(String ref, String status, String message) {
        public static final String OK = "OK";
        public static final String UP_TO_DATE = "UP_TO_DATE";
        /** The remote ref is no longer where the mirror last saw it: fetch, rebuild, try again. */
        public static final String REJECTED_REMOTE_CHANGED = "REJECTED_REMOTE_CHANGED";
        public static final String REJECTED_OTHER = "REJECTED_OTHER";

        public boolean ok() {
            return OK.equals(status) || UP_TO_DATE.equals(status);
        }
    }
}
