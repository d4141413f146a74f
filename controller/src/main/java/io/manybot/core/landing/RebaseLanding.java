package io.manybot.core.landing;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.Gate;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.TestRunner;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.workspace.FileChange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The landing path's one entry point for a cycle whose target moved: <b>rebase this cycle's commit (made on base B)
 * onto the new tip T, gate it again at T, retest it per the bot's policy, and say what to land</b> — the commit to
 * compare-and-swap (or push) from T, or the conflict, the revoked ownership or the failing tests that stop it. Both
 * homes call it: the local home from {@code CycleRunner} when the compare-and-swap on the ref finds it moved, the
 * cluster home when the remote refused a push because it moved (fetch T into the mirror first).
 *
 * <ol>
 *   <li><b>Rebase</b>: {@link InCoreRebase} — a three-way merge in core with B as the base; a path both sides changed
 *       that git merges cleanly is accepted (it is reported as overlap); only a real conflict stops it
 *       ({@link Relanded.Kind#CONFLICT}, re-plan).</li>
 *   <li><b>Gate again at T</b>: the cycle's paths go through the same {@link Gate} with the ownership at T (an OWNERS
 *       change landed since B may revoke a write). A path no longer written directly is left out of the commit (it
 *       keeps T's version) and reported in {@link Relanded#revoked()}, with the verdict (review: propose it; refused:
 *       drop it). A write is never widened: a path that needed review at B stays a proposal.</li>
 *   <li>A rebased tree equal to T's (the target made the same change meanwhile) lands nothing
 *       ({@link Relanded.Kind#ALREADY_ON_TARGET}): no empty commit.</li>
 *   <li><b>Retest</b> per {@code landing.retest}: {@code always} runs the bot's tests on the rebased tree;
 *       {@code on-overlap} only when {@link Rebased#overlap} is not empty (a path the cycle changed was also changed on
 *       the target since B); {@code never} does not. A bot without a test command is not retested. Failing tests stop
 *       the landing ({@link Relanded.Kind#TESTS_FAILED}) unless the bot lands despite failing tests
 *       ({@code rollbackOnTestFailure: false}). The executor never runs again.</li>
 * </ol>
 * Nothing is landed here and no ref moves: the caller lands {@link Relanded#commit()} with its compare-and-swap
 * (expected old value T) inside its {@link LandingQueue} turn, and calls again with the newer tip if it loses. The
 * rebased commit keeps the cycle's {@code Manybot-Cycle} trailer, so the caller's "already landed?" check by trailer
 * still holds. Plain Java: no Kubernetes or HTTP types.
 */
public final class RebaseLanding {
    private final ProcessRunner processes;
    private final Map<String, String> environment;
    private final Gate gate = new Gate();
    private final RebaseHold hold;

    /** Where a rebased commit's tree is checked out for its retest: returns the directory to run the tests in. */
    @FunctionalInterface
    public interface TestSite {
        Path checkOut(ObjectId commit) throws IOException;
    }

    /**
     * @param repository holds B, the cycle's commit and T (e.g. a checkout borrowing the source's objects, or the
     *     cluster's mirror); the rebased commit is written into it
     * @param ownershipAtOnto the ownership index read at T (e.g. {@code new OwnershipCache(repository).at(onto)})
     * @param testSite checks a commit out for the retest; may be null when the bot has no test command
     */
    public record Request(Bot bot, String cycleId, Repository repository, ObjectId commit, ObjectId base, ObjectId onto,
            OwnershipIndex ownershipAtOnto, TestSite testSite) {}

    /**
     * @param environment what the bot's test command sees on top of the restricted base environment
     */
    public RebaseLanding(ProcessRunner processes, Map<String, String> environment) {
        this(processes, environment, RebaseHold.fromEnvironment());
    }

    RebaseLanding(ProcessRunner processes, Map<String, String> environment, RebaseHold hold) {
        this.processes = processes;
        this.environment = Map.copyOf(environment);
        this.hold = hold;
    }

    /** Rebases, gates again, retests; see the class comment. Writes objects only, never a ref. */
    public Relanded rebase(Request request) throws IOException, InterruptedException {
        Bot bot = request.bot();
        Repository repository = request.repository();
        Rebased rebased = InCoreRebase.rebase(repository, request.commit(), request.base(), request.onto());
        if (!rebased.clean()) {
            return new Relanded(Relanded.Kind.CONFLICT, null, rebased, List.of(), false, null);
        }
        hold.reached(request.cycleId());
        List<ChangedFile> regated = gate.check(bot, changes(repository, request.base(), request.commit()), request.ownershipAtOnto(),
                bot.limits().changesPerCycle());
        Relanded gated = new Relanded(Relanded.Kind.REBASED, rebased.commit(), rebased, regated, false, null);
        List<String> revoked = gated.revoked();
        ObjectId landing = rebased.commit();
        if (revoked.size() == regated.size()) {
            return new Relanded(Relanded.Kind.NOTHING_WRITABLE, null, rebased, regated, false, null);
        }
        if (!revoked.isEmpty()) {
            landing = without(repository, rebased.commit(), revoked);
        }
        if (sameTree(repository, landing, request.onto())) {
            return new Relanded(Relanded.Kind.ALREADY_ON_TARGET, null, rebased, regated, false, null);
        }
        boolean retest = bot.tests() != null && switch (bot.landing().retest()) {
            case ALWAYS -> true;
            case ON_OVERLAP -> !rebased.overlap().isEmpty();
            case NEVER -> false;
        };
        if (!retest) {
            return new Relanded(Relanded.Kind.REBASED, landing, rebased, regated, false, null);
        }
        Path directory = request.testSite().checkOut(landing);
        TestRun tests = TestRunner.runTests(processes, bot.tests(), directory, environment);
        if (!tests.passed() && bot.rollbackOnTestFailure()) {
            return new Relanded(Relanded.Kind.TESTS_FAILED, null, rebased, regated, true, tests);
        }
        return new Relanded(Relanded.Kind.REBASED, landing, rebased, regated, true, tests);
    }

    private static boolean sameTree(Repository repository, ObjectId a, ObjectId b) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(a).getTree().equals(walk.parseCommit(b).getTree());
        }
    }

    /** {@code rebased} with {@code paths} as its parent has them, same message and people. */
    private static ObjectId without(Repository repository, ObjectId rebased, List<String> paths) throws IOException {
        try (RevWalk walk = new RevWalk(repository); ObjectInserter inserter = repository.newObjectInserter()) {
            RevCommit commit = walk.parseCommit(rebased);
            RevCommit parent = walk.parseCommit(commit.getParent(0));
            CommitBuilder kept = new CommitBuilder();
            kept.setTreeId(TreeOverlay.overlay(repository, commit.getTree(), parent.getTree(), paths));
            kept.setParentId(parent);
            kept.setAuthor(commit.getAuthorIdent());
            kept.setCommitter(commit.getCommitterIdent());
            kept.setEncoding(commit.getEncoding());
            kept.setMessage(commit.getFullMessage());
            ObjectId id = inserter.insert(kept);
            inserter.flush();
            return id;
        }
    }

    /** The paths {@code commit} changes against {@code base}, with how. */
    static List<FileChange> changes(Repository repository, ObjectId base, ObjectId commit) throws IOException {
        List<FileChange> changes = new ArrayList<>();
        try (RevWalk revs = new RevWalk(repository); TreeWalk walk = new TreeWalk(repository)) {
            walk.setRecursive(true);
            walk.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            walk.addTree(revs.parseCommit(base).getTree());
            walk.addTree(revs.parseCommit(commit).getTree());
            while (walk.next()) {
                ChangedFile.Change change = walk.getRawMode(0) == 0 ? ChangedFile.Change.ADDED
                        : walk.getRawMode(1) == 0 ? ChangedFile.Change.DELETED : ChangedFile.Change.MODIFIED;
                changes.add(new FileChange(walk.getPathString(), change));
            }
        }
        return changes;
    }
}
