package io.manybot.cli;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Durations;
import io.manybot.core.workspace.Directories;
import io.manybot.local.LocalController;
import io.manybot.local.RunSummary;
import io.manybot.local.state.StateDirectories;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code manybot run REPO}: the local controller. */
@CommandLine.Command(name = "run", description = {
        "Run the bots declared in REPO on this machine, with state in an embedded SQLite file.",
        "Bots work in isolated checkouts and land commits in REPO's refs; the working tree is never touched.",
        "A directory that is not a repository root is copied once into the state directory and worked on there.",
        "REPO may be a URL (https://, ssh://, git://, file://, user@host:path): the bots then work on a mirror in the",
        "state directory, fetched every --fetch-interval and on a push webhook, and landings are pushed (compare-and-swap).",
        "Git credentials: MANYBOT_GIT_TOKEN, or MANYBOT_GIT_USERNAME and MANYBOT_GIT_PASSWORD (https); MANYBOT_GIT_SSH_KEY",
        "and MANYBOT_GIT_KNOWN_HOSTS, files (ssh); a bot's repository.credentialsSecret is a directory under --git-secrets."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Parameters(index = "0", paramLabel = "REPO", description = "The repository: a directory or a URL (default: .)",
            defaultValue = ".")
    String repository;

    @CommandLine.Option(names = "--branch", paramLabel = "BRANCH", defaultValue = "main",
            description = "With a URL: the branch the declarations are read from and bots land on by default (default: ${DEFAULT-VALUE}).")
    String branch;

    @CommandLine.Option(names = "--fetch-interval", paramLabel = "DURATION", defaultValue = "1m",
            description = "With a URL: how often the remote repositories are fetched (default: ${DEFAULT-VALUE}); a push webhook fetches at once.")
    String fetchInterval;

    @CommandLine.Option(names = "--git-credentials", paramLabel = "DIR",
            description = {"With a URL: the run's own git credentials, one file per key (token, or username and password;",
                "ssh-privatekey and known_hosts); default: the MANYBOT_GIT_* environment variables."})
    Path gitCredentials;

    @CommandLine.Option(names = "--git-secrets", paramLabel = "DIR",
            description = {"With a URL: the directory holding one directory per repository.credentialsSecret name, one file per key",
                "(token, or username and password; ssh-privatekey and known_hosts), as Kubernetes mounts a Secret. Also MANYBOT_GIT_SECRETS."})
    Path gitSecrets;

    @CommandLine.Option(names = "--once", description = "Run one cycle per bot, then exit (same as --cycles 1).")
    boolean once;

    @CommandLine.Option(names = "--cycles", paramLabel = "N", description = "Run N cycles per bot back to back, then exit.")
    Integer cycles;

    @CommandLine.Option(names = "--state-dir", paramLabel = "DIR", description = "State directory (default: per repository under ~/.local/state/manybot).")
    Path stateDirectory;

    @CommandLine.Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Cycles run in parallel (default: ${DEFAULT-VALUE}).")
    int workers;

    @CommandLine.Option(names = "--declarations", paramLabel = "DIR", defaultValue = DeclarationLoader.DEFAULT_DIRECTORY,
            description = "Declarations directory in the repository (default: ${DEFAULT-VALUE}).")
    String declarations;

    @CommandLine.Option(names = "--reset", description = "Start from scratch: delete the state directory (history, and the copy of a non-root directory) first.")
    boolean reset;

    @CommandLine.Option(names = "--http", paramLabel = "ADDR",
            description = {"Serve the HTTP API (REST under /api/v1, webhooks, events, /metrics, /health) on HOST:PORT, e.g. 127.0.0.1:8080;",
                "port 0 picks a free port (printed). Reads are open on loopback; writes need an X-API-Key",
                "(MANYBOT_API_KEYS or --api-keys). Webhook secrets: MANYBOT_WEBHOOK_SECRET, MANYBOT_GITLAB_TOKEN."})
    String http;

    @CommandLine.Option(names = "--api-keys", paramLabel = "FILE", description = "API keys allowed to write through --http, one a line.")
    Path apiKeys;

    @CommandLine.Option(names = "--redact", paramLabel = "FILE",
            description = "Extra redaction rules (regular expressions, one a line) for the audit log and API responses; also MANYBOT_REDACT.")
    Path redact;

    @CommandLine.Option(names = "--stop-grace", paramLabel = "DURATION", defaultValue = "20s",
            description = {"On SIGTERM or Ctrl-C, how long running cycles have to reach their next phase boundary before their",
                "commands are killed (default: ${DEFAULT-VALUE}). Either way they are recorded ABANDONED and their checkouts removed."})
    String stopGrace;

    /** How much longer than the grace a stop may take to record the cycles, remove checkouts and print the summary. */
    static final Duration STOP_OVERHEAD = Duration.ofSeconds(30);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean remote = io.manybot.core.mirror.RepositoryMirrors.isUrl(repository);
        if (!remote && !Files.isDirectory(Path.of(repository))) {
            spec.commandLine().getErr().println("manybot: error: " + repository + " is not a directory (nor a repository URL:"
                    + " https://, ssh://, git://, file://, user@host:path)");
            return ExitCodes.FAILURE;
        }
        Duration interval;
        try {
            interval = Durations.parse(fetchInterval);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("manybot: error: --fetch-interval: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        Integer perBot = once ? Integer.valueOf(1) : cycles;
        if (perBot != null && perBot < 1) {
            spec.commandLine().getErr().println("manybot: error: --cycles must be at least 1");
            return ExitCodes.FAILURE;
        }
        Duration grace;
        try {
            grace = Durations.parse(stopGrace);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("manybot: error: --stop-grace: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        Path state = stateDirectory != null ? stateDirectory
                : remote ? StateDirectories.forUrl(repository) : StateDirectories.forRepository(Path.of(repository));
        if (reset && Files.isDirectory(state)) {
            if (!Files.exists(state.resolve("manybot.db")) && Files.list(state).findAny().isPresent()) {
                spec.commandLine().getErr().println("manybot: error: --reset refuses to delete " + state + ": it is not a manybot state directory");
                return ExitCodes.FAILURE;
            }
            Directories.delete(state);
        }
        LocalController.Options options = remote
                ? LocalController.Options.remote(new LocalController.Remote(repository, branch, interval, gitCredentials, gitSecrets,
                        System.getenv()),
                        state, perBot, workers, declarations, grace)
                : new LocalController.Options(Path.of(repository), state, perBot, workers, declarations, grace);
        LocalController controller = new LocalController(options, out, Clock.systemUTC());
        io.manybot.local.api.ApiServer server = null;
        if (http != null) {
            io.manybot.local.api.ApiSettings settings;
            try {
                settings = io.manybot.local.api.ApiSettings.of(http, apiKeys, redact, System.getenv());
            } catch (IllegalArgumentException | java.io.IOException e) {
                spec.commandLine().getErr().println("manybot: error: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            server = io.manybot.local.api.ApiServer.start(settings, controller.view());
            out.println("manybot: HTTP API on http://" + (settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host())
                    + ":" + server.port() + "/api/v1" + (settings.apiKeys().isEmpty() ? " (no API key configured: writes refused)" : ""));
            out.flush();
        }
        // SIGTERM / Ctrl-C: the JVM halts as soon as the hooks return, so the hook waits (bounded) for
        // the controller to record the running cycles ABANDONED, remove the checkouts and print the summary
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("manybot: stopping: running cycles stop at their next phase boundary (at most " + stopGrace + ", then their commands are killed)");
            out.flush();
            controller.stop();
            try {
                ended.await(grace.plus(STOP_OVERHEAD).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "manybot-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<WorkCycle> ran;
            try {
                out.println("manybot: state in " + state);
                ran = controller.run();
            } finally {
                if (server != null) {
                    server.close();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: the JVM is stopping
                }
            }
            new RunSummary(out, Program.name()).print(ran, options.shown(), state);
            out.flush();
            return ran.stream().anyMatch(cycle -> cycle.outcome() != null && cycle.outcome().failure()) ? ExitCodes.INVALID : ExitCodes.OK;
        } finally {
            ended.countDown();
        }
    }
}
