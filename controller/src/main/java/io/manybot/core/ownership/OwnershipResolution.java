package io.manybot.core.ownership;

import java.util.List;

/**
 * Who governs one path: the OWNERS files that apply (nearest first, stopping at
 * {@code no_parent_owners}) or the CODEOWNERS rule used where no OWNERS file applies, and what they
 * say about the path.
 *
 * @param owners principals who may change the path directly, nearest first
 * @param delegates manybot-format delegates below maintainer level (they propose, or write where
 *     {@code auto_approve} allows)
 * @param codeOwnersRule the deciding CODEOWNERS line when {@code source} is {@link Source#CODEOWNERS}
 */
public record OwnershipResolution(
        String path,
        Source source,
        List<OwnersFile> governingFiles,
        List<Entry> owners,
        List<ManybotOwners.Delegate> delegates,
        List<Entry> requiredReviewers,
        List<Entry> optionalReviewers,
        List<String> labels,
        Policies policies,
        CodeOwners.Rule codeOwnersRule) {

    /** What decided ownership of a path. */
    public enum Source { OWNERS, CODEOWNERS, NONE }

    /** The owners listed by the nearest file that lists any: the ones a proposal goes to. */
    public List<Entry> nearestOwners() {
        if (owners.isEmpty()) {
            return owners;
        }
        String file = owners.get(0).location().file();
        return owners.stream().filter(owner -> owner.location().file().equals(file)).toList();
    }
}
