package io.manybot.core.repo;

/** A path that would leave the repository, or cannot name a place in it. */
public final class PathRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String reason;

    public PathRefusedException(String path, String reason) {
        super("path '" + path + "' refused: " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
