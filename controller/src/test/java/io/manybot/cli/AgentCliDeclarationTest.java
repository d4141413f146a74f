package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.executor.cli.ClaudeCodeCli;
import io.manybot.testing.FormatRepository;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent-CLI bot whose CLI is not installed: {@code validate} warns with the exact install command, a wrong provider
 * for the CLI is an error, and after a run {@code status} shows the bot with the install command while other bots carry on.
 */
class AgentCliDeclarationTest {
    @TempDir
    Path temp;

    @Test
    void aMissingCliIsNamedWithItsInstallCommandByValidateAndStatus() {
        Path repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of(".manybot/goal.yaml", FormatRepository.GOAL,
                ".manybot/format-bot.yaml", FormatRepository.bot("sed -i s/TODO/done/ src/format/*.txt", Map.of()),
                ".manybot/claude-bot.yaml", claudeBot("anthropic"),
                "src/format/OWNERS", "primary: manybot:format-bot\n", "src/format/a.txt", "TODO a\n",
                "src/agent/OWNERS", "primary: manybot:claude-bot\n", "src/agent/b.txt", "TODO b\n"));
        GitRepos.initAndCommit(repo, "initial");

        Run validate = run("validate", repo.toString());
        assertEquals(0, validate.exit, validate.text);
        String install = "npm install -g @anthropic-ai/claude-code@" + ClaudeCodeCli.VERSION;
        assertTrue(validate.text.contains("the claude-code CLI '/nonexistent/bin/claude' is not installed; install it with: " + install),
                validate.text);

        String state = temp.resolve("state").toString();
        Run once = run("run", repo.toString(), "--once", "--state-dir", state);
        Run status = run("status", "--state-dir", state);
        assertTrue(status.text.contains("claude-bot: the claude-code CLI '/nonexistent/bin/claude' is not installed; install it with: " + install),
                status.text + "\n" + once.text);
        assertTrue(status.text.matches("(?s).*format-bot .*LANDED.*"), "the other bot carried on:\n" + status.text);

        GitRepos.write(repo, Map.of(".manybot/claude-bot.yaml", claudeBot("openai")));
        Run wrong = run("validate", repo.toString());
        assertEquals(1, wrong.exit, wrong.text);
        assertTrue(wrong.text.contains("claude-code talks to provider 'anthropic', not 'openai'"), wrong.text);

        GitRepos.write(repo, Map.of(".manybot/claude-bot.yaml", claudeBot("openai").replace("type: claude-code", "type: gemini")));
        Run gemini = run("validate", repo.toString());
        assertEquals(1, gemini.exit, gemini.text);
        assertTrue(gemini.text.contains("gemini talks to provider 'google', not 'openai'"), gemini.text);

        GitRepos.write(repo, Map.of(".manybot/claude-bot.yaml", claudeBot("google").replace("type: claude-code", "type: llm")
                .replace("    command: [\"/nonexistent/bin/claude\"]\n", "")));
        Run llm = run("validate", repo.toString());
        assertEquals(1, llm.exit, llm.text);
        assertTrue(llm.text.contains("the llm executor talks to provider openai, openai-compatible, anthropic, ollama, not 'google'"), llm.text);
    }

    private static String claudeBot(String provider) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata:
                  name: claude-bot
                spec:
                  goal: tidy-format
                  owns: ["src/agent/**"]
                  executor:
                    type: claude-code
                    command: ["/nonexistent/bin/claude"]
                    model:
                      provider: %s
                      name: claude-sonnet-4-5
                      apiKeyEnv: MANYBOT_TEST_NO_SUCH_KEY
                """.formatted(provider);
    }

    record Run(int exit, String text) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        int exit = ManybotCommand.execute(args, new PrintWriter(out, true), new PrintWriter(out, true));
        return new Run(exit, out.toString());
    }
}
