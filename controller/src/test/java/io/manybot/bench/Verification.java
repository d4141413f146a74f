package io.manybot.bench;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Nothing lost, nothing twice: the branch after a series against what the bots meant to do. Every landed cycle's
 * commit (its {@code Manybot-Cycle} trailer) is on the branch exactly once and no other cycle's is; each bot's items
 * file holds exactly its items 1…m, m its landed cycles; every intended change to the shared file is there exactly
 * once and nothing else is; a landed commit sits directly on the cycle's base exactly when its record says it was not
 * rebased ({@code landing.rebasedOver} is 0); every superseded cycle (a conflict, or the target moved) is followed by a
 * landed one of its bot. An intended change that did not land is accounted for only when the budget stopped the
 * series before the bot's turn; otherwise it counts as missing.
 *
 * @param intended changes the bots meant to make (C items per bot, plus the shared-file edits among them)
 * @param landedOnce intended changes found on the branch exactly once
 * @param notRun intended changes not made because the budget stopped the series first
 * @param problems anything else (missing, twice, unexpected), each said in words; empty when all is well
 */
record Verification(int intended, int landedOnce, int notRun, List<String> problems) {

    boolean ok() {
        return problems.isEmpty();
    }

    String describe() {
        return ok() ? landedOnce + "/" + intended + " once" + (notRun > 0 ? ", " + notRun + " not run (budget)" : "")
                : problems.size() + " problem(s): " + String.join("; ", problems.subList(0, Math.min(3, problems.size())));
    }

    static Verification of(LandingSeries.Config config, List<WorkCycle> cycles, boolean stopped, Repository repository)
            throws IOException {
        LandingScenario scenario = config.scenario();
        List<String> problems = new ArrayList<>();
        Set<String> landedIds = cycles.stream().filter(c -> c.outcome() == CycleOutcome.LANDED).map(WorkCycle::id)
                .collect(Collectors.toSet());
        ObjectId tip = repository.resolve("refs/heads/main");
        Map<String, Integer> trailers = new HashMap<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(tip));
            for (RevCommit commit : walk) {
                for (FooterLine footer : commit.getFooterLines()) {
                    if (footer.matches(new org.eclipse.jgit.revwalk.FooterKey("Manybot-Cycle"))) {
                        trailers.merge(footer.getValue().trim(), 1, Integer::sum);
                    }
                }
            }
        }
        for (String id : landedIds) {
            int times = trailers.getOrDefault(id, 0);
            if (times != 1) {
                problems.add("landed cycle " + id + " is on the branch " + times + " time(s)");
            }
        }
        try (RevWalk walk = new RevWalk(repository)) {
            for (WorkCycle cycle : cycles) {
                if (cycle.outcome() == CycleOutcome.LANDED) {
                    RevCommit commit = walk.parseCommit(ObjectId.fromString(cycle.landing().commit()));
                    boolean onBase = commit.getParentCount() == 1 && commit.getParent(0).name().equals(cycle.baseCommit());
                    if (onBase != (cycle.landing().rebasedOver() == 0)) {
                        problems.add("cycle " + cycle.id() + " says rebased over " + cycle.landing().rebasedOver()
                                + " commit(s), but its commit's parent " + (onBase ? "is" : "is not") + " its base");
                    }
                }
            }
        }
        for (WorkCycle cycle : cycles) {
            boolean landedLater = cycles.stream().anyMatch(other -> other.bot().equals(cycle.bot())
                    && other.outcome() == CycleOutcome.LANDED && other.startedAt().isAfter(cycle.startedAt()));
            if (cycle.outcome() == CycleOutcome.SUPERSEDED && !landedLater && !stopped) {
                problems.add("cycle " + cycle.id() + " of " + cycle.bot() + " was superseded"
                        + (cycle.landing() != null && !cycle.landing().conflicts().isEmpty()
                                ? " (conflict on " + String.join(", ", cycle.landing().conflicts()) + ")" : "")
                        + " and no later cycle of its bot landed");
            }
        }
        trailers.keySet().stream().filter(id -> !landedIds.contains(id))
                .forEach(id -> problems.add("cycle " + id + " is on the branch but not recorded LANDED"));

        int intended = 0;
        int landedOnce = 0;
        int notRun = 0;
        List<String> shared = scenario.overlap() ? lines(repository, tip, LandingScenario.SHARED) : List.of();
        List<String> expectedShared = new ArrayList<>();
        for (int i = 1; i <= scenario.bots(); i++) {
            String bot = LandingScenario.bot(i);
            long landed = cycles.stream().filter(c -> c.bot().equals(bot) && c.outcome() == CycleOutcome.LANDED).count();
            List<String> items = lines(repository, tip, LandingScenario.itemsFile(bot));
            for (int n = 1; n <= config.cycles(); n++) {
                boolean alsoShared = scenario.overlaps(i, n);
                int changes = alsoShared ? 2 : 1;
                intended += changes;
                String item = LandingScenario.item(i, n);
                int inItems = count(items, item);
                int inShared = alsoShared ? count(shared, item) : 1;
                if (alsoShared && n <= landed) {
                    expectedShared.add(item);
                }
                if (n <= landed && inItems == 1 && inShared == 1) {
                    landedOnce += changes;
                } else if (n > landed && inItems == 0 && stopped) {
                    notRun += changes;
                } else if (n > landed && inItems == 0) {
                    problems.add(item + " never landed (" + landed + " landed cycle(s) of " + bot + ")");
                } else {
                    problems.add(item + ": " + inItems + " time(s) in " + LandingScenario.itemsFile(bot)
                            + (alsoShared ? ", " + inShared + " time(s) in " + LandingScenario.SHARED : "") + "; "
                            + landed + " landed cycle(s) of " + bot);
                }
            }
            if (landed > config.cycles()) {
                problems.add(bot + " landed " + landed + " cycles, more than the " + config.cycles() + " it was to run");
            }
            if (items.size() != landed) {
                problems.add(LandingScenario.itemsFile(bot) + " has " + items.size() + " line(s) for " + landed + " landed cycle(s)");
            }
        }
        List<String> unexpected = new ArrayList<>(shared);
        expectedShared.forEach(unexpected::remove);
        unexpected.forEach(line -> problems.add(LandingScenario.SHARED + " holds an unexpected line: " + line));
        return new Verification(intended, landedOnce, notRun, List.copyOf(problems));
    }

    private static int count(List<String> lines, String line) {
        return (int) lines.stream().filter(line::equals).count();
    }

    private static List<String> lines(Repository repository, ObjectId tip, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(tip).getTree())) {
            if (tree == null) {
                return List.of();
            }
            String text = new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }
}
