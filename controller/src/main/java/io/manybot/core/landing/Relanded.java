package io.manybot.core.landing;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.ownership.Decision;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What {@link RebaseLanding#rebase} decided for a cycle's commit on a new tip.
 *
 * @param commit the commit to land (compare-and-swap the ref from {@link Rebased#onto}, or push) when
 *     {@link Kind#REBASED}; null otherwise
 * @param rebased the three-way merge's result
 * @param regated the ownership verdicts at the new tip for every path of the cycle's commit (empty on a conflict):
 *     a path no longer written directly ({@link #revoked()}) is left out of {@code commit}
 * @param retested whether the bot's tests ran on the rebased tree
 * @param tests that run (its output unmasked: mask it before keeping it), or null
 */
public record Relanded(Kind kind, ObjectId commit, Rebased rebased, List<ChangedFile> regated, boolean retested, TestRun tests) {

    public enum Kind {
        /** Merged cleanly, still writable at the new tip, tests (if run) passed: {@code commit} is ready to land. */
        REBASED,
        /** The merge conflicted on {@link Rebased#conflicts}: nothing lands; the cycle is superseded and re-planned. */
        CONFLICT,
        /** Ownership at the new tip lets the bot write none of its paths any more (see {@link #regated}). */
        NOTHING_WRITABLE,
        /** The tests failed on the rebased tree (and the bot rolls back on failing tests): nothing lands. */
        TESTS_FAILED,
        /** The rebased tree is the new tip's: the target already made the same change since the base. Nothing to land. */
        ALREADY_ON_TARGET
    }

    public Relanded {
        regated = List.copyOf(regated);
    }

    /** Paths the cycle wrote that ownership at the new tip no longer lets it write directly (to review, or refused). */
    public List<String> revoked() {
        return regated.stream().filter(file -> file.disposition() == Disposition.DROPPED || file.decision() != Decision.WRITE)
                .map(ChangedFile::path).toList();
    }
}
