package io.manybot.core.mirror;

/**
 * A mirror could not be cloned, fetched or pushed: the URL is refused, the remote is unreachable, the
 * credentials were refused or the branch does not exist. The message and the causes never contain a
 * password.
 */
public final class MirrorException extends Exception {
    private static final long serialVersionUID = 1L;

    public MirrorException(String message) {
        super(message);
    }

    public MirrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
