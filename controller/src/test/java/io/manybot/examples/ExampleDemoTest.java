package io.manybot.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.LocalController;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: `manybot run examples/repo-with-owners --once`. The format bot's key
 * result moves, its own files land, files others own go to a proposal branch, billing is refused —
 * and the project's own example directory is left exactly as it was.
 */
class ExampleDemoTest {
    @TempDir
    Path state;

    @Test
    void theDemoMovesTheGoalAndLeavesTheExampleUntouched() throws Exception {
        Path example = ExampleRepositoryTest.exampleDirectory();
        TreeMap<String, String> before = contents(example);
        StringWriter terminal = new StringWriter();

        List<WorkCycle> cycles = new LocalController(new LocalController.Options(example, state, 1, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC()).run();

        WorkCycle format = last(cycles, "format-bot");
        assertEquals(CycleOutcome.LANDED, format.outcome(), terminal::toString);
        assertEquals(Set.of("tests/billing/test_invoices.py", "tests/web/test_views.py", "src/api/schemas/product.py"),
                paths(format, Disposition.LANDED));
        assertEquals(Set.of("src/api/routes/orders.py", "src/web/views.py", "src/web/static/shop.css"), paths(format, Disposition.PROPOSED));
        assertEquals(Set.of("src/billing/invoices.py"), paths(format, Disposition.DROPPED));
        assertEquals(7.0, format.before().keyResults().get(0).current());
        assertEquals(4.0, format.after().keyResults().get(0).current());
        assertTrue(format.after().progress() > format.before().progress());
        assertTrue(format.tests().passed(), () -> format.tests().output());

        WorkCycle api = last(cycles, "api-bot");
        assertEquals(CycleOutcome.LANDED, api.outcome(), terminal::toString);
        assertEquals(5.0, api.after().keyResults().get(0).current());

        Path copy = state.resolve("repository.git");
        try (Git git = Git.open(copy.toFile())) {
            assertNotNull(git.getRepository().resolve(format.landing().commit()));
            assertNotNull(git.getRepository().exactRef("refs/heads/" + format.landing().proposalBranch()));
            try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
                assertTrue(walk.isMergedInto(walk.parseCommit(git.getRepository().resolve(format.landing().commit())),
                        walk.parseCommit(git.getRepository().resolve("refs/heads/main"))), "the landed commit is on main");
            }
        }
        assertEquals(before, contents(example), "the project's example directory is unchanged");
        assertTrue(terminal.toString().contains("proposed on manybot/proposals/format-bot/"), terminal::toString);

        StringWriter status = new StringWriter();
        assertEquals(0, ManybotCommand.execute(new String[] {"status", "--state-dir", state.toString()},
                new PrintWriter(status, true), new PrintWriter(new StringWriter(), true)));
        assertTrue(status.toString().contains("format-bot") && status.toString().contains("43%"), status::toString);
        StringWriter result = new StringWriter();
        assertEquals(0, ManybotCommand.execute(new String[] {"result", format.id(), "--state-dir", state.toString()},
                new PrintWriter(result, true), new PrintWriter(new StringWriter(), true)));
        assertTrue(result.toString().contains("src/billing/invoices.py"), result::toString);
    }

    private static WorkCycle last(List<WorkCycle> cycles, String bot) {
        return cycles.stream().filter(cycle -> cycle.bot().equals(bot)).reduce((first, second) -> second).orElseThrow();
    }

    private static Set<String> paths(WorkCycle cycle, Disposition disposition) {
        return cycle.changes().stream().filter(change -> change.disposition() == disposition).map(ChangedFile::path)
                .collect(Collectors.toSet());
    }

    private static TreeMap<String, String> contents(Path root) throws IOException {
        TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                try {
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                    files.put(root.relativize(file).toString(), HexFormat.of().formatHex(digest));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return files;
    }
}
