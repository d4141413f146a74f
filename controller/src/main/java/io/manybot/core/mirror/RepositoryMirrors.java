package io.manybot.core.mirror;

import io.manybot.core.mirror.PushResult.RefPush;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;

/**
 * Shared local bare mirrors of remote repositories, one per repository URL and branch. A mirror holds
 * {@code refs/heads/<branch>} and {@code refs/heads/manybot/**}, which cycles land on, and remote-tracking
 * refs {@code refs/remotes/origin/...} recording what the remote had at the last fetch or push. A fetch
 * moves a local branch only when nothing on it is unpushed; a push is a compare-and-swap on the remote's
 * old value as last seen.
 *
 * <p>Calls for the same URL and branch are serialised (one clone or fetch at a time); different mirrors
 * proceed in parallel.
 */
public final class RepositoryMirrors implements AutoCloseable {
    /** The default timeout of each network operation. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Where the remote's branches are recorded as last seen. */
    static final String TRACKING = Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/";
    /** The branches cycles land on besides the mirrored branch (proposals, redirects). */
    static final String MANYBOT = "manybot/";
    private static final Pattern AUTH_STATUS = Pattern.compile("\\b(401|403)\\b");

    private final Path root;
    private final Duration fetchInterval;
    private final Clock clock;
    private final int timeoutSeconds;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Instant> fetchedAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> usedAt = new ConcurrentHashMap<>();
    private final Map<String, Path> directories = new ConcurrentHashMap<>();
    private final SshTransports ssh;
    private volatile boolean closed;

    /** Mirrors live under {@code root/<sanitised-host-path>-<short hash of url and branch>/}. */
    public RepositoryMirrors(Path root, Duration fetchInterval, Clock clock) {
        this(root, fetchInterval, clock, DEFAULT_TIMEOUT);
    }

    public RepositoryMirrors(Path root, Duration fetchInterval, Clock clock, Duration timeout) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.fetchInterval = Objects.requireNonNull(fetchInterval, "fetchInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (fetchInterval.isNegative()) {
            throw new IllegalArgumentException("the fetch interval must not be negative");
        }
        this.timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        this.ssh = new SshTransports(this.root, Path.of(System.getProperty("user.home"), ".ssh"));
    }

    /** Where the mirror of {@code url}@{@code branch} is (or would be) kept; nothing is fetched. */
    /**
     * Whether {@code text} is written as a repository URL ({@code https://}, {@code http://}, {@code ssh://},
     * {@code git://}, {@code file://} or scp-like {@code user@host:path}) rather than a path.
     */
    public static boolean isUrl(String text) {
        return MirrorUrls.isUrl(text);
    }

    /** {@code url} with a password written into it replaced by {@code ***}. */
    public static String redact(String url) {
        return MirrorUrls.redact(url);
    }

    /** {@code url} without any {@code user[:password]@}: the same repository whoever's credentials are used. */
    public static String withoutUserInfo(String url) {
        return MirrorUrls.withoutUserInfo(url);
    }

    public Path directory(String url, String branch) throws MirrorException {
        return root.resolve(MirrorUrls.directoryName(MirrorUrls.validate(url), url, branch));
    }

    /**
     * The mirror of {@code url}@{@code branch}: cloned bare on first use (that branch and
     * {@code refs/heads/manybot/**} only), fetched again when the last fetch is older than the fetch
     * interval or when {@code force} is true. Local branches with unpushed commits are kept as they are
     * and listed in {@link Mirror#unpushed()}.
     *
     * @param credentials username and password or token for https remotes; null for none
     * @throws MirrorException the URL is refused, the remote is unreachable, the credentials are refused or
     *     the branch does not exist; the message never contains a password
     */
    public Mirror sync(String url, String branch, GitCredentials credentials, boolean force)
            throws MirrorException, InterruptedException {
        URIish uri = MirrorUrls.validate(url);
        checkBranch(branch);
        String key = key(url, branch);
        Path directory = root.resolve(MirrorUrls.directoryName(uri, url, branch));
        ReentrantLock lock = lock(key);
        try {
            ensureOpen();
            Instant now = clock.instant();
            usedAt.put(key, now);
            directories.put(key, directory);
            boolean exists = isRepository(directory);
            Instant last = fetchedAt.get(key);
            boolean fetch = !exists || force || last == null || !now.isBefore(last.plus(fetchInterval));
            if (!exists) {
                cloneInto(directory, url, branch, credentials);
            } else if (fetch) {
                try (Repository repository = openBare(directory)) {
                    checkIdentity(repository, url, branch);
                    fetch(repository, url, branch, credentials);
                }
            }
            if (fetch) {
                last = now;
                fetchedAt.put(key, now);
            }
            try (Repository repository = openBare(directory)) {
                Ref tip = repository.exactRef(Constants.R_HEADS + branch);
                if (tip == null || tip.getObjectId() == null) {
                    throw new MirrorException("the mirror of " + MirrorUrls.redact(url) + " in " + directory + " has no branch '"
                            + branch + "'");
                }
                return new Mirror(url, branch, directory, tip.getObjectId().name(), last, fetch, unpushed(repository, branch));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MirrorException("mirror of " + MirrorUrls.redact(url) + " (branch '" + branch + "') in " + directory
                    + ": " + MirrorUrls.redact(e.getMessage(), url, credentials), scrub(e, url, credentials, 0));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pushes local branches of {@code mirror} (short names like {@code main} and
     * {@code manybot/proposals/bot/c1}, or full {@code refs/heads/...} names) to the remote, each as a
     * compare-and-swap on the value the mirror last saw there ("must not exist" for a branch the remote
     * did not have). A ref the remote moved meanwhile is reported as
     * {@link RefPush#REJECTED_REMOTE_CHANGED}, not thrown, and the next {@link #sync} fetches.
     *
     * @throws IllegalArgumentException a ref is neither the mirrored branch nor under {@code manybot/}
     * @throws MirrorException the remote is unreachable or refused the credentials
     */
    public PushResult push(Mirror mirror, List<String> refs, GitCredentials credentials)
            throws MirrorException, InterruptedException {
        URIish uri = MirrorUrls.validate(mirror.url());
        checkBranch(mirror.branch());
        String url = mirror.url();
        String key = key(url, mirror.branch());
        Map<String, RefPush> results = new LinkedHashMap<>();
        List<RemoteRefUpdate> updates = new ArrayList<>();
        for (String given : refs) {
            String name = given.startsWith(Constants.R_HEADS) ? given.substring(Constants.R_HEADS.length()) : given;
            if (!(name.equals(mirror.branch()) || name.startsWith(MANYBOT)) || !Repository.isValidRefName(Constants.R_HEADS + name)) {
                throw new IllegalArgumentException("can only push " + mirror.branch() + " and manybot/** branches, not: " + given);
            }
            results.put(Constants.R_HEADS + name, null);
        }
        ReentrantLock lock = lock(key);
        try (Repository repository = openBare(mirror.directory())) {
            ensureOpen();
            usedAt.put(key, clock.instant());
            for (String ref : results.keySet()) {
                String tracking = TRACKING + ref.substring(Constants.R_HEADS.length());
                Ref local = repository.exactRef(ref);
                if (local == null || local.getObjectId() == null) {
                    results.put(ref, new RefPush(ref, RefPush.REJECTED_OTHER, "the mirror has no branch " + ref));
                    continue;
                }
                Ref remote = repository.exactRef(tracking);
                ObjectId expected = remote == null ? ObjectId.zeroId() : remote.getObjectId();
                if (local.getObjectId().equals(expected)) {
                    results.put(ref, new RefPush(ref, RefPush.UP_TO_DATE, "the remote is already at " + expected.name()));
                    continue;
                }
                updates.add(new RemoteRefUpdate(repository, ref, ref, false, tracking, expected));
            }
            if (!updates.isEmpty()) {
                try (Transport transport = Transport.open(repository, uri)) {
                    transport.setTimeout(timeoutSeconds);
                    transport.setTagOpt(TagOpt.NO_TAGS);
                    if (credentials != null && credentials.hasPassword() && !MirrorUrls.isLocal(url)) {
                        transport.setCredentialsProvider(provider(credentials));
                    }
                    ssh.configure(transport, credentials == null ? null : credentials.ssh());
                    transport.push(NullProgressMonitor.INSTANCE, updates);
                }
                boolean remoteMoved = false;
                for (RemoteRefUpdate update : updates) {
                    RefPush result = result(update, url, credentials);
                    remoteMoved |= result.status().equals(RefPush.REJECTED_REMOTE_CHANGED);
                    results.put(update.getRemoteName(), result);
                }
                if (remoteMoved) {
                    fetchedAt.remove(key);
                }
            }
            return new PushResult(List.copyOf(results.values()));
        } catch (IOException | UncheckedIOException e) {
            throw failure("push to", url, mirror.branch(), credentials, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pushes branch {@code ref} (a full {@code refs/heads/manybot/...} name) of {@code repository} — any repository, such as
     * a person's clone — to {@code url} as a new branch: compare-and-swap on "must not exist", so a branch the remote has
     * already is reported as refused, never overwritten. Same transport, credentials and messages as {@link #push}.
     *
     * @throws IllegalArgumentException the ref is not under {@code refs/heads/manybot/}, or the repository has no such branch
     * @throws MirrorException the remote is unreachable or refused the credentials
     */
    public PushResult pushNewBranch(Repository repository, String url, String ref, GitCredentials credentials) throws MirrorException {
        URIish uri = MirrorUrls.validate(url);
        if (!ref.startsWith(Constants.R_HEADS + MANYBOT) || !Repository.isValidRefName(ref)) {
            throw new IllegalArgumentException("can only push a new manybot/** branch, not: " + ref);
        }
        ensureOpen();
        try {
            Ref local = repository.exactRef(ref);
            if (local == null || local.getObjectId() == null) {
                throw new IllegalArgumentException("the repository has no branch " + ref);
            }
            RemoteRefUpdate update = new RemoteRefUpdate(repository, ref, ref, false, null, ObjectId.zeroId());
            try (Transport transport = Transport.open(repository, uri)) {
                transport.setTimeout(timeoutSeconds);
                transport.setTagOpt(TagOpt.NO_TAGS);
                if (credentials != null && credentials.hasPassword() && !MirrorUrls.isLocal(url)) {
                    transport.setCredentialsProvider(provider(credentials));
                }
                ssh.configure(transport, credentials == null ? null : credentials.ssh());
                transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            }
            RefPush result = result(update, url, credentials);
            if (result.status().equals(RefPush.REJECTED_REMOTE_CHANGED)) {
                result = new RefPush(ref, RefPush.REJECTED_OTHER, MirrorUrls.redact(url) + " has a branch " + ref + " already");
            }
            return new PushResult(List.of(result));
        } catch (IOException | UncheckedIOException e) {
            throw failure("push to", url, ref.substring(Constants.R_HEADS.length()), credentials, e);
        }
    }

    /**
     * Puts the mirror's {@code ref} (a full {@code refs/heads/...} name) back where the remote was last seen, if it is
     * still at {@code landed}: after a push the remote did not take, so that the mirror neither keeps nor builds on a
     * change its remote does not have. A branch the remote does not have is deleted.
     *
     * @return the remote's tip as last seen (after a {@link #sync}, as just fetched), or null when it has no such branch
     * @throws MirrorException the mirror cannot be read or written
     */
    public ObjectId rewind(Mirror mirror, String ref, ObjectId landed) throws MirrorException, InterruptedException {
        if (!ref.startsWith(Constants.R_HEADS)) {
            throw new IllegalArgumentException("not a branch: " + ref);
        }
        String key = key(mirror.url(), mirror.branch());
        ReentrantLock lock = lock(key);
        try (Repository repository = openBare(mirror.directory()); RevWalk walk = new RevWalk(repository)) {
            Ref remote = repository.exactRef(TRACKING + ref.substring(Constants.R_HEADS.length()));
            ObjectId tip = remote == null ? null : remote.getObjectId();
            Ref local = repository.exactRef(ref);
            if (local != null && landed.equals(local.getObjectId()) && !landed.equals(tip)) {
                RefUpdate update = repository.updateRef(ref);
                update.setExpectedOldObjectId(landed);
                update.setForceUpdate(true);
                update.setRefLogMessage("manybot mirror: the remote did not take " + landed.name(), false);
                if (tip == null) {
                    update.delete(walk);
                } else {
                    update.setNewObjectId(tip);
                    update.update(walk);
                }
            }
            return tip;
        } catch (IOException e) {
            throw new MirrorException("could not put " + ref + " of the mirror of " + MirrorUrls.redact(mirror.url()) + " back: "
                    + MirrorUrls.redact(e.getMessage(), mirror.url(), null), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the mirrors this instance used that were not used for longer than {@code idle}, and returns
     * their directories. Mirrors left by an earlier process are not known and not removed.
     */
    public List<Path> removeIdle(Duration idle) throws InterruptedException {
        List<Path> removed = new ArrayList<>();
        Instant cutoff = clock.instant().minus(idle);
        for (String key : List.copyOf(usedAt.keySet())) {
            Instant used = usedAt.get(key);
            if (used == null || !used.isBefore(cutoff)) {
                continue;
            }
            ReentrantLock lock = lock(key);
            try {
                used = usedAt.get(key);
                Path directory = directories.get(key);
                if (used != null && used.isBefore(cutoff) && directory != null) {
                    try {
                        deleteRecursively(directory);
                    } catch (IOException e) {
                        continue; // tried again next time
                    }
                    usedAt.remove(key);
                    fetchedAt.remove(key);
                    directories.remove(key);
                    removed.add(directory);
                }
            } finally {
                lock.unlock();
            }
        }
        return removed;
    }

    /** Forgets the fetch times; mirrors stay on disk. Later calls throw IllegalStateException. */
    @Override
    public void close() {
        closed = true;
        ssh.close();
        fetchedAt.clear();
        usedAt.clear();
        directories.clear();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the repository mirrors are closed");
        }
    }

    private ReentrantLock lock(String key) throws InterruptedException {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lockInterruptibly();
        return lock;
    }

    /** One mirror per repository (whoever's credentials are written into the URL) and branch. */
    private static String key(String url, String branch) {
        return MirrorUrls.withoutUserInfo(url) + "\n" + branch;
    }

    private static void checkBranch(String branch) throws MirrorException {
        if (branch == null || branch.isBlank() || branch.startsWith("-") || branch.startsWith(MANYBOT)
                || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new MirrorException("not a branch that can be mirrored: '" + branch + "'");
        }
    }

    /** A directory (a hash collision, or one copied in by hand) that mirrors something else is never fetched into. */
    private static void checkIdentity(Repository repository, String url, String branch) throws MirrorException {
        String mirroredUrl = repository.getConfig().getString("manybot", "mirror", "url");
        String mirroredBranch = repository.getConfig().getString("manybot", "mirror", "branch");
        if (!MirrorUrls.withoutUserInfo(url).equals(mirroredUrl) || !branch.equals(mirroredBranch)) {
            throw new MirrorException(repository.getDirectory() + " is not the mirror of " + MirrorUrls.redact(url) + " (branch '"
                    + branch + "') but of " + MirrorUrls.redact(mirroredUrl) + " (branch '" + mirroredBranch + "'); remove it");
        }
    }

    private static boolean isRepository(Path directory) {
        return Files.isDirectory(directory) && RepositoryCache.FileKey.isGitRepository(directory.toFile(), FS.DETECTED);
    }

    private static Repository openBare(Path directory) throws IOException {
        return new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().setMustExist(true).build();
    }

    /** Initialises and fetches next to {@code directory}, then moves the finished mirror into place. */
    private void cloneInto(Path directory, String url, String branch, GitCredentials credentials)
            throws IOException, MirrorException {
        Files.createDirectories(root);
        Path temporary = root.resolve("." + directory.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (Git git = Git.init().setBare(true).setDirectory(temporary.toFile()).setInitialBranch(branch).call()) {
                StoredConfig config = git.getRepository().getConfig();
                config.setString("manybot", "mirror", "url", MirrorUrls.withoutUserInfo(url));
                config.setString("manybot", "mirror", "branch", branch);
                // An automatic gc after the first fetch must finish before the directory moves: a
                // detached one would work on the temporary path after it is gone.
                config.setBoolean("gc", null, "autoDetach", false);
                config.save();
                fetch(git.getRepository(), url, branch, credentials);
                config.unset("gc", null, "autoDetach");
                config.save();
            } catch (GitAPIException e) {
                throw new IOException("could not initialise " + temporary + ": " + e.getMessage(), e);
            }
            if (Files.exists(directory)) {
                deleteRecursively(directory); // not a repository: a leftover
            }
            Files.move(temporary, directory, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(temporary);
        }
    }

    private void fetch(Repository repository, String url, String branch, GitCredentials credentials)
            throws IOException, MirrorException {
        RefSpec mirrored = new RefSpec("+" + Constants.R_HEADS + branch + ":" + TRACKING + branch);
        RefSpec manybot = new RefSpec("+" + Constants.R_HEADS + MANYBOT + "*:" + TRACKING + MANYBOT + "*");
        FetchResult result;
        try {
            var fetch = Git.wrap(repository).fetch()
                    .setRemote(url)
                    .setRefSpecs(mirrored, manybot)
                    .setRemoveDeletedRefs(true)
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setRecurseSubmodules(org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode.NO)
                    .setTimeout(timeoutSeconds);
            if (credentials != null && credentials.hasPassword() && !MirrorUrls.isLocal(url)) {
                fetch.setCredentialsProvider(provider(credentials));
            }
            fetch.setTransportConfigCallback(transport -> ssh.configure(transport, credentials == null ? null : credentials.ssh()));
            result = fetch.call();
        } catch (GitAPIException | JGitInternalException | UncheckedIOException e) {
            throw failure("fetch", url, branch, credentials, e);
        }
        followRemote(repository, branch, result);
    }

    /**
     * Moves each local branch to the remote's new value when nothing on it is unpushed: it is missing, it
     * is where the remote was before this fetch, or the remote's new value contains it. Otherwise it is
     * left alone (and reported as unpushed). Compare-and-swap: a cycle landing meanwhile wins.
     */
    private static void followRemote(Repository repository, String branch, FetchResult result) throws IOException {
        Map<String, TrackingRefUpdate> changed = new LinkedHashMap<>();
        for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
            changed.put(update.getLocalName(), update);
        }
        Map<String, ObjectId[]> moves = new LinkedHashMap<>(); // local branch -> {remote before, remote now}
        List<Ref> tracking = new ArrayList<>(repository.getRefDatabase().getRefsByPrefix(TRACKING + MANYBOT));
        Ref main = repository.exactRef(TRACKING + branch);
        if (main != null) {
            tracking.add(main);
        }
        for (Ref ref : tracking) {
            TrackingRefUpdate update = changed.get(ref.getName());
            ObjectId before = update == null ? ref.getObjectId() : orNull(update.getOldObjectId());
            moves.put(localName(ref.getName()), new ObjectId[] {before, ref.getObjectId()});
        }
        for (TrackingRefUpdate update : changed.values()) {
            if (orNull(update.getNewObjectId()) == null) { // pruned: the remote deleted the branch
                moves.put(localName(update.getLocalName()), new ObjectId[] {orNull(update.getOldObjectId()), null});
            }
        }
        try (RevWalk walk = new RevWalk(repository)) {
            for (Map.Entry<String, ObjectId[]> move : moves.entrySet()) {
                follow(repository, walk, move.getKey(), move.getValue()[0], move.getValue()[1]);
            }
        }
    }

    private static void follow(Repository repository, RevWalk walk, String localName, ObjectId before, ObjectId now)
            throws IOException {
        Ref ref = repository.exactRef(localName);
        ObjectId local = ref == null ? null : ref.getObjectId();
        if (Objects.equals(local, now)) {
            return;
        }
        boolean nothingUnpushed = local == null || local.equals(before) || (now != null && contains(walk, now, local));
        if (!nothingUnpushed) {
            return;
        }
        RefUpdate update = repository.updateRef(localName);
        update.setExpectedOldObjectId(local == null ? ObjectId.zeroId() : local);
        update.setForceUpdate(true);
        update.setRefLogMessage("manybot mirror: follow the remote", false);
        if (now == null) {
            update.delete(walk);
        } else {
            update.setNewObjectId(now);
            update.update(walk); // LOCK_FAILURE: a cycle landed meanwhile; it is kept and shows as unpushed
        }
    }

    /** Branches with commits the remote did not have when last seen, short names, sorted. */
    private static List<String> unpushed(Repository repository, String branch) throws IOException {
        List<Ref> locals = new ArrayList<>();
        Ref main = repository.exactRef(Constants.R_HEADS + branch);
        if (main != null) {
            locals.add(main);
        }
        locals.addAll(repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS + MANYBOT));
        List<String> unpushed = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            for (Ref local : locals) {
                String name = local.getName().substring(Constants.R_HEADS.length());
                Ref remote = repository.exactRef(TRACKING + name);
                if (local.getObjectId() != null
                        && (remote == null || !contains(walk, remote.getObjectId(), local.getObjectId()))) {
                    unpushed.add(name);
                }
            }
        }
        unpushed.sort(null);
        return unpushed;
    }

    /** Whether {@code tip}'s history contains {@code commit}. */
    private static boolean contains(RevWalk walk, ObjectId tip, ObjectId commit) throws IOException {
        if (tip.equals(commit)) {
            return true;
        }
        try {
            walk.reset();
            return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(tip));
        } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            return false;
        }
    }

    private static String localName(String trackingName) {
        return Constants.R_HEADS + trackingName.substring(TRACKING.length());
    }

    private static ObjectId orNull(ObjectId id) {
        return id == null || id.equals(ObjectId.zeroId()) ? null : id;
    }

    private static UsernamePasswordCredentialsProvider provider(GitCredentials credentials) {
        return new UsernamePasswordCredentialsProvider(credentials.username(), credentials.password());
    }

    private static RefPush result(RemoteRefUpdate update, String url, GitCredentials credentials) {
        String ref = update.getRemoteName();
        String detail = update.getMessage() == null ? "" : ": " + MirrorUrls.redact(update.getMessage(), url, credentials);
        return switch (update.getStatus()) {
            case OK -> new RefPush(ref, RefPush.OK, "pushed " + update.getNewObjectId().name() + " to " + ref);
            case UP_TO_DATE -> new RefPush(ref, RefPush.UP_TO_DATE, "the remote already had " + update.getNewObjectId().name());
            case REJECTED_REMOTE_CHANGED -> new RefPush(ref, RefPush.REJECTED_REMOTE_CHANGED, "the remote " + ref
                    + " is no longer at " + expected(update) + " where the mirror last saw it; sync and try again");
            // A fetch between the landing and its push saw the remote move: the landing does not descend from the tip.
            case REJECTED_NONFASTFORWARD -> new RefPush(ref, RefPush.REJECTED_REMOTE_CHANGED, "the remote " + ref
                    + " has commits the landing does not; sync and try again");
            default -> new RefPush(ref, RefPush.REJECTED_OTHER,
                    "the remote refused " + ref + " (" + update.getStatus().name().toLowerCase(Locale.ROOT) + ")" + detail);
        };
    }

    private static String expected(RemoteRefUpdate update) {
        ObjectId expected = orNull(update.getExpectedOldObjectId());
        return expected == null ? "(no branch)" : expected.name();
    }

    /** A clear message: branch missing, repository missing, authentication refused, or the transport's own. */
    private static MirrorException failure(String action, String url, String branch, GitCredentials credentials, Exception e) {
        String shown = MirrorUrls.redact(url);
        StringBuilder chain = new StringBuilder();
        boolean noRepository = false;
        String deepest = null;
        for (Throwable t = e; t != null && chain.length() < 4000; t = t.getCause() == t ? null : t.getCause()) {
            noRepository |= t instanceof NoRemoteRepositoryException;
            if (t.getMessage() != null) {
                chain.append(t.getMessage()).append('\n');
                deepest = t.getMessage();
            }
        }
        String text = chain.toString().toLowerCase(Locale.ROOT);
        String message;
        if (text.contains(("remote does not have " + Constants.R_HEADS + branch + " ").toLowerCase(Locale.ROOT))) {
            message = "branch '" + branch + "' does not exist in " + shown;
        } else if (SshFailures.hostKeyRefused(text)) {
            message = SshFailures.hostKeyMessage(url, credentials);
        } else if (SshFailures.isSsh(url) && SshFailures.keyRefused(text)) {
            message = SshFailures.keyMessage(url, credentials);
        } else if (text.contains("not authorized") || text.contains("authentication") || text.contains("auth fail")
                || AUTH_STATUS.matcher(text).find()) {
            message = "authentication to " + shown + " failed"
                    + (credentials == null || !credentials.hasPassword() ? " (no username and password or token given)"
                            : " for user '" + credentials.username() + "'") + ": check the token or password";
        } else if (noRepository) {
            message = "repository " + shown + " not found (or not accessible)";
        } else {
            String detail = withoutUrlPrefix(e.getMessage(), url);
            if (deepest != null && detail != null && !detail.contains(deepest)) {
                detail = detail + " (" + deepest + ")";
            }
            message = "could not " + action + " " + shown + ": " + detail;
        }
        return new MirrorException(MirrorUrls.redact(message, url, credentials), scrub(e, url, credentials, 0));
    }

    /** JGit starts its messages with the URL; the message names it already. */
    private static String withoutUrlPrefix(String detail, String url) {
        try {
            return detail == null ? null : detail.replace(new URIish(url).toString() + ": ", "");
        } catch (java.net.URISyntaxException e) {
            return detail;
        }
    }

    /** A copy of {@code t} and its causes with redacted messages, keeping the stack traces. */
    private static Throwable scrub(Throwable t, String url, GitCredentials credentials, int depth) {
        if (t == null || depth > 10) {
            return null;
        }
        Throwable cause = t.getCause() == t ? null : t.getCause();
        Scrubbed copy = new Scrubbed(t.getClass().getName() + ": " + MirrorUrls.redact(t.getMessage(), url, credentials),
                scrub(cause, url, credentials, depth + 1));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Stands in for an exception whose message might have held a password. */
    private static final class Scrubbed extends Exception {
        private static final long serialVersionUID = 1L;

        Scrubbed(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
