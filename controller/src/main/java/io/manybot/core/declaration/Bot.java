package io.manybot.core.declaration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A bot (declared with {@code kind: Manybot}): its goal, the paths it claims, how it runs. */
public record Bot(
        String name,
        String goal,
        List<String> owns,
        Repository repository,
        Mode mode,
        Schedule schedule,
        Executor executor,
        TestCommand tests,
        Limits limits,
        List<String> reviewers,
        boolean suspend,
        boolean dryRun,
        boolean rollbackOnTestFailure,
        String parent,
        List<McpServer> mcpServers,
        LandingPolicy landing,
        Team team) {

    public Bot {
        owns = List.copyOf(owns);
        reviewers = List.copyOf(reviewers);
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
        landing = landing == null ? LandingPolicy.DEFAULT : landing;
        team = team == null ? Team.DEFAULT : team;
    }

    /** A bot with the default team settings ({@link Team#DEFAULT}). */
    public Bot(String name, String goal, List<String> owns, Repository repository, Mode mode, Schedule schedule, Executor executor,
            TestCommand tests, Limits limits, List<String> reviewers, boolean suspend, boolean dryRun, boolean rollbackOnTestFailure,
            String parent, List<McpServer> mcpServers, LandingPolicy landing) {
        this(name, goal, owns, repository, mode, schedule, executor, tests, limits, reviewers, suspend, dryRun, rollbackOnTestFailure,
                parent, mcpServers, landing, Team.DEFAULT);
    }

    /** A bot with the default landing policy ({@link LandingPolicy#DEFAULT}). */
    public Bot(String name, String goal, List<String> owns, Repository repository, Mode mode, Schedule schedule, Executor executor,
            TestCommand tests, Limits limits, List<String> reviewers, boolean suspend, boolean dryRun, boolean rollbackOnTestFailure,
            String parent, List<McpServer> mcpServers) {
        this(name, goal, owns, repository, mode, schedule, executor, tests, limits, reviewers, suspend, dryRun, rollbackOnTestFailure,
                parent, mcpServers, LandingPolicy.DEFAULT);
    }

    /** A bot without MCP servers. */
    public Bot(String name, String goal, List<String> owns, Repository repository, Mode mode, Schedule schedule, Executor executor,
            TestCommand tests, Limits limits, List<String> reviewers, boolean suspend, boolean dryRun, boolean rollbackOnTestFailure,
            String parent) {
        this(name, goal, owns, repository, mode, schedule, executor, tests, limits, reviewers, suspend, dryRun, rollbackOnTestFailure,
                parent, List.of(), LandingPolicy.DEFAULT);
    }

    /** This bot with other limits (the directives' overrides). */
    public Bot withLimits(Limits newLimits) {
        return new Bot(name, goal, owns, repository, mode, schedule, executor, tests, newLimits, reviewers, suspend, dryRun,
                rollbackOnTestFailure, parent, mcpServers, landing, team);
    }

    /** This bot with another landing policy. */
    public Bot withLanding(LandingPolicy newLanding) {
        return new Bot(name, goal, owns, repository, mode, schedule, executor, tests, limits, reviewers, suspend, dryRun,
                rollbackOnTestFailure, parent, mcpServers, newLanding, team);
    }

    /** This bot with other team settings. */
    public Bot withTeam(Team newTeam) {
        return new Bot(name, goal, owns, repository, mode, schedule, executor, tests, limits, reviewers, suspend, dryRun,
                rollbackOnTestFailure, parent, mcpServers, landing, newTeam);
    }

    /**
     * How the bot works in a team ({@code spec.team}): how a command bot decomposes its goal into tasks for its children, how
     * its changes are judged before they land, and how large its scratchpad may grow.
     *
     * @param plan the command that lists a command bot's tasks (run in the cycle's checkout; one JSON object per line:
     *     {@code {"title", "paths", "priority", "rationale"}}), or null: the factual planner's single task
     * @param judge what the judge checks after execution and tests
     * @param scratchpadChars the scratchpad's size budget: a longer one is compressed when the reflector rewrites it
     */
    public record Team(PlanCommand plan, JudgePolicy judge, int scratchpadChars) {
        public static final int DEFAULT_SCRATCHPAD_CHARS = 2_000;
        public static final Team DEFAULT = new Team(null, JudgePolicy.DEFAULT, DEFAULT_SCRATCHPAD_CHARS);

        public Team {
            judge = judge == null ? JudgePolicy.DEFAULT : judge;
            scratchpadChars = scratchpadChars <= 0 ? DEFAULT_SCRATCHPAD_CHARS : scratchpadChars;
        }
    }

    /** A planning command: argv run in the cycle's checkout, with a timeout. */
    public record PlanCommand(List<String> command, Duration timeout) {
        public PlanCommand {
            command = List.copyOf(command);
            timeout = timeout == null ? Duration.ofMinutes(1) : timeout;
        }
    }

    /**
     * What the judge checks after execution and tests ({@code spec.team.judge}).
     *
     * @param requireKeyResultMove a change that moves no key result of the goal toward its target does not land as is
     * @param onReject what happens to such a change: {@link OnReject#REJECT} (nothing lands; the task is retried) or
     *     {@link OnReject#REVIEW} (its writes are proposed for review instead)
     * @param retries how often a rejected task is queued again before it is handed back to the parent
     * @param llm whether the bot's model (an {@code llm} executor's) also reads the diff against the task
     */
    public record JudgePolicy(boolean requireKeyResultMove, OnReject onReject, int retries, boolean llm) {
        public static final int DEFAULT_RETRIES = 2;
        public static final JudgePolicy DEFAULT = new JudgePolicy(false, OnReject.REJECT, DEFAULT_RETRIES, false);

        public JudgePolicy {
            onReject = onReject == null ? OnReject.REJECT : onReject;
            retries = Math.max(0, retries);
        }

        public enum OnReject { REJECT, REVIEW }
    }

    /**
     * What a cycle does when its target branch moved between its base and its landing ({@code spec.landing}).
     *
     * @param onTargetMoved {@link OnTargetMoved#REBASE} (the default): merge the cycle's commit onto the new tip in core
     *     (no checkout, the executor is not run again), gate it again there, retest per {@code retest}, land; only a real
     *     conflict makes the cycle SUPERSEDED. {@link OnTargetMoved#REPLAN}: the cycle is SUPERSEDED and the bot plans again
     *     from the new tip (the behaviour before rebasing existed)
     * @param retest when the bot's test command runs again on the rebased tree: {@link Retest#ALWAYS} (the default: the tree
     *     that lands is a tree that was tested), {@link Retest#ON_OVERLAP} (only when a path the cycle changed was also changed
     *     on the target since the base), {@link Retest#NEVER}
     */
    public record LandingPolicy(OnTargetMoved onTargetMoved, Retest retest) {
        public static final LandingPolicy DEFAULT = new LandingPolicy(OnTargetMoved.REBASE, Retest.ALWAYS);

        public LandingPolicy {
            onTargetMoved = onTargetMoved == null ? DEFAULT.onTargetMoved() : onTargetMoved;
            retest = retest == null ? DEFAULT.retest() : retest;
        }

        public enum OnTargetMoved { REBASE, REPLAN }

        public enum Retest { ALWAYS, ON_OVERLAP, NEVER }
    }

    /**
     * An MCP server the bot's agents may use: a stdio {@code command} (argv) with its {@code env}, or a streamable-HTTP
     * {@code url}. Its credentials are named (environment variables or files of Manybot's process, or a Secret's key), never written here.
     */
    public record McpServer(String name, List<String> command, List<McpEnv> env, String url) {
        public McpServer {
            command = command == null ? List.of() : List.copyOf(command);
            env = env == null ? List.of() : List.copyOf(env);
        }
    }

    /**
     * One variable of an MCP server's process: a plain {@code value}, or read from {@code fromEnv}, {@code fromFile} or
     * (the cluster home) {@code secretKeyRef}, a key of a Kubernetes Secret in the bot's namespace.
     */
    public record McpEnv(String name, String value, String fromEnv, String fromFile, SecretKeyRef secretKeyRef) {
        /** A variable not from a Secret reference. */
        public McpEnv(String name, String value, String fromEnv, String fromFile) {
            this(name, value, fromEnv, fromFile, null);
        }
    }

    /** A key of a Kubernetes Secret in the bot's namespace (shaped like a pod's {@code env[].valueFrom.secretKeyRef}). */
    public record SecretKeyRef(String name, String key) {
        @Override
        public String toString() {
            return "Secret " + name + " key " + key;
        }
    }

    public String principal() {
        return "manybot:" + name;
    }

    public enum Mode { CONTINUOUS, TRIGGERED, BOTH }

    /**
     * Where the bot works; a null url means the repository the declarations were read from.
     *
     * @param review where its proposals become pull (merge) requests; {@link ReviewHost#NONE} when nothing is declared (the
     *     host is then taken from the url: github.com, gitlab.com)
     */
    public record Repository(String url, String branch, String credentialsSecret, ReviewHost review) {
        public static final String DEFAULT_BRANCH = "main";

        public Repository {
            review = review == null ? ReviewHost.NONE : review;
        }

        /** A repository whose review host, if any, follows from its url. */
        public Repository(String url, String branch, String credentialsSecret) {
            this(url, branch, credentialsSecret, ReviewHost.NONE);
        }
    }

    /**
     * The code review host of a bot's repository ({@code spec.repository.host}, {@code apiUrl}, {@code tokenSecret},
     * {@code tokenEnv}, {@code tokenFile}); the token is named, never written here.
     *
     * @param host {@code github} or {@code gitlab}; null: from the repository url's host (github.com, gitlab.com)
     * @param apiUrl the REST API's base (GitHub Enterprise: {@code https://ghe.example.com/api/v3}; self-hosted GitLab:
     *     {@code https://gitlab.example.com}); null: the public host's, or derived from the url
     * @param tokenSecret the cluster home: a Secret of the bot's namespace holding the API token under {@code token}
     *     (default: the repository's {@code credentialsSecret})
     * @param tokenEnv the local home: an environment variable of {@code manybot run} holding the token
     * @param tokenFile the local home: a file holding the token
     */
    public record ReviewHost(String host, String apiUrl, String tokenSecret, String tokenEnv, String tokenFile) {
        public static final ReviewHost NONE = new ReviewHost(null, null, null, null, null);
    }

    public record Schedule(Duration minSleep, Duration maxSleep, boolean adaptive) {
        public static final Schedule DEFAULT = new Schedule(Duration.ofMinutes(5), Duration.ofHours(1), true);
    }

    public enum ExecutorType { COMMAND, LLM, CLAUDE_CODE, CODEX, AIDER, GOOSE, OPENCODE, GEMINI }

    public record Executor(ExecutorType type, List<String> command, boolean shell, Map<String, String> env, Duration timeout, Model model) {
        public Executor {
            command = command == null ? List.of() : List.copyOf(command);
            env = env == null ? Map.of() : Map.copyOf(env);
        }
    }

    /** A language model; the API key is named (an environment variable or file), never written here. */
    public record Model(String provider, String name, String baseUrl, String apiKeyEnv, String apiKeyFile, Double temperature, Integer maxTokens) {}

    public record TestCommand(List<String> command, Duration timeout) {
        public TestCommand {
            command = List.copyOf(command);
        }
    }

    /**
     * @param openProposals how many of the bot's pull requests may be open at once (Renovate's {@code prConcurrentLimit});
     *     past it a proposal waits as a branch
     * @param proposalsPerHour how many pull requests the bot may open in any hour (Renovate's {@code prHourlyLimit})
     */
    public record Limits(int tasksPerCycle, int changesPerCycle, Duration cycleTimeout, int toolIterations, Long tokensPerCycle,
            int openProposals, int proposalsPerHour) {
        public static final int DEFAULT_OPEN_PROPOSALS = 10;
        public static final int DEFAULT_PROPOSALS_PER_HOUR = 2;
        public static final Limits DEFAULT = new Limits(3, 20, Duration.ofMinutes(30), 25, null);

        /** Limits with the default pull request limits. */
        public Limits(int tasksPerCycle, int changesPerCycle, Duration cycleTimeout, int toolIterations, Long tokensPerCycle) {
            this(tasksPerCycle, changesPerCycle, cycleTimeout, toolIterations, tokensPerCycle, DEFAULT_OPEN_PROPOSALS,
                    DEFAULT_PROPOSALS_PER_HOUR);
        }
    }
}
