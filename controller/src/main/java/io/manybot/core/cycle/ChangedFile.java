package io.manybot.core.cycle;

import io.manybot.core.ownership.Decision;
import java.util.List;

/**
 * A path the cycle changed, with the ownership verdict for the bot and where the change went.
 *
 * @param decidedBy file:line:col of the rule that decided, or null
 * @param labels the Prow OWNERS {@code labels} that govern the path (a pull request proposing it carries them)
 */
public record ChangedFile(
        String path, Change change, Decision decision, String reason, String decidedBy, List<String> reviewers, Disposition disposition,
        List<String> labels) {

    public ChangedFile {
        reviewers = List.copyOf(reviewers);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A changed path no OWNERS labels govern. */
    public ChangedFile(String path, Change change, Decision decision, String reason, String decidedBy, List<String> reviewers,
            Disposition disposition) {
        this(path, change, decision, reason, decidedBy, reviewers, disposition, List.of());
    }

    public enum Change { ADDED, MODIFIED, DELETED }

    public enum Disposition {
        /** On the target branch. */
        LANDED,
        /** On the proposal branch, waiting for review. */
        PROPOSED,
        /** Refused by ownership or a policy; see the reason. */
        DROPPED,
        /** Tests failed; rolled back. */
        ROLLED_BACK,
        /** Dry run: would have landed or been proposed. */
        NOT_LANDED
    }

    public ChangedFile with(Disposition newDisposition, String newReason) {
        return new ChangedFile(path, change, decision, newReason, decidedBy, reviewers, newDisposition, labels);
    }
}
