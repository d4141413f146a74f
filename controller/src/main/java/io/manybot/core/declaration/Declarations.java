package io.manybot.core.declaration;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every valid Goal, Manybot, Subscription and Meeting read from a repository, by name.
 *
 * @param rejected "Kind/name" of documents left out for their problems: references to them are not
 *     reported again as missing
 */
public record Declarations(
        Map<String, Located<Goal>> goals,
        Map<String, Located<Bot>> bots,
        Map<String, Located<Subscription>> subscriptions,
        Set<String> rejected,
        Map<String, Located<Meeting>> meetings) {

    public static final Declarations EMPTY = new Declarations(Map.of(), Map.of(), Map.of(), Set.of());

    public Declarations {
        goals = Map.copyOf(goals);
        bots = Map.copyOf(bots);
        subscriptions = Map.copyOf(subscriptions);
        rejected = Set.copyOf(rejected);
        meetings = meetings == null ? Map.of() : Map.copyOf(meetings);
    }

    /** Declarations without meetings. */
    public Declarations(Map<String, Located<Goal>> goals, Map<String, Located<Bot>> bots, Map<String, Located<Subscription>> subscriptions,
            Set<String> rejected) {
        this(goals, bots, subscriptions, rejected, Map.of());
    }

    public Optional<Meeting> meeting(String name) {
        return Optional.ofNullable(meetings.get(name)).map(Located::value);
    }

    /** Whether a document of {@code kind} named {@code name} exists but was rejected for its problems. */
    public boolean isRejected(String kind, String name) {
        return rejected.contains(kind + "/" + name);
    }

    public Optional<Goal> goal(String name) {
        return Optional.ofNullable(goals.get(name)).map(Located::value);
    }

    public Optional<Bot> bot(String name) {
        return Optional.ofNullable(bots.get(name)).map(Located::value);
    }
}
