package io.manybot.cli;

import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the bots, one line each (the columns of `manybot status`), from the local state or a --server.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    StateOptions state;

    @Mixin
    ServerOptions server;

    @Option(names = "--json", description = "Print the bots as a JSON array.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ManybotCommand root;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (server.remote()) {
            return StatusCommand.remote(spec, server, null, json, out, ManybotCommand.now(root));
        }
        try (StateStore store = state.open()) {
            StatusCommand.printBots(out, StatusCommand.listed(store, store.bots(), store.directives(), ManybotCommand.now(root)), json, ManybotCommand.now(root),
                    "No bots in the state at " + state.directory() + ".");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
