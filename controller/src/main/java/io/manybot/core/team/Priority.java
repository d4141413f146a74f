package io.manybot.core.team;

import java.util.Locale;

/** How urgent a queued task is, highest first. */
public enum Priority {
    CRITICAL, HIGH, NORMAL, LOW;

    /** {@code levels} steps more urgent, at most {@link #CRITICAL}. */
    public Priority raised(long levels) {
        return values()[(int) Math.max(0, ordinal() - Math.min(levels, ordinal()))];
    }

    /** {@code critical}, {@code high}, {@code normal} or {@code low} (any case); null for anything else. */
    public static Priority parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
