package io.manybot.core.executor;

/** Runs one task in an isolated checkout: a command, an LLM agent, or an agent CLI. */
public interface TaskExecutor {

    /** Runs the task; failures are reported in the result, interruption (cycle timeout, shutdown) is thrown. */
    ExecutionResult execute(ExecutionRequest request) throws InterruptedException;
}
