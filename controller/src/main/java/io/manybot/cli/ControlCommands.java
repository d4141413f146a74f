package io.manybot.cli;

import io.manybot.local.state.BotState;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code trigger}, {@code pause} and {@code resume}: requests to the controller, through the state. */
final class ControlCommands {
    private ControlCommands() {}

    abstract static class Control implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "BOT", description = "The bot.")
        String bot;

        @Mixin
        StateOptions state;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract ControlAction action();

        abstract String done(BotState before);

        @Mixin
        ServerOptions server;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (server.remote()) {
                RemoteHome home = server.home();
                try {
                    BotState before = StatusCommand.botState(home.bot(bot));
                    home.control(bot, action());
                    out.println(bot + ": " + done(before));
                } catch (ApiClient.ApiException e) {
                    return StatusCommand.fail(spec, e);
                }
                out.flush();
                return ExitCodes.OK;
            }
            try (StateStore store = state.open()) {
                Optional<BotState> before = store.bot(bot);
                if (before.isEmpty()) {
                    err.println("manybot: unknown bot '" + bot + "' in the state at " + state.directory() + "; "
                            + StateOptions.knownBots(store.bots().stream().map(BotState::name).toList()));
                    err.flush();
                    return ExitCodes.INVALID;
                }
                store.requestControl(bot, action());
                out.println(bot + ": " + done(before.get()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Ask for a cycle of BOT now (a running `manybot run` starts it within a second; otherwise the next run does).")
    static final class Trigger extends Control {
        @Override
        ControlAction action() {
            return ControlAction.TRIGGER;
        }

        @Override
        String done(BotState before) {
            return "trigger requested (the running controller picks it up within a second)"
                    + (before.paused() ? "; note: the bot is paused (`manybot resume " + bot + "`)" : "");
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause BOT: no new cycle starts until it is resumed (a cycle in progress finishes). Holds across restarts.")
    static final class Pause extends Control {
        @Override
        ControlAction action() {
            return ControlAction.PAUSE;
        }

        @Override
        String done(BotState before) {
            return before.paused() ? "already paused" : "paused (a cycle in progress finishes; `manybot resume " + bot + "` to resume)";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused BOT.")
    static final class Resume extends Control {
        @Override
        ControlAction action() {
            return ControlAction.RESUME;
        }

        @Override
        String done(BotState before) {
            return before.paused() ? "resumed" : "was not paused";
        }
    }
}
