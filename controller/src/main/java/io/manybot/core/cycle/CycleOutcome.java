package io.manybot.core.cycle;

/** How a cycle ended. */
public enum CycleOutcome {
    /** Changes landed on the target branch (and maybe a proposal branch too). */
    LANDED,
    /** Only a proposal branch: every change needs review. */
    PROPOSED,
    /** Nothing to do, or nothing changed. */
    NO_CHANGE,
    /** Every change was refused by ownership. */
    REFUSED,
    /** Tests failed and the bot rolls back: nothing landed. */
    ROLLED_BACK,
    /** Dry run: everything recorded, nothing landed. */
    DRY_RUN,
    /** Someone else's commit moved the target branch first: nothing landed, re-plan. */
    SUPERSEDED,
    FAILED,
    TIMED_OUT,
    /** The process died mid-cycle; found and closed at the next start. */
    INTERRUPTED,
    /** Shutdown asked to stop at a phase boundary before landing. */
    ABANDONED;

    /** Whether the cycle did work worth a short sleep before the next one. */
    public boolean productive() {
        return this == LANDED || this == PROPOSED;
    }

    public boolean failure() {
        return this == FAILED || this == TIMED_OUT;
    }
}
