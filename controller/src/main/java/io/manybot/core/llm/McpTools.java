package io.manybot.core.llm;

import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.secret.SecretRedactor;
import java.util.concurrent.CopyOnWriteArrayList;
import io.manybot.core.executor.cli.McpConfig;
import io.manybot.core.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bot's MCP servers as tools of one llm agent run, through langchain4j's MCP client: a stdio server is started with
 * the restricted environment plus its own variables (its credentials reach only its process) in the checkout, a
 * streamable-HTTP server is connected to by URL. Closing stops the stdio servers.
 */
final class McpTools implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final List<McpClient> clients;
    private final ToolProvider provider;
    private final List<ExecutedStep> steps = new CopyOnWriteArrayList<>();

    private McpTools(List<McpClient> clients, String taskId, SecretRedactor redactor) {
        this.clients = clients;
        if (clients.isEmpty()) {
            this.provider = null;
        } else {
            ToolProvider mcp = McpToolProvider.builder().mcpClients(clients).build();
            this.provider = request -> {
                ToolProviderResult.Builder recorded = ToolProviderResult.builder();
                mcp.provideTools(request).tools().forEach((spec, executor) -> recorded.add(spec, new Recorded(executor, taskId, redactor)));
                return recorded.build();
            };
        }
    }

    /** The MCP tool calls made so far, in order. */
    List<ExecutedStep> steps() {
        return List.copyOf(steps);
    }

    /** Records each call of an MCP tool as a step of the task (arguments and answer redacted and cut). */
    private final class Recorded implements ToolExecutor {
        private final ToolExecutor delegate;
        private final String taskId;
        private final SecretRedactor redactor;

        Recorded(ToolExecutor delegate, String taskId, SecretRedactor redactor) {
            this.delegate = delegate;
            this.taskId = taskId;
            this.redactor = redactor;
        }

        @Override
        public String execute(ToolExecutionRequest request, Object memoryId) {
            long started = System.nanoTime();
            String answer = delegate.execute(request, memoryId);
            record(request, answer, started);
            return answer;
        }

        @Override
        public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
            long started = System.nanoTime();
            ToolExecutionResult result = delegate.executeWithContext(request, context);
            record(request, result == null ? "" : result.resultText(), started);
            return result;
        }

        private void record(ToolExecutionRequest request, String answer, long started) {
            String text = answer == null ? "" : answer;
            steps.add(new ExecutedStep(taskId, "tool", WorkspaceTools.cut(redactor.redact("mcp " + request.name() + " " + request.arguments()), 300),
                    null, true, WorkspaceTools.cut(redactor.redact(text), 4000), (System.nanoTime() - started) / 1_000_000));
        }
    }

    static McpTools open(McpConfig config, Path checkout, String taskId, SecretRedactor redactor) {
        List<McpClient> clients = new ArrayList<>();
        try {
            for (McpConfig.Server server : config.servers()) {
                McpTransport transport;
                if (server.stdio()) {
                    Map<String, String> environment = new TreeMap<>(ProcessRunner.restrictedEnvironment(server.environment()));
                    transport = new StdioMcpTransport.Builder().command(server.command()).environment(environment).logEvents(false).build();
                } else {
                    transport = new StreamableHttpMcpTransport.Builder().url(server.url()).timeout(TIMEOUT).build();
                }
                clients.add(new DefaultMcpClient.Builder().key(server.name()).clientName("manybot").transport(transport)
                        .initializationTimeout(TIMEOUT).toolExecutionTimeout(TIMEOUT).build());
            }
        } catch (RuntimeException e) {
            new McpTools(clients, taskId, redactor).close();
            throw e;
        }
        return new McpTools(clients, taskId, redactor);
    }

    /** The servers' tools, or null when the bot has none. */
    ToolProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        for (McpClient client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // the server is gone already
            }
        }
    }
}
