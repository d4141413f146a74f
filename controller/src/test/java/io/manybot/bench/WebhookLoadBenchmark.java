package io.manybot.bench;

import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.core.event.WebhookVerifier;
import io.manybot.core.workspace.Directories;
import io.manybot.local.LocalController;
import io.manybot.testing.GitRepos;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the local home's webhook endpoint: the real controller and HTTP API in this JVM (a
 * repository with one triggered bot subscribed to pushes), a load generator in a second JVM on
 * loopback posting signed GitHub push webhooks (each with its own delivery id, so each is verified,
 * parsed, routed, audited and turned into a trigger request), C connections in parallel. The
 * baseline is {@code GET /health} on the same server with the same generator.
 *
 * <pre>
 *   WebhookLoadBenchmark [--requests N] [--concurrency C] [--rounds R]
 *   WebhookLoadBenchmark --client URL --secret S --requests N --concurrency C   (the generator)
 * </pre>
 * Prints a Markdown table on stdout: requests/s, p50 and p99 latency, status counts.
 */
public final class WebhookLoadBenchmark {
    private static final String SECRET = "bench-webhook-secret-7d1c";

    private WebhookLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("client")) {
            client(options);
            return;
        }
        int requests = Integer.parseInt(options.getOrDefault("requests", "5000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Path temp = Files.createTempDirectory("manybot-webhook-bench");
        try {
            Path work = temp.resolve("work");
            GitRepos.write(work, Map.of(
                    "src/format/OWNERS", "primary: manybot:format-bot\n",
                    "src/format/a.txt", "a\n",
                    ".manybot/goal.yaml", GOAL,
                    ".manybot/format-bot.yaml", BOT,
                    ".manybot/format-pushes.yaml", SUBSCRIPTION));
            GitRepos.initAndCommit(work, "initial");
            StringWriter terminal = new StringWriter();
            LocalController controller = new LocalController(new LocalController.Options(work, temp.resolve("state"), null, 2, ".manybot"),
                    new PrintWriter(terminal, true), Clock.systemUTC());
            Thread running = new Thread(() -> {
                try {
                    controller.run();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "controller");
            ApiSettings settings = ApiSettings.of("127.0.0.1:0", null, null, Map.of(ApiSettings.WEBHOOK_SECRET_ENV, SECRET));
            try (ApiServer server = ApiServer.start(settings, controller.view())) {
                running.start();
                String base = "http://127.0.0.1:" + server.port();
                waitForBot(base);
                System.err.printf("server on %s; %d requests x %d rounds, %d connections%n", base, requests, rounds, concurrency);
                System.out.println("| endpoint | round | requests/s | p50 ms | p99 ms | max ms | statuses |");
                System.out.println("|---|---|---|---|---|---|---|");
                for (int round = 0; round <= rounds; round++) {
                    for (String endpoint : List.of("/health", "/webhooks/github")) {
                        String line = generator(base + endpoint, round == 0 ? Math.max(200, requests / 5) : requests, concurrency, round);
                        if (round > 0) {
                            System.out.println("| " + endpoint + " | " + round + " | " + line);
                        } else {
                            System.err.println("warm-up " + endpoint + ": " + line);
                        }
                    }
                }
            } finally {
                controller.stop();
                running.join(60_000);
            }
        } finally {
            Directories.delete(temp);
        }
    }

    /** Runs the generator in a second JVM; its one line of output. */
    private static String generator(String url, int requests, int concurrency, int round) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WebhookLoadBenchmark.class.getName(), "--client", url, "--secret", SECRET, "--requests", Integer.toString(requests),
                "--concurrency", Integer.toString(concurrency), "--round", Integer.toString(round))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the generator failed: " + out);
        }
        return out;
    }

    private static void client(Map<String, String> options) throws Exception {
        URI uri = URI.create(options.get("client"));
        boolean webhook = uri.getPath().startsWith("/webhooks");
        int requests = Integer.parseInt(options.get("requests"));
        int concurrency = Integer.parseInt(options.get("concurrency"));
        String round = options.getOrDefault("round", "0");
        // Each delivery its own body (as GitHub's are: another head commit), signed before the clock starts:
        // the intake remembers bodies by digest, so one body sent again would be a duplicate (a replay).
        String template = new String(push(), StandardCharsets.UTF_8);
        byte[][] bodies = new byte[webhook ? requests : 0][];
        String[] signatures = new String[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = template.replace("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", String.format(Locale.ROOT, "%020d%020d", Long.parseLong(round), i))
                    .getBytes(StandardCharsets.UTF_8);
            signatures[i] = WebhookVerifier.sign(options.get("secret"), bodies[i]);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(2)).build();
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        Map<Integer, AtomicLong> statuses = new TreeMap<>();
        for (int status : new int[] {200, 202, 401, 413, 500}) {
            statuses.put(status, new AtomicLong());
        }
        AtomicLong other = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(threads.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
                    if (webhook) {
                        request.POST(HttpRequest.BodyPublishers.ofByteArray(bodies[i])).header("Content-Type", "application/json")
                                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", "bench-" + round + "-" + i)
                                .header("X-Hub-Signature-256", signatures[i]);
                    }
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    latencies[i] = System.nanoTime() - t0;
                    AtomicLong counter = statuses.get(status);
                    (counter != null ? counter : other).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long elapsed = System.nanoTime() - start;
        threads.shutdown();
        Arrays.sort(latencies);
        StringBuilder counts = new StringBuilder();
        statuses.forEach((status, n) -> {
            if (n.get() > 0) {
                counts.append(status).append(": ").append(n.get()).append(' ');
            }
        });
        if (other.get() > 0) {
            counts.append("other: ").append(other.get());
        }
        System.out.println(String.format(Locale.ROOT, "%.0f | %.2f | %.2f | %.2f | %s |", requests / (elapsed / 1e9),
                latencies[requests / 2] / 1e6, latencies[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)] / 1e6,
                latencies[requests - 1] / 1e6, counts.toString().strip()));
        System.exit(0);
    }

    private static byte[] push() throws Exception {
        try (InputStream in = WebhookLoadBenchmark.class.getResourceAsStream("/webhooks/github-push.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("PLANTED_TOKEN", "a token").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void waitForBot(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            String bots = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/bots")).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (bots.contains("\"mode\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the controller did not store the bot");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: WebhookLoadBenchmark [--requests N] [--concurrency C] [--rounds R]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata:
              name: tidy-format
            spec:
              objective: Keep the formatter tidy
              start: 2026-11-01
              deadline: 2027-03-31
              keyResults:
                - name: files
                  baseline: 2
                  target: 0
                  direction: decrease
                  measurement:
                    command: ["sh", "-c", "ls src/format | wc -l"]
                    timeout: 30s
            """;
    static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata:
              name: format-bot
            spec:
              goal: tidy-format
              owns: ["src/format/**"]
              mode: triggered
              executor:
                type: command
                command: ["true"]
                timeout: 1m
            """;
    static final String SUBSCRIPTION = """
            apiVersion: manybot.io/v1alpha1
            kind: Subscription
            metadata:
              name: format-pushes
            spec:
              bot: format-bot
              trigger: push
              paths: ["src/format/**"]
            """;
}
