package io.manybot.core.cycle;

import io.manybot.core.executor.TaskExecutor;

/** What thinks and acts for one bot: a factual or LLM planner and reflector, its executor, and the judge of its changes. */
public record BotAgents(Planner planner, TaskExecutor executor, Reflector reflector, Judge judge) {

    public BotAgents {
        judge = judge == null ? Judge.TESTS_ONLY : judge;
    }

    /** Agents whose changes land when the tests pass ({@link Judge#TESTS_ONLY}). */
    public BotAgents(Planner planner, TaskExecutor executor, Reflector reflector) {
        this(planner, executor, reflector, Judge.TESTS_ONLY);
    }

    public BotAgents withPlanner(Planner newPlanner) {
        return new BotAgents(newPlanner, executor, reflector, judge);
    }

    public BotAgents withExecutor(TaskExecutor newExecutor) {
        return new BotAgents(planner, newExecutor, reflector, judge);
    }

    public BotAgents withJudge(Judge newJudge) {
        return new BotAgents(planner, executor, reflector, newJudge);
    }
}
