package io.manybot.local;

import io.manybot.core.declaration.Bot;
import io.manybot.core.event.RepositoryNames;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.MirrorException;
import io.manybot.core.mirror.RepositoryMirrors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote repositories of a `manybot run URL`: the run's own (declarations are read from it) and
 * each other repository a bot's {@code repository.url} names, one bare mirror per URL and branch under
 * {@code <state>/mirrors}. Mirrors are fetched on the fetch interval ({@link #refresh}, from a thread of
 * their own, never the controller's loop) and at once when a webhook names their repository
 * ({@link #fetchNow}). A repository that cannot be cloned or fetched (wrong credentials, unknown host
 * key, unreachable) keeps its bots from running, with the reason as their status line, and is tried
 * again each fetch interval; bots on other repositories carry on.
 */
final class RemoteRepositories implements AutoCloseable {
    /** What a bot works on: a URL and a branch. */
    record Target(String url, String branch) {
        String key() {
            return RepositoryMirrors.withoutUserInfo(url) + "\n" + branch;
        }
    }

    /**
     * What happened to a repository at a refresh: now usable (problem null) or not.
     *
     * @param note what opening it did with a landing whose push had been interrupted, or null
     */
    record Change(String repository, String problem, String note) {
        Change(String repository, String problem) {
            this(repository, problem, null);
        }
    }

    private static final class Entry {
        final Target target;
        final GitCredentials credentials;
        volatile RemoteRepository repository;
        volatile String problem;
        volatile Instant lastAttempt;

        Entry(Target target, GitCredentials credentials) {
            this.target = target;
            this.credentials = credentials;
        }
    }

    private final RepositoryMirrors mirrors;
    private final Duration fetchInterval;
    private final Clock clock;
    private final LocalGitCredentials credentials;
    private final RemoteRepository run;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>(); // bot -> why it cannot run

    private RemoteRepositories(RepositoryMirrors mirrors, Duration fetchInterval, Clock clock, LocalGitCredentials credentials,
            RemoteRepository run) {
        this.mirrors = mirrors;
        this.fetchInterval = fetchInterval;
        this.clock = clock;
        this.credentials = credentials;
        this.run = run;
    }

    /**
     * Clones (or fetches) the run's repository into {@code <state>/mirrors}.
     *
     * @throws MirrorException the repository cannot be reached (the message names the fix, never a secret)
     * @throws IllegalArgumentException the credentials in the environment are incomplete
     */
    static RemoteRepositories open(Path stateDirectory, String url, String branch, Duration fetchInterval, Clock clock,
            LocalGitCredentials credentials) throws MirrorException, InterruptedException, IOException {
        RepositoryMirrors mirrors = new RepositoryMirrors(stateDirectory.resolve("mirrors"), fetchInterval, clock);
        try {
            RemoteRepository run = RemoteRepository.open(mirrors, url, branch, credentials.defaults());
            return new RemoteRepositories(mirrors, fetchInterval, clock, credentials, run);
        } catch (MirrorException | IOException | RuntimeException | InterruptedException e) {
            mirrors.close();
            throw e;
        }
    }

    /** The repository `manybot run` was given: declarations and OWNERS files are read from it. */
    RemoteRepository run() {
        return run;
    }

    /** The run's repository, for a bot without a {@code repository.url}, or with one naming it on the same branch. */
    Target targetOf(Bot bot) {
        String url = bot.repository() == null ? null : bot.repository().url();
        String branch = bot.repository() == null || bot.repository().branch() == null ? run.branch() : bot.repository().branch();
        if (url == null || url.isBlank() || sameRepository(url, run.url())) {
            return new Target(run.url(), branch);
        }
        return new Target(url, branch);
    }

    /** Registers the repositories {@code bots} work on; the first refresh opens new ones. Called by the controller's loop. */
    void want(Collection<Bot> bots) {
        for (Bot bot : bots) {
            Target target = targetOf(bot);
            if (isRun(target)) {
                problems.remove(bot.name());
                continue;
            }
            Entry entry = entries.get(target.key());
            if (entry == null) {
                GitCredentials given;
                try {
                    given = credentials.forBot(bot);
                } catch (IllegalArgumentException e) {
                    problems.put(bot.name(), e.getMessage());
                    continue;
                }
                entries.putIfAbsent(target.key(), new Entry(target, given));
            }
            problems.remove(bot.name());
        }
    }

    /** The repository the bot's cycles run on, once it is cloned. */
    Optional<RemoteRepository> ready(Bot bot) {
        Target target = targetOf(bot);
        if (isRun(target)) {
            return Optional.of(run);
        }
        Entry entry = entries.get(target.key());
        return Optional.ofNullable(entry == null || problems.containsKey(bot.name()) ? null : entry.repository);
    }

    /** Why the bot cannot run now (its repository cannot be reached, its credentials are missing), or null. */
    String problem(Bot bot) {
        String own = problems.get(bot.name());
        if (own != null) {
            return own;
        }
        Target target = targetOf(bot);
        if (isRun(target)) {
            return null;
        }
        Entry entry = entries.get(target.key());
        if (entry == null) {
            return null;
        }
        if (entry.problem != null) {
            return "repository " + RepositoryMirrors.redact(target.url()) + ": " + entry.problem;
        }
        return entry.repository == null ? "waiting for the first fetch of " + RepositoryMirrors.redact(target.url()) : null;
    }

    /** Whether the bot's repository failed (or its credentials are missing), rather than not fetched yet. */
    boolean unreachable(Bot bot) {
        if (problems.containsKey(bot.name())) {
            return true;
        }
        Target target = targetOf(bot);
        Entry entry = isRun(target) ? null : entries.get(target.key());
        return entry != null && entry.problem != null;
    }

    /**
     * Opens new repositories and fetches those whose fetch interval has passed (the run's too); a repository
     * that failed is tried again once per fetch interval. Returns what changed.
     */
    List<Change> refresh() throws InterruptedException {
        List<Change> changes = new ArrayList<>();
        try {
            run.sync(false);
        } catch (MirrorException e) {
            changes.add(new Change(run.shown(), e.getMessage()));
        }
        Instant now = clock.instant();
        for (Entry entry : entries.values()) {
            if (entry.problem != null && entry.lastAttempt != null && now.isBefore(entry.lastAttempt.plus(fetchInterval))) {
                continue;
            }
            attempt(entry, false, changes);
        }
        return changes;
    }

    /** Fetches at once every repository among {@code names} (a push webhook): before its bots are triggered. */
    List<Change> fetchNow(List<RepositoryNames.Name> names) throws InterruptedException {
        List<Change> changes = new ArrayList<>();
        if (run.named(names)) {
            try {
                run.sync(true);
            } catch (MirrorException e) {
                changes.add(new Change(run.shown(), e.getMessage()));
            }
        }
        for (Entry entry : entries.values()) {
            if (RepositoryNames.matchesAny(RepositoryNames.parse(entry.target.url()), names)) {
                attempt(entry, true, changes);
            }
        }
        return changes;
    }

    private void attempt(Entry entry, boolean force, List<Change> changes) throws InterruptedException {
        synchronized (entry) {
            entry.lastAttempt = clock.instant();
            String before = entry.problem;
            try {
                if (entry.repository == null) {
                    entry.repository = RemoteRepository.open(mirrors, entry.target.url(), entry.target.branch(), entry.credentials);
                    if (entry.repository.resumedPush() != null) {
                        changes.add(new Change(entry.repository.shown(), null, entry.repository.resumedPush()));
                    }
                } else {
                    entry.repository.sync(force);
                }
                entry.problem = null;
            } catch (MirrorException | IOException | RuntimeException e) {
                entry.problem = String.valueOf(e.getMessage());
            }
            if (entry.problem != null && !entry.problem.equals(before) || entry.problem == null && before != null) {
                changes.add(new Change(RepositoryMirrors.redact(entry.target.url()) + " (branch " + entry.target.branch() + ")", entry.problem));
            }
        }
    }

    private boolean isRun(Target target) {
        return target.url().equals(run.url()) && target.branch().equals(run.branch());
    }

    /** The same repository: the same URL whoever's credentials are in it, or the same hosted repository written another way. */
    static boolean sameRepository(String a, String b) {
        return RepositoryMirrors.withoutUserInfo(a).equals(RepositoryMirrors.withoutUserInfo(b)) || RepositoryNames.same(a, b);
    }

    @Override
    public void close() {
        for (Entry entry : entries.values()) {
            if (entry.repository != null) {
                entry.repository.close();
            }
        }
        run.close();
        mirrors.close();
    }
}
