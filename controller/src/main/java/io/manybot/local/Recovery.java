package io.manybot.local;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Closes the cycles a killed process left open: each is marked interrupted, its checkout removed,
 * and if its commit had already landed, that is recorded — so nothing is lost and nothing lands twice.
 */
final class Recovery {
    private final StateStore store;
    private final SourceRepository source;
    private final Path checkouts;
    private final CycleRecorder recorder;

    Recovery(StateStore store, SourceRepository source, Path checkouts, CycleRecorder recorder) {
        this.store = store;
        this.source = source;
        this.checkouts = checkouts;
        this.recorder = recorder;
    }

    void closeInterruptedCycles(Instant now) throws IOException {
        List<WorkCycle> open;
        synchronized (store) {
            open = store.unfinishedCycles();
        }
        for (WorkCycle cycle : open) {
            Landing landing = cycle.landing();
            String note = "";
            Optional<ObjectId> landed = findLanded(cycle);
            if (landed.isPresent()) {
                landing = new Landing(landing == null ? null : landing.targetRef(), landed.get().name(),
                        landing == null ? null : landing.proposalBranch(), landing == null ? null : landing.proposalCommit(),
                        landing == null ? List.of() : landing.reviewers(), true);
                note = "; its commit " + landed.get().abbreviate(7).name() + " had landed before";
            }
            WorkCycle closed = new WorkCycle(cycle.id(), cycle.bot(), cycle.goal(), cycle.trigger(), CyclePhase.DONE,
                    CycleOutcome.INTERRUPTED, cycle.startedAt(), now, cycle.baseCommit(), cycle.directivesVersion(), cycle.before(),
                    cycle.after(), cycle.measurementsBefore(), cycle.measurementsAfter(), cycle.tasks(), cycle.steps(), cycle.changes(),
                    cycle.tests(), landing, cycle.reflection(), cycle.timings(),
                    "the process stopped during phase " + cycle.phase() + note, cycle.tokens());
            synchronized (store) {
                store.saveCycle(closed);
            }
            recorder.event(cycle.bot(), "warn", "cycle " + cycle.id() + " was interrupted in phase " + cycle.phase()
                    + "; marked interrupted" + note);
        }
        LocalController.removeLeftovers(checkouts);
    }

    private Optional<ObjectId> findLanded(WorkCycle cycle) throws IOException {
        String ref = cycle.landing() != null && cycle.landing().targetRef() != null
                ? cycle.landing().targetRef() : source.target("main").ref();
        Optional<ObjectId> found = source.findCycleCommit(ref, cycle.id(), 200);
        return found;
    }

    /** A cycle that could not run at all (e.g. its executor could not be set up). */
    static WorkCycle failed(CycleRequest request, Instant now, String error) {
        WorkCycle started = WorkCycle.started(request.cycleId(), request.bot().name(), request.goal().name(), request.trigger(), now);
        return new WorkCycle(started.id(), started.bot(), started.goal(), started.trigger(), CyclePhase.DONE, CycleOutcome.FAILED,
                now, now, null, request.directivesVersion(), null, null, List.of(), List.of(), List.of(), List.of(), List.of(), null,
                null, null, List.of(), error);
    }
}
