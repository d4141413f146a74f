package io.manybot.core.llm;

import dev.langchain4j.model.chat.ChatModel;
import io.manybot.core.cycle.BotAgents;
import io.manybot.core.declaration.Bot;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.secret.Secrets;
import java.util.Map;

/** The planner, executor and reflector of an LLM bot, all on one chat model. */
public final class LlmAgents {
    private LlmAgents() {}

    /** On the model the bot declares; its API key (from the environment or a file) is registered with the redactor. */
    public static BotAgents forBot(Bot bot, Map<String, String> processEnvironment, TestCommandRunner tests, SecretRedactor redactor) {
        Bot.Model model = bot.executor().model();
        if (model == null) {
            throw new IllegalArgumentException("bot " + bot.name() + ": an llm executor needs executor.model");
        }
        String key = Secrets.resolveApiKey(model, processEnvironment, redactor);
        return on(ChatModels.create(model, key), tests, redactor);
    }

    public static BotAgents on(ChatModel model, TestCommandRunner tests, SecretRedactor redactor) {
        return new BotAgents(new LlmPlanner(model, redactor), new LlmTaskExecutor(model, tests, redactor), new LlmReflector(model, redactor));
    }
}
