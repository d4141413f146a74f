package io.manybot.core.schedule;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.Glob;
import io.manybot.core.workspace.CommitInfo;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which new commits trigger a bot: a commit by someone else touching the bot's owned paths, or
 * matching one of its push subscriptions (branch pattern and path globs).
 */
public final class CommitTriggers {
    private CommitTriggers() {}

    /**
     * Why a commit triggers the bot.
     *
     * @param subscription the push subscription that matched, or null when the bot's own paths did
     */
    public record Match(String reason, String subscription) {}

    public static Optional<String> reason(Bot bot, String branch, List<CommitInfo> commits, Collection<Subscription> subscriptions) {
        return match(bot, branch, commits, subscriptions).map(Match::reason);
    }

    public static Optional<Match> match(Bot bot, String branch, List<CommitInfo> commits, Collection<Subscription> subscriptions) {
        List<Glob> owned = bot.owns().stream().map(Glob::compile).toList();
        List<Subscription> pushes = subscriptions.stream()
                .filter(s -> s.bot().equals(bot.name()) && !s.suspend() && s.trigger() == Subscription.Trigger.PUSH)
                .filter(s -> s.branch() == null || Glob.compile(s.branch()).matches(branch))
                .toList();
        for (CommitInfo commit : commits) {
            if (bot.name().equals(commit.trailers().get("Manybot-Bot"))) {
                continue;
            }
            String shortId = commit.id().substring(0, 7);
            for (String path : commit.changedPaths()) {
                if (owned.stream().anyMatch(glob -> glob.matches(path))) {
                    return Optional.of(new Match("commit " + shortId + " changed owned " + path, null));
                }
                for (Subscription push : pushes) {
                    if (push.paths().isEmpty() || push.paths().stream().anyMatch(glob -> Glob.compile(glob).matches(path))) {
                        return Optional.of(new Match("commit " + shortId + " matched subscription " + push.name(), push.name()));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
