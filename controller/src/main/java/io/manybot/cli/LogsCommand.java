package io.manybot.cli;

import io.manybot.local.state.BotState;
import io.manybot.local.state.Event;
import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show a bot's latest events, oldest first: time, level, [cycle] and message.")
final class LogsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BOT", description = "The bot.")
    String bot;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "50", description = "Show the last N events (default: ${DEFAULT-VALUE}).")
    int tail;

    @Mixin
    StateOptions state;

    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (tail < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tail must be at least 1, not " + tail);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (server.remote()) {
            try {
                for (Event event : server.home().events(bot, tail)) {
                    out.println(line(event));
                }
            } catch (ApiClient.ApiException e) {
                return StatusCommand.fail(spec, e);
            }
            out.flush();
            return ExitCodes.OK;
        }
        try (StateStore store = state.open()) {
            List<Event> events = store.events(bot, tail);
            if (events.isEmpty() && store.bot(bot).isEmpty()) {
                err.println("manybot: unknown bot '" + bot + "' in the state at " + state.directory() + "; "
                        + StateOptions.knownBots(store.bots().stream().map(BotState::name).toList()));
                err.flush();
                return ExitCodes.INVALID;
            }
            for (Event event : events) {
                out.println(line(event));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code 2026-11-24T10:00:00Z INFO  [c-0007] message}. */
    static String line(Event event) {
        return event.at().truncatedTo(ChronoUnit.SECONDS) + " "
                + String.format(Locale.ROOT, "%-5s", event.level().toUpperCase(Locale.ROOT)) + " "
                + (event.cycleId() == null ? "" : "[" + event.cycleId() + "] ")
                + event.message();
    }
}
