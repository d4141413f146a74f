package io.manybot.core.ownership;

import io.manybot.core.problem.SourceLocation;

/**
 * A principal as listed in an ownership file: where it was written and, when it came from an
 * OWNERS_ALIASES group, the alias that brought it in.
 */
public record Entry(Principal principal, SourceLocation location, String viaAlias) {

    public Entry(Principal principal, SourceLocation location) {
        this(principal, location, null);
    }

    public String describe() {
        return viaAlias == null ? location.toString() : location + " via alias " + viaAlias;
    }
}
