package io.manybot.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git daemon} (shipped with git) on loopback, exporting every repository under a base
 * directory over the git protocol, with {@code receive-pack} enabled so that pushes work.
 */
public final class GitDaemon implements AutoCloseable {
    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the daemon and returns once it says it is ready (its own "Ready to rumble" line). */
    public static GitDaemon serve(Path base) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Process process = new ProcessBuilder("git", "daemon", "--verbose", "--reuseaddr", "--export-all", "--enable=receive-pack",
                    "--listen=127.0.0.1", "--port=" + port, "--base-path=" + base.toAbsolutePath(), base.toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            List<String> said = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        synchronized (said) {
                            said.add(line);
                        }
                        if (line.contains("Ready to rumble")) {
                            ready.complete(true);
                        }
                    }
                } catch (IOException ignored) {
                    // the daemon stopped
                }
                ready.complete(false);
            }, "git-daemon-output");
            reader.setDaemon(true);
            reader.start();
            try {
                if (ready.get(60, TimeUnit.SECONDS)) {
                    return new GitDaemon(process, port);
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // fall through: stop it and try another port
            }
            process.destroyForcibly().waitFor();
            synchronized (said) {
                last = new IOException("git daemon did not start on port " + port + ": " + String.join("\n", said));
            }
        }
        throw last;
    }

    /** {@code git://127.0.0.1:PORT/<path>}, {@code path} relative to the base directory. */
    public String url(String path) {
        return "git://127.0.0.1:" + port + "/" + path;
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
