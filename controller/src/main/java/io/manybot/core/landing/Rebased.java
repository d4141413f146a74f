package io.manybot.core.landing;

import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What {@link InCoreRebase#rebase} made of a cycle's commit on a new tip.
 *
 * @param commit the rebased commit (parent {@code onto}, the cycle's message and author), or null on a conflict
 * @param onto the tip it was rebased onto
 * @param over how many commits {@code onto} has that the cycle's base has not
 * @param changed the paths the cycle's commit changed (against its base), sorted
 * @param overlap those of {@link #changed} that the target also changed since the base (merged cleanly when
 *     {@link #conflicts} is empty), sorted
 * @param conflicts the paths the three-way merge could not merge, sorted; empty when clean
 */
public record Rebased(ObjectId commit, ObjectId onto, int over, List<String> changed, List<String> overlap, List<String> conflicts) {

    public Rebased {
        changed = List.copyOf(changed);
        overlap = List.copyOf(overlap);
        conflicts = List.copyOf(conflicts);
    }

    public boolean clean() {
        return conflicts.isEmpty();
    }
}
