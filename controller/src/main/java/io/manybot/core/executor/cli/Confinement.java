package io.manybot.core.executor.cli;

import io.manybot.core.process.ProcessResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an agent CLI is confined. In the local home: Debian's bubblewrap ({@code bwrap}) with the whole system
 * read-only, a fresh {@code /tmp}, {@code /dev} and {@code /proc}, and only the checkout and the run's
 * throw-away HOME writable (the network stays: the CLI must reach its provider). In the cluster the runner
 * pod is the sandbox ({@link #pod()}). When bubblewrap is missing or cannot run here, {@link #none(String)}
 * says why, and each run reports it.
 */
public final class Confinement {
    private final String bwrap;
    private final String description;

    private Confinement(String bwrap, String description) {
        this.bwrap = bwrap;
        this.description = description;
    }

    /** Confinement by bubblewrap at {@code bwrap}. */
    public static Confinement bubblewrap(String bwrap) {
        return new Confinement(bwrap, "bubblewrap: system read-only, only the checkout and a throw-away HOME writable");
    }

    /** The runner pod is the sandbox (non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp). */
    public static Confinement pod() {
        return new Confinement(null, "the runner pod (non-root, read-only root filesystem, no capabilities)");
    }

    /** No confinement, and why. */
    public static Confinement none(String why) {
        return new Confinement(null, "UNCONFINED: " + why);
    }

    /**
     * Bubblewrap when it is on the PATH and works here (tried once with {@code true}), otherwise none with the
     * reason and the install command.
     */
    public static Confinement detect(ProcessRunner runner, Map<String, String> environment) throws InterruptedException {
        String bwrap = CliInstallations.find("bwrap", environment.get("PATH"));
        if (bwrap == null) {
            return none("bubblewrap is not installed (apt-get install bubblewrap)");
        }
        Confinement candidate = bubblewrap(bwrap);
        Path here = Path.of(System.getProperty("java.io.tmpdir"));
        ProcessResult tried = runner.run(new ProcessSpec(candidate.wrap(List.of("true"), here, here), here,
                ProcessRunner.restrictedEnvironment(Map.of()), Duration.ofSeconds(30), 4096));
        if (!tried.succeeded()) {
            return none("bubblewrap cannot run here (" + tried.describe() + ": " + tried.output().strip() + ")");
        }
        return candidate;
    }

    public boolean confined() {
        return !description.startsWith("UNCONFINED");
    }

    public String description() {
        return description;
    }

    /** The argv that runs {@code argv} confined to {@code checkout} and {@code home}. */
    public List<String> wrap(List<String> argv, Path checkout, Path home) {
        if (bwrap == null) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(List.of(bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--tmpfs", "/tmp"));
        // /tmp is fresh and empty: an executable that lives there (a stand-in, a CLI unpacked there) stays visible, read-only
        Path executable = Path.of(argv.get(0));
        if (executable.isAbsolute() && executable.normalize().startsWith("/tmp") && executable.getParent() != null) {
            String directory = executable.normalize().getParent().toString();
            wrapped.addAll(List.of("--ro-bind", directory, directory));
        }
        for (Path writable : List.of(checkout, home)) {
            String path = writable.toAbsolutePath().toString();
            wrapped.addAll(List.of("--bind", path, path));
        }
        wrapped.addAll(List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session",
                "--chdir", checkout.toAbsolutePath().toString(), "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    @Override
    public String toString() {
        return description;
    }

    static boolean executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
