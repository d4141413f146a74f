package io.manybot.core.ownership;

import io.manybot.core.repo.RepoPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OWNERS chain governing one directory (nearest first). What the chain says about a path
 * depends on the path only through the Prow filters of the chain that match it: where there are
 * none, every path of the directory has the same owners, worked out once here; otherwise the
 * outcome for each combination of matching filters is worked out once, when a path first needs it.
 */
final class DirectoryOwnership {
    /** Beyond this many filters along one chain, outcomes are worked out for each path. */
    private static final int MAX_REMEMBERED_FILTERS = 63;

    private final List<OwnersFile> chain;
    private final OwnershipResolution template;
    private final List<Filter> filters;
    private final Map<Long, OwnershipResolution> byMatchingFilters;

    /** A rule with a filter, and the directory of its file (the base of the paths it is matched against). */
    private record Filter(String directory, ProwOwners.Rule rule) {}

    private DirectoryOwnership(List<OwnersFile> chain, List<Filter> filters) {
        this.chain = chain;
        this.filters = filters;
        this.template = filters.isEmpty() && !chain.isEmpty() ? summarize(chain, "") : null;
        this.byMatchingFilters = filters.isEmpty() ? Map.of() : new ConcurrentHashMap<>();
    }

    static DirectoryOwnership of(List<OwnersFile> chain) {
        List<Filter> filters = new ArrayList<>();
        for (OwnersFile file : chain) {
            if (file instanceof ProwOwners prow) {
                String directory = prow.directory();
                for (ProwOwners.Rule rule : prow.rules()) {
                    if (rule.filter() != null) {
                        filters.add(new Filter(directory, rule));
                    }
                }
            }
        }
        return new DirectoryOwnership(chain, List.copyOf(filters));
    }

    List<OwnersFile> chain() {
        return chain;
    }

    /** Whether a Prow filter of the chain makes the outcome depend on the path. */
    boolean filtered() {
        return !filters.isEmpty();
    }

    /** What the chain says about {@code path}, a path in this directory (or the directory itself). */
    OwnershipResolution resolutionFor(String path) {
        OwnershipResolution t = template;
        if (filtered()) {
            if (filters.size() > MAX_REMEMBERED_FILTERS) {
                return summarize(chain, path);
            }
            long matching = 0;
            String base = null;
            String relative = null;
            for (int i = 0; i < filters.size(); i++) {
                Filter filter = filters.get(i);
                if (!filter.directory().equals(base)) {
                    base = filter.directory();
                    relative = RepoPath.relativeTo(base, path);
                }
                if (filter.rule().appliesTo(relative)) {
                    matching |= 1L << i;
                }
            }
            t = byMatchingFilters.get(matching);
            if (t == null) {
                t = summarize(chain, path);
                byMatchingFilters.putIfAbsent(matching, t);
            }
        }
        return new OwnershipResolution(path, t.source(), t.governingFiles(), t.owners(), t.delegates(),
                t.requiredReviewers(), t.optionalReviewers(), t.labels(), t.policies(), null);
    }

    /**
     * Works out what {@code chain} says about {@code path}. A manybot-format file with
     * {@code no_parent_owners} ends the chain. A Prow file with it ends each list (approvers,
     * reviewers, required reviewers, labels) only where the file contributed to that list for this
     * path, as Prow's {@code repoowners} does: a file whose filters do not match the path, or that
     * lists no labels, leaves the files above it in force for those lists. The governing files are
     * the ones read before every list ended.
     */
    static OwnershipResolution summarize(List<OwnersFile> chain, String path) {
        List<Entry> owners = new ArrayList<>();
        Set<Principal> seenOwners = new HashSet<>();
        List<ManybotOwners.Delegate> delegates = new ArrayList<>();
        List<Entry> required = new ArrayList<>();
        List<Entry> optional = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        Policies policies = Policies.NONE;
        List<OwnersFile> governing = new ArrayList<>();
        boolean ownersDone = false;
        boolean requiredDone = false;
        boolean optionalDone = false;
        boolean labelsDone = false;
        for (OwnersFile file : chain) {
            if (ownersDone && requiredDone && optionalDone && labelsDone) {
                break;
            }
            governing.add(file);
            if (file instanceof ManybotOwners m) {
                if (!ownersDone) {
                    addOwner(owners, seenOwners, m.primary());
                    for (ManybotOwners.Delegate delegate : m.delegates()) {
                        if (delegate.level().writes()) {
                            addOwner(owners, seenOwners, delegate.entry());
                        } else {
                            delegates.add(delegate);
                        }
                    }
                    policies = policies.orElse(m.policies());
                }
                if (!requiredDone) {
                    required.addAll(m.requiredReviewers());
                }
                if (!optionalDone) {
                    optional.addAll(m.optionalReviewers());
                }
            } else if (file instanceof ProwOwners p) {
                boolean gaveOwners = false;
                boolean gaveRequired = false;
                boolean gaveOptional = false;
                boolean gaveLabels = false;
                for (ProwOwners.Rule rule : p.rules()) {
                    if (rule.filter() != null && !rule.appliesTo(RepoPath.relativeTo(p.directory(), path))) {
                        continue;
                    }
                    if (!ownersDone) {
                        for (Entry approver : rule.approvers()) {
                            if (!p.isEmeritus(approver.principal())) {
                                addOwner(owners, seenOwners, approver);
                                gaveOwners = true;
                            }
                        }
                    }
                    if (!requiredDone) {
                        required.addAll(rule.requiredReviewers());
                        gaveRequired |= !rule.requiredReviewers().isEmpty();
                    }
                    if (!optionalDone) {
                        optional.addAll(rule.reviewers());
                        gaveOptional |= !rule.reviewers().isEmpty();
                    }
                    if (!labelsDone) {
                        labels.addAll(rule.labels());
                        gaveLabels |= !rule.labels().isEmpty();
                    }
                }
                if (p.noParentOwners()) {
                    ownersDone |= gaveOwners;
                    requiredDone |= gaveRequired;
                    optionalDone |= gaveOptional;
                    labelsDone |= gaveLabels;
                }
            }
        }
        return new OwnershipResolution(path, OwnershipResolution.Source.OWNERS, List.copyOf(governing), List.copyOf(owners),
                List.copyOf(delegates), List.copyOf(required), List.copyOf(optional), List.copyOf(labels), policies, null);
    }

    private static void addOwner(List<Entry> owners, Set<Principal> seen, Entry entry) {
        if (seen.add(entry.principal())) {
            owners.add(entry);
        }
    }
}
