package io.manybot.local;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.mirror.MirrorException;
import io.manybot.core.mirror.PushResult;
import io.manybot.core.secret.SecretRedactor;
import java.util.ArrayList;
import java.util.List;

/** Pushes what a cycle landed on a remote repository's mirror: the target branch and the proposal branch, compare-and-swap. */
final class RemotePush {
    private RemotePush() {}

    /** The cycle, or the cycle SUPERSEDED with the reason when the remote refused the push. */
    static WorkCycle pushed(WorkCycle cycle, RemoteRepository remote, CycleRecorder recorder, SecretRedactor redactor)
            throws InterruptedException {
        if (cycle == null || cycle.landing() == null) {
            return cycle;
        }
        List<String> refs = new ArrayList<>();
        if (cycle.landing().commit() != null && !cycle.landing().alreadyLanded()) {
            refs.add(cycle.landing().targetRef());
        }
        if (cycle.landing().proposalBranch() != null) {
            String branch = cycle.landing().proposalBranch();
            refs.add(branch.startsWith("refs/") ? branch : "refs/heads/" + branch);
        }
        if (refs.isEmpty()) {
            return cycle;
        }
        String error;
        try {
            PushResult result = remote.mirrors().push(remote.mirror(), refs, remote.credentials());
            if (result.allOk()) {
                recorder.event(cycle, "info", "pushed to " + remote.shown() + ": " + String.join(", ", refs));
                return cycle;
            }
            error = "landed on the mirror but " + remote.shown() + " refused the push: " + String.join("; ", result.refs().stream()
                    .filter(r -> !r.ok()).map(r -> r.ref() + " " + r.status() + " (" + r.message() + ")").toList());
        } catch (MirrorException | RuntimeException e) {
            error = "landed on the mirror but could not push to " + remote.shown() + ": " + e.getMessage();
        }
        error = redactor.redact(error);
        recorder.event(cycle, "error", error);
        WorkCycle superseded = new WorkCycle(cycle.id(), cycle.bot(), cycle.goal(), cycle.trigger(), cycle.phase(), CycleOutcome.SUPERSEDED,
                cycle.startedAt(), cycle.finishedAt(), cycle.baseCommit(), cycle.directivesVersion(), cycle.before(), cycle.after(),
                cycle.measurementsBefore(), cycle.measurementsAfter(), cycle.tasks(), cycle.steps(), cycle.changes(), cycle.tests(),
                cycle.landing(), cycle.reflection(), cycle.timings(), error, cycle.tokens());
        recorder.phase(superseded);
        return superseded;
    }
}
