package io.manybot.core.executor.cli;

import io.manybot.core.declaration.Bot;
import java.io.File;
import java.nio.file.Path;

/** Where an agent CLI's executable is: a path as declared, or the first match on the PATH. */
public final class CliInstallations {
    private CliInstallations() {}

    /**
     * Why {@code bot} cannot run: its agent CLI is not installed, with the exact install command; null when the bot
     * does not use an agent CLI or the CLI is there.
     */
    public static String missing(Bot bot, String searchPath) {
        if (bot.executor() == null) {
            return null;
        }
        AgentCli cli = AgentCli.of(bot.executor().type());
        if (cli == null) {
            return null;
        }
        String executable = bot.executor().command().isEmpty() ? cli.executable() : bot.executor().command().get(0);
        if (find(executable, searchPath) != null) {
            return null;
        }
        return "the " + cli.type() + " CLI '" + executable + "' is not installed; install it with: " + cli.installCommand();
    }

    /** The executable's absolute path, or null when it is not there (or not executable). */
    public static String find(String executable, String searchPath) {
        if (executable.contains("/")) {
            Path path = Path.of(executable).toAbsolutePath();
            return Confinement.executable(path) ? path.toString() : null;
        }
        if (searchPath == null) {
            return null;
        }
        for (String directory : searchPath.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, executable);
            if (Confinement.executable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        return null;
    }
}
