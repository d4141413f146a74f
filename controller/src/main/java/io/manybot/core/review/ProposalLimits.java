package io.manybot.core.review;

import io.manybot.core.declaration.Bot;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Renovate's pull request limits for one bot: at most {@code limits.openProposals} open at once and
 * {@code limits.proposalsPerHour} opened in any hour. Past either, a proposal waits as a branch; the reason says which
 * limit and, for the hourly one, when the next may open.
 */
final class ProposalLimits {
    static final Duration HOUR = Duration.ofHours(1);

    private ProposalLimits() {}

    /**
     * Why {@code candidate} may not open a pull request now, or empty when it may.
     *
     * @param others the bot's other proposals
     * @param leaving those of {@code others} this one supersedes (their slots are freed when it opens)
     */
    static Optional<String> holdBack(Bot.Limits limits, List<Proposal> others, Predicate<Proposal> leaving, Instant now) {
        List<Proposal> open = others.stream().filter(p -> p.state().open() && !leaving.test(p)).toList();
        if (open.size() >= limits.openProposals()) {
            return Optional.of("limits.openProposals " + limits.openProposals() + " reached (open: " + String.join(", ",
                    open.stream().map(p -> p.number() == null ? p.branch() : "#" + p.number()).toList()) + "): waits as a branch");
        }
        Instant since = now.minus(HOUR);
        List<Instant> lastHour = others.stream().map(Proposal::openedAt).filter(at -> at != null && at.isAfter(since))
                .sorted(Comparator.naturalOrder()).toList();
        if (lastHour.size() >= limits.proposalsPerHour()) {
            Instant next = lastHour.get(lastHour.size() - limits.proposalsPerHour()).plus(HOUR);
            return Optional.of("limits.proposalsPerHour " + limits.proposalsPerHour() + " reached: waits as a branch until " + next);
        }
        return Optional.empty();
    }
}
