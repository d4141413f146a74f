package io.manybot.core.executor.cli;

import io.manybot.core.declaration.Bot;
import java.nio.file.Path;

/**
 * What one CLI run is made from.
 *
 * @param executable the CLI's executable (a name on the PATH or a path)
 * @param prompt the task's prompt (no secrets in it)
 * @param checkout the isolated checkout the CLI works in
 * @param home the throw-away HOME of this run (the CLI's configuration and session files go there)
 * @param model the bot's model, or null for the CLI's default
 * @param maxTurns the bot's tool-iteration limit
 * @param mcp the bot's MCP servers, already resolved (environment values included), for the CLI's MCP configuration
 */
public record CliRun(String executable, String prompt, Path checkout, Path home, Bot.Model model, int maxTurns, McpConfig mcp) {}
