package io.manybot.core.ownership;

import io.manybot.core.problem.SourceLocation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An OWNERS file in the Prow format. Its top-level lists form one rule that applies to every path;
 * with {@code filters}, each regular expression (searched in the path relative to the file's
 * directory) has a rule of its own. Emeritus approvers are listed for the record and never approve.
 */
public record ProwOwners(String path, List<Rule> rules, List<Entry> emeritusApprovers, boolean noParentOwners)
        implements OwnersFile {

    public ProwOwners {
        rules = List.copyOf(rules);
        emeritusApprovers = List.copyOf(emeritusApprovers);
    }

    @Override
    public String format() {
        return "prow";
    }

    /**
     * @param filter the path filter, or null when the rule applies to every path
     */
    public record Rule(
            Pattern filter,
            SourceLocation location,
            List<Entry> approvers,
            List<Entry> reviewers,
            List<Entry> requiredReviewers,
            List<String> labels) {

        public Rule {
            approvers = List.copyOf(approvers);
            reviewers = List.copyOf(reviewers);
            requiredReviewers = List.copyOf(requiredReviewers);
            labels = List.copyOf(labels);
        }

        public boolean appliesTo(String relativePath) {
            return filter == null || filter.matcher(relativePath).find();
        }
    }

    public boolean isEmeritus(Principal principal) {
        for (Entry entry : emeritusApprovers) {
            if (entry.principal().equals(principal)) {
                return true;
            }
        }
        return false;
    }
}
