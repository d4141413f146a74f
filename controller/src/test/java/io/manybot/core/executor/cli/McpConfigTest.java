package io.manybot.core.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.problem.Problem;
import io.manybot.core.secret.SecretException;
import io.manybot.core.secret.SecretKeyRefs;
import io.manybot.core.secret.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An MCP server's {@code env}: declared values, environment variables, files and (the cluster home) Secret references. */
class McpConfigTest {
    private static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata: {name: api-bot}
            spec:
              goal: g
              owns: ["src/**"]
              executor: {type: claude-code}
              mcpServers:
                - name: files
                  command: [mcp-server-filesystem, /srv]
                  env:
                    - {name: MODE, value: read-only}
                    - {name: FILES_TOKEN, secretKeyRef: {name: mcp-files, key: token}}
            """;

    @Test
    void aSecretKeyRefIsReadThroughTheHomesReaderAndMasked() {
        Bot bot = load(BOT);
        assertEquals(new Bot.SecretKeyRef("mcp-files", "token"), bot.mcpServers().get(0).env().get(1).secretKeyRef());
        SecretRedactor redactor = new SecretRedactor();
        List<Bot.SecretKeyRef> asked = new ArrayList<>();
        McpConfig mcp = McpConfig.resolve(bot.mcpServers(), Map.of(), ref -> {
            asked.add(ref);
            return "from-the-secret-0123456789";
        }, redactor);
        assertEquals(List.of(new Bot.SecretKeyRef("mcp-files", "token")), asked);
        assertEquals(Map.of("MODE", "read-only", "FILES_TOKEN", "from-the-secret-0123456789"), mcp.servers().get(0).environment());
        assertEquals("token=" + SecretRedactor.MASK, redactor.redact("token=from-the-secret-0123456789"));
    }

    @Test
    void theLocalHomeRefusesASecretKeyRefNamingWhatToUseInstead() {
        SecretException refused = assertThrows(SecretException.class,
                () -> McpConfig.resolve(load(BOT).mcpServers(), Map.of(), SecretKeyRefs.LOCAL, new SecretRedactor()));
        assertEquals("MCP server files: FILES_TOKEN: Secret mcp-files key token is a Kubernetes Secret reference, which only the"
                + " cluster home reads; in the local home use fromEnv (an environment variable of `manybot run`) or fromFile",
                refused.getMessage());
    }

    @Test
    void aSecretKeyRefWithoutItsKeyIsAnErrorOfTheDeclaration() {
        List<Problem> problems = new ArrayList<>();
        new DeclarationLoader().loadText(".manybot/bot.yaml",
                BOT.replace("{name: mcp-files, key: token}", "{name: mcp-files}").getBytes(StandardCharsets.UTF_8), problems);
        assertTrue(problems.stream().anyMatch(p -> p.toString().contains("key")), problems::toString);
    }

    private static Bot load(String yaml) {
        List<Problem> problems = new ArrayList<>();
        Declarations declarations = new DeclarationLoader().loadText(".manybot/bot.yaml", yaml.getBytes(StandardCharsets.UTF_8), problems);
        assertTrue(problems.isEmpty(), problems::toString);
        return declarations.bots().get("api-bot").value();
    }
}
