package io.manybot.core.cycle;

import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.landing.TreeOverlay;
import io.manybot.core.ownership.Decision;
import io.manybot.core.workspace.IsolatedCheckout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The judge's turn in a cycle, after the tests and the measurement of the changed checkout and before landing: asks the
 * bot's {@link Judge}; on {@link JudgeVerdict.Decision#REJECT} every change is rolled back with the judge's reason (nothing
 * lands), on {@link JudgeVerdict.Decision#REVIEW} the writes join the cycle's proposal (reviewed by the bot's reviewers).
 */
final class JudgeStep {
    /** How much of the diff a judge reads. */
    static final int DIFF_LIMIT_CHARS = 20_000;

    /** What lands after the judge: the commits to land and to propose (either may be null), or rejected. */
    record Judged(ObjectId landCommit, ObjectId proposalCommit, String fingerprint, boolean rejected) {}

    private JudgeStep() {}

    static Judged apply(CycleRequest request, CycleProgress progress, IsolatedCheckout checkout, ObjectId landCommit,
            ObjectId proposalCommit, String fingerprint, List<String> writes, List<String> proposals, List<String> ownershipProposals)
            throws IOException, InterruptedException {
        ObjectId judged = landCommit != null ? landCommit : proposalCommit;
        JudgeVerdict verdict = request.agents().judge().judge(new JudgeInput(request.bot(), request.goal(), progress.tasks,
                progress.before, progress.after, progress.tests, writes, proposals, ownershipProposals, () -> diff(checkout, judged)));
        String reason = progress.mask(verdict.reason());
        switch (verdict.decision()) {
            case LAND -> {
                return new Judged(landCommit, proposalCommit, fingerprint, false);
            }
            case REJECT -> {
                progress.updateChanges(file -> file.disposition() == Disposition.DROPPED ? file
                        : file.with(Disposition.ROLLED_BACK, "judge rejected: " + reason));
                progress.outcome = CycleOutcome.ROLLED_BACK;
                progress.error = "the judge rejected the change: " + reason;
                progress.event("warn", "judge: reject — " + reason);
                return new Judged(null, null, null, true);
            }
            default -> {
                progress.event("info", "judge: review — " + reason);
                if (landCommit == null) {
                    return new Judged(null, proposalCommit, fingerprint, false);
                }
                List<String> all = new ArrayList<>(proposals);
                all.addAll(writes);
                ObjectId tree = TreeOverlay.overlay(checkout.repository(), treeOf(checkout, proposalCommit != null ? proposalCommit : checkout.base()),
                        treeOf(checkout, landCommit), writes);
                String newFingerprint = Proposals.fingerprint(checkout.repository(), tree, all);
                List<String> reviewers = request.bot().reviewers();
                java.util.Set<String> written = new java.util.HashSet<>(writes);
                progress.updateChanges(file -> written.contains(file.path()) && file.disposition() != Disposition.DROPPED
                        ? new ChangedFile(file.path(), file.change(), Decision.REVIEW, "judge: " + reason, file.decidedBy(), reviewers,
                                file.disposition())
                        : file);
                CycleCommits commits = new CycleCommits(request, progress);
                ObjectId proposal = checkout.commitTree(tree, progress.mask(commits.proposalMessage(all, newFingerprint)), commits.author());
                return new Judged(null, proposal, newFingerprint, false);
            }
        }
    }

    /** The unified diff of {@code commit} against the cycle's base, cut at {@value #DIFF_LIMIT_CHARS} characters. */
    static String diff(IsolatedCheckout checkout, ObjectId commit) {
        if (commit == null) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.setRepository(checkout.repository());
            formatter.format(treeOf(checkout, checkout.base()), treeOf(checkout, commit));
        } catch (IOException e) {
            return "(the diff could not be read: " + e.getMessage() + ")";
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return text.length() <= DIFF_LIMIT_CHARS ? text : text.substring(0, DIFF_LIMIT_CHARS) + "\n… (diff cut)";
    }

    private static ObjectId treeOf(IsolatedCheckout checkout, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(checkout.repository())) {
            return walk.parseCommit(commit).getTree().copy();
        }
    }
}
