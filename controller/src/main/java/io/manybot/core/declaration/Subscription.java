package io.manybot.core.declaration;

import java.util.List;

/**
 * Which events start a bot's cycle.
 *
 * @param repository the repository whose events count, or null for the bot's own
 * @param branch a glob over branch names, or null for the bot's branch
 * @param schedule a five-field cron expression (UTC), for {@link Trigger#SCHEDULE}
 */
public record Subscription(
        String name, String bot, String repository, String branch, List<String> paths, Trigger trigger, String schedule, boolean suspend) {

    public Subscription {
        paths = List.copyOf(paths);
    }

    public enum Trigger { PUSH, PULL_REQUEST, ISSUE_COMMENT, SCHEDULE }
}
