package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.secret.SecretRedactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmWorkspaceToolsTest {
    @TempDir
    Path temp;
    Path checkout;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        checkout = Files.createDirectories(temp.resolve("checkout"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside\n");
        Files.createDirectories(checkout.resolve(".git"));
        Files.writeString(checkout.resolve(".git/config"), "[core]\n");
        Files.createDirectories(checkout.resolve("src"));
        Files.writeString(checkout.resolve("src/app.py"), "print('hi')\n");
        Files.createSymbolicLink(checkout.resolve("escape"), outside);
        Files.createSymbolicLink(checkout.resolve("escape-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(checkout.resolve("dangling"), outside.resolve("not-yet.txt"));
        Files.createSymbolicLink(checkout.resolve("gitlink"), checkout.resolve(".git"));
        Files.createSymbolicLink(checkout.resolve("alias"), Path.of("src"));
    }

    @Test
    void scriptedModelIsRefusedEveryPathOutsideTheCheckoutAndNothingIsWrittenThere() throws Exception {
        Map<String, String> before = snapshot(temp);
        List<String> refused = List.of(
                "{\"path\": \"../x\", \"content\": \"x\"}",
                "{\"path\": \"/etc/passwd\", \"content\": \"x\"}",
                "{\"path\": \"" + outside.resolve("y.txt") + "\", \"content\": \"x\"}",
                "{\"path\": \".git/config\", \"content\": \"x\"}",
                "{\"path\": \"src/../../outside/z.txt\", \"content\": \"x\"}",
                "{\"path\": \"escape/x.txt\", \"content\": \"x\"}",
                "{\"path\": \"escape-file\", \"content\": \"x\"}",
                "{\"path\": \"dangling\", \"content\": \"x\"}",
                "{\"path\": \"gitlink/config\", \"content\": \"x\"}",
                "{\"path\": \"src\", \"content\": \"x\"}");
        ScriptedChatModel model = new ScriptedChatModel();
        refused.forEach(arguments -> model.callTool("writeFile", arguments));
        model.callTool("readFile", "{\"path\": \"escape-file\"}")
                .callTool("readFile", "{\"path\": \"/etc/passwd\"}")
                .callTool("readFile", "{\"path\": \".git/config\"}")
                .callTool("listFiles", "{\"directory\": \"escape\"}")
                .callTool("listFiles", "{\"directory\": \"..\"}")
                .callTool("writeFile", "{\"path\": \"alias/ok.py\", \"content\": \"ok\\n\"}")
                .answer("done");

        ExecutionResult result = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor())
                .execute(TestBots.request(TestBots.bot(null, 25, null), checkout, Duration.ofMinutes(1)));

        assertTrue(result.succeeded(), result.summary());
        List<String> answers = model.toolResults().stream().map(ToolExecutionResultMessage::text).toList();
        assertEquals(16, answers.size());
        for (int i = 0; i < 15; i++) {
            assertTrue(answers.get(i).startsWith("error: "), i + ": " + answers.get(i));
        }
        assertTrue(answers.get(0).contains("'..' is refused"), answers.get(0));
        assertTrue(answers.get(1).contains("absolute paths are refused"), answers.get(1));
        assertTrue(answers.get(3).contains(".git is refused"), answers.get(3));
        assertTrue(answers.get(5).contains("symbolic link escape leads outside the checkout"), answers.get(5));
        assertTrue(answers.get(6).contains("symbolic link escape-file leads outside the checkout"), answers.get(6));
        assertTrue(answers.get(7).contains("symbolic link dangling points nowhere"), answers.get(7));
        assertTrue(answers.get(8).contains("leads into .git"), answers.get(8));
        assertTrue(answers.get(9).contains("is a directory"), answers.get(9));
        assertEquals("created src/ok.py (3 bytes)", answers.get(15));

        List<ExecutedStep> tools = result.steps().stream().filter(s -> s.kind().equals("tool")).toList();
        assertEquals(16, tools.size());
        assertTrue(tools.subList(0, 15).stream().noneMatch(ExecutedStep::succeeded));
        assertEquals("writeFile ../x", tools.get(0).description());

        // Nothing changed anywhere but the one allowed write, which followed a symlink that stays inside.
        Map<String, String> after = snapshot(temp);
        after.remove("checkout/src/ok.py");
        assertEquals(before, after);
        assertEquals("ok\n", Files.readString(checkout.resolve("src/ok.py")));
        assertFalse(Files.exists(outside.resolve("not-yet.txt")));
        assertFalse(Files.exists(temp.resolve("x")));
    }

    @Test
    void listingAndSearchSkipGitAndDoNotFollowLinksOut() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "needle outside\n");
        Files.writeString(checkout.resolve("src/app.py"), "needle inside\n");
        Files.writeString(checkout.resolve(".git/config"), "needle in git\n");
        WorkspaceTools tools = new WorkspaceTools(checkout, "t1", null, TestBots.RUNNER, new SecretRedactor(),
                Instant.now().plusSeconds(60));

        String listing = tools.listFiles(null);
        assertFalse(listing.contains(".git/"), listing);
        assertFalse(listing.contains("secret.txt"), listing);
        assertTrue(listing.contains("escape (symbolic link)"), listing);
        assertTrue(listing.contains("src/app.py"), listing);

        assertEquals("src/app.py:1: needle inside", tools.searchFiles("needle", null));
        assertEquals("src/app.py:1: needle inside", tools.searchFiles("needle", "src/*.py"));
        assertEquals("no matches", tools.searchFiles("needle", "*.md"));
        assertTrue(tools.searchFiles("(", null).startsWith("error: invalid regular expression"));
        assertEquals("error: this bot declares no test command", tools.runTests());
        assertTrue(tools.readFile("nope.txt").startsWith("error: no such file"));
        assertTrue(tools.writeFile("a.txt", null).startsWith("error: no content given"));
        assertEquals(8, tools.steps().size());
    }

    @Test
    void readFileIsCappedAndToolsRefuseWorkAfterTheDeadline() throws Exception {
        Files.writeString(checkout.resolve("big.txt"), "x".repeat(WorkspaceTools.READ_LIMIT_CHARS + 10));
        WorkspaceTools tools = new WorkspaceTools(checkout, "t1", null, TestBots.RUNNER, new SecretRedactor(),
                Instant.now().plusSeconds(60));
        String read = tools.readFile("big.txt");
        assertTrue(read.endsWith("[cut: the file has " + (WorkspaceTools.READ_LIMIT_CHARS + 10) + " characters]"));
        assertTrue(read.length() < WorkspaceTools.READ_LIMIT_CHARS + 100);
        assertEquals((WorkspaceTools.READ_LIMIT_CHARS + 10) + " bytes, 1 lines", tools.steps().get(0).output());

        WorkspaceTools late = new WorkspaceTools(checkout, "t1", null, TestBots.RUNNER, new SecretRedactor(),
                Instant.now().minusSeconds(1));
        assertTrue(late.writeFile("late.txt", "x").startsWith("error: out of time"));
        assertFalse(Files.exists(checkout.resolve("late.txt")));
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                String key = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    files.put(key, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isRegularFile(path)) {
                    files.put(key, Files.readString(path));
                } else {
                    files.put(key, "/");
                }
            }
        }
        return files;
    }
}
