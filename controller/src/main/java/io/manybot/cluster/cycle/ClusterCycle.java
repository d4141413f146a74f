package io.manybot.cluster.cycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.directives.CycleDirectives;
import io.manybot.cluster.repository.GitSecrets;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.cluster.secret.NamespaceSecretKeyRefs;
import io.manybot.core.agents.BotAgentsFactory;
import io.manybot.core.cycle.CycleListener;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.Mirror;
import io.manybot.core.mirror.MirrorException;
import io.manybot.core.mirror.MirrorPublisher;
import io.manybot.core.mirror.PushResult;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.SourceRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs the cycle a WorkCycle resource stands for, with the core's {@link CycleRunner}: reads its
 * Manybot and Goal, syncs the repository mirror, runs the phases (writing the WorkCycle's status at
 * each), pushes what it lands to the remote inside its landing turn (a compare-and-swap; a remote that moved is fetched
 * and the change rebased onto it, {@link MirrorPublisher}), pushes its proposal branch, and writes the final status. The
 * operator calls it in-process; a runner pod calls it through {@code manybot cycle}.
 */
public final class ClusterCycle {
    private final KubernetesClient client;
    private final RepositoryMirrors mirrors;
    private final CycleRunner runner;
    private final BotAgentsFactory agents;
    private final SecretRedactor redactor;
    private final Path checkouts;
    private final OperatorSettings settings;
    private final Clock clock;
    private final ResourceDeclarations declarations = new ResourceDeclarations();
    private final WorkCycleStatusWriter statuses;

    /** @param serverSideApply how WorkCycle status is written: apply (a real API server) or update (the fabric8 mock) */
    public ClusterCycle(KubernetesClient client, RepositoryMirrors mirrors, CycleRunner runner, BotAgentsFactory agents,
            SecretRedactor redactor, OperatorSettings settings, Clock clock, boolean serverSideApply) {
        this.statuses = new WorkCycleStatusWriter(client, serverSideApply);
        this.client = client;
        this.mirrors = mirrors;
        this.runner = runner;
        this.agents = agents;
        this.redactor = redactor;
        this.checkouts = settings.checkouts();
        this.settings = settings;
        this.clock = clock;
    }

    /** Runs the cycle, unfenced (a runner pod); never throws for a failed cycle (the failure is its outcome, in status). */
    public WorkCycle run(String namespace, String workCycleName, BooleanSupplier stop) throws InterruptedException {
        return run(namespace, workCycleName, stop, LandingFence.NONE);
    }

    /**
     * Runs the cycle; {@code fence} is asked just before each push: a refusal keeps the push back, puts the mirror's
     * branch back where the remote is, and records the cycle INTERRUPTED with the reason. Never throws for a failed cycle.
     */
    public WorkCycle run(String namespace, String workCycleName, BooleanSupplier stop, LandingFence fence) throws InterruptedException {
        WorkCycleResource resource = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(workCycleName).get();
        if (resource == null) {
            throw new IllegalStateException("WorkCycle " + namespace + "/" + workCycleName + " does not exist");
        }
        String cycleId = resource.getSpec().cycleId;
        WorkCycle started = WorkCycle.started(cycleId, resource.getSpec().bot, resource.getSpec().goal, resource.getSpec().trigger, clock.instant());
        WorkCycleWriter writer = new WorkCycleWriter(statuses, namespace, workCycleName);
        try {
            ManybotResource manybot = client.resources(ManybotResource.class).inNamespace(namespace).withName(resource.getSpec().bot).get();
            if (manybot == null) {
                return writer.failed(started, "Manybot " + resource.getSpec().bot + " no longer exists", clock.instant());
            }
            ResourceDeclarations.Read<Bot> bot = declarations.bot(manybot);
            if (!bot.ok()) {
                return writer.failed(started, bot.describe(), clock.instant());
            }
            GoalResource goalResource = client.resources(GoalResource.class).inNamespace(namespace).withName(manybot.getSpec().goal).get();
            ResourceDeclarations.Read<Goal> goal = goalResource == null ? null : declarations.goal(goalResource);
            if (goal == null || !goal.ok()) {
                return writer.failed(started, goal == null ? "Goal " + manybot.getSpec().goal + " does not exist" : goal.describe(), clock.instant());
            }
            // The live directives' limit overrides, planning notes and version, as the operator put them in the spec.
            CycleDirectives directives = CycleDirectives.of(resource.getSpec());
            Bot effective = directives.applyTo(bot.declaration().value());
            Bot.Repository repository = effective.repository();
            GitCredentials credentials = GitSecrets.credentials(client, namespace, settings.credentialsSecret(repository.credentialsSecret()));
            Mirror mirror = mirrors.sync(repository.url(), repository.branch(), credentials, false);
            WorkCycle cycle;
            try (SourceRepository source = SourceRepository.open(mirror.directory())) {
                CycleRequest request = new CycleRequest(cycleId, effective, goal.declaration().value(),
                        resource.getSpec().trigger, source, checkouts.resolve(namespace + "-" + workCycleName),
                        agents.forBot(effective, new NamespaceSecretKeyRefs(client, namespace)), resource.getSpec().lastSeenCommit, directives.focus(), null, directives.version(), stop,
                        // The landing counts once pushed: a moved remote is fetched and the change rebased onto it, inside the landing turn.
                        new MirrorPublisher(mirrors, mirror, credentials, fence::refusal));
                cycle = runner.run(request, new CycleListener() {
                    @Override
                    public void phase(WorkCycle current) {
                        // The outcome is written once the push to the remote has answered, not before.
                        if (current.outcome() == null) {
                            writer.write(current, null);
                        }
                    }

                    @Override
                    public void event(WorkCycle current, String level, String message) {}
                });
            }
            String proposalError = pushProposal(cycle, mirror, credentials, fence);
            if (proposalError != null) {
                // A proposal alone that never reached the remote is no proposal; a landing already pushed stays landed.
                cycle = withOutcome(cycle, cycle.outcome() == CycleOutcome.PROPOSED ? (proposalError.startsWith("not pushed: ")
                        ? CycleOutcome.INTERRUPTED : CycleOutcome.SUPERSEDED) : cycle.outcome(), proposalError);
            }
            writer.write(cycle, null);
            return cycle;
        } catch (MirrorException | java.io.IOException | RuntimeException e) {
            return writer.failed(started, redactor.redact(String.valueOf(e.getMessage())), clock.instant());
        }
    }

    private static WorkCycle withOutcome(WorkCycle cycle, CycleOutcome outcome, String error) {
        return new WorkCycle(cycle.id(), cycle.bot(), cycle.goal(), cycle.trigger(), cycle.phase(), outcome,
                cycle.startedAt(), cycle.finishedAt(), cycle.baseCommit(), cycle.directivesVersion(), cycle.before(), cycle.after(),
                cycle.measurementsBefore(), cycle.measurementsAfter(), cycle.tasks(), cycle.steps(), cycle.changes(), cycle.tests(),
                cycle.landing(), cycle.reflection(), cycle.timings(), error, cycle.tokens());
    }

    /**
     * Pushes the cycle's proposal branch (its landing was pushed inside the cycle, by the {@link MirrorPublisher}); the
     * reason when it was not pushed, else null.
     */
    private String pushProposal(WorkCycle cycle, Mirror mirror, GitCredentials credentials, LandingFence fence)
            throws MirrorException, InterruptedException {
        if (cycle.landing() == null || cycle.landing().proposalBranch() == null) {
            return null;
        }
        java.util.Optional<String> fenced = fence.refusal();
        if (fenced.isPresent()) {
            // A replica that no longer leads must not push: another one may be running this bot already.
            return "not pushed: " + fenced.get();
        }
        String branch = cycle.landing().proposalBranch();
        PushResult result = mirrors.push(mirror, List.of(branch.startsWith("refs/") ? branch : "refs/heads/" + branch), credentials);
        if (result.allOk()) {
            return null;
        }
        return "proposed on the mirror but the remote refused the proposal branch: " + String.join("; ",
                result.refs().stream().filter(r -> !r.ok()).map(r -> r.ref() + " " + r.status() + (r.message() == null ? "" : " (" + r.message() + ")"))
                        .toList());
    }

    /** Writes a WorkCycle's status (the status subresource only; the spec is never written). */
    static final class WorkCycleWriter {
        private final WorkCycleStatusWriter statuses;
        private final String namespace;
        private final String name;

        WorkCycleWriter(WorkCycleStatusWriter statuses, String namespace, String name) {
            this.statuses = statuses;
            this.namespace = namespace;
            this.name = name;
        }

        void write(WorkCycle cycle, String job) {
            statuses.update(namespace, name, current -> {
                WorkCycleStatus status = WorkCycleStatuses.from(cycle, current);
                if (job != null) {
                    status.job = job;
                }
                return status;
            });
        }

        WorkCycle failed(WorkCycle started, String error, java.time.Instant now) {
            WorkCycle failed = new WorkCycle(started.id(), started.bot(), started.goal(), started.trigger(), started.phase(),
                    CycleOutcome.FAILED, started.startedAt(), now, null, null, null, null, List.of(), List.of(), List.of(), List.of(),
                    List.of(), null, null, null, List.of(), error);
            write(failed, null);
            return failed;
        }
    }
}
