package io.manybot.local;

import io.manybot.core.directives.DirectivesParser;
import io.manybot.core.directives.LiveDirectives;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Feeds the live directives file ({@code MARATHON.md} at the repository root) into one
 * {@link LiveDirectives}. Two sources: the file in the user's working tree (when {@code manybot run}
 * works on a non-bare checkout), watched with a {@link WatchService} so that an edit applies within
 * a second without a commit; and the file in the default branch's latest commit. When the working
 * tree has the file it wins; otherwise the commit's file is used. Every version goes through the
 * same {@link LiveDirectives}, so a broken edit keeps the last good directives.
 *
 * <p>Thread-safe: the watch thread and the controller's loop both offer.
 */
final class DirectivesWatcher implements AutoCloseable {
    static final String FILE = "MARATHON.md";
    /** Events closer together than this are one edit (editors truncate, then write, then rename). */
    static final long QUIET_MILLIS = 30;
    static final long MAX_SETTLE_MILLIS = 500;

    private final LiveDirectives live;
    private final Path workTree;
    private final Clock clock;
    private final BiConsumer<LiveDirectives.Update, String> onChange;
    private byte[] committed;
    private String commit;
    private WatchService watchService;
    private Thread thread;

    /**
     * @param workTree the user's working tree to watch, or null (bare repository, copied example)
     * @param onChange called after each applied or rejected version, with where it was read
     */
    DirectivesWatcher(LiveDirectives live, Path workTree, Clock clock, BiConsumer<LiveDirectives.Update, String> onChange) {
        this.live = Objects.requireNonNull(live, "live");
        this.workTree = workTree;
        this.clock = clock;
        this.onChange = onChange;
    }

    LiveDirectives live() {
        return live;
    }

    /** Starts watching the working tree (if any) and reads what is there now. */
    void start() throws IOException {
        if (workTree != null) {
            try {
                watchService = workTree.getFileSystem().newWatchService();
                workTree.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                thread = new Thread(this::watch, "manybot-directives");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException | UnsupportedOperationException e) {
                // no file events here: the controller's once-a-second poll() reads the file instead
                close();
                watchService = null;
            }
        }
        refresh();
    }

    /** The directives file in the default branch's latest commit ({@code content} null when it has none). */
    void committed(String commitId, byte[] content) {
        synchronized (this) {
            committed = content;
            commit = commitId;
        }
        refresh();
    }

    /**
     * The controller loop's periodic check: re-reads the working tree's file only when it is not
     * watched (the watch could not be set up, or its thread ended), so that a file caught halfway
     * through a write is never read outside the watch's settling.
     */
    void poll() {
        if (workTree == null || thread == null || !thread.isAlive()) {
            refresh();
        }
    }

    /**
     * Offers the version in force now: the working tree's file when it exists, else the commit's.
     * Cheap when nothing changed (the same content is not parsed again).
     */
    synchronized void refresh() {
        byte[] content = null;
        String source = null;
        if (workTree != null) {
            content = readWorkTree();
            source = "working tree " + FILE;
        }
        if (content == null && committed != null) {
            content = committed;
            source = FILE + " at " + commit.substring(0, Math.min(7, commit.length()));
        }
        if (content == null) {
            return;
        }
        LiveDirectives.Update update = live.offer(FILE, content, clock.instant());
        if (update.outcome() != LiveDirectives.Outcome.UNCHANGED && onChange != null) {
            onChange.accept(update, source);
        }
    }

    private byte[] readWorkTree() {
        Path file = workTree.resolve(FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            // one byte over the limit is enough for the parser to report the file as too large
            try (java.io.InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(DirectivesParser.MAX_BYTES + 1);
            }
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                boolean relevant = drain(key);
                if (!relevant) {
                    continue;
                }
                // let a burst of events (truncate, write, rename) settle before reading
                long settleUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_SETTLE_MILLIS);
                WatchKey more;
                while (System.nanoTime() < settleUntil && (more = watchService.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    refresh();
                } catch (RuntimeException e) {
                    // a listener failed; the update stands and the next edit is read as usual
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            // closing
        }
    }

    /** Takes the key's events and re-arms it; true when one concerns the directives file (or events were lost). */
    private static boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW
                    || event.context() instanceof Path path && path.toString().equals(FILE)) {
                relevant = true;
            }
        }
        key.reset();
        return relevant;
    }

    @Override
    public void close() {
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
