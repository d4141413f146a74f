package io.manybot.core.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps every command and everything it starts together, so that none of it outlives the command
 * or this process. Where util-linux's {@code setpriv} and {@code setsid} are installed (Debian and
 * most Linux systems), a command runs as
 *
 * <pre>setpriv --pdeathsig TERM -- sh -c WATCHDOG setsid COMMAND...</pre>
 *
 * The small watchdog shell starts the command in a process group of its own ({@code setsid}), waits
 * for it, and kills the whole group with SIGKILL
 * <ul>
 *   <li>when the command ends (its background processes end with it),</li>
 *   <li>when it gets SIGTERM, SIGHUP or SIGINT (how {@link ProcessRunner} stops a command on a
 *       timeout or an interruption), and</li>
 *   <li>when this JVM dies, even by {@code kill -9}: the kernel sends the watchdog SIGTERM then
 *       ({@code PR_SET_PDEATHSIG}, set by {@code setpriv --pdeathsig}).</li>
 * </ul>
 * The watchdog exits with the command's exit code. (Linux sends the parent-death signal when the
 * thread that started the process ends: {@link ProcessRunner#run} keeps that thread waiting until
 * the command has ended.) Where the tools are missing, commands run as
 * they are, and only the process tree walk of {@link ProcessRunner} stops them.
 */
final class ProcessGroups {
    static final String WATCHDOG = "pid=; trap 'kill -KILL -\"$pid\" 2>/dev/null; exit 143' TERM HUP INT; "
            + "\"$0\" -- \"$@\" & pid=$!; wait \"$pid\"; code=$?; kill -KILL -\"$pid\" 2>/dev/null; exit \"$code\"";

    private static final Optional<List<String>> PREFIX = prefix();

    private ProcessGroups() {}

    /** Whether commands run in process groups of their own that die with this process. */
    static boolean available() {
        return PREFIX.isPresent();
    }

    /**
     * The argv that runs {@code argv} (whose program is already an absolute path) under the
     * watchdog, or {@code argv} itself where the tools are missing.
     */
    static List<String> contain(List<String> argv) {
        if (PREFIX.isEmpty()) {
            return argv;
        }
        List<String> out = new ArrayList<>(PREFIX.get());
        out.addAll(argv);
        return out;
    }

    private static Optional<List<String>> prefix() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        Optional<Path> setpriv = onPath("setpriv");
        Optional<Path> setsid = onPath("setsid");
        Optional<Path> sh = onPath("sh");
        if (setpriv.isEmpty() || setsid.isEmpty() || sh.isEmpty()) {
            return Optional.empty();
        }
        // "$0" is setsid: the watchdog runs `setsid COMMAND...` in the background
        return Optional.of(List.of(setpriv.get().toString(), "--pdeathsig", "TERM", "--", sh.get().toString(), "-c", WATCHDOG,
                setsid.get().toString()));
    }

    /** The program {@code name} on this process's PATH (as {@link ProcessBuilder} looks it up). */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null || path.isEmpty()) {
            path = "/usr/local/bin:/usr/bin:/bin";
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
