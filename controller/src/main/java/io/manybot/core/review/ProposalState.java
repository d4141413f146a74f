package io.manybot.core.review;

import java.util.Locale;

/** Where a proposal branch stands with its pull request. */
public enum ProposalState {
    /** A limit ({@code limits.openProposals}, {@code proposalsPerHour}) or the host's rate limit holds it back: a branch for now. */
    WAITING,
    /** The host refused (401, 403, 404) or failed: it stays a branch; the reason says why. */
    BRANCH_ONLY,
    /** Its pull request is open for review. */
    OPEN,
    /** A reviewer requested changes. */
    CHANGES_REQUESTED,
    /** Merged: the change landed through review. */
    MERGED,
    /** Closed without merging. */
    CLOSED,
    /** A later proposal of the bot replaced it; its pull request was closed with a comment saying so. */
    SUPERSEDED;

    /** Whether its pull request counts as open (against {@code limits.openProposals}). */
    public boolean open() {
        return this == OPEN || this == CHANGES_REQUESTED;
    }

    /** Whether nothing more happens to it. */
    public boolean finished() {
        return this == MERGED || this == CLOSED || this == SUPERSEDED;
    }

    /** {@code open}, {@code changes-requested}, {@code branch-only}, …: as shown in status and the API. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ProposalState parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
