package io.manybot.cluster.team;

import io.manybot.cluster.resource.ManybotStatus;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.core.team.Handoff;
import io.manybot.core.team.TeamStatus;
import java.util.List;
import java.util.Locale;

/** The team parts of the cluster's statuses: a Manybot's {@code status.team}, a WorkCycle's handoffs (all bounded). */
public final class TeamStatuses {
    static final int LISTED = 10;
    static final int CYCLE_LISTED = 20;
    static final int SCRATCHPAD_CHARS = 4000;

    private TeamStatuses() {}

    /**
     * A bot's whole place in its team as JSON, in the shape of the local home's {@code GET /api/v1/bots/{name}/team}
     * (instants as ISO-8601 text).
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode json(TeamStatus t) {
        return ConfigMapTeamBoard.JSON.valueToTree(t);
    }

    /** A Manybot's {@code status.team}, or null for a bot in no team with nothing waiting. */
    public static ManybotStatus.Team of(TeamStatus t) {
        if (!t.inTeam()) {
            return null;
        }
        ManybotStatus.Team team = new ManybotStatus.Team();
        team.parent = t.parent();
        team.children = t.children().isEmpty() ? null : t.children();
        team.queued = t.queue().size();
        team.inFlight = t.inFlight().size();
        team.unreadHandoffs = t.inbox().size();
        team.queue = t.queue().isEmpty() ? null : t.queue().stream().limit(LISTED).map(q -> {
            ManybotStatus.QueuedTask task = new ManybotStatus.QueuedTask();
            task.id = q.task().id();
            task.title = q.task().title();
            task.paths = q.task().paths().isEmpty() ? null : q.task().paths();
            task.priority = q.effective().label();
            task.origin = q.task().origin().name().toLowerCase(Locale.ROOT);
            task.from = q.task().from();
            task.enqueuedAt = q.task().enqueuedAt() == null ? null : q.task().enqueuedAt().toString();
            return task;
        }).toList();
        team.inbox = t.inbox().isEmpty() ? null : t.inbox().stream().limit(LISTED).map(TeamStatuses::handoff).toList();
        String text = t.scratchpad().text();
        if (!text.isEmpty()) {
            team.scratchpad = text.length() <= SCRATCHPAD_CHARS ? text : text.substring(0, SCRATCHPAD_CHARS - 1) + "…";
            team.scratchpadRewrittenAt = t.scratchpad().rewrittenAt() == null ? null : t.scratchpad().rewrittenAt().toString();
            team.scratchpadCycle = t.scratchpad().cycleId();
            team.scratchpadCompressed = t.scratchpad().compressed() ? true : null;
        }
        return team;
    }

    public static WorkCycleStatus.HandoffState handoff(Handoff h) {
        WorkCycleStatus.HandoffState state = new WorkCycleStatus.HandoffState();
        state.to = h.to();
        state.taskId = h.taskId();
        state.task = h.task();
        state.outcome = h.outcome();
        state.done = h.done();
        state.files = h.files().isEmpty() ? null : h.files();
        state.tests = h.tests();
        state.openQuestions = h.openQuestions().isEmpty() ? null : h.openQuestions();
        state.concerns = h.concerns().isEmpty() ? null : h.concerns();
        return state;
    }

    /** What a WorkCycle's status says of its team: the handoffs it sent up, those it read, where it routed tasks. */
    public static void onCycle(WorkCycleStatus status, List<Handoff> sent, List<String> read, List<String> routed) {
        status.handoffs = sent.isEmpty() ? null : sent.stream().limit(CYCLE_LISTED).map(TeamStatuses::handoff).toList();
        status.handoffsRead = read.isEmpty() ? null : read.stream().limit(CYCLE_LISTED).toList();
        status.routed = routed.isEmpty() ? null : routed.stream().limit(CYCLE_LISTED).toList();
    }
}
