package io.manybot.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A bare repository served over git's dumb HTTP protocol on loopback, under a path of the test's
 * choosing ({@code /group/sub/project.git}), so that a webhook naming that repository on host
 * {@code 127.0.0.1} routes to a bot whose repository URL is {@link #url()}.
 */
public final class DumbHttpGit implements AutoCloseable {
    private final HttpServer server;
    private final String path;

    private DumbHttpGit(HttpServer server, String path) {
        this.server = server;
        this.path = path;
    }

    /**
     * Serves the files of {@code bare} (with {@code info/refs} and {@code objects/info/packs} written
     * for it) under {@code path}, which starts with a slash and ends in {@code .git}.
     */
    public static DumbHttpGit serve(Path bare, String path) throws IOException {
        try (Repository repository = FileRepositoryBuilder.create(bare.toFile())) {
            StringBuilder refs = new StringBuilder();
            for (Ref ref : repository.getRefDatabase().getRefs()) {
                if (!ref.isSymbolic()) {
                    refs.append(ref.getObjectId().name()).append('\t').append(ref.getName()).append('\n');
                }
            }
            Files.createDirectories(bare.resolve("info"));
            Files.writeString(bare.resolve("info/refs"), refs);
        }
        StringBuilder packs = new StringBuilder();
        Path packDir = bare.resolve("objects/pack");
        if (Files.isDirectory(packDir)) {
            try (Stream<Path> files = Files.list(packDir)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pack")).forEach(n -> packs.append("P ").append(n).append('\n'));
            }
        }
        Files.createDirectories(bare.resolve("objects/info"));
        Files.writeString(bare.resolve("objects/info/packs"), packs.append('\n'));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String prefix = path + "/";
        server.createContext(prefix, exchange -> {
            Path file = bare.resolve(exchange.getRequestURI().getPath().substring(prefix.length())).normalize();
            if (!file.startsWith(bare) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] content = Files.readAllBytes(file);
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, content.length);
                exchange.getResponseBody().write(content);
            }
            exchange.close();
        });
        server.start();
        return new DumbHttpGit(server, path);
    }

    /** {@code http://127.0.0.1:PORT/group/sub/project.git}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
