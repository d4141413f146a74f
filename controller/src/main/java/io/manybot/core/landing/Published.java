package io.manybot.core.landing;

import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What a {@link Publisher} did with a landing.
 *
 * @param tip {@link Kind#PUBLISHED}: the commit published; {@link Kind#MOVED}: the remote's new tip, where the source's
 *     ref now is again (rebase onto it); otherwise the commit the source's ref was put back on, or null
 * @param detail one line for the cycle's events (never holds a credential)
 */
public record Published(Kind kind, ObjectId tip, String detail) {
    public enum Kind {
        /** The landing is on the remote (or the source is the repository of record). */
        PUBLISHED,
        /** The remote's ref moved since the mirror last saw it: rebase onto {@link #tip} and try again. */
        MOVED,
        /** The remote refused it for another reason (a protected branch, a hook, unreachable, credentials). */
        REFUSED,
        /** This process may no longer land (e.g. it lost the leader Lease it started under): nothing was pushed. */
        FENCED
    }

    public Published {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        if (kind == Kind.MOVED && tip == null) {
            throw new IllegalArgumentException("a moved remote names its new tip");
        }
    }

    public static Published published(ObjectId commit, String detail) {
        return new Published(Kind.PUBLISHED, commit, detail);
    }

    public static Published moved(ObjectId tip, String detail) {
        return new Published(Kind.MOVED, tip, detail);
    }

    public static Published refused(ObjectId rewoundTo, String detail) {
        return new Published(Kind.REFUSED, rewoundTo, detail);
    }

    public static Published fenced(ObjectId rewoundTo, String detail) {
        return new Published(Kind.FENCED, rewoundTo, detail);
    }
}
