package io.manybot.core.meeting;

import java.util.List;

/**
 * One point of a meeting's agenda.
 *
 * @param bots the bots it concerns
 * @param paths the repository paths it is about (a file, or a directory)
 */
public record AgendaItem(Kind kind, String title, String detail, List<String> bots, List<String> paths) {

    public AgendaItem {
        bots = List.copyOf(bots);
        paths = List.copyOf(paths);
    }

    /** What put it on the agenda. */
    public enum Kind {
        /** Two bots' landings conflicted on one path at least {@code conflictThreshold} times since the last meeting. */
        REPEATED_CONFLICT,
        /** Two or more attendee bots own one directory (both write it directly). */
        CONTESTED_PATH,
        /** An attendee's key result is off track or overdue. */
        AT_RISK_KEY_RESULT,
        /** A task waits for an attendee, held back by the directives' BLOCKED. */
        BLOCKED_TASK
    }
}
