package io.manybot.local.state;

import java.time.Instant;
import java.util.List;

/**
 * The live directives ({@code MARATHON.md}) as the local controller last saw them, for
 * {@code manybot status} in another process.
 *
 * @param source where the directives in force were read ("working tree MARATHON.md", or the commit)
 * @param version the {@code _meta} version in force, or null (unversioned, or none applied)
 * @param contentHash the hex SHA-256 of the file in force, or null when none was ever applied
 * @param appliedAt when the directives in force took effect, or null
 * @param paused whether {@code _meta} pauses every bot
 * @param pausedBots the bots whose own section pauses them (besides a global pause)
 * @param lastError the first error of the latest edit ({@code file:line:column: message}) when it
 *     was rejected, or null when the latest edit is the one in force
 * @param lastErrorAt when that edit was rejected, or null
 * @param updatedAt when this row was last written
 */
public record DirectivesState(
        String source,
        String version,
        String contentHash,
        Instant appliedAt,
        boolean paused,
        List<String> pausedBots,
        String lastError,
        Instant lastErrorAt,
        Instant updatedAt) {

    public DirectivesState {
        pausedBots = pausedBots == null ? List.of() : List.copyOf(pausedBots);
    }

    /** Whether the directives keep bot {@code name} from starting cycles. */
    public boolean pauses(String name) {
        return paused || pausedBots.contains(name);
    }

    /** The first 12 characters of the content hash, or null. */
    public String shortHash() {
        return contentHash == null ? null : contentHash.substring(0, Math.min(12, contentHash.length()));
    }
}
