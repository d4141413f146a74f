package io.manybot.core.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.AgentClis;
import io.manybot.testing.GitRepos;
import io.manybot.testing.ScriptedAnthropicServer;
import io.manybot.testing.ScriptedOpenAiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limits.tokensPerCycle} during a CLI's run: the real Claude Code and the real OpenCode, against the providers'
 * test doubles ({@link ScriptedAnthropicServer}, {@link ScriptedOpenAiServer}) reporting large usage, are killed as
 * soon as their streamed usage passes the limit, and the cycle ends FAILED with that reason, landing nothing. The
 * script's last turn is never answered: only that kill, not the CLI's own end nor its timeout, can end the run.
 */
class CliTokenLimitTest {
    private static final long LIMIT = 100_000;
    private static final int REPORTED = 60_000;

    @TempDir
    Path temp;

    @Test
    void claudeCodeIsStoppedWhenItsStreamedUsagePassesTheCyclesLimit() throws Exception {
        String claude = AgentClis.require("claude");
        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(List.of(
                ScriptedAnthropicServer.Turn.tool("Read", "{\"file_path\": \"${cwd}/mine/a.txt\"}"),
                ScriptedAnthropicServer.Turn.tool("Write", "{\"file_path\": \"${cwd}/mine/a.txt\", \"content\": \"done a\\n\"}"),
                ScriptedAnthropicServer.Turn.hang()))) {
            provider.reportInputTokens(REPORTED);
            Bot.Model model = new Bot.Model("anthropic", "claude-sonnet-4-5", provider.baseUrl(), "MANYBOT_TEST_KEY", null, null, null);
            assertStoppedAndNothingLands(new ClaudeCodeCli(), Bot.ExecutorType.CLAUDE_CODE, claude, model);
        }
    }

    @Test
    void openCodeIsStoppedWhenItsStreamedUsagePassesTheCyclesLimit() throws Exception {
        String opencode = AgentClis.require("opencode");
        try (ScriptedOpenAiServer provider = new ScriptedOpenAiServer(List.of(
                patch("mine/a.txt", "a"), patch("theirs/b.txt", "b"), ScriptedOpenAiServer.Turn.hang()))) {
            provider.reportInputTokens(REPORTED);
            Bot.Model model = new Bot.Model("openai", "gpt-5", provider.baseUrl(), "MANYBOT_TEST_KEY", null, null, null);
            assertStoppedAndNothingLands(new OpenCodeCli(), Bot.ExecutorType.OPENCODE, opencode, model);
        }
    }

    private void assertStoppedAndNothingLands(AgentCli cli, Bot.ExecutorType type, String executable, Bot.Model model) throws Exception {
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        ObjectId before;
        try (Git git = Git.open(bare.toFile())) {
            before = git.getRepository().resolve("refs/heads/main");
        }
        Bot base = CycleFixture.bot("true", null, false);
        Bot bot = new Bot(base.name(), base.goal(), base.owns(), base.repository(), base.mode(), base.schedule(),
                new Bot.Executor(type, List.of(executable), false, Map.of(), Duration.ofMinutes(3), model),
                null, new Bot.Limits(2, 20, Duration.ofMinutes(5), 10, LIMIT), base.reviewers(), false, false, true, null);
        ProcessRunner processes = new ProcessRunner();
        AgentCliExecutor executor = new AgentCliExecutor(cli, processes, Map.of("PATH", System.getenv("PATH"), "MANYBOT_TEST_KEY",
                "sk-PLANTED-token-limit-0123456789"), new SecretRedactor(), Confinement.none("the test"), McpConfig.NONE,
                ProcessSpec.DEFAULT_OUTPUT_LIMIT);
        WorkCycle cycle;
        try (SourceRepository source = SourceRepository.open(bare)) {
            cycle = CycleFixture.runner(processes).run(new CycleRequest("t1", bot, CycleFixture.goal(), "test", source,
                    temp.resolve("checkouts/t1"), new BotAgents(new FactualPlanner(), executor, new FactualReflector()), null, null, null,
                    null, () -> false), io.manybot.core.cycle.CycleListener.NONE);
        }

        assertEquals(CycleOutcome.FAILED, cycle.outcome(), () -> cycle.error() + "\n" + cycle.steps());
        assertTrue(cycle.error().startsWith(cli.type() + ": token limit reached while it ran: ")
                && cycle.error().contains("the limit is " + LIMIT + "; its process tree was killed; nothing of this cycle lands"),
                cycle.error());
        assertTrue(cycle.tokens().input() >= 2L * REPORTED, () -> cycle.tokens().toString());
        assertEquals(1, cycle.tasks().size(), "the first task ended the cycle");
        assertTrue(cycle.changes().isEmpty() && cycle.landing().commit() == null, () -> cycle.changes().toString());
        try (Git git = Git.open(bare.toFile())) {
            assertEquals(before, git.getRepository().resolve("refs/heads/main"), "nothing landed");
            assertEquals(1, git.branchList().call().size(), "no proposal branch");
        }
        assertFalse(cycle.steps().stream().anyMatch(step -> step.output().contains("timed out")), () -> cycle.steps().toString());
    }

    private static ScriptedOpenAiServer.Turn patch(String path, String letter) {
        return ScriptedOpenAiServer.Turn.call("apply_patch", "{\"patchText\": \"*** Begin Patch\\n*** Update File: " + path
                + "\\n@@\\n-TODO " + letter + "\\n+done " + letter + "\\n*** End Patch\"}");
    }
}
