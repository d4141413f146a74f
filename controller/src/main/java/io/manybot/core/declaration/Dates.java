package io.manybot.core.declaration;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Dates in declarations: a calendar date (taken in UTC) or an RFC 3339 date-time. A date used as a
 * deadline means the end of that day.
 */
public final class Dates {
    private Dates() {}

    public static Instant startOf(String text) {
        return parse(text, false);
    }

    public static Instant endOf(String text) {
        return parse(text, true);
    }

    private static Instant parse(String text, boolean endOfDay) {
        String value = text.trim().replace(' ', 'T').replace('t', 'T').replace('z', 'Z');
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (value.endsWith("Z") || value.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid date (expected 2026-12-31 or 2026-12-31T17:00:00Z)");
        }
    }
}
