package io.manybot.core.ownership;

import io.manybot.core.repo.RepoPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The OWNERS chain governing one directory (nearest first). Where no file of the chain has Prow
 * filters, every file in the directory has the same owners, worked out once here.
 */
final class DirectoryOwnership {
    private final List<OwnersFile> chain;
    private final boolean filtered;
    private final OwnershipResolution template;

    private DirectoryOwnership(List<OwnersFile> chain, boolean filtered, OwnershipResolution template) {
        this.chain = chain;
        this.filtered = filtered;
        this.template = template;
    }

    static DirectoryOwnership of(List<OwnersFile> chain) {
        boolean filtered = chain.stream().anyMatch(file -> file instanceof ProwOwners prow
                && prow.rules().stream().anyMatch(rule -> rule.filter() != null));
        return new DirectoryOwnership(chain, filtered, filtered || chain.isEmpty() ? null : summarize(chain, ""));
    }

    List<OwnersFile> chain() {
        return chain;
    }

    boolean filtered() {
        return filtered;
    }

    /** The shared resolution, for a path in this directory (only when not {@link #filtered()}). */
    OwnershipResolution resolutionFor(String path) {
        OwnershipResolution t = template;
        return new OwnershipResolution(path, t.source(), t.governingFiles(), t.owners(), t.delegates(),
                t.requiredReviewers(), t.optionalReviewers(), t.labels(), t.policies(), null);
    }

    /** Works out what {@code chain} says about {@code path}. */
    static OwnershipResolution summarize(List<OwnersFile> chain, String path) {
        List<Entry> owners = new ArrayList<>();
        Set<Principal> seenOwners = new HashSet<>();
        List<ManybotOwners.Delegate> delegates = new ArrayList<>();
        List<Entry> required = new ArrayList<>();
        List<Entry> optional = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        Policies policies = Policies.NONE;
        for (OwnersFile file : chain) {
            if (file instanceof ManybotOwners m) {
                addOwner(owners, seenOwners, m.primary());
                for (ManybotOwners.Delegate delegate : m.delegates()) {
                    if (delegate.level().writes()) {
                        addOwner(owners, seenOwners, delegate.entry());
                    } else {
                        delegates.add(delegate);
                    }
                }
                required.addAll(m.requiredReviewers());
                optional.addAll(m.optionalReviewers());
                policies = policies.orElse(m.policies());
            } else if (file instanceof ProwOwners p) {
                for (ProwOwners.Rule rule : p.rules()) {
                    if (rule.filter() != null && !rule.appliesTo(RepoPath.relativeTo(p.directory(), path))) {
                        continue;
                    }
                    for (Entry approver : rule.approvers()) {
                        if (!p.isEmeritus(approver.principal())) {
                            addOwner(owners, seenOwners, approver);
                        }
                    }
                    required.addAll(rule.requiredReviewers());
                    optional.addAll(rule.reviewers());
                    labels.addAll(rule.labels());
                }
            }
        }
        return new OwnershipResolution(path, OwnershipResolution.Source.OWNERS, chain, List.copyOf(owners),
                List.copyOf(delegates), List.copyOf(required), List.copyOf(optional), List.copyOf(labels), policies, null);
    }

    private static void addOwner(List<Entry> owners, Set<Principal> seen, Entry entry) {
        if (seen.add(entry.principal())) {
            owners.add(entry);
        }
    }
}
