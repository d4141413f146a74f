package io.manybot.core.team;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link TeamBoard} holds, by bot, as a home keeps it and gives it back on start: the queued tasks, the tasks in flight
 * (taken by a cycle that has not finished), the unread handoffs, the scratchpads, and the directives priorities queued once.
 */
public record BoardSnapshot(Map<String, List<TeamTask>> queues, Map<String, List<TeamTask>> inFlight, Map<String, List<Handoff>> inboxes,
        Map<String, Scratchpad> scratchpads, Set<String> fed) {

    public static final BoardSnapshot EMPTY = new BoardSnapshot(Map.of(), Map.of(), Map.of(), Map.of(), Set.of());

    public BoardSnapshot {
        queues = copy(queues);
        inFlight = copy(inFlight);
        inboxes = copy(inboxes);
        scratchpads = scratchpads == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(scratchpads));
        fed = fed == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(fed));
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> map) {
        Map<String, List<T>> out = new TreeMap<>();
        if (map != null) {
            map.forEach((bot, items) -> {
                if (items != null && !items.isEmpty()) {
                    out.put(bot, List.copyOf(items));
                }
            });
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    public boolean isEmpty() {
        return queues.isEmpty() && inFlight.isEmpty() && inboxes.isEmpty() && scratchpads.isEmpty() && fed.isEmpty();
    }
}
