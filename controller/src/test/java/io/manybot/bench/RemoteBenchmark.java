package io.manybot.bench;

import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.Mirror;
import io.manybot.core.mirror.PushResult;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.mirror.SshKey;
import io.manybot.core.workspace.Directories;
import io.manybot.core.workspace.IsolatedCheckout;
import io.manybot.core.workspace.LandResult;
import io.manybot.core.workspace.Lander;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitDaemon;
import io.manybot.testing.GitRepos;
import io.manybot.testing.SmartHttpGit;
import io.manybot.testing.SshGitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Fetch → cycle → push against real git servers on loopback (file://, git daemon, git http-backend behind Basic
 * authentication, an sshd server running git's own programs), the way manybot does it (JGit: a bare mirror fetched,
 * an isolated checkout of its tip, one file changed and committed, landed with a compare-and-swap, pushed with a
 * compare-and-swap) against the git CLI doing the same in a clone (fetch, reset to the fetched tip, change, commit,
 * push). Each round someone else commits on the server first, so every fetch brings something; both push to the same
 * branch, one after the other, so each also fetches the other's commit. Medians in milliseconds per step.
 *
 * <pre>bench/remote.sh [--rounds 20] [--files 2000] [--transports file,git,http,ssh]</pre>
 */
public final class RemoteBenchmark {
    public record Config(int rounds, int files, List<String> transports) {}

    /** Per transport, per tool ("manybot", "git"), per step ("fetch", "cycle", "push"): milliseconds of each round. */
    public record Result(Map<String, Map<String, Map<String, List<Double>>>> millis, Map<String, Integer> commitsOnServer) {}

    private static final PersonIdent BOT = new PersonIdent("manybot:bench", "bench@bots.manybot.io");
    private static final String USER = "alice";
    private static final String PASSWORD = "bench-password-1";

    private RemoteBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = 20;
        int files = 2000;
        List<String> transports = List.of("file", "git", "http", "ssh");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--transports" -> transports = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("manybot-remote-bench");
        long start = System.nanoTime();
        try {
            Result result = run(new Config(rounds, files, transports), dir);
            System.out.println(table(result));
            System.out.printf("%nrounds %d, %d files in the repository; machine: %s, %d cores; whole run %.0f s%n", rounds, files,
                    Machine.cpuModel(), Runtime.getRuntime().availableProcessors(), (System.nanoTime() - start) / 1e9);
            for (var entry : result.commitsOnServer().entrySet()) {
                int expected = 1 + 3 * rounds;
                if (entry.getValue() != expected) {
                    System.err.println(entry.getKey() + ": " + entry.getValue() + " commits on the server's main, expected " + expected);
                    System.exit(1);
                }
            }
        } finally {
            Directories.delete(dir);
        }
    }

    public static Result run(Config config, Path dir) throws Exception {
        Map<String, Map<String, Map<String, List<Double>>>> millis = new LinkedHashMap<>();
        Map<String, Integer> commits = new LinkedHashMap<>();
        for (String transport : config.transports()) {
            Path base = dir.resolve(transport);
            Path served = base.resolve("served");
            Path app = served.resolve("app.git");
            serve(app, base.resolve("work"), config.files());
            Map<String, Map<String, List<Double>>> byTool = new LinkedHashMap<>();
            try (Server server = Server.start(transport, served, base)) {
                runTransport(config, base, app, server, byTool);
            }
            millis.put(transport, byTool);
            commits.put(transport, count(app));
        }
        return new Result(millis, commits);
    }

    private static void runTransport(Config config, Path base, Path app, Server server, Map<String, Map<String, List<Double>>> byTool)
            throws Exception {
        Map<String, List<Double>> bot = new LinkedHashMap<>();
        Map<String, List<Double>> cli = new LinkedHashMap<>();
        byTool.put("manybot", bot);
        byTool.put("git", cli);
        try (RepositoryMirrors mirrors = new RepositoryMirrors(base.resolve("mirrors"), Duration.ZERO, Clock.systemUTC())) {
            Mirror mirror = mirrors.sync(server.url(), "main", server.credentials(), true);
            Path clone = base.resolve("clone");
            git(base, server.env(), "clone", "-q", "--branch", "main", server.cliUrl(), clone.toString());
            git(clone, server.env(), "config", "user.name", "git cli");
            git(clone, server.env(), "config", "user.email", "cli@example.com");
            try (SourceRepository source = SourceRepository.open(mirror.directory())) {
                for (int round = 0; round < config.rounds(); round++) {
                    someoneElseCommits(app, base.resolve("human"), round);

                    long t0 = System.nanoTime();
                    mirror = mirrors.sync(server.url(), "main", server.credentials(), true);
                    long t1 = System.nanoTime();
                    ObjectId tip = ObjectId.fromString(mirror.commit());
                    Path checkoutDir = base.resolve("checkout-" + round);
                    try (IsolatedCheckout checkout = IsolatedCheckout.create(source, tip, checkoutDir)) {
                        String path = "bot/round-" + round + ".txt";
                        Files.createDirectories(checkout.directory().resolve("bot"));
                        Files.writeString(checkout.directory().resolve(path), "round " + round + "\n");
                        ObjectId commit = checkout.commit(List.of(path), "bench: round " + round, BOT);
                        LandResult landed = new Lander().land(source, checkout, commit, "refs/heads/main", tip, "bench-" + round);
                        if (landed.status() != LandResult.Status.LANDED) {
                            throw new IllegalStateException("round " + round + ": " + landed.detail());
                        }
                    }
                    long t2 = System.nanoTime();
                    PushResult pushed = mirrors.push(mirror, List.of("main"), server.credentials());
                    long t3 = System.nanoTime();
                    if (!pushed.allOk()) {
                        throw new IllegalStateException("round " + round + ": " + pushed);
                    }
                    Directories.delete(checkoutDir);
                    add(bot, "fetch", t1 - t0);
                    add(bot, "cycle", t2 - t1);
                    add(bot, "push", t3 - t2);

                    long g0 = System.nanoTime();
                    git(clone, server.env(), "fetch", "-q", "origin", "main");
                    long g1 = System.nanoTime();
                    git(clone, server.env(), "reset", "-q", "--hard", "FETCH_HEAD");
                    Files.createDirectories(clone.resolve("cli"));
                    Files.writeString(clone.resolve("cli/round-" + round + ".txt"), "round " + round + "\n");
                    git(clone, server.env(), "add", "cli/round-" + round + ".txt");
                    git(clone, server.env(), "commit", "-q", "-m", "cli: round " + round);
                    long g2 = System.nanoTime();
                    git(clone, server.env(), "push", "-q", "origin", "HEAD:refs/heads/main");
                    long g3 = System.nanoTime();
                    add(cli, "fetch", g1 - g0);
                    add(cli, "cycle", g2 - g1);
                    add(cli, "push", g3 - g2);
                }
            }
        }
    }

    private static void add(Map<String, List<Double>> into, String step, long nanos) {
        into.computeIfAbsent(step, k -> new ArrayList<>()).add(nanos / 1e6);
    }

    /** A served bare repository of {@code files} files. */
    private static void serve(Path app, Path work, int files) throws Exception {
        Map<String, String> content = new HashMap<>();
        for (int i = 0; i < files; i++) {
            content.put(String.format("src/d%02d/f%05d.txt", i % 50, i), "file " + i + "\n".repeat(1 + i % 7));
        }
        GitRepos.write(work, content);
        GitRepos.initAndCommit(work, "initial");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(app.toFile()).call().close();
        Directories.delete(work);
    }

    private static void someoneElseCommits(Path app, Path clone, int round) throws Exception {
        Directories.delete(clone);
        try (Git git = Git.cloneRepository().setURI(app.toUri().toString()).setDirectory(clone.toFile()).setNoCheckout(false).call()) {
            GitRepos.write(clone, Map.of("human/round-" + round + ".txt", "round " + round + "\n"));
            RevCommit commit = GitRepos.commitAll(clone, "human: round " + round);
            git.push().add(commit.name() + ":refs/heads/main").call();
        }
    }

    private static int count(Path app) throws IOException {
        try (Repository repository = Git.open(app.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve("refs/heads/main")));
            int n = 0;
            for (RevCommit ignored : walk) {
                n++;
            }
            return n;
        }
    }

    private static void git(Path directory, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
        }
    }

    static String table(Result result) {
        StringBuilder out = new StringBuilder("| transport | step | manybot (JGit), median ms | git CLI, median ms |\n|---|---|---:|---:|\n");
        for (var transport : result.millis().entrySet()) {
            for (String step : List.of("fetch", "cycle", "push")) {
                out.append(String.format("| %s | %s | %.0f | %.0f |%n", transport.getKey(), step,
                        median(transport.getValue().get("manybot").get(step)), median(transport.getValue().get("git").get(step))));
            }
            double bot = transport.getValue().get("manybot").values().stream().mapToDouble(RemoteBenchmark::median).sum();
            double cli = transport.getValue().get("git").values().stream().mapToDouble(RemoteBenchmark::median).sum();
            out.append(String.format("| %s | **all three** | **%.0f** | **%.0f** |%n", transport.getKey(), bot, cli));
        }
        return out.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A git server of one transport, with the URL and credentials manybot uses and the URL and environment the git CLI uses. */
    private interface Server extends AutoCloseable {
        String url();

        GitCredentials credentials();

        String cliUrl();

        Map<String, String> env();

        static Server start(String transport, Path served, Path base) throws Exception {
            return switch (transport) {
                case "file" -> simple(served.resolve("app.git").toUri().toString(), null, () -> {});
                case "git" -> {
                    GitDaemon daemon = GitDaemon.serve(served);
                    yield simple(daemon.url("app.git"), null, daemon::close);
                }
                case "http" -> {
                    SmartHttpGit http = SmartHttpGit.serve(served, USER, PASSWORD);
                    yield new Simple(http.url("app.git"), new GitCredentials(USER, PASSWORD),
                            http.url("app.git").replace("http://", "http://" + USER + ":" + PASSWORD + "@"), Map.of(), http::close);
                }
                case "ssh" -> {
                    KeyPair client = SshGitServer.newKeyPair();
                    SshGitServer ssh = SshGitServer.serve(served, client.getPublic());
                    String key = SshGitServer.privateKeyText(client);
                    Path keyFile = base.resolve("id_bench");
                    Files.writeString(keyFile, key);
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                    Path knownHosts = base.resolve("known_hosts");
                    Files.writeString(knownHosts, ssh.knownHostsLine());
                    yield new Simple(ssh.url("app.git"), GitCredentials.ssh(new SshKey(key, ssh.knownHostsLine())), ssh.url("app.git"),
                            Map.of("GIT_SSH_COMMAND", "ssh -i " + keyFile + " -o IdentitiesOnly=yes -o UserKnownHostsFile=" + knownHosts
                                    + " -o StrictHostKeyChecking=yes -o BatchMode=yes"), ssh::close);
                }
                default -> throw new IllegalArgumentException("unknown transport " + transport + " (file, git, http, ssh)");
            };
        }

        private static Server simple(String url, GitCredentials credentials, Closer closer) {
            return new Simple(url, credentials, url, Map.of(), closer);
        }
    }

    @FunctionalInterface
    private interface Closer {
        void close() throws Exception;
    }

    private record Simple(String url, GitCredentials credentials, String cliUrl, Map<String, String> env, Closer closer) implements Server {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }
}
