package io.manybot.core.meeting;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Meeting;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.landing.LandingQueue;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.repo.GitCommitTree;
import io.manybot.core.team.TeamTask;
import io.manybot.core.workspace.LandingTarget;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Holds one meeting, the entry point for both homes: gathers the agenda (landing conflicts since the last meeting, contested
 * directories, key results at risk, blocked tasks), lets the facilitator decide, queues the action items as tasks in the
 * bots' team queues, and commits the responsibility changes as OWNERS files on a proposal branch (which the home then
 * publishes for review). Returns the minutes; the home keeps them.
 */
public final class MeetingRunner {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /** Where action items go: the bot's team queue. */
    @FunctionalInterface
    public interface ActionSink {
        void queue(String bot, TeamTask task);
    }

    /**
     * What one meeting reads.
     *
     * @param branch the branch the bots land on (the proposal branch is based on its tip)
     * @param evaluations each attendee bot's latest goal evaluation
     * @param cycles the attendees' recent cycles (their landing conflicts are counted)
     * @param since the last meeting of this name (conflicts before it are settled), or null
     */
    public record Setting(Meeting meeting, SourceRepository source, String branch, Map<String, GoalEvaluation> evaluations,
            List<WorkCycle> cycles, List<BlockedTask> blocked, Instant since, String trigger) {}

    private final Clock clock;

    public MeetingRunner(Clock clock) {
        this.clock = clock;
    }

    public static String minutesId(String meeting, Instant at) {
        return meeting + "-" + ID_TIME.format(at);
    }

    public Minutes hold(Setting setting, Facilitator facilitator, ActionSink actions) throws IOException, InterruptedException {
        Meeting meeting = setting.meeting();
        Instant now = clock.instant();
        String id = minutesId(meeting.name(), now);
        LandingTarget target = setting.source().target(setting.branch());
        ObjectId base = setting.source().base(target);
        try (GitCommitTree tree = GitCommitTree.at(setting.source().repository(), base.name())) {
            OwnershipIndex ownership = OwnershipIndex.load(tree);
            List<LandingConflict> conflicts = LandingConflicts.of(setting.source(), setting.cycles(), setting.since());
            List<AgendaItem> agenda = Agendas.gather(meeting, ownership, setting.evaluations(), conflicts, setting.blocked());
            Set<String> paths = new LinkedHashSet<>();
            agenda.forEach(item -> paths.addAll(item.paths()));
            Map<String, Map<String, Integer>> landings = LandingConflicts.landings(setting.source(), target.ref(), paths);
            MeetingFacts facts = new MeetingFacts(meeting, now, agenda, ownership, landings);
            MeetingOutcome outcome;
            try {
                outcome = facilitator.facilitate(facts);
            } catch (RuntimeException e) {
                return new Minutes(id, meeting.name(), meeting.topic(), now, setting.trigger(), meeting.attendees(), null, agenda, List.of(),
                        List.of(), List.of(), null, null, null, "the facilitator failed: " + e.getMessage());
            }
            List<Decision> decisions = new ArrayList<>(outcome.decisions());
            List<ActionItem> queued = queue(id, meeting, outcome.actionItems(), actions, now, decisions);
            OwnersChanges.Result owners = OwnersChanges.write(tree, ownership, outcome.changes(),
                    "# Proposed by meeting " + meeting.name() + " (minutes " + id + ").\n");
            for (String refused : owners.refused()) {
                decisions.add(new Decision(0, "no OWNERS change proposed for " + refused.substring(0, refused.indexOf(':')),
                        refused.substring(refused.indexOf(':') + 1).strip()));
            }
            String branch = null;
            String commit = null;
            if (!owners.files().isEmpty()) {
                branch = MeetingBranch.name(meeting.name(), id);
                String proposal = branch;
                // Written in this process's landing turn for the target (the one cycles take to write and push their
                // branches of this repository, or of the home's mirror of it): never amid a landing's ref updates.
                commit = LandingQueue.PROCESS.serialised(setting.source().directory().toAbsolutePath().normalize().toString(), target.ref(),
                        () -> MeetingBranch.commit(setting.source().repository(), base, proposal, owners.files(), meeting.name(),
                                message(meeting, id, owners.applied()), now)).name();
            }
            return new Minutes(id, meeting.name(), meeting.topic(), now, setting.trigger(), meeting.attendees(), outcome.facilitatedBy(),
                    agenda, decisions, queued, owners.applied(), branch, commit, null, null);
        }
    }

    /** Queues each action item of an attending bot as a task (the others become decisions: nobody takes them). */
    private static List<ActionItem> queue(String id, Meeting meeting, List<ActionItem> items, ActionSink actions, Instant now,
            List<Decision> decisions) {
        List<ActionItem> queued = new ArrayList<>();
        for (ActionItem item : items) {
            if (item.bot() == null || !meeting.bots().contains(item.bot())) {
                decisions.add(new Decision(0, "action item not queued: " + item.title(), (item.bot() == null ? "no bot" : item.bot())
                        + " does not attend " + meeting.name()));
                continue;
            }
            String taskId = "meeting/" + id + "/a" + (queued.size() + 1);
            actions.queue(item.bot(), new TeamTask(taskId, item.title(), "action item of meeting " + meeting.name() + " (minutes " + id + ")",
                    item.paths(), item.priority(), TeamTask.Origin.MEETING, "meeting " + meeting.name(), 0, now));
            queued.add(new ActionItem(item.bot(), item.title(), item.paths(), item.priority(), taskId));
        }
        return queued;
    }

    private static String message(Meeting meeting, String id, List<ResponsibilityChange> changes) {
        StringBuilder text = new StringBuilder("meeting " + meeting.name() + ": " + changes.size() + " responsibility change(s)\n\n");
        for (ResponsibilityChange change : changes) {
            text.append("- ").append(change.path()).append(": ").append(change.primary()).append(" primary, ").append(change.contributor())
                    .append(" contributor (").append(change.ownersFile()).append(")\n  ").append(change.reason()).append('\n');
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Manybot-Meeting", meeting.name());
        trailers.put("Manybot-Minutes", id);
        text.append('\n');
        trailers.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
        return text.toString();
    }
}
