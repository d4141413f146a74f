package io.manybot.cluster.operator;

import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.WorkCycle;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The attendees' WorkCycles as the core's meeting reads them: only what landing conflicts need (bot, base commit, when it
 * ended, the target ref and the paths on which its rebase conflicted). Cycles without a conflict are left out.
 */
final class MeetingCycles {
    private MeetingCycles() {}

    /** The conflicted cycles among the {@code perBot} most recent cycles (by cycle id) of each of {@code bots}. */
    static List<WorkCycle> of(List<WorkCycleResource> all, List<String> bots, int perBot) {
        List<WorkCycle> out = new ArrayList<>();
        for (String bot : bots) {
            List<WorkCycleResource> recent = all.stream().filter(c -> c.getSpec() != null && bot.equals(c.getSpec().bot) && c.getSpec().cycleId != null)
                    .sorted(Comparator.comparing((WorkCycleResource c) -> c.getSpec().cycleId).reversed()).limit(perBot).toList();
            for (WorkCycleResource cycle : recent) {
                WorkCycle read = conflicted(cycle);
                if (read != null) {
                    out.add(read);
                }
            }
        }
        return out;
    }

    private static WorkCycle conflicted(WorkCycleResource resource) {
        WorkCycleStatus status = resource.getStatus();
        if (status == null || status.conflicts == null || status.conflicts.isEmpty() || status.baseCommit == null || status.targetRef == null) {
            return null;
        }
        Instant started = instant(status.startedAt);
        Instant finished = instant(status.finishedAt);
        if (started == null || finished == null) {
            return null;
        }
        Landing landing = new Landing(status.targetRef, null, null, null, List.of(), false,
                status.rebasedOver == null ? 0 : status.rebasedOver, Boolean.TRUE.equals(status.retested), status.conflicts);
        return new WorkCycle(resource.getSpec().cycleId, resource.getSpec().bot, resource.getSpec().goal, resource.getSpec().trigger, null, null,
                started, finished, status.baseCommit, status.directivesVersion, null, null, List.of(), List.of(), List.of(), List.of(),
                List.of(), null, landing, null, List.of(), status.error);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
