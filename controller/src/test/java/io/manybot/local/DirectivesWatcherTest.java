package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.directives.DirectivesParser;
import io.manybot.core.directives.LiveDirectives;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two sources of the live directives: the working tree's file wins over the commit's, and the commit's is the fallback. */
class DirectivesWatcherTest {
    private static final byte[] COMMITTED = "<!-- CURRENT FOCUS: from the commit -->\n".getBytes(StandardCharsets.UTF_8);
    private static final String EDITED = "<!-- CURRENT FOCUS: from the working tree -->\n";

    @TempDir
    Path workTree;

    @Test
    void theWorkingTreeFileWinsAndTheCommittedOneIsTheFallback() throws Exception {
        LiveDirectives live = new LiveDirectives();
        List<String> sources = new CopyOnWriteArrayList<>();
        try (DirectivesWatcher watcher = new DirectivesWatcher(live, workTree, Clock.systemUTC(), (update, from) -> sources.add(from))) {
            watcher.committed("0123456789abcdef", COMMITTED);
            watcher.start();
            assertEquals("from the commit", live.current().orElseThrow().directives().focus());
            assertEquals(List.of("MARATHON.md at 0123456"), sources);

            Files.writeString(workTree.resolve("MARATHON.md"), EDITED);
            await(() -> "from the working tree".equals(focus(live)));
            assertEquals("working tree MARATHON.md", sources.get(sources.size() - 1));

            watcher.committed("fedcba9876543210", "<!-- CURRENT FOCUS: a newer commit -->\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("from the working tree", focus(live), "a new commit does not override the working tree's file");

            Files.delete(workTree.resolve("MARATHON.md"));
            await(() -> "a newer commit".equals(focus(live)));
            assertTrue(sources.get(sources.size() - 1).startsWith("MARATHON.md at fedcba9"), sources::toString);

            Files.writeString(workTree.resolve("MARATHON.md"), "<!--\n_meta:\n  status: [\n-->\n");
            await(() -> !live.lastErrors().isEmpty());
            assertEquals("a newer commit", focus(live), "a broken edit keeps the last good directives");
            assertTrue(live.lastErrors().get(0).toString().startsWith("MARATHON.md:"), live.lastErrors()::toString);
            assertEquals(DirectivesParser.hash("<!-- CURRENT FOCUS: a newer commit -->\n".getBytes(StandardCharsets.UTF_8)),
                    live.current().orElseThrow().directives().contentHash());
        }
    }

    private static String focus(LiveDirectives live) {
        return live.current().map(applied -> applied.directives().focus()).orElse(null);
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.get(); i++) {
            Thread.sleep(20);
        }
        assertTrue(condition.get(), "condition not met");
    }
}
