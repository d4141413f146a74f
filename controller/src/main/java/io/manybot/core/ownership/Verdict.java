package io.manybot.core.ownership;

import io.manybot.core.problem.SourceLocation;
import java.util.List;

/**
 * The decision for one principal changing one path, with the reason and the file line that
 * decided it (null only when nothing governs the path).
 *
 * @param reviewers who must review, for {@link Decision#REVIEW}
 */
public record Verdict(
        String path, Principal principal, Decision decision, String reason, SourceLocation decidedBy, List<Principal> reviewers) {

    public Verdict {
        reviewers = List.copyOf(reviewers);
    }
}
