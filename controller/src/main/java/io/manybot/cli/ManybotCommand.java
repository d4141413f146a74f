package io.manybot.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code manybot} command. */
@Command(
        name = "manybot",
        mixinStandardHelpOptions = true,
        versionProvider = ManybotCommand.Version.class,
        description = "Autonomous coding agents that own parts of a repository and work toward measurable goals.",
        subcommands = {ValidateCommand.class, OwnersCommand.class, GoalsCommand.class, RunCommand.class, StatusCommand.class,
            LogsCommand.class, ResultCommand.class, ControlCommands.Trigger.class, ControlCommands.Pause.class,
            ControlCommands.Resume.class, ListCommand.class, SubscriptionCommands.Subscribe.class, SubscriptionCommands.Subscriptions.class,
            OperatorCommand.class, CycleCommand.class, CreateCommand.class, MeetingCommands.Meetings.class, MeetingCommands.Meet.class,
            CommandLine.HelpCommand.class})
public final class ManybotCommand implements Runnable {
    /** What "now" is for the commands that show ages and phases (a test passes a fixed clock). */
    final Clock clock;

    ManybotCommand(Clock clock) {
        this.clock = clock;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, Clock.systemUTC());
    }

    /** As {@link #execute(String[], PrintWriter, PrintWriter)}, reading the time from {@code clock}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
        CommandLine commandLine = new CommandLine(new ManybotCommand(clock));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("manybot: error: " + describe(exception));
            line.getErr().flush();
            return ExitCodes.FAILURE;
        });
        return commandLine.execute(args);
    }

    /** The time of {@code root}'s clock; the system's when a command runs without the root (never in the CLI). */
    static Instant now(ManybotCommand root) {
        return root == null ? Instant.now() : root.clock.instant();
    }

    private static String describe(Throwable exception) {
        String message = exception.getMessage();
        if (exception instanceof java.nio.file.NoSuchFileException e) {
            return "no such file or directory: " + e.getFile() + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
        }
        return message == null ? exception.getClass().getSimpleName() : message;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ManybotCommand.class.getPackage().getImplementationVersion();
            return new String[] {"manybot " + (version == null ? "development build" : version)};
        }
    }
}
