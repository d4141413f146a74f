package io.manybot.core.cycle;

import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.executor.TestRunner;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.GoalEvaluator;
import io.manybot.core.landing.LandingQueue;
import io.manybot.core.landing.Published;
import io.manybot.core.landing.RebaseLanding;
import io.manybot.core.landing.Relanded;
import io.manybot.core.landing.TreeOverlay;
import io.manybot.core.measure.KeyResultMeasurer;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.OwnershipCache;
import io.manybot.core.ownership.OwnershipFiles;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.BotSecrets;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.secret.SecretScan;
import io.manybot.core.workspace.Directories;
import io.manybot.core.workspace.FileChange;
import io.manybot.core.workspace.IsolatedCheckout;
import io.manybot.core.workspace.LandResult;
import io.manybot.core.workspace.Lander;
import io.manybot.core.workspace.LandingTarget;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Runs one work cycle of one bot (DESIGN.md section 5): sense, plan, execute in an isolated
 * checkout, gate every change through ownership, verify, land, reflect, record. The user's working
 * tree is never touched; a cycle lands at most once; every phase boundary is reported to the
 * listener so that a crash loses nothing that happened before it.
 */
public final class CycleRunner {
    private final KeyResultMeasurer measurer;
    private final ProcessRunner processes;
    private final Map<String, String> environment;
    private final Clock clock;
    private final boolean reuseCheckouts;
    private final GoalEvaluator evaluator = new GoalEvaluator();
    private final Gate gate = new Gate();
    private final ResponsibilityReview review = new ResponsibilityReview();
    private final Lander lander = new Lander();
    private final LandingQueue queue = LandingQueue.PROCESS;
    private final RebaseLanding rebaseLanding;
    /** How often one landing rebases when other processes keep moving the ref under its compare-and-swap. */
    static final int MAX_REBASES = 5;
    private final SecretRedactor redactor;
    private final Map<SourceRepository, OwnershipCache> ownership = new HashMap<>();
    private final OwnershipFiles ownershipFiles;

    /**
     * @param environment what measurement and test commands see, on top of the restricted base
     *     environment (see {@link ProcessRunner#restrictedEnvironment})
     */
    public CycleRunner(ProcessRunner processes, Map<String, String> environment, Clock clock) {
        this(processes, environment, clock, false);
    }

    /**
     * @param reuseCheckouts keep each cycle's checkout for the next cycle to reset and reuse (one
     *     directory per bot: only changed files are rewritten) instead of deleting it at the end
     */
    public CycleRunner(ProcessRunner processes, Map<String, String> environment, Clock clock, boolean reuseCheckouts) {
        this(processes, environment, clock, reuseCheckouts, new SecretRedactor());
    }

    /**
     * @param redactor the home's redactor (holding the keys its executors resolved): every text the
     *     cycle stores (step output, test output, events, task results, errors) is masked with it, and a
     *     change holding one of its values or a token shape is refused before it lands
     */
    public CycleRunner(ProcessRunner processes, Map<String, String> environment, Clock clock, boolean reuseCheckouts,
            SecretRedactor redactor) {
        this(processes, environment, clock, reuseCheckouts, redactor, OwnershipFiles.DEFAULT);
    }

    /**
     * @param ownershipFiles the home's ownership files: its declarations directory (a run's {@code --declarations}, the
     *     operator's setting) among them, so that a bot's change there goes to review wherever the directory is
     */
    public CycleRunner(ProcessRunner processes, Map<String, String> environment, Clock clock, boolean reuseCheckouts,
            SecretRedactor redactor, OwnershipFiles ownershipFiles) {
        this.ownershipFiles = ownershipFiles;
        this.redactor = redactor;
        this.reuseCheckouts = reuseCheckouts;
        this.processes = processes;
        this.environment = Map.copyOf(environment);
        this.measurer = new KeyResultMeasurer(processes, environment);
        this.rebaseLanding = new RebaseLanding(processes, environment);
        this.clock = clock;
    }

    public WorkCycle run(CycleRequest request, CycleListener listener) throws InterruptedException {
        BotSecrets.register(request.bot(), Map.of(), redactor);
        CycleProgress progress = new CycleProgress(request, listener, clock, redactor);
        Instant deadline = progress.startedAt().plus(request.bot().limits().cycleTimeout());
        try {
            progress.enter(CyclePhase.SENSE);
            cycle(request, progress, deadline);
            reflect(request, progress);
        } catch (InterruptedException e) {
            boolean timedOut = !clock.instant().isBefore(deadline);
            progress.outcome = timedOut ? CycleOutcome.TIMED_OUT : CycleOutcome.ABANDONED;
            progress.error = timedOut
                    ? "cycle timed out after " + request.bot().limits().cycleTimeout().toSeconds() + " s in phase " + progress.phase()
                    : "stopped by " + StopSignal.reasonOf(request.stopRequested()) + " in phase " + progress.phase();
            Thread.currentThread().interrupt();
        } catch (StopRequested e) {
            progress.outcome = e.timedOut ? CycleOutcome.TIMED_OUT : CycleOutcome.ABANDONED;
            progress.error = e.timedOut
                    ? "cycle timed out after " + request.bot().limits().cycleTimeout().toSeconds() + " s, before phase " + e.next
                    : "stopped by " + StopSignal.reasonOf(request.stopRequested()) + " before phase " + e.next;
        } catch (CycleEnded e) {
            progress.outcome = CycleOutcome.FAILED;
            progress.error = e.getMessage();
            progress.event("error", "cycle ended in phase " + progress.phase() + ": " + progress.error);
        } catch (IOException | RuntimeException e) {
            progress.outcome = CycleOutcome.FAILED;
            progress.error = describe(e);
            progress.event("error", "cycle failed in phase " + progress.phase() + ": " + progress.error);
        } finally {
            if (progress.checkout != null && reuseCheckouts) {
                progress.checkout.release();
            } else if (progress.checkout != null) {
                progress.checkout.close();
            }
            if (!reuseCheckouts) {
                removeCheckout(request, progress);
            }
        }
        if (progress.reflection == null) {
            progress.reflection = new FactualReflector().reflect(progress.snapshot());
        }
        return finish(progress);
    }

    private void cycle(CycleRequest request, CycleProgress progress, Instant deadline)
            throws IOException, InterruptedException {
        Bot bot = request.bot();
        Goal goal = request.goal();
        SourceRepository source = request.source();

        LandingTarget target = source.target(bot.repository().branch());
        ObjectId base = source.base(target);
        Optional<ObjectId> expectedOld = source.tip(target.ref());
        progress.baseCommit = base.name();
        progress.landing = new Landing(target.ref(), null, null, null, List.of(), false);
        IsolatedCheckout checkout = reuseCheckouts
                ? IsolatedCheckout.reuseOrCreate(source, base, request.checkout())
                : IsolatedCheckout.create(source, base, request.checkout());
        progress.checkout = checkout;
        OwnershipIndex owners = ownershipAt(source, base);
        progress.measurementsBefore = masked(measurer.measure(goal, checkout.directory(), base.name()));
        reportMeasurements(progress, progress.measurementsBefore);
        restore(checkout, paths(checkout.changes(), change -> true));
        progress.before = evaluate(goal, progress.measurementsBefore);
        progress.after = progress.before;
        List<Task> reviews = review.tasks(source, bot.name(), request.lastSeenCommit(), base, owners);

        next(request, progress, deadline, CyclePhase.PLAN);
        progress.tasks = request.agents().planner().plan(new PlanningContext(bot, goal, progress.before,
                progress.measurementsBefore, reviews, request.previous(), request.focus(), bot.limits().tasksPerCycle()));
        progress.event("info", "planned " + progress.tasks.size() + " task(s)"
                + progress.tasks.stream().map(task -> "\n  - " + task.title() + " — " + task.rationale()).reduce("", String::concat));
        if (progress.tasks.isEmpty()) {
            progress.outcome = CycleOutcome.NO_CHANGE;
            return;
        }

        next(request, progress, deadline, CyclePhase.EXECUTE);
        execute(request, progress, checkout, deadline);

        next(request, progress, deadline, CyclePhase.GATE);
        List<FileChange> changes = checkout.changes();
        if (changes.isEmpty()) {
            boolean anyFailed = progress.tasks.stream().anyMatch(task -> task.state() == Task.State.FAILED);
            progress.outcome = anyFailed ? CycleOutcome.FAILED : CycleOutcome.NO_CHANGE;
            if (anyFailed) {
                progress.error = "the executor failed and changed nothing";
            }
            return;
        }
        progress.changes = refuseSecrets(gate.check(bot, changes, owners, bot.limits().changesPerCycle()), checkout, progress);
        restore(checkout, paths(progress.changes, file -> file.disposition() == Disposition.DROPPED));
        List<String> writes = paths(progress.changes, file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.WRITE);
        List<String> proposals = paths(progress.changes, file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.REVIEW);
        progress.event("info", "gate: " + writes.size() + " to write, " + proposals.size() + " to propose, "
                + (progress.changes.size() - writes.size() - proposals.size()) + " dropped");
        if (writes.isEmpty() && proposals.isEmpty()) {
            progress.outcome = CycleOutcome.REFUSED;
            return;
        }

        next(request, progress, deadline, CyclePhase.VERIFY);
        if (bot.tests() != null) {
            TestRun tests = TestRunner.runTests(processes, bot.tests(), checkout.directory(), environment);
            progress.tests = new TestRun(tests.command(), tests.exitCode(), tests.passed(), tests.timedOut(),
                    progress.mask(tests.output()), tests.millis());
            progress.event(progress.tests.passed() ? "info" : "warn", "tests " + (progress.tests.passed() ? "passed" : "failed")
                    + " (" + String.join(" ", bot.tests().command()) + ")");
            if (!progress.tests.passed() && bot.rollbackOnTestFailure()) {
                progress.updateChanges(file -> file.disposition() == Disposition.DROPPED ? file
                        : file.with(Disposition.ROLLED_BACK, "tests failed; rolled back"));
                progress.outcome = CycleOutcome.ROLLED_BACK;
                return;
            }
        }
        CycleCommits commits = new CycleCommits(request, progress);
        ObjectId proposalCommit = null;
        String fingerprint = null;
        if (!proposals.isEmpty()) {
            fingerprint = Proposals.fingerprint(checkout, proposals);
            proposalCommit = checkout.commit(proposals, progress.mask(commits.proposalMessage(proposals, fingerprint)), commits.author());
            restore(checkout, proposals);
        }
        // Commit messages carry task titles and results: masked as everything the cycle keeps.
        ObjectId landCommit = writes.isEmpty() ? null : checkout.commit(writes, progress.mask(commits.landingMessage(writes)), commits.author());
        progress.measurementsAfter = masked(measurer.measure(goal, checkout.directory(), (landCommit != null ? landCommit : base).name()));
        reportMeasurements(progress, progress.measurementsAfter);
        progress.after = evaluate(goal, progress.measurementsAfter);
        JudgeStep.Judged judged = JudgeStep.apply(request, progress, checkout, landCommit, proposalCommit, fingerprint, writes, proposals,
                proposals.stream().filter(owners::isOwnership).toList());
        if (judged.rejected()) {
            return;
        }
        landCommit = judged.landCommit();
        proposalCommit = judged.proposalCommit();
        fingerprint = judged.fingerprint();

        next(request, progress, deadline, CyclePhase.LAND);
        land(request, progress, checkout, target, expectedOld.orElse(null), landCommit, proposalCommit, fingerprint);
    }

    private void execute(CycleRequest request, CycleProgress progress, IsolatedCheckout checkout, Instant deadline)
            throws InterruptedException {
        boolean agentReviews = request.bot().executor().type() != Bot.ExecutorType.COMMAND;
        for (Task task : progress.tasks) {
            if (task.state() == Task.State.ARCHIVED || task.state() == Task.State.COMPLETED || task.state() == Task.State.FAILED) {
                continue; // settled while planning (a team routed it to another bot)
            }
            if (task.kind() == Task.Kind.REVIEW && !agentReviews) {
                progress.updateTasks(t -> t.id().equals(task.id())
                        ? t.with(Task.State.COMPLETED, "recorded for the owner's attention (command bots do not review)") : t);
                continue;
            }
            progress.updateTasks(t -> t.id().equals(task.id()) ? t.with(Task.State.IN_PROGRESS, null) : t);
            progress.event("info", "executing " + task.title());
            Duration left = Duration.between(clock.instant(), deadline);
            ExecutionResult result = request.agents().executor().execute(new ExecutionRequest(request.bot(), request.goal(),
                    progress.before, task, checkout.directory(), request.focus(), left.isNegative() ? Duration.ZERO : left));
            for (ExecutedStep step : result.steps()) {
                progress.steps.add(new ExecutedStep(step.task(), step.kind(), progress.mask(step.description()), step.exitCode(),
                        step.succeeded(), progress.mask(step.output()), step.millis()));
            }
            progress.tokens = progress.tokens.plus(result.tokens());
            Task.State state = result.succeeded() ? Task.State.COMPLETED : Task.State.FAILED;
            String summary = progress.mask(result.summary());
            progress.updateTasks(t -> t.id().equals(task.id()) ? t.with(state, summary) : t);
            progress.event(result.succeeded() ? "info" : "warn", task.title() + ": " + summary);
            if (result.endsCycle() != null) {
                throw new CycleEnded(progress.mask(result.endsCycle()));
            }
        }
    }

    /**
     * The gated changes with every one that holds a secret (a value of the redactor, a token shape)
     * dropped, naming file and line: it is restored with the other dropped ones and never committed.
     */
    private List<ChangedFile> refuseSecrets(List<ChangedFile> gated, IsolatedCheckout checkout, CycleProgress progress)
            throws IOException {
        SecretScan scan = new SecretScan(redactor);
        List<ChangedFile> checked = new java.util.ArrayList<>(gated.size());
        for (ChangedFile file : gated) {
            Optional<SecretScan.Hit> hit = file.disposition() == Disposition.DROPPED || file.change() == ChangedFile.Change.DELETED
                    ? Optional.empty() : scan.scan(checkout.directory(), file.path());
            if (hit.isPresent()) {
                String reason = "refused: " + hit.get().describe() + "; a change holding a secret never lands";
                progress.event("warn", reason);
                checked.add(file.with(Disposition.DROPPED, reason));
            } else {
                checked.add(file);
            }
        }
        return checked;
    }

    private void land(CycleRequest request, CycleProgress progress, IsolatedCheckout checkout, LandingTarget target,
            ObjectId expectedOld, ObjectId landCommit, ObjectId proposalCommit, String fingerprint) throws IOException, InterruptedException {
        if (request.bot().dryRun()) {
            progress.updateChanges(file -> file.disposition() == Disposition.DROPPED ? file
                    : file.with(Disposition.NOT_LANDED, "dry run: would " + (file.decision() == Decision.WRITE ? "land" : "propose")));
            progress.landing = new Landing(target.ref(), null, null, null, reviewers(progress), false);
            progress.outcome = CycleOutcome.DRY_RUN;
            return;
        }
        String landed = null;
        boolean already = false;
        WriteLanding writes = WriteLanding.NONE;
        if (landCommit != null) {
            writes = landWrites(request, progress, checkout, target, expectedOld, landCommit);
            Relanded relanded = writes.relanded();
            if (relanded != null && relanded.tests() != null) {
                TestRun tests = relanded.tests();
                progress.tests = new TestRun(tests.command(), tests.exitCode(), tests.passed(), tests.timedOut(),
                        progress.mask(tests.output()), tests.millis());
                progress.event(tests.passed() ? "info" : "warn", "tests " + (tests.passed() ? "passed" : "failed") + " on the rebased tree");
            }
            if (writes.unpublished() != null && writes.unpublished().kind() == Published.Kind.REFUSED) {
                // A branch protection (or a hook) refused the direct push: the writes are proposed for review instead.
                RefusedProposal moved = proposeRefusedWrites(request, progress, checkout, target, writes.unpublished(), landCommit,
                        proposalCommit);
                proposalCommit = moved.commit();
                fingerprint = moved.fingerprint();
                writes = WriteLanding.NONE;
            } else {
                if (writes.stopped(progress, target)) {
                    return;
                }
                if (relanded != null) {
                    regate(progress, relanded);
                }
            }
            if (writes.result() != null) {
                LandResult result = writes.result();
                landed = result.commit();
                already = result.status() == LandResult.Status.ALREADY_LANDED;
                progress.updateChanges(file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.WRITE
                        ? file.with(Disposition.LANDED, file.reason()) : file);
                progress.event("info", (already ? "already landed " : "landed ") + landed.substring(0, 7) + " on " + target.ref()
                        + (writes.rebasedOver() > 0 ? " (" + writes.landing(target.ref(), landed).describe() + ")" : "")
                        + (target.redirected() ? " (" + target.branch() + " is checked out in your working tree; merge with `git merge --ff-only manybot/" + target.branch() + "`)" : ""));
            }
        }
        boolean alreadyOnTarget = writes.relanded() != null && writes.relanded().kind() == Relanded.Kind.ALREADY_ON_TARGET;
        if (alreadyOnTarget) {
            progress.updateChanges(file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.WRITE
                    ? file.with(Disposition.NOT_LANDED, "already so on " + target.ref() + ": it made the same change since the cycle's base")
                    : file);
            progress.event("info", "nothing to land: " + target.ref() + " made the same change since the cycle's base");
        }
        List<String> revokedToReview = writes.relanded() == null ? List.of() : writes.relanded().regated().stream()
                .filter(file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.REVIEW).map(ChangedFile::path).toList();
        if (!revokedToReview.isEmpty()) {
            // Writes that ownership at the new tip sends to review join the cycle's proposal (one branch per cycle).
            List<String> proposed = paths(progress.changes, file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.REVIEW);
            ObjectId tree = TreeOverlay.overlay(checkout.repository(), treeOf(checkout, proposalCommit != null ? proposalCommit : checkout.base()),
                    treeOf(checkout, landCommit), revokedToReview);
            fingerprint = Proposals.fingerprint(checkout.repository(), tree, proposed);
            CycleCommits commits = new CycleCommits(request, progress);
            proposalCommit = checkout.commitTree(tree, progress.mask(commits.proposalMessage(proposed, fingerprint)), commits.author());
        }
        List<String> reviewers = reviewers(progress);
        String proposalBranch = null;
        String proposalId = null;
        boolean proposedBefore = false;
        if (proposalCommit != null) {
            Proposals.Placed placed = new Proposals(request.source(), lander).place(request, checkout, proposalCommit, fingerprint);
            proposalBranch = placed.branch();
            proposalId = placed.commit();
            proposedBefore = placed.existing();
            progress.updateChanges(file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.REVIEW
                    ? file.with(Disposition.PROPOSED, file.reason()) : file);
            progress.event("info", (placed.existing() ? "already proposed on " : "proposed on ") + proposalBranch
                    + (reviewers.isEmpty() ? "" : " for review by " + String.join(", ", reviewers)));
        }
        progress.landing = new Landing(target.ref(), landed, proposalBranch, proposalId, reviewers, already,
                writes.rebasedOver(), writes.retested(), List.of());
        if (landed == null && proposalCommit == null) {
            progress.outcome = alreadyOnTarget ? CycleOutcome.NO_CHANGE : CycleOutcome.REFUSED;
            return;
        }
        // Finding its own open proposal again is no news: the bot idles until someone reviews it.
        progress.outcome = landed != null ? CycleOutcome.LANDED : proposedBefore ? CycleOutcome.NO_CHANGE : CycleOutcome.PROPOSED;
    }

    /**
     * Lands the cycle's commit on the target in this process's turn for the ref ({@link LandingQueue}) and publishes it
     * ({@link CycleRequest#publisher()}: pushes it when the source mirrors a remote): directly when the ref (and the
     * remote) is where the cycle started; else, per the bot's {@code landing.onTargetMoved}, rebased onto the new tip,
     * gated again and retested there ({@link RebaseLanding}), and landed with a compare-and-swap from that tip — again,
     * at most {@value #MAX_REBASES} times, when another process (or another pusher to the remote) moved it meanwhile.
     */
    private WriteLanding landWrites(CycleRequest request, CycleProgress progress, IsolatedCheckout checkout, LandingTarget target,
            ObjectId expectedOld, ObjectId landCommit) throws IOException, InterruptedException {
        SourceRepository source = request.source();
        Bot bot = request.bot();
        String key = source.directory().toAbsolutePath().normalize().toString();
        return queue.serialised(key, target.ref(), () -> {
            ObjectId change = landCommit;
            ObjectId changeBase = checkout.base();
            ObjectId commit = landCommit;
            ObjectId expected = expectedOld;
            Relanded relanded = null;
            for (int rebases = 0; ; rebases++) {
                LandResult result = lander.land(source, checkout, commit, target.ref(), expected, request.cycleId());
                Optional<ObjectId> tip;
                String refusal;
                if (result.status() != LandResult.Status.REJECTED) {
                    ObjectId landed = ObjectId.fromString(result.commit());
                    Published published = request.publisher().publish(target.ref(), landed);
                    if (published.kind() == Published.Kind.PUBLISHED) {
                        return new WriteLanding(result, relanded, null);
                    }
                    if (published.kind() != Published.Kind.MOVED) {
                        return WriteLanding.unpublished(relanded, published);
                    }
                    if (result.status() == LandResult.Status.ALREADY_LANDED) {
                        // A restarted cycle found its own commit landed but never published: that commit is the change.
                        change = landed;
                        changeBase = parentOf(checkout, landed);
                    }
                    tip = Optional.of(published.tip());
                    refusal = published.detail();
                } else {
                    tip = source.tip(target.ref());
                    refusal = result.detail();
                }
                boolean moved = tip.isPresent() && !tip.get().equals(expected);
                if (!moved || bot.landing().onTargetMoved() == Bot.LandingPolicy.OnTargetMoved.REPLAN || rebases >= MAX_REBASES) {
                    return new WriteLanding(null, relanded, refusal
                            + (moved && rebases >= MAX_REBASES ? " (after " + rebases + " rebases)" : ""));
                }
                progress.event("info", target.ref() + " moved since the cycle's base: rebasing onto " + tip.get().abbreviate(7).name());
                relanded = rebaseLanding.rebase(new RebaseLanding.Request(bot, request.cycleId(), checkout.repository(), change, changeBase,
                        tip.get(), ownershipAt(source, tip.get()), checkout::resetTo));
                if (relanded.kind() != Relanded.Kind.REBASED) {
                    return new WriteLanding(null, relanded, null);
                }
                commit = relanded.commit();
                expected = tip.get();
            }
        });
    }

    private static ObjectId parentOf(IsolatedCheckout checkout, ObjectId commit) throws IOException {
        try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(checkout.repository())) {
            return walk.parseCommit(commit).getParent(0).copy();
        }
    }

    /** The proposal commit that holds the writes the remote refused, and its fingerprint. */
    private record RefusedProposal(ObjectId commit, String fingerprint) {}

    /**
     * The cycle's writes, which the remote refused to take directly (a protected branch, a hook), join its proposal: each
     * becomes a REVIEW by the path's owners (nearest OWNERS owners and required reviewers, not the bot) with the remote's
     * reason; the proposal commit holds them on top of any proposed paths, based on the cycle's base.
     */
    private RefusedProposal proposeRefusedWrites(CycleRequest request, CycleProgress progress, IsolatedCheckout checkout, LandingTarget target,
            Published refusal, ObjectId landCommit, ObjectId proposalCommit) throws IOException {
        String why = "the remote refused the direct push to " + target.ref() + " (" + refusal.detail() + "): proposed for review instead";
        List<String> refused = paths(progress.changes, file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.WRITE);
        OwnershipIndex owners = ownershipAt(request.source(), checkout.base());
        io.manybot.core.ownership.Principal self = io.manybot.core.ownership.Principal.bot(request.bot().name());
        progress.updateChanges(file -> !refused.contains(file.path()) ? file : new ChangedFile(file.path(), file.change(), Decision.REVIEW,
                progress.mask(why), file.decidedBy(), ownersOf(owners, file.path(), self), Disposition.NOT_LANDED, file.labels()));
        List<String> proposed = paths(progress.changes, file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.REVIEW);
        ObjectId tree = TreeOverlay.overlay(checkout.repository(), treeOf(checkout, proposalCommit != null ? proposalCommit : checkout.base()),
                treeOf(checkout, landCommit), refused);
        String fingerprint = Proposals.fingerprint(checkout.repository(), tree, proposed);
        CycleCommits commits = new CycleCommits(request, progress);
        ObjectId commit = checkout.commitTree(tree, progress.mask(commits.proposalMessage(proposed, fingerprint)), commits.author());
        progress.event("warn", "not landed: " + progress.mask(why));
        return new RefusedProposal(commit, fingerprint);
    }

    /** Who reviews a path the bot may write when its write must go through review: the path's owners and required reviewers. */
    private static List<String> ownersOf(OwnershipIndex owners, String path, io.manybot.core.ownership.Principal self) {
        io.manybot.core.ownership.OwnershipResolution resolution = owners.resolve(path);
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        resolution.nearestOwners().stream().map(io.manybot.core.ownership.Entry::principal).filter(p -> !p.equals(self) && !p.isBot())
                .forEach(p -> out.add(p.toString()));
        resolution.requiredReviewers().stream().map(io.manybot.core.ownership.Entry::principal).filter(p -> !p.equals(self))
                .forEach(p -> out.add(p.toString()));
        if (out.isEmpty()) {
            // The bot is the nearest owner: the people owning the directories above review.
            resolution.owners().stream().map(io.manybot.core.ownership.Entry::principal).filter(p -> !p.isBot())
                    .forEach(p -> out.add(p.toString()));
        }
        return List.copyOf(out);
    }

    /** The cycle's writes as ownership at the new tip decides them: a revoked write is proposed or dropped, with the reason. */
    private static void regate(CycleProgress progress, Relanded relanded) {
        Map<String, ChangedFile> verdicts = new HashMap<>();
        relanded.regated().forEach(file -> verdicts.put(file.path(), file));
        java.util.Set<String> revoked = new java.util.HashSet<>(relanded.revoked());
        String at = " (ownership at " + relanded.rebased().onto().abbreviate(7).name() + ", the target's tip the change was rebased onto)";
        progress.updateChanges(file -> {
            ChangedFile verdict = verdicts.get(file.path());
            if (verdict == null || !revoked.contains(file.path()) || file.disposition() == Disposition.DROPPED) {
                return file;
            }
            return new ChangedFile(file.path(), file.change(), verdict.decision(), verdict.reason() + at, verdict.decidedBy(),
                    verdict.reviewers(), verdict.disposition() == Disposition.DROPPED ? Disposition.DROPPED : file.disposition(),
                    verdict.labels());
        });
        if (!revoked.isEmpty()) {
            progress.event("warn", "gated again at the new tip: " + String.join(", ", relanded.revoked()) + " no longer written directly");
        }
    }

    private static List<String> reviewers(CycleProgress progress) {
        return progress.changes.stream()
                .filter(file -> file.disposition() != Disposition.DROPPED && file.decision() == Decision.REVIEW)
                .flatMap(file -> file.reviewers().stream()).distinct().toList();
    }

    private static ObjectId treeOf(IsolatedCheckout checkout, ObjectId commit) throws IOException {
        try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(checkout.repository())) {
            return walk.parseCommit(commit).getTree().copy();
        }
    }

    private WorkCycle finish(CycleProgress progress) {
        progress.updateTasks(task -> task.state() == Task.State.PLANNED || task.state() == Task.State.CREATED
                || task.state() == Task.State.IN_PROGRESS ? task.with(Task.State.ARCHIVED, "not run: cycle " + progress.outcome) : task);
        if (progress.phase() != CyclePhase.RECORD) {
            progress.enter(CyclePhase.RECORD);
        }
        progress.enter(CyclePhase.DONE);
        return progress.snapshot();
    }

    private void reflect(CycleRequest request, CycleProgress progress) throws InterruptedException {
        progress.enter(CyclePhase.REFLECT);
        try {
            progress.reflection = request.agents().reflector().reflect(progress.snapshot());
        } catch (RuntimeException e) {
            progress.event("warn", "reflector failed (" + describe(e) + "); a factual summary stands in");
            progress.reflection = new FactualReflector().reflect(progress.snapshot());
        }
    }

    /** Enters the next phase, unless shutdown asked to stop or the cycle's time is up. */
    private void next(CycleRequest request, CycleProgress progress, Instant deadline, CyclePhase next) {
        if (request.stopRequested().getAsBoolean()) {
            throw new StopRequested(next, false);
        }
        if (!clock.instant().isBefore(deadline)) {
            throw new StopRequested(next, true);
        }
        progress.enter(next);
    }

    /** The ownership index already read at {@code commit} of {@code source}: cycles based there reuse it. */
    public void knownOwnership(SourceRepository source, ObjectId commit, OwnershipIndex index) {
        cache(source).put(commit, index);
    }

    private OwnershipIndex ownershipAt(SourceRepository source, ObjectId commit) throws IOException {
        return cache(source).at(commit);
    }

    private OwnershipCache cache(SourceRepository source) {
        synchronized (ownership) {
            return ownership.computeIfAbsent(source, s -> new OwnershipCache(s.repository(), ownershipFiles));
        }
    }

    private GoalEvaluation evaluate(Goal goal, List<MeasuredValue> values) {
        Map<String, Double> measured = new HashMap<>();
        for (MeasuredValue value : values) {
            measured.put(value.keyResult(), value.value());
        }
        return evaluator.evaluate(goal, measured, clock.instant());
    }

    /** The values with their failure texts (a measurement command's output) masked. */
    private List<MeasuredValue> masked(List<MeasuredValue> values) {
        return values.stream().map(v -> v.failure() == null ? v : new MeasuredValue(v.goal(), v.keyResult(), v.value(),
                redactor.redact(v.failure()), v.measuredAt(), v.millis(), v.commit())).toList();
    }

    private static void reportMeasurements(CycleProgress progress, List<MeasuredValue> values) {
        for (MeasuredValue value : values) {
            progress.event(value.known() ? "info" : "warn", "measured " + value.keyResult() + " = "
                    + (value.known() ? FactualPlanner.number(value.value()) : "unknown (" + value.failure() + ")"));
        }
    }

    private static void removeCheckout(CycleRequest request, CycleProgress progress) {
        try {
            Directories.delete(request.checkout());
        } catch (IOException e) {
            progress.event("warn", "could not remove the checkout " + request.checkout() + ": " + e.getMessage());
        }
    }

    private static void restore(IsolatedCheckout checkout, List<String> paths) throws IOException {
        if (!paths.isEmpty()) {
            checkout.restore(paths);
        }
    }

    private static <T> List<String> paths(List<T> items, Predicate<T> filter) {
        return items.stream().filter(filter).map(item -> item instanceof FileChange change ? change.path() : ((ChangedFile) item).path()).toList();
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** An executor ended the cycle ({@link ExecutionResult#endsCycle()}): nothing of it lands (its checkout is discarded). */
    private static final class CycleEnded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CycleEnded(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Thrown at a phase boundary once shutdown asked cycles to stop, or the cycle's deadline passed. */
    private static final class StopRequested extends RuntimeException {
        final CyclePhase next;
        final boolean timedOut;

        StopRequested(CyclePhase next, boolean timedOut) {
            super("stop requested", null, false, false);
            this.next = next;
            this.timedOut = timedOut;
        }
    }
}
