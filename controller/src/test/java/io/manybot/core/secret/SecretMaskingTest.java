package io.manybot.core.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token shapes found wherever they start, configured secret values, and the scan of a bot's change before it lands. */
class SecretMaskingTest {
    static final String GITHUB = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    static final String GITLAB = "glpat-" + "x1Y2z3W4v5U6t7S8r9Q0";
    static final String OPENAI = "sk-" + "proj0123456789abcdefABCDEF0123456789";

    @TempDir
    Path temp;

    @Test
    void tokenShapesAreMaskedWhereverTheyStart() {
        for (String glue : List.of("", "key_", "x", "9", "token=", "(")) {
            for (String token : List.of(GITHUB, GITLAB, OPENAI, "AKIA" + "ABCDEFGHIJKLMNOP")) {
                String masked = new SecretRedactor().redact("a " + glue + token + " b");
                assertEquals("a " + glue + "*** b", masked, glue + token);
            }
        }
        assertEquals("push by x***", new SecretRedactor().redact("push by x" + GITHUB));
    }

    @Test
    void ordinaryWordsAreNotTakenForTokens() {
        for (String text : List.of("task-implement-the-new-feature-flag", "english-documentation-updates-v2", "disk-usage-monitor-configuration",
                "the glossary-of-terms-and-definitions", "ghost_writer", "Ask-questions-about-the-roadmap-now")) {
            assertEquals(text, new SecretRedactor().redact(text));
            assertEquals(Optional.empty(), TokenShapes.find(text), text);
        }
    }

    @Test
    void aBotsSecretsAreItsSecretNamedAndTokenShapedEnvValuesAndItsModelKey() throws Exception {
        Path keyFile = temp.resolve("key");
        Files.writeString(keyFile, "file-held-model-key-0042\n");
        Bot.Model model = new Bot.Model("openai", "gpt", null, null, keyFile.toString(), null, null);
        Map<String, String> env = Map.of("DEPLOY_TOKEN", "plain-deploy-value", "DB_PASSWORD", "hunter2hunter2", "HELPER", GITHUB,
                "LANG", "en_US.UTF-8", "GREETING", "hello world");
        Bot bot = new Bot("b", "g", List.of(), null, null, null,
                new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, env, null, model), null,
                null, List.of(), false, false, false, null);
        assertEquals(java.util.Set.of("plain-deploy-value", "hunter2hunter2", GITHUB, "file-held-model-key-0042"),
                java.util.Set.copyOf(BotSecrets.values(bot, Map.of())));
    }

    @Test
    void theScanNamesFileAndLineAndNeverTheValue() throws Exception {
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("plain-deploy-value");
        SecretScan scan = new SecretScan(redactor);
        Files.writeString(temp.resolve("a.txt"), "one\ntwo\nuses plain-deploy-value here\n");
        Files.writeString(temp.resolve("b.txt"), "one\nkey_" + GITHUB + "\n");
        Files.writeString(temp.resolve("c.txt"), "nothing secret\n");
        assertEquals(Optional.of(new SecretScan.Hit("a.txt", 3, "a configured secret value")), scan.scan(temp, "a.txt"));
        SecretScan.Hit hit = scan.scan(temp, "b.txt").orElseThrow();
        assertEquals("b.txt:2 holds a GitHub token", hit.describe());
        assertFalse(hit.describe().contains(GITHUB.substring(4)));
        assertEquals(Optional.empty(), scan.scan(temp, "c.txt"));
        assertEquals(Optional.empty(), scan.scan(temp, "deleted.txt"));
        assertTrue(scan.scan("x", "first\nsk-" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8" + "\nplain-deploy-value").orElseThrow().line() == 2);
    }
}
