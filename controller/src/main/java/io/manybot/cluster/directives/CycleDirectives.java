package io.manybot.cluster.directives;

import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Durations;
import io.manybot.core.directives.LimitOverrides;

/**
 * What the live directives give one cycle, carried in its WorkCycle's spec so that a runner pod
 * needs no access to the directives ConfigMap.
 *
 * @param focus the planning notes (focus, priorities, blockers, the bot's notes), or null
 * @param version the directives version in effect, or null
 * @param limits the bot's limit overrides (never null)
 */
public record CycleDirectives(String focus, String version, LimitOverrides limits) {
    public static final CycleDirectives NONE = new CycleDirectives(null, null, LimitOverrides.NONE);

    public CycleDirectives {
        limits = limits == null ? LimitOverrides.NONE : limits;
    }

    /** Writes these into a WorkCycle's spec. */
    public void writeTo(WorkCycleSpec spec) {
        spec.focus = focus;
        spec.directivesVersion = version;
        spec.limits = limits.isEmpty() ? null : toSpec(limits);
    }

    /** What a WorkCycle's spec carries. */
    public static CycleDirectives of(WorkCycleSpec spec) {
        return new CycleDirectives(spec.focus, spec.directivesVersion, fromSpec(spec.limits));
    }

    /** {@code bot} with these limit overrides applied (the same bot when there are none). */
    public Bot applyTo(Bot bot) {
        if (limits.isEmpty()) {
            return bot;
        }
        return bot.withLimits(limits.applyTo(bot.limits()));
    }

    static WorkCycleSpec.LimitOverrides toSpec(LimitOverrides limits) {
        WorkCycleSpec.LimitOverrides spec = new WorkCycleSpec.LimitOverrides();
        spec.tasksPerCycle = limits.tasksPerCycle();
        spec.changesPerCycle = limits.changesPerCycle();
        spec.cycleTimeout = limits.cycleTimeout() == null ? null : limits.cycleTimeout().toSeconds() + "s";
        spec.toolIterations = limits.toolIterations();
        spec.tokensPerCycle = limits.tokensPerCycle();
        spec.openProposals = limits.openProposals();
        spec.proposalsPerHour = limits.proposalsPerHour();
        return spec;
    }

    static LimitOverrides fromSpec(WorkCycleSpec.LimitOverrides spec) {
        if (spec == null) {
            return LimitOverrides.NONE;
        }
        return new LimitOverrides(spec.tasksPerCycle, spec.changesPerCycle,
                spec.cycleTimeout == null ? null : Durations.parse(spec.cycleTimeout), spec.toolIterations, spec.tokensPerCycle,
                spec.openProposals, spec.proposalsPerHour);
    }
}
