package io.manybot.cli;

import io.manybot.local.state.StateDirectories;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the commands that read or write the local state: which state directory. */
final class StateOptions {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "State directory (default: the one `manybot run` uses for --repo).")
    Path stateDirectory;

    @Option(names = "--repo", paramLabel = "PATH|URL", defaultValue = ".",
            description = "Repository (a path, or the URL given to `manybot run`) whose default state directory to use (default: .).")
    String repository;

    Path directory() {
        return stateDirectory != null ? stateDirectory : StateDirectories.forTarget(repository);
    }

    /** Opens the state, which must exist: these commands never create it. */
    StateStore open() throws IOException {
        Path directory = directory();
        if (!StateStore.exists(directory)) {
            String run = stateDirectory != null
                    ? Program.name() + " run REPO --state-dir " + stateDirectory
                    : Program.name() + " run " + repository;
            throw new IllegalStateException("no state at " + directory + " (run `" + run + "` first)");
        }
        return StateStore.open(directory);
    }

    /** "known bots: a, b" or "no bots in the state yet". */
    static String knownBots(List<String> names) {
        return names.isEmpty() ? "no bots in the state yet" : "known bots: " + String.join(", ", names);
    }
}
