package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.AiMessage;
import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.PlanningContext;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.secret.SecretRedactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limits.tokensPerCycle} caps the whole cycle: planner, every task and reflector share one budget. */
class LlmTokenBudgetTest {
    @TempDir
    Path checkout;

    @Test
    void scriptedModelSpendsOneBudgetAcrossPlannerTasksAndReflector() throws Exception {
        // Every answer costs 1,000 tokens; the cycle may spend 2,500.
        ScriptedChatModel model = new ScriptedChatModel().tokensPerCall(900, 100);
        model.answer("{\"tasks\": [{\"title\": \"Fix add()\", \"rationale\": \"it subtracts\"},"
                + " {\"title\": \"Fix docs\", \"rationale\": \"stale\"}]}");
        model.forever(request -> AiMessage.from(model.toolCall("listFiles", "{}")));
        Bot bot = TestBots.bot(null, 25, 2500L);
        BotAgents agents = LlmAgents.on(model, bot, TestBots.RUNNER, new SecretRedactor());

        List<Task> plan = agents.planner().plan(new PlanningContext(bot, TestBots.goal(), null, List.of(), List.of(), null, null, 2));
        assertEquals(2, plan.size());
        assertEquals(1, model.requests().size());

        ExecutionResult first = agents.executor().execute(request(bot, plan.get(0)));
        assertFalse(first.succeeded());
        assertTrue(first.summary().contains("token limit reached: 3000 tokens used in this cycle, the limit is 2500"), first.summary());
        assertEquals(3, model.requests().size(), "the planner's 1,000 tokens count: the task got two answers, not three");

        ExecutionResult second = agents.executor().execute(request(bot, plan.get(1)));
        assertFalse(second.succeeded());
        assertTrue(second.summary().contains("the cycle's token budget is spent: 3000 tokens used, the limit is 2500"), second.summary());
        assertEquals(3, model.requests().size(), "a task that starts with the budget spent makes no model call");

        Reflection reflection = agents.reflector().reflect(io.manybot.core.cycle.WorkCycle.started("c1", bot.name(), bot.goal(),
                "test", java.time.Instant.parse("2026-05-01T10:00:00Z")));
        assertEquals(3, model.requests().size(), "the reflection is the factual one");
        assertNull(reflection.nextFocus());
        assertTrue(reflection.lessons().get(0).contains("the cycle's token budget is spent"), reflection.lessons().toString());
    }

    @Test
    void scriptedModelAgentsOfTheNextCycleStartWithAFreshBudget() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().tokensPerCall(2000, 1000);
        model.forever(request -> AiMessage.from("done"));
        Bot bot = TestBots.bot(null, 25, 2500L);
        Task task = TestBots.task();

        assertTrue(LlmAgents.on(model, bot, TestBots.RUNNER, new SecretRedactor()).executor().execute(request(bot, task)).succeeded(),
                "a final answer that crosses the limit is kept");
        ExecutionResult spent = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor(), spentBudget(model, bot))
                .execute(request(bot, task));
        assertFalse(spent.succeeded());
        assertTrue(LlmAgents.on(model, bot, TestBots.RUNNER, new SecretRedactor()).executor().execute(request(bot, task)).succeeded(),
                "new agents, new cycle, new budget");
    }

    private TokenBudget spentBudget(ScriptedChatModel model, Bot bot) throws InterruptedException {
        TokenBudget budget = new TokenBudget();
        new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor(), budget).execute(request(bot, TestBots.task()));
        return budget;
    }

    private ExecutionRequest request(Bot bot, Task task) {
        return new ExecutionRequest(bot, TestBots.goal(), null, task, checkout, null, Duration.ofMinutes(1));
    }
}
