package io.manybot.cli;

/** How the user runs this command line, for the commands it suggests: {@code ./manybot}, or {@code manybot} on the PATH. */
final class Program {
    private Program() {}

    /** Set by the {@code manybot} launcher script to how it was called. */
    static final String VARIABLE = "MANYBOT_PROG";

    static String name() {
        String set = System.getenv(VARIABLE);
        return set == null || set.isBlank() ? "manybot" : set;
    }
}
