package io.manybot.cluster.directives;

import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Durations;
import io.manybot.core.directives.Directives;
import io.manybot.core.directives.DirectivesMeta;
import io.manybot.core.directives.LimitOverrides;
import java.util.List;
import java.util.Map;

/**
 * What the live directives give one cycle, carried in its WorkCycle's spec so that a runner pod
 * needs no access to the directives ConfigMap.
 *
 * @param focus the planning notes (focus, priorities, blockers, the bot's notes), or null
 * @param version the directives version in effect, or null
 * @param limits the bot's limit overrides (never null)
 * @param priorities the directives' {@code PRIORITY} items, in file order (they feed a team root's queue; never null)
 * @param blockers the directives' {@code BLOCKED} items (queued team tasks they name wait; never null)
 */
public record CycleDirectives(String focus, String version, LimitOverrides limits, List<String> priorities, List<String> blockers) {
    public static final CycleDirectives NONE = new CycleDirectives(null, null, LimitOverrides.NONE, List.of(), List.of());

    public CycleDirectives {
        limits = limits == null ? LimitOverrides.NONE : limits;
        priorities = priorities == null ? List.of() : List.copyOf(priorities);
        blockers = blockers == null ? List.of() : List.copyOf(blockers);
    }

    /**
     * The directives' part in the team's queues ({@link io.manybot.core.team.DirectivesFeed}): directives holding only these
     * priorities and blockers, or null when there are none.
     */
    public Directives forTeam() {
        if (priorities.isEmpty() && blockers.isEmpty()) {
            return null;
        }
        return new Directives(new DirectivesMeta(null, version, DirectivesMeta.Status.ACTIVE), "", null, priorities, blockers, List.of(),
                Map.of(), Map.of());
    }

    /** Writes these into a WorkCycle's spec. */
    public void writeTo(WorkCycleSpec spec) {
        spec.focus = focus;
        spec.directivesVersion = version;
        spec.limits = limits.isEmpty() ? null : toSpec(limits);
        spec.priorities = priorities.isEmpty() ? null : priorities;
        spec.blockers = blockers.isEmpty() ? null : blockers;
    }

    /** What a WorkCycle's spec carries. */
    public static CycleDirectives of(WorkCycleSpec spec) {
        return new CycleDirectives(spec.focus, spec.directivesVersion, fromSpec(spec.limits), spec.priorities, spec.blockers);
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
