package io.manybot.local;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.mirror.MirrorException;
import io.manybot.core.mirror.PushResult;
import io.manybot.core.secret.SecretRedactor;
import java.util.List;

/**
 * Pushes a cycle's proposal branch from a remote repository's mirror (compare-and-swap: a new branch must not exist
 * yet). Its landing on the target branch was pushed inside the cycle, by the core's {@code MirrorPublisher}.
 */
final class ProposalPush {
    private ProposalPush() {}

    /**
     * The cycle after its proposal branch's push, and whether the branch (if it has one) is on the remote now, where a
     * host can open a pull request from it.
     */
    record Pushed(WorkCycle cycle, boolean onRemote) {}

    /**
     * The cycle; when the remote refused the proposal branch, with the reason, and SUPERSEDED if the proposal was
     * all it had (a landing already pushed stays landed).
     */
    static Pushed pushed(WorkCycle cycle, RemoteRepository remote, CycleRecorder recorder, SecretRedactor redactor)
            throws InterruptedException {
        if (cycle == null || cycle.landing() == null || cycle.landing().proposalBranch() == null) {
            return new Pushed(cycle, true);
        }
        String branch = cycle.landing().proposalBranch();
        String ref = branch.startsWith("refs/") ? branch : "refs/heads/" + branch;
        String error;
        try {
            PushResult result = remote.mirrors().push(remote.mirror(), List.of(ref), remote.credentials());
            if (result.allOk()) {
                recorder.event(cycle, "info", "pushed the proposal branch " + branch + " to " + remote.shown());
                return new Pushed(cycle, true);
            }
            error = "proposed on the mirror but " + remote.shown() + " refused the proposal branch: " + String.join("; ", result.refs()
                    .stream().filter(r -> !r.ok()).map(r -> r.ref() + " " + r.status() + " (" + r.message() + ")").toList());
        } catch (MirrorException | RuntimeException e) {
            error = "proposed on the mirror but could not push the proposal branch to " + remote.shown() + ": " + e.getMessage();
        }
        error = redactor.redact(error);
        recorder.event(cycle, "error", error);
        WorkCycle refused = new WorkCycle(cycle.id(), cycle.bot(), cycle.goal(), cycle.trigger(), cycle.phase(),
                cycle.outcome() == CycleOutcome.PROPOSED ? CycleOutcome.SUPERSEDED : cycle.outcome(),
                cycle.startedAt(), cycle.finishedAt(), cycle.baseCommit(), cycle.directivesVersion(), cycle.before(), cycle.after(),
                cycle.measurementsBefore(), cycle.measurementsAfter(), cycle.tasks(), cycle.steps(), cycle.changes(), cycle.tests(),
                cycle.landing(), cycle.reflection(), cycle.timings(), error, cycle.tokens());
        recorder.phase(refused);
        return new Pushed(refused, false);
    }
}
