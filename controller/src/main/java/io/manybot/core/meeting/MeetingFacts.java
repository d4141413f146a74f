package io.manybot.core.meeting;

import io.manybot.core.declaration.Meeting;
import io.manybot.core.ownership.OwnershipIndex;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a facilitator reads: the meeting, its agenda, the ownership in force and how often each bot landed on each path the
 * agenda names (commits carrying its {@code Manybot-Bot} trailer).
 *
 * @param landings path → bot → commits of that bot touching the path (at or below it, for a directory)
 */
public record MeetingFacts(Meeting meeting, Instant heldAt, List<AgendaItem> agenda, OwnershipIndex ownership,
        Map<String, Map<String, Integer>> landings) {

    public MeetingFacts {
        agenda = List.copyOf(agenda);
        landings = Map.copyOf(landings);
    }

    public int landings(String path, String bot) {
        return landings.getOrDefault(path, Map.of()).getOrDefault(bot, 0);
    }
}
