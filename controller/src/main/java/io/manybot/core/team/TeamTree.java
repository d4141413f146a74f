package io.manybot.core.team;

import io.manybot.core.declaration.Bot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The planner tree of a set of bots: each bot's parent ({@code spec.parent}) and children, and its depth below its root.
 * Built from declarations that {@code manybot validate} accepted (no cycles); a parent that is not among the bots makes its
 * child a root.
 */
public final class TeamTree {
    /** How many levels a bot may sit below its root: a root, its children, … down to depth {@value}. */
    public static final int MAX_DEPTH = 4;

    private final Map<String, Bot> bots;
    private final Map<String, List<String>> children = new TreeMap<>();

    public TeamTree(Collection<Bot> bots) {
        Map<String, Bot> byName = new LinkedHashMap<>();
        bots.forEach(bot -> byName.put(bot.name(), bot));
        this.bots = Collections.unmodifiableMap(byName);
        for (Bot bot : bots) {
            if (bot.parent() != null && byName.containsKey(bot.parent())) {
                children.computeIfAbsent(bot.parent(), p -> new ArrayList<>()).add(bot.name());
            }
        }
        children.values().forEach(list -> list.sort(null));
    }

    public Bot bot(String name) {
        return bots.get(name);
    }

    public Collection<Bot> bots() {
        return bots.values();
    }

    /** The parent of {@code name} among these bots, or null for a root. */
    public String parentOf(String name) {
        Bot bot = bots.get(name);
        return bot == null || bot.parent() == null || !bots.containsKey(bot.parent()) ? null : bot.parent();
    }

    public List<String> childrenOf(String name) {
        return children.getOrDefault(name, List.of());
    }

    public boolean hasChildren(String name) {
        return children.containsKey(name);
    }

    /** {@code name} and its ancestors up to its root, in that order (stops at a cycle). */
    public List<String> chain(String name) {
        List<String> chain = new ArrayList<>();
        for (String current = name; current != null && !chain.contains(current); current = parentOf(current)) {
            chain.add(current);
        }
        return chain;
    }

    /** How many levels {@code name} sits below its root (0 for a root). */
    public int depth(String name) {
        return chain(name).size() - 1;
    }

    /** The bots in the order a round runs them: deepest first, so that handoffs reach a parent before it plans again. */
    public List<String> bottomUp() {
        List<String> names = new ArrayList<>(bots.keySet());
        names.sort((a, b) -> depth(a) != depth(b) ? Integer.compare(depth(b), depth(a)) : a.compareTo(b));
        return names;
    }

    /** The bots from the roots down (parents before their children): the order in which tasks flow down in one round. */
    public List<String> topDown() {
        List<String> names = new ArrayList<>(bottomUp());
        Collections.reverse(names);
        return names;
    }

    /** The child of {@code ancestor} on the way down to {@code descendant}, or null when {@code descendant} is not below it. */
    public String childToward(String ancestor, String descendant) {
        String previous = null;
        for (String current : chain(descendant)) {
            if (current.equals(ancestor)) {
                return previous;
            }
            previous = current;
        }
        return null;
    }
}
