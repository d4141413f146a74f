package io.manybot.core.meeting;

/**
 * A change of who answers for a path: {@code primary} becomes the primary owner of the OWNERS file governing {@code path},
 * {@code contributor} a contributor delegate there (it proposes through review instead of writing).
 *
 * @param ownersFile the OWNERS file the change writes (set once it is computed; null in a facilitator's answer)
 */
public record ResponsibilityChange(String path, String primary, String contributor, String reason, String ownersFile) {

    public ResponsibilityChange withOwnersFile(String file) {
        return new ResponsibilityChange(path, primary, contributor, reason, file);
    }
}
