package io.manybot.core.cycle;

import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.landing.Published;
import io.manybot.core.landing.Relanded;
import io.manybot.core.ownership.Decision;
import io.manybot.core.workspace.LandResult;
import io.manybot.core.workspace.LandingTarget;
import java.util.List;

/**
 * How a cycle's written changes fared on the target: landed ({@code result}), directly or after a rebase
 * ({@code relanded}); stopped by the rebase (conflict, failing tests on the rebased tree, nothing left writable);
 * refused by the compare-and-swap ({@code rejected}: the ref moved and the bot re-plans, or the ref cannot move); or
 * landed on the mirror but not published to its remote ({@code unpublished}: refused by the remote, or fenced).
 */
record WriteLanding(LandResult result, Relanded relanded, String rejected, Published unpublished) {
    static final WriteLanding NONE = new WriteLanding(null, null, null);

    WriteLanding(LandResult result, Relanded relanded, String rejected) {
        this(result, relanded, rejected, null);
    }

    /** The remote did not take the landing for a reason other than a move: the source's ref was put back. */
    static WriteLanding unpublished(Relanded relanded, Published published) {
        return new WriteLanding(null, relanded, null, published);
    }

    int rebasedOver() {
        return relanded == null ? 0 : relanded.rebased().over();
    }

    boolean retested() {
        return relanded != null && relanded.retested();
    }

    List<String> conflicts() {
        return relanded == null ? List.of() : relanded.rebased().conflicts();
    }

    Landing landing(String ref, String commit) {
        return landing(ref, commit, List.of());
    }

    private Landing landing(String ref, String commit, List<String> reviewers) {
        return new Landing(ref, commit, null, null, reviewers, false, rebasedOver(), retested(), conflicts());
    }

    private static List<String> reviewers(CycleProgress progress) {
        return progress.changes.stream()
                .filter(file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.REVIEW)
                .flatMap(file -> file.reviewers().stream()).distinct().toList();
    }

    /**
     * Records the cycle's end when nothing it wrote lands and it must not go on to its proposals: SUPERSEDED (the ref
     * moved and the bot re-plans, or the rebase conflicted, naming the paths) or ROLLED_BACK (tests fail on the
     * rebased tree). True when the cycle ends here.
     */
    boolean stopped(CycleProgress progress, LandingTarget target) {
        if (result != null) {
            return false;
        }
        String ref = target.ref();
        if (unpublished != null) {
            boolean fenced = unpublished.kind() == Published.Kind.FENCED;
            String reason = (fenced ? "not pushed: " : "the remote refused the push: ") + unpublished.detail();
            notLanded(progress, Disposition.NOT_LANDED, reason);
            progress.landing = landing(ref, null, reviewers(progress));
            // Fenced: another replica may be running this bot; refused: a protected branch or a hook will refuse it again.
            progress.outcome = fenced ? CycleOutcome.INTERRUPTED : CycleOutcome.FAILED;
            progress.error = reason;
            progress.event("warn", "not landed: " + reason);
            return true;
        }
        if (rejected != null) {
            notLanded(progress, Disposition.NOT_LANDED, "target moved before landing: re-plan on the new commit");
            progress.landing = landing(ref, null, reviewers(progress));
            progress.outcome = CycleOutcome.SUPERSEDED;
            progress.event("warn", "not landed: " + rejected);
            return true;
        }
        switch (relanded.kind()) {
            case CONFLICT -> {
                String paths = String.join(", ", conflicts());
                notLanded(progress, Disposition.NOT_LANDED, "conflict with " + ref + " since the cycle's base on " + paths
                        + ": re-plan on the new commit");
                progress.landing = landing(ref, null, reviewers(progress));
                progress.outcome = CycleOutcome.SUPERSEDED;
                progress.event("warn", "not landed: rebasing onto " + relanded.rebased().onto().abbreviate(7).name() + " (" + ref
                        + " gained " + relanded.rebased().over() + " commit(s) since the base) conflicts on " + paths);
                return true;
            }
            case TESTS_FAILED -> {
                notLanded(progress, Disposition.ROLLED_BACK, "tests fail on the rebased tree (over " + rebasedOver() + " commit(s) of "
                        + ref + "); rolled back");
                progress.landing = landing(ref, null, reviewers(progress));
                progress.outcome = CycleOutcome.ROLLED_BACK;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void notLanded(CycleProgress progress, Disposition disposition, String reason) {
        progress.updateChanges(file -> file.disposition() == Disposition.DROPPED ? file : file.with(disposition, reason));
    }
}
