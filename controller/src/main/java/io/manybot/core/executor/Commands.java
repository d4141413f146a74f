package io.manybot.core.executor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How commands are shown to people. */
public final class Commands {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Commands() {}

    /** argv joined with spaces, each argument that a shell would split or expand in single quotes. */
    public static String display(List<String> argv) {
        return argv.stream().map(Commands::quote).collect(Collectors.joining(" "));
    }

    static String quote(String argument) {
        if (!argument.isEmpty() && PLAIN.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\"'\"'") + "'";
    }

    /** "850 ms", "1.2 s", "30 s". */
    public static String seconds(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
