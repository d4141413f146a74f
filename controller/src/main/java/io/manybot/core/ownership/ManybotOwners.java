package io.manybot.core.ownership;

import io.manybot.core.problem.SourceLocation;
import java.util.List;

/** An OWNERS file in the manybot format: a primary owner, delegates, reviewers, auto-approve globs, policies. */
public record ManybotOwners(
        String path,
        Entry primary,
        List<Delegate> delegates,
        List<Entry> requiredReviewers,
        List<Entry> optionalReviewers,
        List<AutoApprove> autoApprove,
        Policies policies,
        List<String> meetings,
        boolean noParentOwners) implements OwnersFile {

    public ManybotOwners {
        delegates = List.copyOf(delegates);
        requiredReviewers = List.copyOf(requiredReviewers);
        optionalReviewers = List.copyOf(optionalReviewers);
        autoApprove = List.copyOf(autoApprove);
        meetings = List.copyOf(meetings);
    }

    @Override
    public String format() {
        return "manybot";
    }

    public record Delegate(Entry entry, DelegateLevel level) {}

    /** A glob (relative to the file's directory) whose changes by a contributor delegate need no review. */
    public record AutoApprove(Glob glob, SourceLocation location) {}
}
