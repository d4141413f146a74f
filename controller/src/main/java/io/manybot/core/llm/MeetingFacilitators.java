package io.manybot.core.llm;

import io.manybot.core.declaration.Bot;
import io.manybot.core.meeting.Facilitator;
import io.manybot.core.meeting.FactualFacilitator;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.secret.Secrets;
import java.util.Map;

/** Who facilitates a meeting (both homes): the factual rules for a command (or agent-CLI) bot, the model of an {@code llm} bot. */
public final class MeetingFacilitators {
    private MeetingFacilitators() {}

    /**
     * The facilitator of {@code bot} (null: the factual rules); its model's key read from {@code environment} (the variable
     * its {@code apiKeyEnv} names) or its {@code apiKeyFile}, as its planner reads it.
     *
     * @throws io.manybot.core.secret.SecretException naming the variable or file (never a value) when the key is missing
     */
    public static Facilitator forBot(Bot bot, Map<String, String> environment, SecretRedactor redactor) {
        if (!usesModel(bot)) {
            return new FactualFacilitator();
        }
        Bot.Model model = bot.executor().model();
        return new LlmFacilitator(ChatModels.create(model, Secrets.resolveApiKey(model, environment, redactor)), bot.name(), redactor,
                new TokenBudget(), bot.limits().tokensPerCycle());
    }

    /** Whether {@code bot}'s meetings are facilitated by its model. */
    public static boolean usesModel(Bot bot) {
        return bot != null && bot.executor().type() == Bot.ExecutorType.LLM && bot.executor().model() != null;
    }
}
