package io.manybot.cluster.cycle;

import java.util.Optional;

/**
 * Asked just before a cycle pushes what it landed: why it must not (its operator no longer holds the
 * leader Lease it started under), or empty when it may.
 */
@FunctionalInterface
public interface LandingFence {
    /** Never refuses: runner pods, and operators without leader election. */
    LandingFence NONE = Optional::empty;

    Optional<String> refusal();
}
