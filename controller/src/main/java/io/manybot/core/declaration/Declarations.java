package io.manybot.core.declaration;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Every Goal, Manybot and Subscription read from a repository, by name. */
public record Declarations(
        Map<String, Located<Goal>> goals,
        Map<String, Located<Bot>> bots,
        Map<String, Located<Subscription>> subscriptions) {

    public static final Declarations EMPTY = new Declarations(Map.of(), Map.of(), Map.of());

    public Declarations {
        goals = Map.copyOf(goals);
        bots = Map.copyOf(bots);
        subscriptions = Map.copyOf(subscriptions);
    }

    public Optional<Goal> goal(String name) {
        return Optional.ofNullable(goals.get(name)).map(Located::value);
    }

    public Optional<Bot> bot(String name) {
        return Optional.ofNullable(bots.get(name)).map(Located::value);
    }

    public Collection<Located<Bot>> allBots() {
        return bots.values();
    }
}
