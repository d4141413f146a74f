package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/** As {@code spec} in {@code schemas/manybot.schema.json}, plus {@link #runner} and {@link #workCycleHistory} (cluster only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManybotSpec {
    @Required
    @Pattern(Patterns.NAME)
    @Size(max = 63)
    @JsonPropertyDescription("The Goal (same namespace) this bot works toward.")
    public String goal;

    @Size(max = Patterns.MAX_GLOBS)
    @ValidationRule(value = Patterns.GLOBS_RULE, message = Patterns.GLOBS_MESSAGE)
    @JsonPropertyDescription("Paths the bot claims; OWNERS files must give them to it.")
    public List<@Size(min = 1, max = Patterns.MAX_GLOB_LENGTH) String> owns;

    public Repository repository;

    public Mode mode;

    public Schedule schedule;

    @Required
    public Executor executor;

    public Tests tests;

    public Limits limits;

    public List<@Pattern(Patterns.PRINCIPAL) String> reviewers;

    @JsonPropertyDescription("No new cycles while true; a running one ends at its next phase boundary.")
    public Boolean suspend;

    public Boolean dryRun;

    public Boolean rollbackOnTestFailure;

    @Pattern(Patterns.NAME)
    @Size(max = 63)
    @JsonPropertyDescription("The bot this one works for: its parent in the team tree, which routes tasks to it and reads its handoffs"
            + " (at most 4 levels below a root).")
    public String parent;

    @JsonPropertyDescription("How the bot works in a team: how a command bot decomposes its goal into tasks for its children, how its"
            + " changes are judged before they land, how large its scratchpad may grow.")
    public Team team;

    @JsonPropertyDescription("What a cycle does when its target branch moved between its base and its landing.")
    public Landing landing;

    @JsonPropertyDescription("Where cycles run (cluster only; default from the operator's configuration).")
    public Runner runner;

    @Size(max = 20)
    @JsonPropertyDescription("MCP servers the bot's agents may use: written into each agent CLI's MCP configuration and given to the"
            + " llm executor as tools. Credentials are named (secretKeyRef: a Secret of the bot's namespace; fromEnv, fromFile: the runner's environment or files).")
    public List<McpServer> mcpServers;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("How many WorkCycles to keep (cluster only; default 10).")
    public Integer workCycleHistory;

    public enum Mode {
        @JsonProperty("continuous") CONTINUOUS,
        @JsonProperty("triggered") TRIGGERED,
        @JsonProperty("both") BOTH
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Repository {
        @Size(min = 1, max = 2000)
        @JsonPropertyDescription("The git URL (https://, ssh:// or file://).")
        public String url;

        @Size(min = 1, max = 250)
        @Pattern(Patterns.BRANCH)
        @ValidationRule(value = "!self.contains('..')", message = "a branch name has no '..'")
        public String branch;

        @Pattern(Patterns.NAME)
        @Size(max = 63)
        @JsonPropertyDescription("A Secret (same namespace) with username and password, or token.")
        public String credentialsSecret;

        @JsonPropertyDescription("Where proposals become pull requests: github or gitlab (default: from the url's host).")
        public ReviewHostKind host;

        @Size(min = 1, max = 2000)
        @Pattern("^https?://.*")
        @JsonPropertyDescription("The REST API's base URL: GitHub Enterprise https://HOST/api/v3, self-hosted GitLab https://HOST.")
        public String apiUrl;

        @Pattern(Patterns.NAME)
        @Size(max = 63)
        @JsonPropertyDescription("A Secret (same namespace) holding the API token under 'token' (default: credentialsSecret).")
        public String tokenSecret;

        @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
        @Size(max = 200)
        @JsonPropertyDescription("Local home only: an environment variable holding the API token.")
        public String tokenEnv;

        @Size(min = 1, max = 4000)
        @JsonPropertyDescription("Local home only: a file holding the API token.")
        public String tokenFile;
    }

    public enum ReviewHostKind {
        @JsonProperty("github") GITHUB,
        @JsonProperty("gitlab") GITLAB
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Schedule {
        @Pattern(Patterns.DURATION)
        public String minSleep;

        @Pattern(Patterns.DURATION)
        public String maxSleep;

        public Boolean adaptive;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "self.type != 'command' || has(self.command)", message = "executor.command is required when executor.type is command")
    @ValidationRule(value = "self.type != 'llm' || has(self.model)", message = "executor.model is required when executor.type is llm")
    public static class Executor {
        @Required
        public ExecutorType type;

        @Size(min = 1)
        public List<@Size(min = 1) String> command;

        @JsonPropertyDescription("Run command[0] as a shell script (sh -c); off by default.")
        public Boolean shell;

        @Size(max = 100)
        @JsonPropertyDescription("Extra environment of the executor's process. Names are upper-case letters, digits and '_'"
                + " (checked by the operator: a CEL rule over map keys costs more than the API server allows).")
        public Map<String, String> env;

        @Pattern(Patterns.DURATION)
        public String timeout;

        public Model model;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.command) != has(self.url)", message = "an MCP server has either command (stdio) or url (streamable HTTP)")
    public static class McpServer {
        @Required
        @Pattern("^[A-Za-z0-9_-]{1,64}$")
        public String name;

        @Size(min = 1)
        @JsonPropertyDescription("A stdio server: its command (argv, no shell).")
        public List<@Size(min = 1) String> command;

        @Size(max = 50)
        public List<McpEnv> env;

        @Pattern("^https?://")
        @JsonPropertyDescription("A streamable-HTTP server's URL.")
        public String url;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "[has(self.value), has(self.fromEnv), has(self.fromFile), has(self.secretKeyRef)].filter(x, x).size() == 1",
            message = "an MCP server variable has exactly one of value, fromEnv, fromFile, secretKeyRef")
    public static class McpEnv {
        @Required
        @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
        public String name;

        @JsonPropertyDescription("A plain value (not a secret).")
        public String value;

        @Pattern("^[A-Z_][A-Z0-9_]*$")
        @JsonPropertyDescription("The runner's environment variable holding the value (set it from a Secret).")
        public String fromEnv;

        @JsonPropertyDescription("A file holding the value (a mounted Secret).")
        public String fromFile;

        @JsonPropertyDescription("A key of a Secret in the bot's namespace, read by the operator or the runner pod when the cycle starts.")
        public SecretKeySelector secretKeyRef;
    }

    /** A key of a Secret in the bot's namespace, shaped like a pod's {@code env[].valueFrom.secretKeyRef}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeySelector {
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @Size(max = 253)
        @JsonPropertyDescription("The Secret's name.")
        public String name;

        @Required
        @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("The key within the Secret.")
        public String key;
    }

    public enum ExecutorType {
        @JsonProperty("command") COMMAND,
        @JsonProperty("llm") LLM,
        @JsonProperty("claude-code") CLAUDE_CODE,
        @JsonProperty("codex") CODEX,
        @JsonProperty("aider") AIDER,
        @JsonProperty("goose") GOOSE,
        @JsonProperty("opencode") OPENCODE,
        @JsonProperty("gemini") GEMINI
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Model {
        @Required
        public Provider provider;

        @Required
        @Size(min = 1, max = 200)
        public String name;

        @Pattern("^https?://")
        public String baseUrl;

        @Pattern(Patterns.ENV_NAME)
        public String apiKeyEnv;

        @Size(min = 1)
        public String apiKeyFile;

        @Min(0)
        @Max(2)
        public Double temperature;

        @Min(1)
        public Integer maxTokens;
    }

    public enum Provider {
        @JsonProperty("openai") OPENAI,
        @JsonProperty("openai-compatible") OPENAI_COMPATIBLE,
        @JsonProperty("anthropic") ANTHROPIC,
        @JsonProperty("ollama") OLLAMA,
        @JsonProperty("google") GOOGLE
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Tests {
        @Required
        @Size(min = 1)
        public List<@Size(min = 1) String> command;

        @Pattern(Patterns.DURATION)
        public String timeout;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Limits {
        @Min(1)
        @Max(100)
        public Integer tasksPerCycle;

        @Min(1)
        @Max(100000)
        public Integer changesPerCycle;

        @Pattern(Patterns.DURATION)
        public String cycleTimeout;

        @Min(1)
        @Max(10000)
        public Integer toolIterations;

        @Min(1)
        public Long tokensPerCycle;

        @Min(1)
        @Max(1000)
        @JsonPropertyDescription("How many of the bot's pull requests may be open at once; past it a proposal waits as a branch. Default 10.")
        public Integer openProposals;

        @Min(1)
        @Max(1000)
        @JsonPropertyDescription("How many pull requests the bot may open in any hour. Default 2.")
        public Integer proposalsPerHour;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Team {
        @JsonPropertyDescription("The command that lists a command bot's tasks, run in the cycle's checkout: one JSON object per line of"
                + " its output, {\"title\", \"paths\", \"priority\", \"rationale\"}. Each task goes to the child bot that owns its paths."
                + " A line {\"specialist\": {\"name\", \"objective\", \"keyResults\", \"owns\", …}} proposes a specialist bot for"
                + " directories it delegates, as a reviewed proposal (local home).")
        public PlanCommand plan;

        @JsonPropertyDescription("What the judge checks after execution and tests, before anything lands.")
        public Judge judge;

        @Min(200)
        @Max(100000)
        @JsonPropertyDescription("The scratchpad's size budget in characters (default 2000): a longer one is compressed when it is rewritten.")
        public Integer scratchpadChars;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PlanCommand {
        @Required
        @Size(min = 1)
        public List<@Size(min = 1) String> command;

        @Pattern(Patterns.DURATION)
        public String timeout;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Judge {
        @JsonPropertyDescription("A change that moves no key result of the bot's goal toward its target does not land as is (default false).")
        public Boolean requireKeyResultMove;

        @JsonPropertyDescription("reject (the default): nothing lands and the task is queued again; review: the change is proposed for"
                + " review instead.")
        public OnReject onReject;

        @Min(0)
        @Max(10)
        @JsonPropertyDescription("How often a rejected task is queued again before it is handed back to the parent (default 2).")
        public Integer retries;

        @JsonPropertyDescription("Also ask the bot's model (an llm executor's) whether the diff does what the task asked.")
        public Boolean llm;
    }

    public enum OnReject {
        @JsonProperty("reject") REJECT,
        @JsonProperty("review") REVIEW
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Landing {
        @JsonPropertyDescription("rebase (the default): merge the cycle's commit onto the new tip without running the executor again,"
                + " gate it again there, retest per retest, land; only a real conflict re-plans. replan: the cycle is superseded"
                + " and the bot plans again from the new tip.")
        public OnTargetMoved onTargetMoved;

        @JsonPropertyDescription("When the tests run again on the rebased tree: always (the default), on-overlap (only when a path"
                + " the cycle changed was also changed on the target since its base), never.")
        public Retest retest;
    }

    public enum OnTargetMoved {
        @JsonProperty("rebase") REBASE,
        @JsonProperty("replan") REPLAN
    }

    public enum Retest {
        @JsonProperty("always") ALWAYS,
        @JsonProperty("on-overlap") ON_OVERLAP,
        @JsonProperty("never") NEVER
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Runner {
        @JsonPropertyDescription("in-process: in the operator's pod; job: a Kubernetes Job per cycle.")
        public RunnerMode mode;

        @JsonPropertyDescription("Requests and limits of the runner pod (job mode).")
        public ResourceRequirements resources;
    }

    public enum RunnerMode {
        @JsonProperty("in-process") IN_PROCESS,
        @JsonProperty("job") JOB
    }
}
