package io.manybot.core.ownership;

import io.manybot.core.problem.SourceLocation;

/**
 * Policies of a manybot-format OWNERS file; every field is null when the file does not set it.
 * Along a chain of files, the nearest file that sets a field decides it.
 */
public record Policies(
        Setting<Integer> maxChangesPerPr,
        Setting<Boolean> requireTests,
        Setting<Double> minCoverage,
        Setting<Boolean> allowProposals) {

    public static final Policies NONE = new Policies(null, null, null, null);

    /** A policy value with the place that set it. */
    public record Setting<T>(T value, SourceLocation location) {}

    /** These policies, with fields this one leaves unset taken from {@code farther}. */
    public Policies orElse(Policies farther) {
        return new Policies(
                maxChangesPerPr != null ? maxChangesPerPr : farther.maxChangesPerPr,
                requireTests != null ? requireTests : farther.requireTests,
                minCoverage != null ? minCoverage : farther.minCoverage,
                allowProposals != null ? allowProposals : farther.allowProposals);
    }
}
