package io.manybot.core.ownership;

import io.manybot.core.problem.SourceLocation;

/**
 * An OWNERS file as read: one of the two formats, or broken. It governs its directory and
 * everything below it, up to the nearest OWNERS file further down.
 */
public sealed interface OwnersFile permits ManybotOwners, ProwOwners, BrokenOwners {

    /** Repository-relative path of the file ({@code src/api/OWNERS}). */
    String path();

    /** The directory it governs ("" for the root). */
    default String directory() {
        int slash = path().lastIndexOf('/');
        return slash < 0 ? "" : path().substring(0, slash);
    }

    /** Whether owners of parent directories are cut off here ({@code options.no_parent_owners}). */
    boolean noParentOwners();

    default SourceLocation location() {
        return new SourceLocation(path(), 1, 1);
    }

    /** Short name of the format, for output. */
    String format();
}
