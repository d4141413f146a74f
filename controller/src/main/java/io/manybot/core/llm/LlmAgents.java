package io.manybot.core.llm;

import dev.langchain4j.model.chat.ChatModel;
import io.manybot.core.cycle.BotAgents;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.cli.McpConfig;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.secret.Secrets;
import java.util.Map;

/** The planner, executor and reflector of an LLM bot for one cycle, all on one chat model and one token budget. */
public final class LlmAgents {
    private LlmAgents() {}

    /** On the model the bot declares; its API key (from the environment or a file) is registered with the redactor. */
    public static BotAgents forBot(Bot bot, Map<String, String> processEnvironment, TestCommandRunner tests, SecretRedactor redactor) {
        return forBot(bot, processEnvironment, io.manybot.core.secret.SecretKeyRefs.LOCAL, tests, redactor);
    }

    /** As {@link #forBot(Bot, Map, TestCommandRunner, SecretRedactor)}; its MCP servers' Secret references are read through {@code secrets}. */
    public static BotAgents forBot(Bot bot, Map<String, String> processEnvironment, io.manybot.core.secret.SecretKeyRefs secrets,
            TestCommandRunner tests, SecretRedactor redactor) {
        Bot.Model model = bot.executor().model();
        if (model == null) {
            throw new IllegalArgumentException("bot " + bot.name() + ": an llm executor needs executor.model");
        }
        String key = Secrets.resolveApiKey(model, processEnvironment, redactor);
        return on(ChatModels.create(model, key), bot, tests, redactor, McpConfig.resolve(bot.mcpServers(), processEnvironment, secrets, redactor));
    }

    /**
     * Agents for one cycle of {@code bot}: the planner, each task's run and the reflector share one
     * {@link TokenBudget}, so {@code limits.tokensPerCycle} caps the whole cycle. Make new agents for
     * every cycle.
     */
    public static BotAgents on(ChatModel model, Bot bot, TestCommandRunner tests, SecretRedactor redactor) {
        return on(model, bot, tests, redactor, McpConfig.NONE);
    }

    /** As {@link #on(ChatModel, Bot, TestCommandRunner, SecretRedactor)}, the task runs also given the tools of {@code mcp}. */
    public static BotAgents on(ChatModel model, Bot bot, TestCommandRunner tests, SecretRedactor redactor, McpConfig mcp) {
        TokenBudget budget = new TokenBudget();
        Long limit = bot.limits() == null ? null : bot.limits().tokensPerCycle();
        return new BotAgents(new LlmPlanner(model, redactor, budget), new LlmTaskExecutor(model, tests, redactor, budget, mcp),
                new LlmReflector(model, redactor, budget, limit),
                new io.manybot.core.team.KeyResultJudge(new LlmJudge(model, redactor, budget, limit)));
    }
}
