package io.manybot.core.meeting;

import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.ManybotOwners;
import io.manybot.core.ownership.OwnersFile;
import io.manybot.core.ownership.OwnershipResolution;
import io.manybot.core.repo.RepoPath;
import io.manybot.core.team.Priority;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The facilitator of meetings whose facilitator is a command bot: fixed rules, each decision saying which rule and which
 * numbers decided it.
 *
 * <ul>
 *   <li>Two bots that keep conflicting on a path: the one that landed more commits on it becomes the primary owner (a tie
 *       goes to the one that is primary of the path's OWNERS file now, then to the first by name); the other becomes a
 *       contributor delegate there (it proposes through review). The new primary gets an action item to reconcile the
 *       path.</li>
 *   <li>A directory several attendee bots own without repeated conflicts: no change; it is watched.</li>
 *   <li>A key result at risk: an action item for its bot (high priority).</li>
 *   <li>A blocked task: it stays blocked until a person lifts the directives' BLOCKED.</li>
 * </ul>
 */
public final class FactualFacilitator implements Facilitator {
    public static final String NAME = "factual rules";

    @Override
    public MeetingOutcome facilitate(MeetingFacts facts) {
        List<Decision> decisions = new ArrayList<>();
        List<ActionItem> actions = new ArrayList<>();
        List<ResponsibilityChange> changes = new ArrayList<>();
        Set<String> settled = new HashSet<>();
        for (int i = 0; i < facts.agenda().size(); i++) {
            AgendaItem item = facts.agenda().get(i);
            int number = i + 1;
            switch (item.kind()) {
                case REPEATED_CONFLICT -> {
                    String path = item.paths().get(0);
                    String a = item.bots().get(0);
                    String b = item.bots().get(1);
                    String primaryNow = primaryOf(facts, path);
                    int la = facts.landings(path, a);
                    int lb = facts.landings(path, b);
                    String winner = la != lb ? (la > lb ? a : b) : b.equals(primaryNow) ? b : a;
                    String loser = winner.equals(a) ? b : a;
                    String why = winner + " landed " + facts.landings(path, winner) + " commit(s) on " + path + ", " + loser + " "
                            + facts.landings(path, loser) + (la == lb ? "; tied, so " + (winner.equals(primaryNow)
                                    ? "the current primary owner keeps it" : "the first by name takes it") : "");
                    if (settled.add(path)) {
                        decisions.add(new Decision(number, winner + " becomes the primary owner of " + path + "; " + loser
                                + " becomes a contributor delegate there (its changes go to review)", why));
                        changes.add(new ResponsibilityChange(path, winner, loser, item.title() + "; " + why, null));
                        actions.add(new ActionItem(winner, "Reconcile " + path + " after repeated conflicts with " + loser, List.of(path),
                                Priority.HIGH, null));
                        settled.add(RepoPath.parent(path));
                    }
                }
                case CONTESTED_PATH -> {
                    String directory = item.paths().get(0);
                    if (!settled.contains(directory)) {
                        decisions.add(new Decision(number, "no change: " + String.join(" and ", item.bots()) + " keep sharing "
                                + (directory.isEmpty() ? "the root" : directory + "/"), "their landings there did not conflict "
                                + facts.meeting().conflictThreshold() + " times since the last meeting"));
                    }
                }
                case AT_RISK_KEY_RESULT -> {
                    String bot = item.bots().get(0);
                    decisions.add(new Decision(number, bot + " puts " + item.title().replaceFirst(" \\(" + bot + "\\) is .*", "")
                            + " first", item.detail()));
                    actions.add(new ActionItem(bot, "Move " + item.title().replaceFirst(" \\(" + bot + "\\) is ", " (")
                            + ") toward its target", item.paths(), Priority.HIGH, null));
                }
                case BLOCKED_TASK -> decisions.add(new Decision(number, "the task stays blocked",
                        "a person lifts the BLOCKED line of the directives (MARATHON.md) when it may go on"));
            }
        }
        return new MeetingOutcome(decisions, actions, changes, NAME);
    }

    /** The bot that is the primary owner in the manybot-format OWNERS file nearest to {@code path}, or null. */
    static String primaryOf(MeetingFacts facts, String path) {
        OwnershipResolution resolution;
        try {
            resolution = facts.ownership().resolve(path);
        } catch (RuntimeException e) {
            return null;
        }
        for (OwnersFile file : resolution.governingFiles()) {
            if (file instanceof ManybotOwners owners) {
                Entry primary = owners.primary();
                return primary.principal().isBot() ? primary.principal().id() : null;
            }
        }
        return null;
    }
}
