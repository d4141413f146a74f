package io.manybot.core.ownership;

import io.manybot.core.problem.Problem;

/**
 * An OWNERS file that could not be read. Ownership fails closed: every change below it is refused
 * until the file is fixed, rather than falling back to the owners above it.
 */
public record BrokenOwners(String path, Problem firstProblem) implements OwnersFile {

    @Override
    public boolean noParentOwners() {
        return true;
    }

    @Override
    public String format() {
        return "invalid";
    }
}
