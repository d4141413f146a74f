package io.manybot.local;

import io.manybot.core.agents.BotAgentsFactory;
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
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(25);

    /**
     * @param cycles run this many cycles per bot back to back and exit; null runs until stopped
     */
    public record Options(Path repository, Path stateDirectory, Integer cycles, int workers, String declarationsDirectory) {}

    private final Options options;
    private final PrintWriter out;
    private final Clock clock;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Map<String, BotSlot> slots = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<WorkCycle> finished = new LinkedBlockingQueue<>();
    private final List<WorkCycle> ranHere = new ArrayList<>();
    private final SecretRedactor redactor = new SecretRedactor();

    public LocalController(Options options, PrintWriter out, Clock clock) {
        this.options = options;
        this.out = out;
        this.clock = clock;
    }

    private volatile DeclarationWatcher live;

    /** The declarations and ownership in force, as the HTTP API reads them (empty until {@link #run} has read them). */
    public io.manybot.api.RepositoryView view() {
        return new WatcherView(() -> live, options.repository(), options.stateDirectory());
    }

    /** Asks the controller to stop: running cycles finish or stop at their next phase boundary. */
    public void stop() {
        stopping.set(true);
    }

    /** Runs until done ({@code cycles}) or stopped; returns the cycles run, in the order they ended. */
    public List<WorkCycle> run() throws IOException, InterruptedException {
        Files.createDirectories(options.stateDirectory());
        try (RunLock lock = RunLock.acquire(options.stateDirectory());
                StateStore store = StateStore.open(options.stateDirectory())) {
            RunTarget target = RunTarget.prepare(options.repository(), options.stateDirectory());
            if (target.copied()) {
                out.println("manybot: " + options.repository() + " is not a repository root; working on a copy at " + target.source());
            }
            try (SourceRepository source = SourceRepository.open(target.source())) {
                CycleRecorder recorder = new CycleRecorder(store, out, clock, redactor, slots);
                Path checkouts = options.stateDirectory().resolve("checkouts");
                new Recovery(store, source, checkouts, recorder).closeInterruptedCycles(clock.instant());
                DeclarationWatcher watcher = new DeclarationWatcher(source, options.declarationsDirectory());
                DeclarationWatcher.Snapshot snapshot = watcher.load();
                live = watcher;
                report(recorder, snapshot.report().problems(), "declarations at " + snapshot.commit().abbreviate(7).name());
                syncSlots(store, snapshot.report().declarations(), "start");
                loop(store, source, watcher, recorder, checkouts);
            }
        }
        return List.copyOf(ranHere);
    }

    private void loop(StateStore store, SourceRepository source, DeclarationWatcher watcher, CycleRecorder recorder, Path checkouts)
            throws IOException, InterruptedException {
        ProcessRunner processes = new ProcessRunner();
        Map<String, String> environment = Map.of();
        CycleRunner runner = new CycleRunner(processes, environment, clock, true);
        runner.knownOwnership(source, watcher.current().commit(), watcher.current().report().ownership());
        BotAgentsFactory agents = new BotAgentsFactory(processes, environment, System.getenv(), redactor);
        CronTriggers cron = new CronTriggers();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, options.workers()), named("manybot-cycle"));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(named("manybot-watchdog"));
        Instant lastPoll = Instant.MIN;
        Instant stopSince = null;
        try {
            while (true) {
                Instant now = clock.instant();
                for (ControlRequest request : sync(store, store::takeControlRequests)) {
                    control(request, recorder);
                }
                WorkCycle done;
                while ((done = finished.poll()) != null) {
                    complete(done, now);
                }
                if (Duration.between(lastPoll, now).compareTo(POLL) >= 0) {
                    lastPoll = now;
                    try {
                        poll(watcher, store, recorder, source, runner);
                    } catch (IOException | RuntimeException e) {
                        recorder.event((String) null, "error", "could not read the repository (will retry): " + e.getMessage());
                    }
                    for (Subscription fired : cron.fired(watcher.current().report().declarations().subscriptions().values().stream()
                            .map(located -> located.value()).toList(), now)) {
                        BotSlot slot = slots.get(fired.bot());
                        if (slot != null) {
                            slot.trigger("schedule " + fired.name());
                        }
                    }
                    saveSlots(store, now);
                }
                boolean anyRunning = slots.values().stream().anyMatch(slot -> slot.running);
                if (stopping.get()) {
                    stopSince = stopSince == null ? now : stopSince;
                    if (!anyRunning) {
                        break;
                    }
                    if (Duration.between(stopSince, now).compareTo(SHUTDOWN_GRACE) > 0) {
                        workers.shutdownNow();
                    }
                } else {
                    dispatch(now, watcher.current(), source, runner, agents, recorder, checkouts, workers, watchdog);
                    if (options.cycles() != null && !anyRunning && slots.values().stream().noneMatch(slot -> slot.running)
                            && slots.values().stream().allMatch(slot -> finishedAllCycles(slot, now))) {
                        break;
                    }
                }
                Thread.sleep(TICK.toMillis());
            }
            saveSlots(store, clock.instant());
        } finally {
            workers.shutdownNow();
            watchdog.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
            removeLeftovers(checkouts);
        }
    }

    private boolean finishedAllCycles(BotSlot slot, Instant now) {
        return slot.cyclesCounted >= options.cycles() || slot.paused || slot.bot.suspend() || slot.circuitOpen(now);
    }

    private void dispatch(Instant now, DeclarationWatcher.Snapshot snapshot, SourceRepository source, CycleRunner runner,
            BotAgentsFactory agents, CycleRecorder recorder, Path checkouts, ExecutorService workers, ScheduledExecutorService watchdog) {
        for (BotSlot slot : slots.values()) {
            boolean due = options.cycles() == null
                    ? slot.due(now)
                    : !slot.running && !finishedAllCycles(slot, now);
            if (!due) {
                continue;
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
            Bot bot = slot.bot;
            CycleRequest request = new CycleRequest(cycleId, bot, goal.get(), trigger, source, checkouts.resolve(bot.name()), null,
                    slot.lastSeenCommit, null, slot.lastReflection, directivesVersion(snapshot), stopping::get);
            Future<?> future = workers.submit(() -> runCycle(request, runner, agents, recorder));
            Duration timeout = bot.limits().cycleTimeout().plusSeconds(5);
            watchdog.schedule(() -> future.cancel(true), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void runCycle(CycleRequest request, CycleRunner runner, BotAgentsFactory agents, CycleRecorder recorder) {
        WorkCycle cycle = null;
        try {
            BotAgents botAgents = agents.forBot(request.bot());
            CycleRequest withAgents = new CycleRequest(request.cycleId(), request.bot(), request.goal(), request.trigger(),
                    request.source(), request.checkout(), botAgents, request.lastSeenCommit(), request.focus(), request.previous(),
                    request.directivesVersion(), request.stopRequested());
            cycle = runner.run(withAgents, recorder);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            cycle = Recovery.failed(request, clock.instant(), redactor.redact(String.valueOf(e.getMessage())));
            recorder.phase(cycle);
        } finally {
            finished.add(cycle != null ? cycle : Recovery.failed(request, clock.instant(), "the cycle was interrupted"));
        }
    }

    private void complete(WorkCycle cycle, Instant now) {
        ranHere.add(cycle);
        BotSlot slot = slots.get(cycle.bot());
        if (slot == null) {
            return;
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
        recorder.event(request.bot(), "info", request.action().name().toLowerCase(java.util.Locale.ROOT) + " requested");
    }

    private void poll(DeclarationWatcher watcher, StateStore store, CycleRecorder recorder, SourceRepository source, CycleRunner runner)
            throws IOException {
        DeclarationWatcher.Update update = watcher.poll();
        if (update == null) {
            return;
        }
        Declarations declarations = watcher.current().report().declarations();
        if (update.accepted()) {
            runner.knownOwnership(source, watcher.current().commit(), watcher.current().report().ownership());
            report(recorder, update.problems(), "declarations at " + watcher.current().commit().abbreviate(7).name());
            syncSlots(store, declarations, null);
        } else {
            report(recorder, update.problems(), "new commit rejected, keeping the last good declarations");
        }
        Collection<Subscription> subscriptions = declarations.subscriptions().values().stream().map(located -> located.value()).toList();
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
            String phase = slot.running && slot.phase != null ? slot.phase : slot.idlePhase(now);
            BotState state = new BotState(slot.name, slot.bot.mode().name().toLowerCase(java.util.Locale.ROOT), slot.bot.goal(),
                    slot.paused, phase, evaluation == null ? null : evaluation.progress(), evaluation == null ? null : evaluation.atRisk(),
                    slot.lastCycleId, slot.lastCycleAt, slot.createdAt == null ? now : slot.createdAt, slot.consecutiveFailures,
                    slot.circuitOpenUntil, slot.running ? null : slot.nextDue, slot.lastSeenCommit,
                    slot.circuitOpen(now) ? slot.consecutiveFailures + " failures in a row; resume to retry" : null);
            if (slot.createdAt == null) {
                slot.createdAt = now;
            }
            synchronized (store) {
                store.saveBot(state);
            }
        }
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

    private static String directivesVersion(DeclarationWatcher.Snapshot snapshot) {
        return snapshot.report().directives() == null ? null : snapshot.report().directives().version();
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
