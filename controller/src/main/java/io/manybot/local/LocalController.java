package io.manybot.local;

import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.team.TeamCycles;
import io.manybot.core.agents.BotAgentsFactory;
import io.manybot.core.executor.cli.Confinement;
import io.manybot.core.schedule.CommitTriggers;
import io.manybot.core.schedule.CronTriggers;

import io.manybot.core.cycle.CycleIds;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.directives.BotDirectives;
import io.manybot.core.directives.Directives;
import io.manybot.core.directives.DirectivesParser;
import io.manybot.core.directives.LiveDirectives;
import io.manybot.core.cycle.StopSignal;
import io.manybot.local.state.DirectivesState;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.problem.Problem;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.Directories;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.local.state.BotState;
import io.manybot.local.state.ControlRequest;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The local home: one process that watches a repository, schedules every bot's cycles by its mode
 * (continuous with adaptive sleep, triggered by commits, subscriptions and cron, or both), runs
 * them on a bounded worker pool (one cycle per bot at a time), and keeps everything in the state
 * store. Control requests from other `manybot` commands (trigger, pause, resume) are seen within a
 * quarter of a second.
 */
public final class LocalController {
    static final Duration TICK = Duration.ofMillis(200);
    static final Duration POLL = Duration.ofSeconds(1);
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    /**
     * @param cycles run this many cycles per bot back to back and exit; null runs until stopped
     * @param stopGrace on {@link #stop()}, how long running cycles have to reach their next phase
     *     boundary; then their commands are killed and they end ABANDONED
     */
    public record Options(Path repository, Path stateDirectory, Integer cycles, int workers, String declarationsDirectory,
            Duration stopGrace, Remote remote) {
        public Options(Path repository, Path stateDirectory, Integer cycles, int workers, String declarationsDirectory) {
            this(repository, stateDirectory, cycles, workers, declarationsDirectory, SHUTDOWN_GRACE);
        }

        public Options(Path repository, Path stateDirectory, Integer cycles, int workers, String declarationsDirectory,
                Duration stopGrace) {
            this(repository, stateDirectory, cycles, workers, declarationsDirectory, stopGrace, null);
        }

        /** Runs on a remote repository ({@code repository} is then unused and may be null). */
        public static Options remote(Remote remote, Path stateDirectory, Integer cycles, int workers, String declarationsDirectory,
                Duration stopGrace) {
            return new Options(null, stateDirectory, cycles, workers, declarationsDirectory, stopGrace, remote);
        }

        /** What the run works on, for messages: the directory, or the URL (a password in it redacted). */
        public String shown() {
            return remote != null ? io.manybot.core.mirror.RepositoryMirrors.redact(remote.url()) : String.valueOf(repository);
        }
    }

    /**
     * A remote repository to run on: a bare mirror in the state directory, fetched every {@code fetchInterval}
     * and at once on a push webhook; landings are pushed with a compare-and-swap.
     *
     * @param credentials a directory with the run's own credentials, one file per key (token, or username and password;
     *     ssh-privatekey and known_hosts); null: from {@code environment}
     * @param gitSecrets the directory of credential directories named by {@code repository.credentialsSecret}; null for none
     * @param environment where the default git credentials come from ({@code MANYBOT_GIT_*})
     */
    public record Remote(String url, String branch, Duration fetchInterval, Path credentials, Path gitSecrets,
            Map<String, String> environment) {
        public static final Duration DEFAULT_FETCH_INTERVAL = Duration.ofMinutes(1);

        public Remote {
            environment = Map.copyOf(environment);
        }
    }

    private final Options options;
    private final PrintWriter out;
    private final Clock clock;
    /** The watcher of the running {@link #run}, read by the HTTP API from its threads; null before. */
    private volatile DeclarationWatcher live;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Map<String, BotSlot> slots = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<WorkCycle> finished = new LinkedBlockingQueue<>();
    private final List<WorkCycle> ranHere = new ArrayList<>();
    private final SecretRedactor redactor = new SecretRedactor();
    private final LiveDirectives directives = new LiveDirectives();
    private final LocalTeam team;
    private volatile DirectivesWatcher directivesWatcher;
    /** The remote repositories of a run on a URL; null otherwise. */
    private volatile RemoteRepositories remotes;
    /** Pull requests for the proposals of bots whose repository is a GitHub/GitLab remote; null before {@link #run}. */
    private volatile LocalProposals proposals;
    /** The meetings of the running {@link #run}; null before. */
    private volatile LocalMeetings meetings;
    /** Bots a meeting gave action items, to trigger from the loop. */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> meetingTriggers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private String appliedSource;

    public LocalController(Options options, PrintWriter out, Clock clock) {
        this.options = options;
        this.out = out;
        this.clock = clock;
        this.team = new LocalTeam(new ProcessRunner(), clock, options.declarationsDirectory());
    }

    /**
     * The live directives ({@code MARATHON.md}) this controller follows: the working tree's file when
     * it runs on a checkout, else the default branch's. Listeners see every applied or rejected edit.
     */
    public LiveDirectives directives() {
        return directives;
    }

    /** The declarations and ownership in force, as the HTTP API reads them (empty until {@link #run} has read them). */
    public io.manybot.local.api.RepositoryView view() {
        return new WatcherView(() -> live, options.shown(), options.stateDirectory(), this::repositoryPushed);
    }

    /**
     * Asks the controller to stop: running cycles stop at their next phase boundary, or after
     * {@link Options#stopGrace()} their commands are killed; either way they end ABANDONED, and
     * {@link #run} removes the checkouts before it returns.
     */
    public void stop() {
        stopping.set(true);
    }

    /** Runs until done ({@code cycles}) or stopped; returns the cycles run, in the order they ended. */
    public List<WorkCycle> run() throws IOException, InterruptedException {
        Files.createDirectories(options.stateDirectory());
        try (RunLock lock = RunLock.acquire(options.stateDirectory());
                StateStore store = StateStore.open(options.stateDirectory())) {
            RunTarget target = options.remote() != null ? null : RunTarget.prepare(options.repository(), options.stateDirectory());
            if (target != null && target.copied()) {
                out.println("manybot: " + options.repository() + " is not a repository root; working on a copy at " + target.source());
            }
            try (RemoteRepositories remote = openRemote();
                    SourceRepository source = remote != null ? null : SourceRepository.open(target.source())) {
                runOn(store, remote != null ? remote.run().source() : source, target);
            } finally {
                remotes = null;
            }
        }
        return List.copyOf(ranHere);
    }

    /** Clones or fetches the run's remote repository, when it runs on one. */
    private RemoteRepositories openRemote() throws IOException, InterruptedException {
        Remote remote = options.remote();
        if (remote == null) {
            return null;
        }
        try {
            RemoteRepositories opened = RemoteRepositories.open(options.stateDirectory(), remote.url(), remote.branch(), remote.fetchInterval(),
                    clock, new LocalGitCredentials(remote.environment(), remote.credentials(), remote.gitSecrets(), redactor));
            out.println("manybot: working on a mirror of " + opened.run().shown() + " in " + opened.run().mirror().directory()
                    + "; fetched every " + shortDuration(remote.fetchInterval())
                    + " and on a push webhook; landings are pushed (compare-and-swap)");
            if (opened.run().resumedPush() != null) {
                out.println("manybot: " + opened.run().shown() + ": " + redactor.redact(opened.run().resumedPush()));
            }
            out.flush();
            remotes = opened;
            return opened;
        } catch (io.manybot.core.mirror.MirrorException | IllegalArgumentException e) {
            throw new IOException(redactor.redact(e.getMessage()), null);
        }
    }

    private static String shortDuration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 3600 == 0 && seconds > 0 ? seconds / 3600 + "h" : seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private void runOn(StateStore store, SourceRepository source, RunTarget target) throws IOException, InterruptedException {
        CycleRecorder recorder = new CycleRecorder(store, out, clock, redactor, slots);
        proposals = new LocalProposals(store, redactor, clock, System.getenv());
        Path checkouts = options.stateDirectory().resolve("checkouts");
        new Recovery(store, source, checkouts, recorder).closeInterruptedCycles(clock.instant());
        int requeued = team.open(store);
        if (requeued > 0) {
            recorder.event((String) null, "info", requeued + " team task(s) taken by cycles the previous run did not finish wait in their bots' queues again");
        }
        DeclarationWatcher watcher = new DeclarationWatcher(source, options.declarationsDirectory());
        DeclarationWatcher.Snapshot snapshot = watcher.load();
        live = watcher;
        report(recorder, snapshot.report().problems(), "declarations at " + snapshot.commit().abbreviate(7).name());
        syncSlots(store, snapshot.report().declarations(), "start");
        Path workTree = target != null && !target.copied() && Files.exists(target.source().resolve(".git")) ? target.source() : null;
        explainStart(snapshot, workTree);
        try (DirectivesWatcher feed = new DirectivesWatcher(directives, workTree, clock,
                (update, from) -> directivesChanged(store, recorder, update, from));
                LocalMeetings held = new LocalMeetings(store, team, recorder, clock, redactor, System.getenv(), meetingTriggers::add, proposals,
                        bot -> remotes == null ? Optional.empty() : remotes.ready(bot))) {
            directivesWatcher = feed;
            meetings = held;
            offerCommitted(watcher, recorder);
            feed.start();
            loop(store, source, watcher, recorder, checkouts);
        } finally {
            directivesWatcher = null;
            meetings = null;
        }
    }

    /** Says where the declarations were read, when nothing is declared there, and when the checkout has uncommitted edits. */
    private void explainStart(DeclarationWatcher.Snapshot snapshot, Path workTree) {
        String commit = snapshot.commit().abbreviate(7).name();
        String where = options.declarationsDirectory() + "/ at commit " + commit + " of " + options.shown();
        if (workTree != null) {
            try {
                List<String> edits = UncommittedDeclarations.in(workTree, options.declarationsDirectory());
                if (!edits.isEmpty()) {
                    out.println("manybot: note: " + options.declarationsDirectory() + "/ has uncommitted changes: " + String.join(", ", edits)
                            + "; this run uses the declarations committed at " + commit + " (commit the changes to use them;"
                            + " a new commit is picked up while it runs)");
                }
            } catch (IOException e) {
                out.println("manybot: note: could not tell whether " + options.declarationsDirectory() + "/ has uncommitted changes: "
                        + e.getMessage());
            }
        }
        var declared = snapshot.report().declarations();
        if (declared.bots().isEmpty()) {
            out.println("manybot: no bots declared in " + where + " (" + declared.goals().size() + " goal(s)); "
                    + (options.cycles() != null ? "no cycles to run" : "waiting for a commit that declares one")
                    + ". A bot is a `kind: Manybot` YAML file there; see README.md, \"Declarations\".");
        } else {
            out.println("manybot: " + declared.bots().size() + " bot(s), " + declared.goals().size() + " goal(s) declared in " + where);
        }
        out.flush();
    }

    /**
     * Agent CLIs run under bubblewrap when it works here; otherwise unconfined, said once when the first agent-CLI bot
     * starts a cycle, and in every CLI step. Found out on first use: runs without agent-CLI bots start no process for it.
     */
    private java.util.function.Supplier<Confinement> confinement(ProcessRunner processes) {
        Confinement[] found = new Confinement[1];
        return () -> {
            synchronized (found) {
                if (found[0] == null) {
                    try {
                        found[0] = Confinement.detect(processes, System.getenv());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Confinement.none("interrupted while checking bubblewrap");
                    }
                    if (!found[0].confined()) {
                        out.println("manybot: agent CLIs (claude-code, codex, opencode, gemini, aider, goose) run " + found[0].description());
                    }
                }
                return found[0];
            }
        };
    }

    private void loop(StateStore store, SourceRepository source, DeclarationWatcher watcher, CycleRecorder recorder, Path checkouts)
            throws IOException, InterruptedException {
        ProcessRunner processes = new ProcessRunner();
        Map<String, String> environment = Map.of();
        CycleRunner runner = new CycleRunner(processes, environment, clock, true, redactor,
                io.manybot.core.ownership.OwnershipFiles.declaredIn(options.declarationsDirectory()));
        runner.knownOwnership(source, watcher.current().commit(), watcher.current().report().ownership());
        BotAgentsFactory agents = new BotAgentsFactory(processes, environment, System.getenv(), redactor, confinement(processes));
        CronTriggers cron = new CronTriggers();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, options.workers()), named("manybot-cycle"));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(named("manybot-watchdog"));
        ScheduledExecutorService fetcher = Executors.newSingleThreadScheduledExecutor(named("manybot-fetch"));
        RemoteRepositories remote = remotes;
        if (remote != null) {
            fetcher.scheduleWithFixedDelay(() -> refreshRemotes(remote, recorder), POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        Instant lastPoll = Instant.MIN;
        Instant stopSince = null;
        try {
            while (true) {
                Instant now = clock.instant();
                // A bot whose state changed this tick is saved at its end, not at the next poll: readers
                // told of a cycle by its events (the dashboard) read the bot right after them.
                boolean changed = false;
                for (ControlRequest request : sync(store, store::takeControlRequests)) {
                    control(request, recorder);
                    changed = true;
                }
                for (String bot; (bot = meetingTriggers.poll()) != null; ) {
                    BotSlot slot = slots.get(bot);
                    if (slot != null) {
                        slot.trigger("action items of a meeting");
                        changed = true;
                    }
                }
                WorkCycle done;
                while ((done = finished.poll()) != null) {
                    complete(done, now);
                    changed = true;
                }
                if (Duration.between(lastPoll, now).compareTo(POLL) >= 0) {
                    lastPoll = now;
                    try {
                        poll(watcher, store, recorder, source, runner);
                    } catch (IOException | RuntimeException e) {
                        recorder.event((String) null, "error", "could not read the repository (will retry): " + e.getMessage());
                    }
                    for (Subscription fired : cron.fired(RuntimeSubscriptions.merge(watcher.current().report().declarations()
                            .subscriptions().values().stream().map(located -> located.value()).toList(), sync(store, store::subscriptions)),
                            now)) {
                        BotSlot slot = slots.get(fired.bot());
                        if (slot != null) {
                            slot.trigger("schedule " + fired.name());
                        }
                    }
                    directivesWatcher.poll();
                    holdMeetings(now, watcher, source, recorder);
                    changed = true;
                }
                long runningBefore = slots.values().stream().filter(slot -> slot.running).count();
                boolean anyRunning = runningBefore > 0;
                if (stopping.get()) {
                    stopSince = stopSince == null ? now : stopSince;
                    if (!anyRunning) {
                        break;
                    }
                    if (Duration.between(stopSince, now).compareTo(options.stopGrace()) >= 0) {
                        workers.shutdownNow();
                    }
                } else {
                    dispatch(now, watcher.current(), source, runner, agents, recorder, checkouts, workers, watchdog);
                    changed |= slots.values().stream().filter(slot -> slot.running).count() != runningBefore;
                    if (options.cycles() != null && !anyRunning && slots.values().stream().noneMatch(slot -> slot.running)
                            && slots.values().stream().allMatch(slot -> finishedAllCycles(slot, now))) {
                        break;
                    }
                }
                if (changed) {
                    saveSlots(store, now);
                }
                Thread.sleep(TICK.toMillis());
            }
            saveSlots(store, clock.instant());
        } finally {
            workers.shutdownNow();
            watchdog.shutdownNow();
            fetcher.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
            fetcher.awaitTermination(10, TimeUnit.SECONDS);
            removeLeftovers(checkouts);
        }
    }

    /** The meetings asked for and the ones whose time came (see {@link LocalMeetings}). */
    private void holdMeetings(Instant now, DeclarationWatcher watcher, SourceRepository source, CycleRecorder recorder) {
        LocalMeetings held = meetings;
        if (held == null) {
            return;
        }
        try {
            held.tick(now, watcher.current().report().declarations(), source, directives.current().map(a -> a.directives()).orElse(null));
        } catch (RuntimeException e) {
            recorder.event((String) null, "error", "meetings: " + redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    private boolean finishedAllCycles(BotSlot slot, Instant now) {
        RemoteRepositories remote = remotes;
        return slot.cyclesCounted >= options.cycles() || slot.paused || slot.bot.suspend() || slot.circuitOpen(now)
                || directives.forBot(slot.name).paused() || remote != null && remote.unreachable(slot.bot);
    }

    /** Fetches the remote repositories that are due (on the fetch thread) and logs what changed. */
    private void refreshRemotes(RemoteRepositories remote, CycleRecorder recorder) {
        try {
            report(recorder, remote.refresh());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            recorder.event((String) null, "error", "fetching the remote repositories: " + redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    private void report(CycleRecorder recorder, List<RemoteRepositories.Change> changes) {
        for (RemoteRepositories.Change change : changes) {
            if (change.problem() == null) {
                recorder.event((String) null, change.note() == null ? "info" : "warn", "repository " + change.repository() + " fetched"
                        + (change.note() == null ? "" : "; " + redactor.redact(change.note())));
            } else {
                recorder.event((String) null, "error", "repository " + change.repository() + ": " + redactor.redact(change.problem())
                        + " (its bots wait; tried again every fetch interval)");
            }
        }
    }

    /** A push webhook for a repository: fetch its mirror now, before the bots it triggers start. */
    private void repositoryPushed(io.manybot.core.event.RepositoryEvent.Repository repository) {
        RemoteRepositories remote = remotes;
        if (remote == null) {
            return;
        }
        try {
            List<RemoteRepositories.Change> changes = remote.fetchNow(io.manybot.core.event.RepositoryNames.of(repository));
            for (RemoteRepositories.Change change : changes) {
                if (change.problem() != null) {
                    out.println("manybot: repository " + change.repository() + ": " + redactor.redact(change.problem()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(Instant now, DeclarationWatcher.Snapshot snapshot, SourceRepository source, CycleRunner runner,
            BotAgentsFactory agents, CycleRecorder recorder, Path checkouts, ExecutorService workers, ScheduledExecutorService watchdog) {
        for (BotSlot slot : slots.values()) {
            BotDirectives said = directives.forBot(slot.name);
            if (said.paused()) {
                if (slot.pendingTrigger != null && !slot.pendingTrigger.equals(slot.heldTrigger) && !slot.running) {
                    slot.heldTrigger = slot.pendingTrigger;
                    recorder.event(slot.name, "info", "held while the directives (" + DirectivesWatcher.FILE + ") pause it: "
                            + slot.pendingTrigger);
                }
                continue;
            }
            boolean due = options.cycles() == null
                    ? slot.due(now)
                    : !slot.running && !finishedAllCycles(slot, now);
            if (!due) {
                continue;
            }
            RemoteRepository repository = null;
            if (remotes != null) {
                Optional<RemoteRepository> ready = remotes.ready(slot.bot);
                if (ready.isEmpty()) {
                    continue; // its status line says why; the trigger waits for the repository
                }
                repository = ready.get();
            }
            Optional<Goal> goal = snapshot.report().declarations().goal(slot.bot.goal());
            if (goal.isEmpty()) {
                recorder.event(slot.name, "error", "goal " + slot.bot.goal() + " is not declared (or invalid); no cycle runs until it is");
                slot.start();
                slot.finished(CycleOutcome.FAILED, now);
                slot.cyclesCounted++;
                continue;
            }
            String trigger = slot.start();
            String cycleId = CycleIds.next(now);
            slot.lastCycleId = cycleId;
            Bot bot = said.limits().isEmpty() ? slot.bot : withLimits(slot.bot, said.applyTo(slot.bot.limits()));
            Optional<Directives> inForce = directives.current().map(applied -> applied.directives());
            String focus = inForce.map(d -> d.planningNotes(bot.name())).filter(notes -> !notes.isBlank()).orElse(null);
            CycleRequest request = new CycleRequest(cycleId, bot, goal.get(), trigger, repository != null ? repository.source() : source,
                    checkouts.resolve(bot.name()), null,
                    slot.lastSeenCommit, focus, slot.lastReflection, inForce.map(LocalController::directivesVersion).orElse(null),
                    stopSignal(bot.name()), publisher(repository, bot.name(), recorder));
            RemoteRepository pushTo = repository;
            OwnershipIndex ownership = snapshot.report().ownership();
            Future<?> future = workers.submit(() -> runCycle(request, runner, agents, recorder, pushTo, ownership));
            Duration timeout = bot.limits().cycleTimeout().plusSeconds(5);
            watchdog.schedule(() -> future.cancel(true), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * How a landing counts: pushed to the remote inside the landing turn (a moved remote is fetched and the change
     * rebased onto its tip, by the landing path) when the bot works on a mirror; its ref's compare-and-swap otherwise.
     */
    private io.manybot.core.landing.Publisher publisher(RemoteRepository repository, String bot, CycleRecorder recorder) {
        if (repository == null) {
            return io.manybot.core.landing.Publisher.NONE;
        }
        var pushes = new io.manybot.core.mirror.MirrorPublisher(repository.mirrors(), repository.mirror(), repository.credentials(),
                Optional::empty);
        return (ref, landed) -> {
            io.manybot.core.landing.Published published = pushes.publish(ref, landed);
            String detail = redactor.redact(String.valueOf(published.detail()));
            switch (published.kind()) {
                case PUBLISHED -> recorder.event(bot, "info", "pushed to " + repository.shown() + ": " + ref + " at " + landed.abbreviate(7).name());
                case MOVED -> recorder.event(bot, "info", repository.shown() + " moved since the mirror's last fetch (" + detail
                        + "); fetched, its tip is " + published.tip().abbreviate(7).name());
                default -> recorder.event(bot, "error", "not pushed to " + repository.shown() + ": " + detail);
            }
            return published;
        };
    }

    private void runCycle(CycleRequest request, CycleRunner runner, BotAgentsFactory agents, CycleRecorder recorder,
            RemoteRepository remote, OwnershipIndex ownership) {
        WorkCycle cycle = null;
        TeamCycles.Prepared inTeam = null;
        boolean teamFinished = false;
        try {
            BotAgents botAgents = agents.forBot(request.bot());
            inTeam = team.prepare(request, botAgents, ownership, directives.current().map(a -> a.directives()).orElse(null));
            CycleRequest withAgents = new CycleRequest(request.cycleId(), request.bot(), request.goal(), request.trigger(),
                    request.source(), request.checkout(), inTeam == null ? botAgents : inTeam.agents(), request.lastSeenCommit(),
                    request.focus(), request.previous(), request.directivesVersion(), request.stopRequested(), request.publisher());
            cycle = runner.run(withAgents, recorder);
            boolean branchOnRemote = false;
            if (remote != null) {
                ProposalPush.Pushed pushed = ProposalPush.pushed(cycle, remote, recorder, redactor);
                cycle = pushed.cycle();
                branchOnRemote = pushed.onRemote();
            }
            LocalProposals publishing = proposals;
            if (publishing != null && LocalProposals.publishes(request.bot())) {
                if (branchOnRemote) {
                    // After the proposal branch was pushed (above) where the host sees it; one the remote refused stays a
                    // branch on the mirror, with the reason in the cycle, and no request is opened for it.
                    cycle = publishing.afterCycle(request.bot(), cycle, recorder::event);
                } else if (cycle.landing() != null && cycle.landing().proposalBranch() != null) {
                    recorder.event(cycle, "info", cycle.landing().proposalBranch() + " stays in " + request.source().directory()
                            + ": pull requests are opened when manybot runs on the remote (manybot run URL), where the host sees the branch");
                }
            }
            if (inTeam != null) {
                team.finish(request.bot(), inTeam, cycle);
                teamFinished = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            cycle = Recovery.failed(request, clock.instant(), redactor.redact(String.valueOf(e.getMessage())));
            recorder.phase(cycle);
        } finally {
            if (inTeam != null && !teamFinished) {
                team.abandon(request.bot(), inTeam); // the tasks it took wait for the bot's next cycle
            }
            finished.add(cycle != null ? cycle : Recovery.failed(request, clock.instant(), "the cycle was interrupted"));
        }
    }

    private void complete(WorkCycle cycle, Instant now) {
        ranHere.add(cycle);
        if (options.cycles() == null) {
            // a bot whose team queued tasks for it, or handed work up to it, plans again (the one that just ran included)
            for (String waiting : team.waiting(directives.current().map(a -> a.directives()).orElse(null), now)) {
                BotSlot other = slots.get(waiting);
                if (other != null && (!other.running || waiting.equals(cycle.bot()))) {
                    other.trigger("its team queued tasks or handed work up");
                }
            }
        }
        BotSlot slot = slots.get(cycle.bot());
        if (slot == null) {
            return;
        }
        if (cycle.outcome() == CycleOutcome.ABANDONED && !stopping.get()) {
            // stopped for a directives pause: run again once the bot is active
            slot.trigger("re-run: the last cycle stopped for a pause in the directives");
        }
        if (slot.finished(cycle.outcome(), now)) {
            slot.cyclesCounted++;
        }
        slot.lastCycleId = cycle.id();
        if (cycle.baseCommit() != null) {
            slot.lastSeenCommit = cycle.baseCommit();
        }
        slot.lastReflection = cycle.reflection();
        slot.lastEvaluation = cycle.after() != null ? cycle.after() : cycle.before();
    }

    private void control(ControlRequest request, CycleRecorder recorder) {
        BotSlot slot = slots.get(request.bot());
        if (slot == null) {
            recorder.event(request.bot(), "warn", request.action() + " ignored: no such bot in the current declarations");
            return;
        }
        switch (request.action()) {
            case TRIGGER -> slot.trigger(request.reason() != null ? request.reason() : "manual trigger");
            case PAUSE -> slot.paused = true;
            case RESUME -> {
                slot.paused = false;
                slot.circuitOpenUntil = null;
                slot.consecutiveFailures = 0;
            }
        }
        // "taken", not the state store's "requested": a test (or a reader of the log) sees the controller act on the request
        recorder.event(request.bot(), "info", request.action().name().toLowerCase(java.util.Locale.ROOT) + " taken");
    }

    private void poll(DeclarationWatcher watcher, StateStore store, CycleRecorder recorder, SourceRepository source, CycleRunner runner)
            throws IOException {
        DeclarationWatcher.Update update = watcher.poll();
        if (update == null) {
            return;
        }
        offerCommitted(watcher, recorder);
        Declarations declarations = watcher.current().report().declarations();
        if (update.accepted()) {
            runner.knownOwnership(source, watcher.current().commit(), watcher.current().report().ownership());
            report(recorder, update.problems(), "declarations at " + watcher.current().commit().abbreviate(7).name());
            syncSlots(store, declarations, null);
        } else {
            report(recorder, update.problems(), "new commit rejected, keeping the last good declarations");
        }
        Collection<Subscription> subscriptions = RuntimeSubscriptions.merge(
                declarations.subscriptions().values().stream().map(located -> located.value()).toList(), sync(store, store::subscriptions));
        for (BotSlot slot : slots.values()) {
            if (slot.triggered()) {
                CommitTriggers.reason(slot.bot, watcher.current().branch(), update.commits(), subscriptions).ifPresent(slot::trigger);
            }
        }
    }

    private void syncSlots(StateStore store, Declarations declarations, String initialTrigger) {
        for (var located : declarations.bots().values()) {
            Bot bot = located.value();
            BotSlot slot = slots.computeIfAbsent(bot.name(), name -> restore(store, bot));
            slot.bot = bot;
            if (initialTrigger != null || slot.lastCycleAt == null && slot.pendingTrigger == null && !slot.running) {
                slot.trigger(initialTrigger != null ? initialTrigger : "declared");
            }
        }
        slots.keySet().removeIf(name -> !declarations.bots().containsKey(name) && !slots.get(name).running);
        RemoteRepositories remote = remotes;
        if (remote != null) {
            remote.want(declarations.bots().values().stream().map(located -> located.value()).toList());
        }
        team.declare(declarations.bots().values().stream().map(located -> located.value()).toList());
    }

    private BotSlot restore(StateStore store, Bot bot) {
        BotSlot slot = new BotSlot(bot);
        sync(store, () -> store.bot(bot.name())).ifPresent(saved -> {
            slot.paused = saved.paused();
            slot.lastSeenCommit = saved.lastSeenCommit();
            slot.lastCycleId = saved.lastCycleId();
            slot.consecutiveFailures = saved.consecutiveFailures();
            slot.circuitOpenUntil = saved.circuitOpenUntil();
            slot.createdAt = saved.createdAt();
            slot.lastCycleAt = saved.lastCycleAt();
            if (saved.lastCycleId() != null) {
                store.cycle(saved.lastCycleId()).ifPresent(last -> {
                    slot.lastEvaluation = last.after() != null ? last.after() : last.before();
                    slot.lastReflection = last.reflection();
                });
            }
        });
        return slot;
    }

    private void saveSlots(StateStore store, Instant now) {
        for (BotSlot slot : slots.values()) {
            GoalEvaluation evaluation = slot.lastEvaluation;
            boolean pausedByDirectives = directives.forBot(slot.name).paused();
            String phase = slot.running && slot.phase != null ? slot.phase
                    : pausedByDirectives && !slot.paused ? "Paused" : slot.idlePhase(now);
            BotState state = new BotState(slot.name, slot.bot.mode().name().toLowerCase(java.util.Locale.ROOT), slot.bot.goal(),
                    slot.paused, phase, evaluation == null ? null : evaluation.progress(), evaluation == null ? null : evaluation.atRisk(),
                    slot.lastCycleId, slot.lastCycleAt, slot.createdAt == null ? now : slot.createdAt, slot.consecutiveFailures,
                    slot.circuitOpenUntil, slot.running ? null : slot.nextDue, slot.lastSeenCommit,
                    remoteProblem(slot) != null ? remoteProblem(slot)
                            : slot.circuitOpen(now) ? slot.consecutiveFailures + " failures in a row; resume to retry"
                            : pausedByDirectives ? "paused by the directives (" + DirectivesWatcher.FILE + ")"
                            : io.manybot.core.executor.cli.CliInstallations.missing(slot.bot, System.getenv("PATH")));
            if (slot.createdAt == null) {
                slot.createdAt = now;
            }
            synchronized (store) {
                store.saveBot(state);
            }
        }
    }

    private String remoteProblem(BotSlot slot) {
        RemoteRepositories remote = remotes;
        String problem = remote == null ? null : remote.problem(slot.bot);
        return problem == null ? null : redactor.redact(problem);
    }

    private static void report(CycleRecorder recorder, List<Problem> problems, String context) {
        long errors = problems.stream().filter(Problem::isError).count();
        if (errors > 0) {
            recorder.event((String) null, "error", context + ": " + errors + " error(s)");
        }
        for (Problem problem : problems) {
            recorder.event((String) null, problem.isError() ? "error" : "warn", problem.toString());
        }
    }

    /** The directives' {@code _meta} version, or the first 12 characters of their content hash when unversioned. */
    static String directivesVersion(Directives directives) {
        return directives.version() != null ? directives.version() : directives.contentHash().substring(0, 12);
    }

    /** Stops a running cycle of {@code bot} at its next phase boundary on shutdown or when the directives pause it. */
    private StopSignal stopSignal(String bot) {
        return new StopSignal() {
            @Override
            public boolean getAsBoolean() {
                return stopping.get() || directives.forBot(bot).paused();
            }

            @Override
            public String reason() {
                return stopping.get() ? "shutdown" : "a pause in the directives (" + DirectivesWatcher.FILE + ")";
            }
        };
    }

    private static Bot withLimits(Bot bot, Bot.Limits limits) {
        return bot.withLimits(limits);
    }

    /** Offers the directives file of the default branch's latest commit (the working tree's file wins when there is one). */
    private void offerCommitted(DeclarationWatcher watcher, CycleRecorder recorder) {
        DirectivesWatcher feed = directivesWatcher;
        if (feed == null) {
            return;
        }
        try {
            feed.committed(watcher.tip().name(), watcher.read(watcher.tip(), DirectivesWatcher.FILE, DirectivesParser.MAX_BYTES));
        } catch (IOException e) {
            recorder.event((String) null, "error", DirectivesWatcher.FILE + " at " + watcher.tip().abbreviate(7).name()
                    + ": " + e.getMessage() + "; the directives in force stay");
        }
    }

    /** Logs an applied or rejected directives edit (errors with file:line) and records it for `manybot status`. */
    private void directivesChanged(StateStore store, CycleRecorder recorder, LiveDirectives.Update update, String from) {
        Instant now = clock.instant();
        if (update.outcome() == LiveDirectives.Outcome.APPLIED) {
            appliedSource = from;
            Directives applied = update.current().orElseThrow().directives();
            String paused = applied.paused() ? "; status paused: no new cycles, running ones stop at their next phase boundary"
                    : applied.bots().values().stream().filter(BotDirectives::paused).map(BotDirectives::name)
                            .reduce((a, b) -> a + ", " + b).map(names -> "; paused: " + names).orElse("");
            recorder.event((String) null, "info", "directives " + update.describe() + " (" + from + ")" + paused);
            for (Problem warning : update.problems()) {
                recorder.event((String) null, "warn", warning.toString());
            }
        } else {
            recorder.event((String) null, "error", "directives " + update.describe() + " (" + from + ")");
            for (Problem problem : update.problems()) {
                recorder.event((String) null, problem.isError() ? "error" : "warn", problem.toString());
            }
        }
        Optional<Directives> inForce = update.current().map(applied -> applied.directives());
        String lastError = update.outcome() == LiveDirectives.Outcome.REJECTED
                ? update.problems().stream().filter(Problem::isError).findFirst().map(Problem::toString).orElse("rejected")
                : null;
        DirectivesState state = new DirectivesState(inForce.isPresent() ? appliedSource : null,
                inForce.map(Directives::version).orElse(null), inForce.map(Directives::contentHash).orElse(null),
                update.current().map(applied -> applied.appliedAt()).orElse(null), inForce.map(Directives::paused).orElse(false),
                inForce.map(d -> d.bots().values().stream().filter(BotDirectives::paused).map(BotDirectives::name).toList())
                        .orElse(List.of()),
                lastError, lastError == null ? null : now, now);
        synchronized (store) {
            store.saveDirectives(state);
        }
    }

    private static <T> T sync(StateStore store, java.util.function.Supplier<T> call) {
        synchronized (store) {
            return call.get();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    static Stream<Path> leftovers(Path checkouts) throws IOException {
        return Files.isDirectory(checkouts) ? Files.list(checkouts) : Stream.empty();
    }

    static void removeLeftovers(Path checkouts) throws IOException {
        try (Stream<Path> stale = leftovers(checkouts)) {
            for (Path leftover : (Iterable<Path>) stale::iterator) {
                Directories.delete(leftover);
            }
        }
    }
}
