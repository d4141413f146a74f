package io.manybot.core.meeting;

import java.util.List;

/** A task waiting in {@code bot}'s queue that the directives' BLOCKED holds back. */
public record BlockedTask(String bot, String taskId, String title, List<String> paths) {

    public BlockedTask {
        paths = List.copyOf(paths);
    }
}
