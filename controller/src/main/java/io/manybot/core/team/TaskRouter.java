package io.manybot.core.team;

import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.OwnershipResolution;
import io.manybot.core.ownership.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sends a planned task to the child bot that owns the paths it names, as the repository's own OWNERS files say: for each
 * path the ownership engine gives the nearest owners ({@link OwnershipResolution#nearestOwners()}); a bot among them that sits
 * below the planner in the {@link TeamTree} is the path's DRI, and the planner's child on the way down to it gets the task.
 * A task whose paths all lead to one child goes there; a task on paths nobody below owns, or split between children
 * (contested), stays with the planner — or goes up to its parent when the planner may not write those paths directly either.
 */
public final class TaskRouter {
    private final TeamTree tree;
    private final OwnershipIndex owners;

    public TaskRouter(TeamTree tree, OwnershipIndex owners) {
        this.tree = tree;
        this.owners = owners;
    }

    public Route route(String planner, List<String> paths) {
        if (paths.isEmpty()) {
            return new Route(Route.Kind.KEEP, planner, List.of(), "the task names no paths");
        }
        Set<String> children = new TreeSet<>();
        Set<String> dris = new LinkedHashSet<>();
        List<String> unowned = new ArrayList<>();
        List<String> contested = new ArrayList<>();
        for (String path : paths) {
            Set<String> below = new TreeSet<>();
            for (String owner : botsOwning(path)) {
                String child = tree.childToward(planner, owner);
                if (child != null) {
                    below.add(child);
                    dris.add(owner);
                }
            }
            if (below.isEmpty()) {
                unowned.add(path);
            } else if (below.size() > 1) {
                contested.add(path + " (" + String.join(", ", below) + ")");
            }
            children.addAll(below);
        }
        if (!contested.isEmpty()) {
            return new Route(Route.Kind.KEEP, planner, List.copyOf(dris), "contested below: " + String.join("; ", contested));
        }
        if (unowned.isEmpty() && children.size() == 1) {
            String child = children.iterator().next();
            return new Route(Route.Kind.CHILD, child, List.copyOf(dris), "owned by " + String.join(", ", dris.stream().map(d -> "manybot:" + d).toList())
                    + (dris.contains(child) ? "" : ", below " + child));
        }
        if (children.size() > 1) {
            return new Route(Route.Kind.KEEP, planner, List.copyOf(dris), "its paths belong to several children ("
                    + String.join(", ", children) + "): split it");
        }
        if (children.size() == 1) {
            return new Route(Route.Kind.KEEP, planner, List.copyOf(dris), "only part of it is owned below (nobody below owns "
                    + String.join(", ", unowned) + ")");
        }
        String parent = tree.parentOf(planner);
        if (parent != null && !mayWrite(planner, unowned)) {
            return new Route(Route.Kind.ESCALATE, parent, List.of(), "nobody below owns " + String.join(", ", unowned)
                    + " and " + planner + " may not write it directly");
        }
        return new Route(Route.Kind.KEEP, planner, List.of(), "nobody below " + planner + " owns " + String.join(", ", unowned));
    }

    /** The bots among the nearest owners of {@code path}. */
    private List<String> botsOwning(String path) {
        OwnershipResolution resolution;
        try {
            resolution = owners.resolve(path);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        List<String> bots = new ArrayList<>();
        for (Entry entry : resolution.nearestOwners()) {
            if (entry.principal().isBot()) {
                bots.add(entry.principal().id());
            }
        }
        return bots;
    }

    private boolean mayWrite(String bot, List<String> paths) {
        for (String path : paths) {
            try {
                if (owners.verdict(path, Principal.bot(bot)).decision() != Decision.WRITE) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return true;
    }
}
