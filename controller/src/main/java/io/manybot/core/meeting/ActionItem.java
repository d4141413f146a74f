package io.manybot.core.meeting;

import io.manybot.core.team.Priority;
import java.util.List;

/**
 * Work a meeting gave a bot; it is queued as a task in the bot's team queue.
 *
 * @param taskId the id of the queued task ({@code meeting/<minutes id>/a<n>}; the minutes id begins with the meeting's name)
 */
public record ActionItem(String bot, String title, List<String> paths, Priority priority, String taskId) {

    public ActionItem {
        paths = List.copyOf(paths);
    }
}
