package io.manybot.local.api;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.OwnershipIndex;
import java.util.List;
import java.util.Optional;

/**
 * The declarations and ownership a running home has in force, read-only: what the HTTP API shows
 * and routes webhooks with. Empty lists (and a null index) until the first read.
 */
public interface RepositoryView {
    List<Bot> bots();

    List<Goal> goals();

    List<Subscription> subscriptions();

    /** The declared meetings (none where the home does not hold meetings). */
    default List<io.manybot.core.declaration.Meeting> meetings() {
        return List.of();
    }

    default Optional<Bot> bot(String name) {
        return bots().stream().filter(bot -> bot.name().equals(name)).findFirst();
    }

    default Optional<Goal> goal(String name) {
        return goals().stream().filter(goal -> goal.name().equals(name)).findFirst();
    }

    /** The file a declared subscription is read from ({@code .manybot/x.yaml}), when known. */
    default Optional<String> subscriptionFile(String name) {
        return Optional.empty();
    }

    /** The OWNERS index at the commit the declarations were read from, or null before the first read. */
    OwnershipIndex ownership();

    /** Where the declarations come from (the repository directory or URL). */
    String repository();

    /**
     * A push webhook named {@code repository}: a home that mirrors it fetches it now, before the bots the
     * webhook triggers start (the local home on a remote URL); otherwise nothing.
     */
    default void pushed(io.manybot.core.event.RepositoryEvent.Repository repository) {}

    /** The state directory (database, audit log). */
    java.nio.file.Path stateDirectory();
}
