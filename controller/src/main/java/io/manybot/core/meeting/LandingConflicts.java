package io.manybot.core.meeting;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.repo.RepoPath;
import io.manybot.core.workspace.CommitInfo;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Landing conflicts between bots, from the cycle records and the repository's history: a cycle whose rebase onto the moved
 * target conflicted on a path ({@code landing.conflicts}) conflicted with the bots whose commits ({@code Manybot-Bot}
 * trailer) changed that path between the cycle's base and the cycle's end. Commits without the trailer (people) are not
 * counted: a meeting of bots settles what bots contest.
 */
public final class LandingConflicts {
    static final String BOT_TRAILER = "Manybot-Bot";
    /** How far back from the target's tip a cycle's base is looked for. */
    static final int MAX_COMMITS = 500;

    private LandingConflicts() {}

    /** The conflicts of {@code cycles} that ended after {@code since} (null: all), oldest first. */
    public static List<LandingConflict> of(SourceRepository repository, List<WorkCycle> cycles, Instant since) throws IOException {
        List<LandingConflict> found = new ArrayList<>();
        List<WorkCycle> ordered = new ArrayList<>(cycles);
        ordered.sort(java.util.Comparator.comparing(WorkCycle::startedAt));
        for (WorkCycle cycle : ordered) {
            if (cycle.landing() == null || cycle.landing().conflicts().isEmpty() || cycle.baseCommit() == null
                    || cycle.finishedAt() == null || since != null && !cycle.finishedAt().isAfter(since)) {
                continue;
            }
            Optional<ObjectId> tip = repository.tip(cycle.landing().targetRef());
            if (tip.isEmpty()) {
                continue;
            }
            List<CommitInfo> since_base = repository.commitsBetween(ObjectId.fromString(cycle.baseCommit()), tip.get(), MAX_COMMITS);
            for (String path : cycle.landing().conflicts()) {
                Set<String> against = new LinkedHashSet<>();
                for (CommitInfo commit : since_base) {
                    String bot = commit.trailers().get(BOT_TRAILER);
                    if (bot != null && !bot.equals(cycle.bot()) && !commit.when().isAfter(cycle.finishedAt())
                            && commit.changedPaths().contains(path)) {
                        against.add(bot);
                    }
                }
                for (String other : against) {
                    found.add(new LandingConflict(path, cycle.bot(), other, cycle.id(), cycle.finishedAt()));
                }
            }
        }
        return found;
    }

    /** The pairs of bots that conflicted on one path at least {@code threshold} times (cycles), most first. */
    public static List<RepeatedConflict> repeated(List<LandingConflict> conflicts, int threshold) {
        Map<String, List<LandingConflict>> byPairAndPath = new TreeMap<>();
        for (LandingConflict conflict : conflicts) {
            String first = conflict.bot().compareTo(conflict.against()) <= 0 ? conflict.bot() : conflict.against();
            String second = first.equals(conflict.bot()) ? conflict.against() : conflict.bot();
            byPairAndPath.computeIfAbsent(conflict.path() + "\n" + first + "\n" + second, k -> new ArrayList<>()).add(conflict);
        }
        List<RepeatedConflict> repeated = new ArrayList<>();
        for (Map.Entry<String, List<LandingConflict>> entry : byPairAndPath.entrySet()) {
            String[] key = entry.getKey().split("\n");
            List<String> cycles = entry.getValue().stream().map(LandingConflict::cycleId).distinct().toList();
            if (cycles.size() >= threshold) {
                repeated.add(new RepeatedConflict(key[0], key[1], key[2], cycles.size(), cycles));
            }
        }
        repeated.sort(java.util.Comparator.comparing(RepeatedConflict::count).reversed());
        return repeated;
    }

    /**
     * How many commits of each bot (its {@code Manybot-Bot} trailer) on {@code ref} changed each of {@code paths} (the path,
     * or anything below it), among the last {@link #MAX_COMMITS}.
     */
    public static Map<String, Map<String, Integer>> landings(SourceRepository repository, String ref, Set<String> paths)
            throws IOException {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        Optional<ObjectId> tip = repository.tip(ref);
        if (tip.isEmpty() || paths.isEmpty()) {
            return counts;
        }
        for (CommitInfo commit : repository.commitsBetween(null, tip.get(), MAX_COMMITS)) {
            String bot = commit.trailers().get(BOT_TRAILER);
            if (bot == null) {
                continue;
            }
            for (String path : paths) {
                if (commit.changedPaths().stream().anyMatch(changed -> changed.equals(path) || RepoPath.isWithin(path, changed))) {
                    counts.computeIfAbsent(path, p -> new TreeMap<>()).merge(bot, 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
