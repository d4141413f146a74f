package io.manybot.cli;

/** Exit codes of the command line. */
final class ExitCodes {
    /** Everything checked out. */
    static final int OK = 0;
    /** The input has problems (listed). */
    static final int INVALID = 1;
    /** The command could not run (bad usage, unreadable repository). */
    static final int FAILURE = 2;

    private ExitCodes() {}
}
