package io.manybot.core.directives;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Durations;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The limits a bot section of the directives file changes: each field is null when the section does
 * not set it, and then the bot's declared limit stays. The names and ranges are those of
 * {@code spec.limits} in {@code schemas/manybot.schema.json}.
 */
public record LimitOverrides(
        Integer tasksPerCycle, Integer changesPerCycle, Duration cycleTimeout, Integer toolIterations, Long tokensPerCycle,
        Integer openProposals, Integer proposalsPerHour) {

    public static final LimitOverrides NONE = new LimitOverrides(null, null, null, null, null, null, null);

    /** The limit names a {@code <!-- LIMIT name: value -->} directive may use, as written in Bot declarations. */
    public static final List<String> NAMES = List.of("tasksPerCycle", "changesPerCycle", "cycleTimeout", "toolIterations", "tokensPerCycle",
            "openProposals", "proposalsPerHour");

    /** Overrides that leave the pull request limits as declared. */
    public LimitOverrides(Integer tasksPerCycle, Integer changesPerCycle, Duration cycleTimeout, Integer toolIterations, Long tokensPerCycle) {
        this(tasksPerCycle, changesPerCycle, cycleTimeout, toolIterations, tokensPerCycle, null, null);
    }

    static final int MAX_TASKS_PER_CYCLE = 100;
    static final int MAX_CHANGES_PER_CYCLE = 100_000;
    static final int MAX_TOOL_ITERATIONS = 10_000;
    static final int MAX_PROPOSALS = 1_000;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,19}");

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** {@code limits} with every field set here replaced. */
    public Bot.Limits applyTo(Bot.Limits limits) {
        return new Bot.Limits(
                tasksPerCycle != null ? tasksPerCycle : limits.tasksPerCycle(),
                changesPerCycle != null ? changesPerCycle : limits.changesPerCycle(),
                cycleTimeout != null ? cycleTimeout : limits.cycleTimeout(),
                toolIterations != null ? toolIterations : limits.toolIterations(),
                tokensPerCycle != null ? tokensPerCycle : limits.tokensPerCycle(),
                openProposals != null ? openProposals : limits.openProposals(),
                proposalsPerHour != null ? proposalsPerHour : limits.proposalsPerHour());
    }

    /** The limit name as declared for {@code written} in any letter case, or null when there is none. */
    static String canonicalName(String written) {
        for (String name : NAMES) {
            if (name.equalsIgnoreCase(written)) {
                return name;
            }
        }
        return null;
    }

    /**
     * These overrides with the limit {@code name} (a canonical name) set to {@code value}.
     *
     * @throws IllegalArgumentException with what was expected when the value is out of range or malformed
     */
    LimitOverrides with(String name, String value) {
        return switch (name) {
            case "tasksPerCycle" -> new LimitOverrides((int) whole(value, MAX_TASKS_PER_CYCLE), changesPerCycle, cycleTimeout,
                    toolIterations, tokensPerCycle, openProposals, proposalsPerHour);
            case "changesPerCycle" -> new LimitOverrides(tasksPerCycle, (int) whole(value, MAX_CHANGES_PER_CYCLE), cycleTimeout,
                    toolIterations, tokensPerCycle, openProposals, proposalsPerHour);
            case "cycleTimeout" -> new LimitOverrides(tasksPerCycle, changesPerCycle, duration(value), toolIterations, tokensPerCycle,
                    openProposals, proposalsPerHour);
            case "toolIterations" -> new LimitOverrides(tasksPerCycle, changesPerCycle, cycleTimeout,
                    (int) whole(value, MAX_TOOL_ITERATIONS), tokensPerCycle, openProposals, proposalsPerHour);
            case "tokensPerCycle" -> new LimitOverrides(tasksPerCycle, changesPerCycle, cycleTimeout, toolIterations,
                    whole(value, Long.MAX_VALUE), openProposals, proposalsPerHour);
            case "openProposals" -> new LimitOverrides(tasksPerCycle, changesPerCycle, cycleTimeout, toolIterations, tokensPerCycle,
                    (int) whole(value, MAX_PROPOSALS), proposalsPerHour);
            case "proposalsPerHour" -> new LimitOverrides(tasksPerCycle, changesPerCycle, cycleTimeout, toolIterations, tokensPerCycle,
                    openProposals, (int) whole(value, MAX_PROPOSALS));
            default -> throw new IllegalArgumentException("unknown limit '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    private static long whole(String value, long max) {
        String expected = max == Long.MAX_VALUE
                ? "expected a positive whole number"
                : "expected a whole number from 1 to " + max;
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException(expected + ", got '" + value + "'");
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected + ", got '" + value + "'");
        }
        if (number < 1 || number > max) {
            throw new IllegalArgumentException(expected + ", got '" + value + "'");
        }
        return number;
    }

    private static Duration duration(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a duration such as 90s, 5m or 2h, got '" + value + "'");
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException("expected a duration longer than zero, got '" + value + "'");
        }
        return duration;
    }
}
