package io.manybot.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.workspace.Directories;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The operator reconciling N Manybots (default 1,000) to Ready on the fabric8 mock API server (CRUD
 * mode, in-process): one bare git repository (the example), one Goal ({@code no-format-faults}) and N
 * copies of the example's {@code format-bot} ({@code bot-0001}…) in runner mode {@code job}. A bot's
 * first reconcile resolves its Goal, the shared mirror and the ownership files, creates a WorkCycle
 * and a runner Job (the mock never runs it) and settles with phase Running and Ready=True.
 *
 * <p>Scenario 1: the resources exist before the operator starts (time from its construction, so the
 * initial informer lists count, until all N are Ready). Scenario 2: the operator runs and the N bots
 * are created one after another on one thread (time from the first create until all N are Ready).
 * Readiness is observed by a watch on the Manybots (each bot's Ready time is when its status event
 * arrives). After all are Ready the harness waits until the operator is quiet (no API request for 1 s),
 * then checks every bot for Ready=True and not Stalled, with exactly N WorkCycles and N Jobs; it fails
 * otherwise. Per scenario it counts the API requests (by kind) and the CPU time per thread group
 * (mock server, reconcile threads, HTTP client...).
 *
 * <p>The operator's retained heap is the used heap after GC with all N Ready and the operator running,
 * minus the same after the operator is closed (the mock server, its resources and the client stay in
 * both). The simple way, on the same mock server after the operator is closed: a GET and a status
 * patch per bot, on one thread and on as many threads as JOSDK's default reconcile pool.
 *
 * <p>The mock server throws (and never answers) when a JSON patch does not apply, so the client waits
 * for its 10 s request timeout; the harness's dispatcher answers 422 instead, as a real API server does,
 * and counts these.
 *
 * <pre>bench/operator.sh [--bots N] [--rounds R] [--warmup W] [--timeout SECONDS]</pre>
 */
public final class OperatorBenchmark {
    /** The mock server logs every request at INFO through java.util.logging; a strong reference keeps the level set. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
    private static final String NAMESPACE = "shop";
    private static final String GOAL = "no-format-faults";
    private static final String TEMPLATE = "format-bot";
    /** JOSDK's default number of concurrent reconciliation threads, which ManybotOperator keeps. */
    private static final int RECONCILE_THREADS = ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER;
    /** The operator is quiet when the mock server has had no request for this long. */
    private static final Duration QUIET = Duration.ofSeconds(1);
    /** The longest the harness waits for the operator to go quiet after all bots are Ready. */
    private static final Duration QUIET_LIMIT = Duration.ofSeconds(300);
    /** JSON patches the mock server could not apply (answered 422 by the harness's dispatcher). */
    private static final AtomicInteger PATCH_FAILURES = new AtomicInteger();
    private static final String PROCESS = "whole process";

    private final Path temp;
    private final GoalResource goal;
    private final ManybotResource template;
    private final Duration timeout;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private int operators;

    private OperatorBenchmark(Path temp, Duration timeout) throws Exception {
        this.temp = temp;
        this.timeout = timeout;
        Path remote = OperatorFixtures.exampleRepository(temp);
        List<HasMetadata> example = OperatorFixtures.exampleResources(temp, remote);
        this.goal = example.stream().filter(r -> r instanceof GoalResource && r.getMetadata().getName().equals(GOAL))
                .map(GoalResource.class::cast).findFirst().orElseThrow();
        this.template = example.stream().filter(r -> r instanceof ManybotResource && r.getMetadata().getName().equals(TEMPLATE))
                .map(ManybotResource.class::cast).findFirst().orElseThrow();
    }

    public static void main(String[] args) throws Exception {
        int bots = 1000;
        int rounds = 3;
        int warmup = 100;
        long timeoutSeconds = 600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bots" -> bots = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: bench/operator.sh [--bots N] [--rounds R] [--warmup W] [--timeout SECONDS]");
                    System.exit(args[i].equals("--help") ? 0 : 2);
                }
            }
        }
        MOCK_LOG.setLevel(Level.WARNING);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "Machine: %d cores, %s %s (%s); %s %s; max heap %d MiB.%n", runtime.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.runtime.name"), System.getProperty("java.runtime.version"), runtime.maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%,d Manybots (runner mode job) on one repository and one Goal; fabric8 mock API server (CRUD) "
                + "in-process; %d measured rounds after 1 warm-up round of %,d bots; JOSDK reconcile threads: %d.%n",
                bots, rounds, warmup, RECONCILE_THREADS);
        long started = System.nanoTime();
        Path temp = Files.createTempDirectory("manybot-operator-bench");
        try {
            OperatorBenchmark bench = new OperatorBenchmark(temp, Duration.ofSeconds(timeoutSeconds));
            if (warmup > 0) {
                progress("warm-up round, %,d bots", warmup);
                bench.round(warmup);
            }
            List<Round> measured = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                progress("round %d of %d, %,d bots", round, rounds, bots);
                Round r = bench.round(bots);
                progress("  operator starts: all Ready in %,d ms, quiet at %,d ms; bots created: all Ready in %,d ms, quiet at %,d ms",
                        r.start.toReady, r.start.toQuiet, r.create.toReady, r.create.toQuiet);
                measured.add(r);
            }
            print(bots, measured);
            System.out.printf(Locale.ROOT, "%nThe whole run took %d s.%n", millisSince(started) / 1000);
        } finally {
            Directories.delete(temp);
        }
    }

    /** One scenario of one round: times from its start (ms), API requests, CPU per thread group (ns). */
    private static final class Scenario {
        long toReady;
        long toQuiet;
        long requestsToReady;
        long requestsTail;
        final Map<String, Integer> kinds = new TreeMap<>();
        final Map<String, Integer> tailKinds = new TreeMap<>();
        Map<String, Long> cpu;
        String goal;
    }

    /** What one round measured (times in ms, heap in bytes). */
    private static final class Round {
        final Scenario start = new Scenario();
        final Scenario create = new Scenario();
        long createBefore;
        long startCall;
        long createLoop;
        long heapRunning;
        long heapClosed;
        long simpleSerial;
        long simplePool;
        int patchFailures;
    }

    private Round round(int n) throws Exception {
        Round round = new Round();
        List<ManybotResource> bots = bots(n);
        int failuresBefore = PATCH_FAILURES.get();

        // Scenario 1: the resources exist; the operator starts.
        try (Mock mock = new Mock()) {
            KubernetesClient client = mock.client;
            long start = System.nanoTime();
            client.resource(copy(goal)).inNamespace(NAMESPACE).create();
            for (ManybotResource bot : bots) {
                client.resource(copy(bot)).inNamespace(NAMESPACE).create();
            }
            round.createBefore = millisSince(start);
            try (ReadyWatch watch = new ReadyWatch(client, n)) {
                mock.drain(null);
                Map<Long, long[]> cpuBefore = threadCpu();
                int requestsBefore = mock.server.getRequestCount();
                long t0 = System.nanoTime();
                ManybotOperator operator = new ManybotOperator(client, settings(), Clock.systemUTC(), false);
                try {
                    operator.start();
                    round.startCall = millisSince(t0);
                    measure(round.start, mock, watch, t0, requestsBefore, 0, cpuBefore);
                    verify(client, n);
                    round.start.goal = goalState(client, bots);
                    mock.drain(null);
                    round.heapRunning = usedAfterGc();
                } finally {
                    operator.close();
                }
                operator = null;
                mock.drain(null);
                round.heapClosed = usedAfterGc();
            }
            round.simpleSerial = simpleWay(client, bots, 1);
            round.simplePool = simpleWay(client, bots, RECONCILE_THREADS);
        }

        // Scenario 2: the operator runs; the bots are created.
        try (Mock mock = new Mock()) {
            KubernetesClient client = mock.client;
            client.resource(copy(goal)).inNamespace(NAMESPACE).create();
            try (ManybotOperator operator = new ManybotOperator(client, settings(), Clock.systemUTC(), false)) {
                operator.start();
                OperatorFixtures.await("the Goal is reconciled", () -> {
                    GoalResource g = client.resources(GoalResource.class).inNamespace(NAMESPACE).withName(GOAL).get();
                    return g.getStatus() != null && Conditions.isTrue(g.getStatus().conditions, Conditions.READY) ? g : null;
                });
                mock.quiet();
                try (ReadyWatch watch = new ReadyWatch(client, n)) {
                    mock.drain(null);
                    Map<Long, long[]> cpuBefore = threadCpu();
                    int requestsBefore = mock.server.getRequestCount();
                    long t0 = System.nanoTime();
                    for (ManybotResource bot : bots) {
                        client.resource(copy(bot)).inNamespace(NAMESPACE).create();
                    }
                    round.createLoop = millisSince(t0);
                    measure(round.create, mock, watch, t0, requestsBefore, n, cpuBefore);
                    verify(client, n);
                    round.create.goal = goalState(client, bots);
                }
            }
        }
        round.patchFailures = PATCH_FAILURES.get() - failuresBefore;
        return round;
    }

    /** Runner mode job; mirrors and checkouts in a directory of their own for each operator. */
    private io.manybot.cluster.operator.OperatorSettings settings() {
        return OperatorFixtures.settings(temp.resolve("operator-" + ++operators), ManybotSpec.RunnerMode.JOB);
    }

    /** Waits for all Ready, then for the operator to go quiet; {@code own} requests of the harness are not counted. */
    private void measure(Scenario scenario, Mock mock, ReadyWatch watch, long t0, int requestsBefore, int own, Map<Long, long[]> cpuBefore)
            throws InterruptedException {
        long allReady = watch.await(timeout);
        scenario.toReady = (allReady - t0) / 1_000_000;
        int requestsReady = mock.server.getRequestCount();
        scenario.requestsToReady = requestsReady - requestsBefore - own;
        mock.drain(scenario.kinds);
        long quiet = mock.quiet();
        scenario.toQuiet = (quiet - t0) / 1_000_000;
        scenario.cpu = cpuSince(cpuBefore);
        scenario.requestsTail = mock.server.getRequestCount() - requestsReady;
        mock.drain(scenario.tailKinds);
    }

    /** N copies of the example's format-bot, bot-0001 onwards, on the example repository. */
    private List<ManybotResource> bots(int n) {
        List<ManybotResource> bots = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            ManybotResource bot = copy(template);
            bot.getMetadata().setName(String.format(Locale.ROOT, "bot-%04d", i));
            bot.getMetadata().setNamespace(NAMESPACE);
            bots.add(bot);
        }
        return bots;
    }

    private static <T> T copy(T resource) {
        return Serialization.clone(resource);
    }

    /** All N Ready=True and not Stalled, phase Running, with exactly N WorkCycles and N Jobs (one each). */
    private static void verify(KubernetesClient client, int n) {
        List<ManybotResource> bots = client.resources(ManybotResource.class).inNamespace(NAMESPACE).list().getItems();
        List<String> problems = new ArrayList<>();
        if (bots.size() != n) {
            problems.add(bots.size() + " Manybots, expected " + n);
        }
        Map<String, Integer> phases = new TreeMap<>();
        for (ManybotResource bot : bots) {
            var status = bot.getStatus();
            String name = bot.getMetadata().getName();
            phases.merge(status == null ? "(no status)" : String.valueOf(status.phase), 1, Integer::sum);
            if (status == null || !Conditions.isTrue(status.conditions, Conditions.READY)) {
                problems.add(name + " is not Ready: " + (status == null ? "no status" : status.conditions));
            } else if (Conditions.isTrue(status.conditions, Conditions.STALLED)) {
                problems.add(name + " is Stalled: " + Conditions.find(status.conditions, Conditions.STALLED).getMessage());
            }
        }
        if (!phases.equals(Map.of("Running", n))) {
            problems.add("phases " + phases + ", expected Running for all " + n);
        }
        List<WorkCycleResource> cycles = client.resources(WorkCycleResource.class).inNamespace(NAMESPACE).list().getItems();
        Map<String, Long> cyclesPerBot = cycles.stream().collect(Collectors.groupingBy(c -> c.getSpec().bot, Collectors.counting()));
        if (cycles.size() != n || cyclesPerBot.size() != n) {
            problems.add(cycles.size() + " WorkCycles for " + cyclesPerBot.size() + " bots, expected one each for " + n + "; more than one: "
                    + cyclesPerBot.entrySet().stream().filter(e -> e.getValue() > 1).limit(10).toList());
        }
        int jobs = client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().size();
        if (jobs != n) {
            problems.add(jobs + " Jobs, expected " + n);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the operator did not reconcile " + n + " bots to Ready:\n  "
                    + String.join("\n  ", problems.stream().limit(20).toList()));
        }
    }

    /** "ok" when the Goal's status lists exactly the N bots; else how it differs (duplicates come from JSON patches on a stale base). */
    private static String goalState(KubernetesClient client, List<ManybotResource> bots) {
        GoalResource g = client.resources(GoalResource.class).inNamespace(NAMESPACE).withName(GOAL).get();
        List<String> listed = g.getStatus() == null || g.getStatus().bots == null ? List.of() : g.getStatus().bots;
        List<String> expected = bots.stream().map(b -> b.getMetadata().getName()).sorted().toList();
        if (listed.equals(expected)) {
            return "ok";
        }
        long distinct = listed.stream().distinct().count();
        return String.format(Locale.ROOT, "status.bots has %d entries (%d distinct) for %d bots", listed.size(), distinct, expected.size());
    }

    /** The simple way: per bot a GET and a status patch, on {@code threads} threads; ms for all N. */
    private static long simpleWay(KubernetesClient client, List<ManybotResource> bots, int threads) throws Exception {
        AtomicInteger tick = new AtomicInteger();
        long start = System.nanoTime();
        if (threads == 1) {
            for (ManybotResource bot : bots) {
                getAndPatch(client, bot.getMetadata().getName(), tick.incrementAndGet());
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (ManybotResource bot : bots) {
                    done.add(pool.submit(() -> {
                        getAndPatch(client, bot.getMetadata().getName(), tick.incrementAndGet());
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
        return millisSince(start);
    }

    private static void getAndPatch(KubernetesClient client, String name, int tick) {
        ManybotResource bot = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName(name).get();
        bot.getStatus().nextCycleAt = "tick-" + tick;
        client.resource(bot).patchStatus();
    }

    /** Used heap after a few full collections (the least of the readings). */
    private long usedAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(150);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** CPU time (ns) of every live thread, by id: {cpu}; the process's total under id -1. */
    private static Map<Long, long[]> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, long[]> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long ns = threads.getThreadCpuTime(id);
            if (ns >= 0) {
                cpu.put(id, new long[] {ns});
            }
        }
        cpu.put(-1L, new long[] {((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()});
        return cpu;
    }

    /** CPU time (ns) used since {@code before}, by thread group; threads that ended meanwhile count only in the process total. */
    private static Map<String, Long> cpuSince(Map<Long, long[]> before) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new TreeMap<>();
        long threadSum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long ns = threads.getThreadCpuTime(info.getThreadId());
            if (ns < 0) {
                continue;
            }
            long used = ns - before.getOrDefault(info.getThreadId(), new long[] {0})[0];
            groups.merge(group(info.getThreadName()), used, Long::sum);
            threadSum += used;
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
                - before.get(-1L)[0];
        groups.put(PROCESS, process);
        groups.put("GC, JIT compiler, threads that ended", process - threadSum);
        return groups;
    }

    private static String group(String thread) {
        if (thread.startsWith("vert.x-")) {
            return "mock API server (Vert.x event loop)";
        } else if (thread.startsWith("pool-")) {
            return "operator: JOSDK reconcile threads";
        } else if (thread.startsWith("JdkHttpClientFactory") || thread.startsWith("HttpClient-")) {
            return "fabric8 client: JDK HttpClient";
        } else if (thread.matches("-\\d+-pool-\\d+-thread-\\d+")) {
            return "fabric8 client: informer and watch event threads";
        } else if (thread.equals("main")) {
            return "harness (main: creates, watch wait)";
        }
        return "other threads";
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[operator bench] " + format + "%n", args);
    }

    /** A fresh mock API server in CRUD mode and a client on it. */
    private static final class Mock implements AutoCloseable {
        final KubernetesMockServer server;
        final KubernetesClient client;

        Mock() {
            Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
            server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                    new AnsweringCrudDispatcher(), false);
            server.init();
            client = server.createClient();
        }

        /** Empties the server's record of requests (it keeps every one), counting them by kind into {@code kinds} if given. */
        void drain(Map<String, Integer> kinds) throws InterruptedException {
            RecordedRequest request;
            while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
                if (kinds != null) {
                    kinds.merge(kind(request), 1, Integer::sum);
                }
            }
        }

        /** Waits until the server has had no request for {@link #QUIET}; returns the nanoTime of the last request seen. */
        long quiet() throws InterruptedException {
            long end = System.nanoTime() + QUIET_LIMIT.toNanos();
            int count = server.getRequestCount();
            long changed = System.nanoTime();
            while (System.nanoTime() < end) {
                Thread.sleep(10);
                int now = server.getRequestCount();
                if (now != count) {
                    count = now;
                    changed = System.nanoTime();
                } else if (System.nanoTime() - changed >= QUIET.toNanos()) {
                    return changed;
                }
            }
            throw new IllegalStateException("the operator did not go quiet within " + QUIET_LIMIT.toSeconds() + " s after all bots were Ready");
        }

        @Override
        public void close() {
            client.close();
            server.destroy();
        }
    }

    /**
     * The CRUD dispatcher, except that a JSON patch that does not apply is answered 422 (as a real API
     * server does) and counted: the mock server lets the exception escape and never answers, so the
     * client would wait for its request timeout (10 s).
     */
    private static final class AnsweringCrudDispatcher extends KubernetesCrudDispatcher {
        AnsweringCrudDispatcher() {
            super(List.of());
        }

        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            try {
                return super.handlePatch(request);
            } catch (RuntimeException e) {
                PATCH_FAILURES.incrementAndGet();
                return new MockResponse().setResponseCode(422).setBody(Serialization.asJson(new StatusBuilder().withStatus("Failure")
                        .withCode(422).withReason("Invalid").withMessage("the JSON patch does not apply: " + e.getMessage()).build()));
            }
        }
    }

    /** "PATCH manybots/status", "GET workcycles (list)", "GET manybots (watch)": method, resource, subresource. */
    static String kind(RecordedRequest request) {
        String path = request.getPath();
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        if (parts.isEmpty() || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
            return request.getMethod() + " " + path;
        }
        List<String> rest = parts.subList(Math.min(parts.size(), parts.get(0).equals("api") ? 2 : 3), parts.size());
        if (rest.size() > 2 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            return request.getMethod() + " " + path;
        }
        String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
        String how = query.contains("watch=true") ? " (watch)" : rest.size() == 1 && request.getMethod().equals("GET") ? " (list)" : "";
        return request.getMethod() + " " + resource + how;
    }

    /** Watches the Manybots and notes when each first shows Ready=True; fails on a Stalled bot. */
    private static final class ReadyWatch implements Watcher<ManybotResource>, AutoCloseable {
        private final KubernetesClient client;
        private final int expected;
        private final Set<String> ready = ConcurrentHashMap.newKeySet();
        private final CountDownLatch done = new CountDownLatch(1);
        private final Watch watch;
        private volatile long lastReady;
        private volatile String stalled;
        private volatile WatcherException closed;

        ReadyWatch(KubernetesClient client, int expected) {
            this.client = client;
            this.expected = expected;
            this.watch = client.resources(ManybotResource.class).inNamespace(NAMESPACE).watch(this);
        }

        @Override
        public void eventReceived(Action action, ManybotResource bot) {
            var status = bot.getStatus();
            if (action == Action.DELETED || status == null) {
                return;
            }
            if (Conditions.isTrue(status.conditions, Conditions.STALLED)) {
                stalled = bot.getMetadata().getName() + ": " + Conditions.find(status.conditions, Conditions.STALLED).getMessage();
                done.countDown();
            } else if (Conditions.isTrue(status.conditions, Conditions.READY) && ready.add(bot.getMetadata().getName())) {
                lastReady = System.nanoTime();
                if (ready.size() >= expected) {
                    done.countDown();
                }
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            closed = cause;
            done.countDown();
        }

        /** The nanoTime at which the last of the bots was seen Ready. */
        long await(Duration timeout) throws InterruptedException {
            boolean all = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (stalled != null) {
                throw new IllegalStateException("a bot is Stalled: " + stalled);
            }
            if (closed != null) {
                throw new IllegalStateException("the watch on the Manybots closed", closed);
            }
            if (!all) {
                Map<String, Integer> phases = new TreeMap<>();
                client.resources(ManybotResource.class).inNamespace(NAMESPACE).list().getItems().forEach(bot -> phases.merge(
                        bot.getStatus() == null ? "(no status)" : String.valueOf(bot.getStatus().phase), 1, Integer::sum));
                throw new IllegalStateException("after " + timeout.toSeconds() + " s only " + ready.size() + " of " + expected
                        + " bots are Ready; phases: " + phases);
            }
            return lastReady;
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    private static void print(int bots, List<Round> rounds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "| Measure (%,d Manybots, runner mode job, mock API server) | median | min |%n", bots);
        System.out.println("|---|---|---|");
        ms("Operator starts on existing bots: construction → all Ready", rounds, r -> r.start.toReady);
        ms("  of which `operator.start()` (informers list and sync)", rounds, r -> r.startCall);
        rate("  throughput", bots, rounds, r -> r.start.toReady);
        count("  API requests until all Ready, per bot", rounds, r -> (double) r.start.requestsToReady / bots);
        ms("  construction → operator quiet (its last API request)", rounds, r -> r.start.toQuiet);
        count("  API requests after all Ready, per bot", rounds, r -> (double) r.start.requestsTail / bots);
        ms("Operator running, bots created: first create → all Ready", rounds, r -> r.create.toReady);
        ms("  of which the create loop (one thread, competing with the operator)", rounds, r -> r.createLoop);
        rate("  throughput", bots, rounds, r -> r.create.toReady);
        count("  API requests by the operator until all Ready, per bot", rounds, r -> (double) r.create.requestsToReady / bots);
        ms("  first create → operator quiet (its last API request)", rounds, r -> r.create.toQuiet);
        count("  API requests after all Ready, per bot", rounds, r -> (double) r.create.requestsTail / bots);
        mib("Operator's retained heap (all Ready, running − closed; after GC)", rounds, r -> r.heapRunning - r.heapClosed);
        mib("  total used heap, all Ready, operator running (incl. mock server and its resources)", rounds, r -> r.heapRunning);
        mib("  total used heap after the operator is closed", rounds, r -> r.heapClosed);
        ms("Creating the bots before the operator starts (one thread, no operator)", rounds, r -> r.createBefore);
        ms("Simple way: GET + status patch per bot, one thread", rounds, r -> r.simpleSerial);
        rate("  throughput", bots, rounds, r -> r.simpleSerial);
        ms("Simple way: GET + status patch per bot, " + RECONCILE_THREADS + " threads (JOSDK's default reconcile pool)", rounds,
                r -> r.simplePool);
        rate("  throughput", bots, rounds, r -> r.simplePool);

        System.out.println();
        System.out.println("| CPU time by thread group (median of rounds) | operator starts: construction → quiet | bots created: first create → quiet |");
        System.out.println("|---|---|---|");
        Set<String> groups = new TreeSet<>();
        rounds.forEach(r -> {
            groups.addAll(r.start.cpu.keySet());
            groups.addAll(r.create.cpu.keySet());
        });
        groups.remove(PROCESS);
        List<String> ordered = new ArrayList<>(groups);
        ordered.sort((a, b) -> Long.compare(medianCpu(rounds, r -> r.start, b), medianCpu(rounds, r -> r.start, a)));
        ordered.add(PROCESS);
        for (String group : ordered) {
            System.out.printf(Locale.ROOT, "| %s | %.1f s | %.1f s |%n", group, medianCpu(rounds, r -> r.start, group) / 1e9,
                    medianCpu(rounds, r -> r.create, group) / 1e9);
        }

        Round last = rounds.get(rounds.size() - 1);
        System.out.println();
        System.out.printf(Locale.ROOT, "| API requests (last round, %,d bots) | operator starts: until all Ready | after, until quiet "
                + "| bots created: until all Ready | after, until quiet |%n", bots);
        System.out.println("|---|---|---|---|---|");
        Set<String> kinds = new TreeSet<>();
        for (Scenario s : List.of(last.start, last.create)) {
            kinds.addAll(s.kinds.keySet());
            kinds.addAll(s.tailKinds.keySet());
        }
        Function<String, Integer> total = k -> last.start.kinds.getOrDefault(k, 0) + last.start.tailKinds.getOrDefault(k, 0)
                + last.create.kinds.getOrDefault(k, 0) + last.create.tailKinds.getOrDefault(k, 0);
        kinds.stream().sorted((a, b) -> Integer.compare(total.apply(b), total.apply(a))).forEach(kind -> System.out.printf(Locale.ROOT,
                "| %s | %,d | %,d | %,d | %,d |%n", kind, last.start.kinds.getOrDefault(kind, 0), last.start.tailKinds.getOrDefault(kind, 0),
                last.create.kinds.getOrDefault(kind, 0), last.create.tailKinds.getOrDefault(kind, 0)));

        System.out.println();
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            System.out.printf(Locale.ROOT, "Round %d: Goal status.bots after scenario 1: %s; after scenario 2: %s; "
                    + "JSON patches that did not apply on the mock (answered 422): %d.%n", i + 1, r.start.goal, r.create.goal, r.patchFailures);
        }
    }

    private static long medianCpu(List<Round> rounds, Function<Round, Scenario> scenario, String group) {
        List<Long> values = rounds.stream().map(r -> scenario.apply(r).cpu.getOrDefault(group, 0L)).sorted().toList();
        return values.get(values.size() / 2);
    }

    private static List<Long> sorted(List<Round> rounds, ToLongFunction<Round> value) {
        return rounds.stream().map(r -> value.applyAsLong(r)).sorted().toList();
    }

    private static void ms(String label, List<Round> rounds, ToLongFunction<Round> value) {
        List<Long> values = sorted(rounds, value);
        System.out.printf(Locale.ROOT, "| %s | %,d ms | %,d ms |%n", label, values.get(values.size() / 2), values.get(0));
    }

    /** Bots per second: the median is that of the times; "min" is the best (the least time). */
    private static void rate(String label, int bots, List<Round> rounds, ToLongFunction<Round> millis) {
        List<Long> values = sorted(rounds, millis);
        System.out.printf(Locale.ROOT, "| %s | %,.0f bots/s | best %,.0f bots/s |%n", label, perSecond(bots, values.get(values.size() / 2)),
                perSecond(bots, values.get(0)));
    }

    private static double perSecond(int bots, long millis) {
        return bots * 1000.0 / Math.max(1, millis);
    }

    private static void count(String label, List<Round> rounds, ToDoubleFunction<Round> value) {
        List<Double> values = rounds.stream().map(r -> value.applyAsDouble(r)).sorted().toList();
        System.out.printf(Locale.ROOT, "| %s | %,.1f | %,.1f |%n", label, values.get(values.size() / 2), values.get(0));
    }

    private static void mib(String label, List<Round> rounds, ToLongFunction<Round> bytes) {
        List<Long> values = sorted(rounds, bytes);
        System.out.printf(Locale.ROOT, "| %s | %.1f MiB | %.1f MiB |%n", label, values.get(values.size() / 2) / 1048576.0,
                values.get(0) / 1048576.0);
    }
}
