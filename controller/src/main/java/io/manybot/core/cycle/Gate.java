package io.manybot.core.cycle;

import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.declaration.Bot;
import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.Policies;
import io.manybot.core.ownership.Principal;
import io.manybot.core.ownership.Verdict;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.workspace.FileChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every changed path against ownership: the bot writes it, proposes it for review, or the
 * change is dropped with the reason. Policies apply: the bot's {@code changesPerCycle}, an OWNERS
 * file's {@code max_changes_per_pr}, and {@code require_tests} (a bot without a test command only
 * proposes there).
 */
public final class Gate {

    /** The gated changes, in path order; refused and over-limit ones are {@link Disposition#DROPPED}. */
    public List<ChangedFile> check(Bot bot, List<FileChange> changes, OwnershipIndex ownership, int changesPerCycle) {
        Principal principal = Principal.bot(bot.name());
        List<ChangedFile> gated = new ArrayList<>();
        Map<SourceLocation, Integer> perPolicy = new HashMap<>();
        int kept = 0;
        for (FileChange change : changes) {
            Verdict verdict = ownership.verdict(change.path(), principal);
            Decision decision = verdict.decision();
            String reason = verdict.reason();
            io.manybot.core.ownership.OwnershipResolution resolution = ownership.resolve(change.path());
            Policies policies = resolution.policies();
            if (decision == Decision.WRITE && requiresTests(policies) && bot.tests() == null) {
                decision = Decision.REVIEW;
                reason = "policy require_tests at " + policies.requireTests().location() + " and the bot has no test command";
            }
            ChangedFile file = new ChangedFile(change.path(), change.change(), decision, reason,
                    verdict.decidedBy() == null ? null : verdict.decidedBy().toString(),
                    verdict.reviewers().stream().map(Principal::toString).toList(), Disposition.NOT_LANDED, resolution.labels());
            if (decision == Decision.REFUSED) {
                gated.add(file.with(Disposition.DROPPED, "refused: " + reason));
                continue;
            }
            if (kept >= changesPerCycle) {
                gated.add(file.with(Disposition.DROPPED, "over the bot's limit of " + changesPerCycle + " changes per cycle"));
                continue;
            }
            Policies.Setting<Integer> max = policies.maxChangesPerPr();
            if (max != null) {
                int count = perPolicy.merge(max.location(), 1, Integer::sum);
                if (count > max.value()) {
                    gated.add(file.with(Disposition.DROPPED,
                            "over max_changes_per_pr " + max.value() + " (" + max.location() + ")"));
                    continue;
                }
            }
            kept++;
            gated.add(file);
        }
        return gated;
    }

    private static boolean requiresTests(Policies policies) {
        return policies.requireTests() != null && Boolean.TRUE.equals(policies.requireTests().value());
    }
}
