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
import io.manybot.cluster.team.TeamStatuses;
import io.manybot.core.agents.BotAgentsFactory;
import io.manybot.core.cycle.BotAgents;
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
import io.manybot.core.ownership.OwnershipCache;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.team.Handoff;
import io.manybot.core.team.TeamCycles;
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
    private final io.manybot.cluster.review.ClusterProposals proposals;
    private final io.manybot.cluster.team.ClusterTeam team;

    /** @param serverSideApply how WorkCycle status is written: apply (a real API server) or update (the fabric8 mock) */
    public ClusterCycle(KubernetesClient client, RepositoryMirrors mirrors, CycleRunner runner, BotAgentsFactory agents,
            SecretRedactor redactor, OperatorSettings settings, Clock clock, boolean serverSideApply) {
        this.statuses = new WorkCycleStatusWriter(client, serverSideApply);
        this.proposals = new io.manybot.cluster.review.ClusterProposals(client, redactor, clock);
        this.team = new io.manybot.cluster.team.ClusterTeam(client, clock, settings.declarationsDirectory());
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
        io.manybot.cluster.team.ClusterTeam.Session inTeam = null;
        boolean teamFinished = false;
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
                Path checkout = checkouts.resolve(namespace + "-" + workCycleName);
                BotAgents botAgents = agents.forBot(effective, new NamespaceSecretKeyRefs(client, namespace));
                // A bot with a parent or children: its team's queue, inbox and routing around the cycle (issue 16).
                OwnershipCache ownership = new OwnershipCache(source.repository(), settings.ownershipFiles());
                inTeam = team.begin(namespace, effective, cycleId, botAgents, () -> ownersAtTip(source, ownership, repository.branch()),
                        directives.forTeam(), checkout);
                CycleRequest request = new CycleRequest(cycleId, effective, goal.declaration().value(),
                        resource.getSpec().trigger, source, checkout,
                        inTeam == null ? botAgents : inTeam.prepared().agents(), resource.getSpec().lastSeenCommit, directives.focus(), null, directives.version(), stop,
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
            ProposalNotPushed notPushed = pushProposal(cycle, mirror, credentials, fence);
            if (notPushed != null) {
                // A proposal alone that never reached the remote is no proposal; a landing already pushed stays landed.
                cycle = withOutcome(cycle, cycle.outcome() == CycleOutcome.PROPOSED ? notPushed.outcome() : cycle.outcome(),
                        notPushed.reason());
            } else if (cycle.landing() != null && cycle.landing().proposalBranch() != null) {
                // The proposal branch is on the remote now: its pull request (GitHub / GitLab) is opened or updated.
                cycle = proposals.afterPush(namespace, effective, cycle, resource);
            }
            if (inTeam != null) {
                // Before the final status: the reconciler that sees the outcome sees the board it left.
                TeamCycles.Finished finished = inTeam.finish(cycle);
                teamFinished = true;
                TeamCycles.Prepared prepared = inTeam.prepared();
                writer.write(cycle, null, status -> TeamStatuses.onCycle(status, finished.handoffs(),
                        prepared.read().stream().map(Handoff::line).toList(), prepared.routed()));
            } else {
                writer.write(cycle, null);
            }
            return cycle;
        } catch (MirrorException | java.io.IOException | RuntimeException e) {
            return writer.failed(started, redactor.redact(String.valueOf(e.getMessage())), clock.instant());
        } finally {
            if (inTeam != null && !teamFinished) {
                try {
                    inTeam.abandon(); // the tasks it took wait in the bot's queue again
                } catch (RuntimeException e) {
                    // the board could not be written: the tasks stay in flight; the status says why the cycle failed
                }
            }
        }
    }

    private static io.manybot.core.ownership.OwnershipIndex ownersAtTip(SourceRepository source, OwnershipCache ownership, String branch) {
        try {
            return ownership.at(source.tip("refs/heads/" + branch).orElseThrow(() -> new IllegalStateException("branch " + branch + " is gone")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static WorkCycle withOutcome(WorkCycle cycle, CycleOutcome outcome, String error) {
        return new WorkCycle(cycle.id(), cycle.bot(), cycle.goal(), cycle.trigger(), cycle.phase(), outcome,
                cycle.startedAt(), cycle.finishedAt(), cycle.baseCommit(), cycle.directivesVersion(), cycle.before(), cycle.after(),
                cycle.measurementsBefore(), cycle.measurementsAfter(), cycle.tasks(), cycle.steps(), cycle.changes(), cycle.tests(),
                cycle.landing(), cycle.reflection(), cycle.timings(), error, cycle.tokens());
    }

    /** Why a proposal branch did not reach the remote, and how a cycle that only proposed then ends. */
    private record ProposalNotPushed(CycleOutcome outcome, String reason) {}

    /**
     * Pushes the cycle's proposal branch (its landing was pushed inside the cycle, by the {@link MirrorPublisher}); why it
     * was not pushed, else null.
     */
    private ProposalNotPushed pushProposal(WorkCycle cycle, Mirror mirror, GitCredentials credentials, LandingFence fence)
            throws MirrorException, InterruptedException {
        if (cycle.landing() == null || cycle.landing().proposalBranch() == null) {
            return null;
        }
        java.util.Optional<String> fenced = fence.refusal();
        if (fenced.isPresent()) {
            // A replica that no longer leads must not push: another one may be running this bot already.
            return new ProposalNotPushed(CycleOutcome.INTERRUPTED, "not pushed: " + fenced.get());
        }
        String branch = cycle.landing().proposalBranch();
        PushResult result = mirrors.push(mirror, List.of(branch.startsWith("refs/") ? branch : "refs/heads/" + branch), credentials);
        if (result.allOk()) {
            return null;
        }
        return new ProposalNotPushed(CycleOutcome.SUPERSEDED, "proposed on the mirror but the remote refused the proposal branch: "
                + String.join("; ", result.refs().stream().filter(r -> !r.ok())
                        .map(r -> r.ref() + " " + r.status() + (r.message() == null ? "" : " (" + r.message() + ")")).toList()));
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
            write(cycle, job, status -> {});
        }

        /** @param more what else the status says (the cycle's team part) */
        void write(WorkCycle cycle, String job, java.util.function.Consumer<WorkCycleStatus> more) {
            statuses.update(namespace, name, current -> {
                WorkCycleStatus status = WorkCycleStatuses.from(cycle, current);
                if (job != null) {
                    status.job = job;
                }
                more.accept(status);
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
