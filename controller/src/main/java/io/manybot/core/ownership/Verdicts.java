package io.manybot.core.ownership;

import io.manybot.core.problem.SourceLocation;
import io.manybot.core.repo.RepoPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that turn a path's ownership into a decision for one principal.
 * <ol>
 *   <li>Nothing governs the path (no OWNERS file, no CODEOWNERS entry, or an owner-less one):
 *       refused, since nobody could review the change.</li>
 *   <li>An invalid OWNERS file governs it: refused until the file is fixed.</li>
 *   <li>A bot changing an ownership file (OWNERS, OWNERS_ALIASES, CODEOWNERS, {@code .manybot/}, a declaration in the
 *       home's declarations directory, see {@link OwnershipFiles}): review by the path's owners, even when the bot owns
 *       the path.</li>
 *   <li>The principal is an owner (primary, maintainer/owner delegate, Prow approver not emeritus,
 *       CODEOWNERS owner) in any file of the chain: write.</li>
 *   <li>A contributor delegate whose path matches the file's {@code auto_approve}: write.</li>
 *   <li>{@code policies.allow_proposals: false} in force: refused.</li>
 *   <li>Otherwise: review by the nearest owners and the required reviewers.</li>
 * </ol>
 */
final class Verdicts {
    private Verdicts() {}

    static Verdict decide(OwnershipResolution resolution, Principal who, OwnershipFiles ownershipFiles) {
        String path = resolution.path();
        if (resolution.source() == OwnershipResolution.Source.NONE) {
            return new Verdict(path, who, Decision.REFUSED,
                    "no OWNERS file or CODEOWNERS entry governs " + display(path) + ": nobody could review a change",
                    null, List.of());
        }
        if (!resolution.governingFiles().isEmpty() && resolution.governingFiles().get(0) instanceof BrokenOwners broken) {
            return new Verdict(path, who, Decision.REFUSED,
                    broken.path() + " is invalid (" + broken.firstProblem() + "); changes below it are refused until it is fixed",
                    broken.firstProblem().location(), List.of());
        }
        if (resolution.owners().isEmpty()) {
            SourceLocation at = resolution.codeOwnersRule() != null
                    ? resolution.codeOwnersRule().location()
                    : resolution.governingFiles().get(0).location();
            return new Verdict(path, who, Decision.REFUSED,
                    display(path) + " has no owner (" + at + " names none): nobody could review a change", at, List.of());
        }
        if (who.isBot() && ownershipFiles.contains(path)) {
            Entry nearest = resolution.nearestOwners().get(0);
            return new Verdict(path, who, Decision.REVIEW,
                    "ownership files are changed by bots only through review", nearest.location(),
                    reviewers(resolution, who, true));
        }
        for (Entry owner : resolution.owners()) {
            if (owner.principal().equals(who)) {
                return new Verdict(path, who, Decision.WRITE, ownerReason(resolution, owner), owner.location(), List.of());
            }
        }
        Verdict delegated = delegated(resolution, who);
        if (delegated != null) {
            return delegated;
        }
        Policies.Setting<Boolean> proposals = resolution.policies().allowProposals();
        if (proposals != null && !proposals.value()) {
            return new Verdict(path, who, Decision.REFUSED,
                    "policies.allow_proposals is false: only the owners (" + principals(resolution.nearestOwners())
                            + ") and delegates may change " + display(path),
                    proposals.location(), List.of());
        }
        Entry nearest = resolution.nearestOwners().get(0);
        String emeritus = emeritusIn(resolution, who);
        return new Verdict(path, who, Decision.REVIEW,
                who + (emeritus != null ? " is an emeritus approver in " + emeritus + " (emeritus approvers never approve)" : " is not an owner")
                        + " of " + display(path) + "; the owners in " + nearest.location().file() + " must review",
                nearest.location(), reviewers(resolution, who, false));
    }

    private static Verdict delegated(OwnershipResolution resolution, Principal who) {
        for (ManybotOwners.Delegate delegate : resolution.delegates()) {
            if (!delegate.entry().principal().equals(who)) {
                continue;
            }
            SourceLocation at = delegate.entry().location();
            if (delegate.level() == DelegateLevel.CONTRIBUTOR) {
                ManybotOwners file = fileOf(resolution, at.file());
                if (file != null) {
                    String relative = RepoPath.relativeTo(file.directory(), resolution.path());
                    for (ManybotOwners.AutoApprove glob : file.autoApprove()) {
                        if (glob.glob().matches(relative)) {
                            return new Verdict(resolution.path(), who, Decision.WRITE,
                                    "contributor delegate at " + at + "; auto_approve '" + glob.glob() + "' lifts review",
                                    glob.location(), List.of());
                        }
                    }
                }
            }
            return new Verdict(resolution.path(), who, Decision.REVIEW,
                    delegate.level().name().toLowerCase(java.util.Locale.ROOT) + " delegate at " + at + ": changes need review",
                    at, reviewers(resolution, who, false));
        }
        return null;
    }

    private static String emeritusIn(OwnershipResolution resolution, Principal who) {
        for (OwnersFile file : resolution.governingFiles()) {
            if (file instanceof ProwOwners prow && prow.isEmeritus(who)) {
                return prow.path();
            }
        }
        return null;
    }

    private static ManybotOwners fileOf(OwnershipResolution resolution, String path) {
        for (OwnersFile file : resolution.governingFiles()) {
            if (file.path().equals(path) && file instanceof ManybotOwners m) {
                return m;
            }
        }
        return null;
    }

    private static String ownerReason(OwnershipResolution resolution, Entry owner) {
        String how;
        if (resolution.codeOwnersRule() != null) {
            how = "CODEOWNERS owner";
        } else {
            OwnersFile file = resolution.governingFiles().stream()
                    .filter(f -> f.path().equals(owner.location().file())).findFirst().orElse(null);
            how = file instanceof ManybotOwners m
                    ? (m.primary().equals(owner) ? "primary owner" : "delegate")
                    : "approver";
        }
        return how + " at " + owner.describe();
    }

    /** The nearest owners and the required reviewers, without the principal itself. */
    private static List<Principal> reviewers(OwnershipResolution resolution, Principal who, boolean humansFirst) {
        Set<Principal> out = new LinkedHashSet<>();
        List<Entry> nearest = resolution.nearestOwners();
        if (humansFirst) {
            nearest.stream().filter(e -> !e.principal().isBot()).forEach(e -> out.add(e.principal()));
        }
        nearest.forEach(e -> out.add(e.principal()));
        resolution.requiredReviewers().forEach(e -> out.add(e.principal()));
        out.remove(who);
        return new ArrayList<>(out);
    }

    private static String principals(List<Entry> entries) {
        return String.join(", ", entries.stream().map(e -> e.principal().toString()).distinct().toList());
    }

    private static String display(String path) {
        return path.isEmpty() ? "the repository root" : path;
    }
}
