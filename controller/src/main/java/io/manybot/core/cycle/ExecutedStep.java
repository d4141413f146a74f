package io.manybot.core.cycle;

/**
 * One thing an executor did: a command it ran or a tool an agent called.
 *
 * @param task the task id
 * @param kind {@code command}, {@code tool} or {@code model}
 * @param exitCode for commands, or null
 * @param output captured output, size-capped and with secrets redacted
 */
public record ExecutedStep(String task, String kind, String description, Integer exitCode, boolean succeeded, String output, long millis) {}
