package io.manybot.core.executor.cli;

import java.io.File;
import java.nio.file.Path;

/** Where an agent CLI's executable is: a path as declared, or the first match on the PATH. */
public final class CliInstallations {
    private CliInstallations() {}

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
