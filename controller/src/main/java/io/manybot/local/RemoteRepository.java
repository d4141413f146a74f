package io.manybot.local;

import io.manybot.core.event.RepositoryNames;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.Mirror;
import io.manybot.core.mirror.MirrorException;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.util.Collection;

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

    private RemoteRepository(RepositoryMirrors mirrors, String url, String branch, GitCredentials credentials, Mirror mirror,
            SourceRepository source) {
        this.mirrors = mirrors;
        this.url = url;
        this.branch = branch;
        this.credentials = credentials;
        this.mirror = mirror;
        this.source = source;
    }

    /** Clones (or reuses) the mirror and opens it. */
    static RemoteRepository open(RepositoryMirrors mirrors, String url, String branch, GitCredentials credentials)
            throws MirrorException, InterruptedException, IOException {
        Mirror mirror = mirrors.sync(url, branch, credentials, false);
        return new RemoteRepository(mirrors, url, branch, credentials, mirror, SourceRepository.open(mirror.directory()));
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
