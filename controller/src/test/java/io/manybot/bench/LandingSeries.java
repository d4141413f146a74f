package io.manybot.bench;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.PhaseTiming;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.LocalController;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One series of the landing benchmark: the scenario's repository generated in a directory, the local home
 * ({@link LocalController}, as {@code manybot run --cycles C --workers W}) run on it until every bot has run its
 * cycles or the time budget is spent (then it is stopped as on SIGTERM), and the outcome read back from the state
 * store ({@code manybot.db}) and from the branch itself.
 */
final class LandingSeries {
    private LandingSeries() {}

    /** What to run. {@code budget} caps the series' wall time; what was measured within it is reported. */
    record Config(LandingScenario scenario, int cycles, int workers, Duration budget) {}

    /**
     * What one series measured.
     *
     * @param span first cycle's start to the last one's end
     * @param landMillis the LAND phase of every landed cycle (the landing path's own time)
     * @param rebased landed cycles the record says were rebased onto a newer tip ({@code landing.rebasedOver} > 0)
     * @param retested of those, the ones whose tests ran again on the rebased tree
     * @param conflicts cycles whose rebase conflicted ({@code landing.conflicts}), re-planned
     * @param loadAtStart the machine's 1-minute load average as the series started (NaN where unknown)
     */
    record Result(Config config, List<WorkCycle> cycles, Map<CycleOutcome, Integer> outcomes, boolean stoppedAtBudget, Duration span,
            List<Long> landMillis, int rebased, int retested, int conflicts, Verification verification, double loadAtStart) {

        /** Cycles that ran to an end of their own: those the budget's stop abandoned are not counted. */
        int cyclesRun() {
            return cycles.size() - count(CycleOutcome.ABANDONED);
        }

        int count(CycleOutcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }

        double landingsPerMinute() {
            return span.isZero() ? 0 : count(CycleOutcome.LANDED) * 60_000.0 / span.toMillis();
        }
    }

    static Result run(Config config, Path dir) throws Exception {
        Files.createDirectories(dir);
        double load = loadAverage();
        Path bare = config.scenario().create(dir.resolve("work"));
        Path state = dir.resolve("state");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        boolean stopped;
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve("manybot-run.log"), StandardCharsets.UTF_8), true)) {
            LocalController controller = new LocalController(
                    new LocalController.Options(bare, state, config.cycles(), config.workers(), ".manybot"), log, Clock.systemUTC());
            Thread running = new Thread(() -> {
                try {
                    controller.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "landing-bench-run");
            running.start();
            running.join(config.budget().toMillis());
            stopped = running.isAlive();
            if (stopped) {
                controller.stop();
                running.join();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("manybot run failed (log: " + dir.resolve("manybot-run.log") + ")", failure.get());
        }
        List<WorkCycle> cycles = new ArrayList<>();
        try (StateStore store = StateStore.open(state)) {
            for (int i = 1; i <= config.scenario().bots(); i++) {
                cycles.addAll(store.cycles(LandingScenario.bot(i), Integer.MAX_VALUE));
            }
        }
        Map<CycleOutcome, Integer> outcomes = new EnumMap<>(CycleOutcome.class);
        cycles.forEach(cycle -> outcomes.merge(cycle.outcome() == null ? CycleOutcome.INTERRUPTED : cycle.outcome(), 1, Integer::sum));
        Instant first = cycles.stream().map(WorkCycle::startedAt).filter(Objects::nonNull).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant last = cycles.stream().map(WorkCycle::finishedAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(first);
        List<WorkCycle> landed = cycles.stream().filter(cycle -> cycle.outcome() == CycleOutcome.LANDED).toList();
        List<Long> landMillis = landed.stream().map(LandingSeries::landMillis).sorted().toList();
        int rebased = (int) landed.stream().filter(cycle -> cycle.landing().rebasedOver() > 0).count();
        int retested = (int) landed.stream().filter(cycle -> cycle.landing().rebasedOver() > 0 && cycle.landing().retested()).count();
        int conflicts = (int) cycles.stream().filter(cycle -> cycle.landing() != null && !cycle.landing().conflicts().isEmpty()).count();
        Verification verification;
        try (Repository repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build()) {
            verification = Verification.of(config, cycles, stopped, repository);
        }
        return new Result(config, List.copyOf(cycles), outcomes, stopped, Duration.between(first, last), landMillis, rebased, retested,
                conflicts, verification, load);
    }

    /** The 1-minute load average from /proc/loadavg, NaN where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 2)[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long landMillis(WorkCycle cycle) {
        return cycle.timings().stream().filter(timing -> timing.phase() == CyclePhase.LAND).mapToLong(PhaseTiming::millis).sum();
    }
}
