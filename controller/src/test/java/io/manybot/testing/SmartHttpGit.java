package io.manybot.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Git's own smart HTTP server, {@code git http-backend} (shipped with git), run as a CGI program behind
 * a loopback HTTP server that asks for HTTP Basic authentication: clone, fetch and push for real, with
 * one username and password accepted. Every request without them is answered 401.
 */
public final class SmartHttpGit implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger refused = new AtomicInteger();

    private SmartHttpGit(HttpServer server) {
        this.server = server;
    }

    /** Serves every repository under {@code base} at {@code /<path>}, as hosts do ({@code /acme/shop.git}). */
    public static SmartHttpGit serve(Path base, String username, String password) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "smart-http-git");
            thread.setDaemon(true);
            return thread;
        }));
        SmartHttpGit git = new SmartHttpGit(server);
        String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> {
            try {
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    git.refused.incrementAndGet();
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                cgi(exchange, base, username);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return git;
    }

    private static void cgi(HttpExchange exchange, Path base, String user) throws IOException {
        String path = exchange.getRequestURI().getPath();
        ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", base.toAbsolutePath().toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REMOTE_USER", user); // receive-pack is on for an authenticated user
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", path);
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        env.put("CONTENT_TYPE", type == null ? "" : type);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        Process process = builder.start();
        Thread feed = new Thread(() -> {
            try (InputStream body = exchange.getRequestBody(); OutputStream stdin = process.getOutputStream()) {
                body.transferTo(stdin);
            } catch (IOException ignored) {
                // the backend stopped reading
            }
        }, "smart-http-git-request");
        feed.setDaemon(true);
        feed.start();
        Thread drainErrors = new Thread(() -> {
            try (InputStream errors = process.getErrorStream()) {
                errors.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // gone
            }
        }, "smart-http-git-stderr");
        drainErrors.setDaemon(true);
        drainErrors.start();
        InputStream stdout = process.getInputStream();
        int status = 200;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = stdout.read()) >= 0) {
            if (b == '\n') {
                String header = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                line.reset();
                if (header.isEmpty()) {
                    break;
                }
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ")[0]);
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            } else {
                line.write(b);
            }
        }
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream response = exchange.getResponseBody()) {
            stdout.transferTo(response);
        }
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code http://127.0.0.1:PORT/<path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    /** Requests answered 401. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
