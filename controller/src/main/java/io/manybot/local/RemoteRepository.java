package io.manybot.local;

import io.manybot.core.event.RepositoryNames;
import io.manybot.core.landing.Published;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.Mirror;
import io.manybot.core.mirror.MirrorException;
import io.manybot.core.mirror.MirrorPublisher;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One remote repository of the local home: its bare mirror in the state directory (the core's
 * {@link RepositoryMirrors}) and the {@link SourceRepository} cycles run on, as the cluster home's cycles
 * do. Cycles land on the mirror; what lands is pushed to the remote with a compare-and-swap.
 */
final class RemoteRepository implements AutoCloseable {
    private final RepositoryMirrors mirrors;
    private final String url;
    private final String branch;
    private final GitCredentials credentials;
    private final SourceRepository source;
    private volatile Mirror mirror;
    private final String resumedPush;

    private RemoteRepository(RepositoryMirrors mirrors, String url, String branch, GitCredentials credentials, Mirror mirror,
            SourceRepository source, String resumedPush) {
        this.mirrors = mirrors;
        this.url = url;
        this.branch = branch;
        this.credentials = credentials;
        this.mirror = mirror;
        this.source = source;
        this.resumedPush = resumedPush;
    }

    /**
     * Clones (or reuses) the mirror and opens it. A landing the mirror holds but its remote does not (the process stopped
     * between a cycle's landing and its push) is pushed first, with the same compare-and-swap; when the remote moved or
     * refuses it meanwhile, the mirror's branch is put back on the remote's tip, so that the cycle is recorded as not
     * landed (see {@link Recovery}) and its bot does the work again. Either way the change lands at most once.
     */
    static RemoteRepository open(RepositoryMirrors mirrors, String url, String branch, GitCredentials credentials)
            throws MirrorException, InterruptedException, IOException {
        Mirror mirror = mirrors.sync(url, branch, credentials, false);
        String resumed = null;
        if (mirror.unpushed().contains(branch)) {
            ObjectId landed = ObjectId.fromString(mirror.commit());
            Published published = new MirrorPublisher(mirrors, mirror, credentials, Optional::empty)
                    .publish(Constants.R_HEADS + branch, landed);
            resumed = switch (published.kind()) {
                case PUBLISHED -> "pushed " + landed.abbreviate(7).name() + ", which had landed on the mirror before its push was interrupted";
                default -> "did not push " + landed.abbreviate(7).name() + ", which had landed on the mirror before its push was interrupted ("
                        + published.detail() + "); the mirror follows the remote again and the bot does that work again";
            };
            mirror = mirrors.sync(url, branch, credentials, false);
        }
        return new RemoteRepository(mirrors, url, branch, credentials, mirror, SourceRepository.open(mirror.directory()), resumed);
    }

    /** What opening did with a landing whose push had been interrupted, for the terminal; null when there was none. */
    String resumedPush() {
        return resumedPush;
    }

    /** Fetches when the fetch interval has passed since the last fetch, or at once when {@code force}. */
    Mirror sync(boolean force) throws MirrorException, InterruptedException {
        Mirror synced = mirrors.sync(url, branch, credentials, force);
        mirror = synced;
        return synced;
    }

    SourceRepository source() {
        return source;
    }

    Mirror mirror() {
        return mirror;
    }

    RepositoryMirrors mirrors() {
        return mirrors;
    }

    GitCredentials credentials() {
        return credentials;
    }

    String url() {
        return url;
    }

    String branch() {
        return branch;
    }

    /** The URL (a password in it redacted) and branch, for messages. */
    String shown() {
        return RepositoryMirrors.redact(url) + " (branch " + branch + ")";
    }

    /** Whether a webhook naming any of {@code names} is about this repository. */
    boolean named(Collection<RepositoryNames.Name> names) {
        return RepositoryNames.matchesAny(RepositoryNames.parse(url), names);
    }

    @Override
    public void close() {
        source.close();
    }
}
