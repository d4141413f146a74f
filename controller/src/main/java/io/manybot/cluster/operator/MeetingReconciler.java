package io.manybot.cluster.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.repository.GitSecrets;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.cluster.resource.MeetingStatus;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.team.ConfigMapTeamBoard;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Meeting;
import io.manybot.cluster.directives.DirectivesConfigMap;
import io.manybot.cluster.review.ClusterProposals;
import io.manybot.cluster.team.ClusterTeam;
import io.manybot.core.llm.MeetingFacilitators;
import io.manybot.core.meeting.BlockedTasks;
import io.manybot.core.meeting.Facilitator;
import io.manybot.core.meeting.FactualFacilitator;
import io.manybot.core.meeting.MeetingOutcome;
import io.manybot.core.secret.SecretException;
import io.manybot.core.meeting.MeetingRunner;
import io.manybot.core.meeting.Minutes;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.core.declaration.Goal;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.GoalEvaluator;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.Mirror;
import io.manybot.core.mirror.PushResult;
import io.manybot.core.secret.SecretRedactor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.schedule.CronTriggers;
import io.manybot.core.team.TeamBoard;
import io.manybot.core.workspace.SourceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reconciles a Meeting (issue 16): when its cron schedule (UTC, counted from the Meeting's creation or its last holding: a
 * time missed is made up once) comes due, or a new {@value MeetingResource#HOLD} annotation asks for it, holds it through the
 * core's {@link MeetingRunner} on the operator's mirror of the facilitator bot's repository (the factual rules, or the model of
 * an {@code llm} facilitator), reading the attendee bots' WorkCycles for landing conflicts and the team board's tasks the
 * directives' BLOCKED holds back; queues the action items on the namespace's team board and wakes the bots that got them;
 * pushes the OWNERS change's proposal branch and opens its pull request; keeps a bounded summary of the minutes in the
 * status, with an Event. Waits for the next time by rescheduling, never by sleeping.
 */
@ControllerConfiguration(name = "meeting", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
public final class MeetingReconciler implements Reconciler<MeetingResource> {
    /** How many recent WorkCycles of each attendee are read for landing conflicts. */
    static final int CYCLES_READ = 200;
    /** The longest wait before looking again (a changed clock or a lost reschedule cost no more). */
    static final Duration LOOK_AGAIN = Duration.ofMinutes(10);

    private final KubernetesClient client;
    private final OperatorSettings settings;
    private final RepositoryMirrors mirrors;
    private final KubeEvents events;
    private final Clock clock;
    private final io.manybot.cluster.leader.Leadership leadership;
    private final ResourceDeclarations declarations = new ResourceDeclarations();
    private final GoalEvaluator evaluator = new GoalEvaluator();
    private final SecretRedactor redactor;
    private final DirectivesConfigMap directives;
    private final Map<String, String> environment;
    private final ClusterProposals proposals;
    private final ClusterTeam team;

    /**
     * @param directives the live directives (their BLOCKED tasks are on the agenda), or null when the operator follows none
     * @param environment the operator's environment: an {@code llm} facilitator's key ({@code apiKeyEnv}) is read from it, as
     *     its in-process cycles read it
     */
    public MeetingReconciler(KubernetesClient client, OperatorSettings settings, RepositoryMirrors mirrors, KubeEvents events, Clock clock,
            io.manybot.cluster.leader.Leadership leadership, DirectivesConfigMap directives, Map<String, String> environment,
            SecretRedactor redactor) {
        this.client = client;
        this.settings = settings;
        this.mirrors = mirrors;
        this.events = events;
        this.clock = clock;
        this.leadership = leadership;
        this.directives = directives;
        this.environment = Map.copyOf(environment);
        this.redactor = redactor;
        this.proposals = new ClusterProposals(client, redactor, clock);
        this.team = new ClusterTeam(client, clock);
    }

    @Override
    public UpdateControl<MeetingResource> reconcile(MeetingResource resource, Context<MeetingResource> context) throws Exception {
        if (!leadership.leading()) {
            return UpdateControl.<MeetingResource>noUpdate().rescheduleAfter(ManybotReconciler.NOT_LEADING);
        }
        String before = StatusPatches.snapshot(resource);
        return StatusPatches.unlessUnchanged(reconciled(resource, clock.instant()), before);
    }

    private UpdateControl<MeetingResource> reconciled(MeetingResource resource, Instant now) throws InterruptedException {
        MeetingStatus status = resource.getStatus() == null ? new MeetingStatus() : resource.getStatus();
        resource.setStatus(status);
        Long generation = resource.getMetadata().getGeneration();
        status.observedGeneration = generation;
        status.lastHandledReconcileAt = resource.getMetadata().getAnnotations() == null ? null
                : resource.getMetadata().getAnnotations().get(ManybotResource.RECONCILE_REQUESTED_AT);
        ResourceDeclarations.Read<Meeting> read = declarations.meeting(resource);
        if (!read.ok()) {
            boolean was = Conditions.isTrue(status.conditions, Conditions.STALLED);
            status.conditions = Conditions.stalled(status.conditions, "InvalidSpec", read.describe(), generation, now);
            status.nextAt = null;
            if (!was) {
                events.warning(resource, "InvalidSpec", read.describe());
            }
            return StatusPatches.patchStatus(resource);
        }
        Meeting meeting = read.declaration().value();
        status.conditions = Conditions.set(status.conditions, Conditions.STALLED, false, "Valid", "", generation, now);
        // Asked for (manybot.io/hold, e.g. by the cluster API): held once per new value, suspended or not.
        String asked = resource.getMetadata().getAnnotations() == null ? null : resource.getMetadata().getAnnotations().get(MeetingResource.HOLD);
        boolean requested = asked != null && !asked.isBlank() && !asked.equals(status.lastHoldRequest);
        if (requested) {
            status.lastHoldRequest = asked;
            hold(resource, meeting, status, now, "asked for (" + redactor.redact(asked.strip()) + ")");
        }
        if (meeting.suspend()) {
            status.nextAt = null;
            status.scheduledFor = null;
            status.conditions = Conditions.set(status.conditions, Conditions.READY, false, "Suspended", "spec.suspend is true", generation, now);
            return StatusPatches.patchStatus(resource);
        }
        Instant next = nextAt(status, meeting, resource, now);
        boolean due = next != null && !now.isBefore(next);
        boolean held = requested || due;
        if (due) {
            if (!requested) { // a holding asked for at the scheduled time serves as that one
                hold(resource, meeting, status, now, "schedule " + meeting.schedule());
            }
            next = CronTriggers.following(meeting.schedule(), now);
        }
        status.nextAt = next == null ? null : next.toString();
        status.scheduledFor = meeting.schedule();
        if (!held && (status.lastMinutes == null || status.lastMinutes.error == null)) {
            status.conditions = Conditions.set(status.conditions, Conditions.READY, true, "Scheduled",
                    next == null ? "the schedule never comes due" : "next at " + next, generation, now);
        }
        UpdateControl<MeetingResource> control = StatusPatches.patchStatus(resource);
        if (next == null) {
            return control;
        }
        Duration wait = Duration.between(now, next);
        return control.rescheduleAfter(wait.compareTo(LOOK_AGAIN) > 0 ? LOOK_AGAIN : wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /** When the schedule next comes due: as counted before unless the schedule changed; else after the last holding or the creation. */
    private static Instant nextAt(MeetingStatus status, Meeting meeting, MeetingResource resource, Instant now) {
        if (status.nextAt != null && meeting.schedule().equals(status.scheduledFor)) {
            try {
                return Instant.parse(status.nextAt);
            } catch (java.time.format.DateTimeParseException e) {
                // written by hand: counted anew below
            }
        }
        String from = status.lastHeldAt != null ? status.lastHeldAt : resource.getMetadata().getCreationTimestamp();
        Instant after;
        try {
            after = from == null ? now : Instant.parse(from);
        } catch (java.time.format.DateTimeParseException e) {
            after = now;
        }
        return CronTriggers.following(meeting.schedule(), after);
    }

    private void hold(MeetingResource resource, Meeting meeting, MeetingStatus status, Instant now, String why) throws InterruptedException {
        String namespace = resource.getMetadata().getNamespace();
        Long generation = resource.getMetadata().getGeneration();
        Minutes minutes;
        Held outcome = null;
        List<Consumer<TeamBoard>> queued = new ArrayList<>();
        try {
            outcome = held(resource, namespace, meeting, status, why, queued);
            minutes = outcome.minutes();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            minutes = null;
            status.lastMinutes = failed(MeetingRunner.minutesId(meeting.name(), now), why,
                    e.getMessage() == null ? e.getClass().getSimpleName() : redactor.redact(e.getMessage()));
        }
        status.lastHeldAt = now.toString();
        if (minutes != null) {
            if (!queued.isEmpty()) {
                try {
                    new ConfigMapTeamBoard(client, namespace).apply(queued);
                } catch (RuntimeException e) {
                    minutes = new Minutes(minutes.id(), minutes.meeting(), minutes.topic(), minutes.heldAt(), minutes.trigger(), minutes.attendees(),
                            minutes.facilitatedBy(), minutes.agenda(), minutes.decisions(), List.of(), minutes.changes(), minutes.proposalBranch(),
                            minutes.proposalCommit(), minutes.pullRequest(), "the action items could not be queued on the team board: "
                            + redactor.redact(String.valueOf(e.getMessage())));
                }
            }
            status.lastMinutes = MeetingMinutesSummary.of(minutes);
            if (!queued.isEmpty() && !minutes.actionItems().isEmpty() && leadership.leading()) {
                // The bots that got action items start a cycle for them now, not at their next scheduled time.
                team.wake(namespace, minutes.actionItems().stream().map(io.manybot.core.meeting.ActionItem::bot)
                        .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)), null);
            }
            status.conditions = Conditions.set(status.conditions, FACILITATOR, outcome.modelProblem() == null, outcome.facilitator(),
                    outcome.modelProblem() == null ? minutes.facilitatedBy() : outcome.modelProblem(), generation, now);
            if (outcome.modelProblem() != null) {
                events.warning(resource, "FacilitatorFellBack", "meeting " + meeting.name() + " was held by the factual rules: "
                        + outcome.modelProblem());
            }
            status.lastMinutes.proposalPushed = outcome.pushed();
            status.lastMinutes.proposalNotPushed = outcome.notPushed() == null ? null : redactor.redact(outcome.notPushed());
            if (outcome.notPushed() != null) {
                events.warning(resource, "ProposalNotPushed", "meeting " + meeting.name() + ": " + minutes.proposalBranch()
                        + " stays on the operator's mirror: " + status.lastMinutes.proposalNotPushed);
            }
        }
        if (status.lastMinutes.error == null) {
            status.conditions = Conditions.set(status.conditions, Conditions.READY, true, "Held", summary(meeting, status.lastMinutes),
                    generation, now);
            events.normal(resource, "MeetingHeld", summary(meeting, status.lastMinutes));
        } else {
            status.conditions = Conditions.set(status.conditions, Conditions.READY, false, "MeetingFailed", status.lastMinutes.error,
                    generation, now);
            events.warning(resource, "MeetingFailed", "meeting " + meeting.name() + " could not be held: " + status.lastMinutes.error);
        }
    }

    /** The status condition saying who facilitated the last holding (False: the model was wanted but could not be called). */
    static final String FACILITATOR = "Facilitator";

    /**
     * The minutes, and whether their proposal branch reached the remote (null: there is none).
     *
     * @param facilitator the Facilitator condition's reason: FactualRules, Model or NoModelKey
     * @param modelProblem why an {@code llm} facilitator's model was not called (its key is missing), else null
     */
    private record Held(Minutes minutes, Boolean pushed, String notPushed, String facilitator, String modelProblem) {
        Held pushed(Minutes published, Boolean pushed, String notPushed) {
            return new Held(published, pushed, notPushed, facilitator, modelProblem);
        }
    }

    private Held held(MeetingResource about, String namespace, Meeting meeting, MeetingStatus status, String why,
            List<Consumer<TeamBoard>> queued) throws Exception {
        String facilitatorName = meeting.facilitatorBot();
        if (facilitatorName == null) {
            throw new IllegalStateException("no bot attends (spec.attendees needs a manybot:<bot>)");
        }
        ManybotResource botResource = client.resources(ManybotResource.class).inNamespace(namespace).withName(facilitatorName).get();
        if (botResource == null) {
            throw new IllegalStateException("the facilitator bot Manybot " + namespace + "/" + facilitatorName + " does not exist");
        }
        ResourceDeclarations.Read<Bot> botRead = declarations.bot(botResource);
        if (!botRead.ok()) {
            throw new IllegalStateException("the facilitator bot's spec is invalid: " + botRead.describe());
        }
        Bot bot = botRead.declaration().value();
        if (bot.repository() == null || bot.repository().url() == null) {
            throw new IllegalStateException("the facilitator bot " + facilitatorName + " has no spec.repository.url");
        }
        GitCredentials credentials = GitSecrets.credentials(client, namespace, settings.credentialsSecret(bot.repository().credentialsSecret()));
        Mirror mirror = mirrors.sync(bot.repository().url(), bot.repository().branch(), credentials, false);
        List<WorkCycle> cycles = MeetingCycles.of(client.resources(WorkCycleResource.class).inNamespace(namespace).list().getItems(),
                meeting.bots(), CYCLES_READ);
        Instant since = status.lastHeldAt == null ? null : Instant.parse(status.lastHeldAt);
        Instant now = clock.instant();
        List<io.manybot.core.meeting.BlockedTask> blocked = BlockedTasks.of(new ConfigMapTeamBoard(client, namespace).load(), meeting.bots(),
                directives == null ? null : directives.current().orElse(null), now);
        Facilitator facilitator;
        String reason = MeetingFacilitators.usesModel(bot) ? "Model" : "FactualRules";
        String modelProblem = null;
        try {
            facilitator = MeetingFacilitators.forBot(bot, environment, redactor);
        } catch (SecretException | IllegalArgumentException e) {
            // The model cannot be called: the factual rules hold the meeting, and the status and an Event say why.
            String problem = "the model of " + bot.name() + " could not be used: " + redactor.redact(String.valueOf(e.getMessage()));
            modelProblem = problem;
            reason = "NoModelKey";
            facilitator = facts -> {
                MeetingOutcome rules = new FactualFacilitator().facilitate(facts);
                return new MeetingOutcome(rules.decisions(), rules.actionItems(), rules.changes(), FactualFacilitator.NAME + " (" + problem + ")");
            };
        }
        try (SourceRepository source = SourceRepository.open(mirror.directory())) {
            MeetingRunner.Setting setting = new MeetingRunner.Setting(meeting, source, bot.repository().branch(),
                    evaluations(namespace, meeting), cycles, blocked, since, why);
            Minutes minutes = new MeetingRunner(clock).hold(setting, facilitator,
                    (owner, task) -> queued.add(board -> board.enqueue(owner, task)));
            Held held = new Held(minutes, null, null, reason, modelProblem);
            if (minutes.proposalBranch() == null) {
                return held;
            }
            if (!leadership.leading()) {
                return held.pushed(minutes, false, "not pushed: this replica no longer leads");
            }
            PushResult result = mirrors.push(mirror, List.of("refs/heads/" + minutes.proposalBranch()), credentials);
            if (!result.allOk()) {
                return held.pushed(minutes, false, "the remote refused the proposal branch: "
                        + String.join("; ", result.refs().stream().filter(r -> !r.ok())
                                .map(r -> r.ref() + " " + r.status() + (r.message() == null ? "" : " (" + r.message() + ")")).toList()));
            }
            // On the remote now: its pull request (GitHub / GitLab), as a cycle's proposal gets one.
            return held.pushed(proposals.afterMeeting(namespace, bot, minutes, about), true, null);
        }
    }

    /** Each attendee bot's goal as evaluated now from the key-result values in its status (as its Goal's reconciler reads them). */
    private Map<String, GoalEvaluation> evaluations(String namespace, Meeting meeting) {
        Map<String, GoalEvaluation> out = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (String name : meeting.bots()) {
            ManybotResource bot = client.resources(ManybotResource.class).inNamespace(namespace).withName(name).get();
            if (bot == null || bot.getSpec() == null || bot.getSpec().goal == null) {
                continue;
            }
            GoalResource goal = client.resources(GoalResource.class).inNamespace(namespace).withName(bot.getSpec().goal).get();
            ResourceDeclarations.Read<Goal> read = goal == null ? null : declarations.goal(goal);
            if (read == null || !read.ok()) {
                continue;
            }
            Map<String, Double> measured = new HashMap<>();
            if (bot.getStatus() != null && bot.getStatus().keyResults != null) {
                bot.getStatus().keyResults.stream().filter(v -> v.name != null && v.value != null).forEach(v -> measured.put(v.name, v.value));
            }
            out.put(name, evaluator.evaluate(read.declaration().value(), measured, now));
        }
        return out;
    }

    private static MeetingStatus.Minutes failed(String id, String why, String error) {
        MeetingStatus.Minutes m = new MeetingStatus.Minutes();
        m.id = id;
        m.trigger = why;
        m.error = error == null ? "unknown error" : error;
        return m;
    }

    static String summary(Meeting meeting, MeetingStatus.Minutes minutes) {
        return "meeting " + meeting.name() + " held (" + minutes.trigger + "), minutes " + minutes.id + ": " + minutes.agendaItems
                + " agenda item(s), " + minutes.decisions + " decision(s), " + minutes.actionItems + " action item(s) queued"
                + (minutes.proposalBranch == null ? "" : "; OWNERS change proposed on branch " + minutes.proposalBranch
                        + (Boolean.TRUE.equals(minutes.proposalPushed) ? " (pushed)" : " (on the operator's mirror only)")
                        + (minutes.pullRequest == null ? "" : ", pull request " + minutes.pullRequest));
    }
}
