package io.manybot.core.cycle;

import io.manybot.core.executor.TaskExecutor;

/** What thinks and acts for one bot: a factual or LLM planner and reflector, and its executor. */
public record BotAgents(Planner planner, TaskExecutor executor, Reflector reflector) {}
