package io.manybot.core.directives;

import java.time.Instant;
import java.util.Objects;

/** Directives in effect and when they took effect. */
public record AppliedDirectives(Directives directives, Instant appliedAt) {

    public AppliedDirectives {
        Objects.requireNonNull(directives, "directives");
        Objects.requireNonNull(appliedAt, "appliedAt");
    }
}
