package io.manybot.core.meeting;

import java.util.List;

/** Two bots ({@code first} before {@code second} by name) whose landings conflicted {@code count} times on {@code path}. */
public record RepeatedConflict(String path, String first, String second, int count, List<String> cycleIds) {

    public RepeatedConflict {
        cycleIds = List.copyOf(cycleIds);
    }
}
