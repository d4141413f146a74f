package io.manybot.core.directives;

import java.time.Instant;

/** The {@code _meta} block of a directives file: when it was updated, its version, and whether bots may run. */
public record DirectivesMeta(Instant updated, String version, Status status) {

    public enum Status { ACTIVE, PAUSED }
}
