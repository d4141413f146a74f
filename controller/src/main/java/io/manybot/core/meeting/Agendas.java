package io.manybot.core.meeting;

import io.manybot.core.declaration.Meeting;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.OwnersFile;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.OwnershipResolution;
import io.manybot.core.ownership.Principal;
import io.manybot.core.repo.RepoPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gathers a meeting's agenda, most pressing first: repeated landing conflicts between two bots, directories two or more bots
 * own (contested), the attendees' key results at risk, and their blocked tasks. Conflicts and contests count when both bots
 * attend, or when the path is governed by a manybot-format OWNERS file whose {@code meetings:} names this meeting (the
 * meeting answers for those paths, whoever works there).
 */
public final class Agendas {
    private Agendas() {}

    /**
     * @param evaluations each attendee bot's latest goal evaluation (absent: not measured yet)
     * @param conflicts the landing conflicts since the last meeting
     * @param blocked tasks the directives hold back in the attendees' queues
     */
    public static List<AgendaItem> gather(Meeting meeting, OwnershipIndex ownership, Map<String, GoalEvaluation> evaluations,
            List<LandingConflict> conflicts, List<BlockedTask> blocked) {
        Set<String> bots = new LinkedHashSet<>(meeting.bots());
        List<AgendaItem> agenda = new ArrayList<>();
        for (RepeatedConflict repeated : LandingConflicts.repeated(conflicts, meeting.conflictThreshold())) {
            if ((!bots.contains(repeated.first()) || !bots.contains(repeated.second()))
                    && !governs(ownership, meeting.name(), repeated.path())) {
                continue;
            }
            agenda.add(new AgendaItem(AgendaItem.Kind.REPEATED_CONFLICT,
                    repeated.first() + " and " + repeated.second() + " conflicted " + repeated.count() + " times on " + repeated.path(),
                    "cycles " + String.join(", ", repeated.cycleIds()) + " did not land: their rebase conflicted on " + repeated.path(),
                    List.of(repeated.first(), repeated.second()), List.of(repeated.path())));
        }
        for (Map.Entry<String, List<String>> contested : contested(ownership, bots, meeting.name()).entrySet()) {
            String directory = contested.getKey();
            agenda.add(new AgendaItem(AgendaItem.Kind.CONTESTED_PATH,
                    (directory.isEmpty() ? "the repository root" : directory + "/") + " is owned by " + String.join(" and ", contested.getValue()),
                    "each of them writes it directly (its nearest OWNERS file lists them as owners)", contested.getValue(), List.of(directory)));
        }
        for (String bot : bots) {
            GoalEvaluation evaluation = evaluations.get(bot);
            if (evaluation == null) {
                continue;
            }
            for (KeyResultEvaluation kr : evaluation.keyResults()) {
                if (kr.state().atRisk()) {
                    agenda.add(new AgendaItem(AgendaItem.Kind.AT_RISK_KEY_RESULT,
                            "key result " + kr.name() + " of goal " + evaluation.goal() + " (" + bot + ") is "
                                    + kr.state().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            "progress " + percent(kr.progress()) + " against " + percent(kr.expected()) + " expected by now"
                                    + (kr.current() == null ? "" : "; current value " + number(kr.current())),
                            List.of(bot), List.of()));
                }
            }
        }
        for (BlockedTask task : blocked) {
            if (bots.contains(task.bot())) {
                agenda.add(new AgendaItem(AgendaItem.Kind.BLOCKED_TASK, "task '" + task.title() + "' of " + task.bot() + " is blocked",
                        "the directives' BLOCKED holds it back (task " + task.taskId() + ")", List.of(task.bot()), task.paths()));
            }
        }
        return agenda;
    }

    /** Whether a manybot-format OWNERS file governing {@code path} names {@code meeting} in its {@code meetings:}. */
    static boolean governs(OwnershipIndex ownership, String meeting, String path) {
        try {
            return ownership.resolve(path).governingFiles().stream()
                    .anyMatch(file -> file instanceof io.manybot.core.ownership.ManybotOwners owners && owners.meetings().contains(meeting));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Directories with an OWNERS file whose nearest owners include two or more of {@code bots} (or two or more bots at all,
     * where that OWNERS chain names {@code meeting}), by directory.
     */
    static Map<String, List<String>> contested(OwnershipIndex ownership, Set<String> bots, String meeting) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        Set<String> directories = new TreeSet<>();
        for (OwnersFile file : ownership.files()) {
            directories.add(RepoPath.parent(file.path()));
        }
        for (String directory : directories) {
            OwnershipResolution resolution;
            try {
                resolution = ownership.resolve(RepoPath.join(directory, OwnershipIndex.OWNERS));
            } catch (RuntimeException e) {
                continue;
            }
            boolean governed = resolution.governingFiles().stream()
                    .anyMatch(file -> file instanceof io.manybot.core.ownership.ManybotOwners owners && owners.meetings().contains(meeting));
            List<String> owners = new ArrayList<>();
            for (Entry entry : resolution.nearestOwners()) {
                Principal principal = entry.principal();
                if (principal.isBot() && (governed || bots.contains(principal.id())) && !owners.contains(principal.id())) {
                    owners.add(principal.id());
                }
            }
            if (owners.size() >= 2) {
                out.put(directory, List.copyOf(owners));
            }
        }
        return out;
    }

    private static String percent(Double value) {
        return value == null ? "unknown" : Math.round(value) + " %";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
