package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cli.StateCommandsTest.Run;
import io.manybot.cluster.api.ClusterApiServer;
import io.manybot.cluster.api.ClusterApiSettings;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.WorkCycleResource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against the cluster home ({@code --server URL -n NS}): the operator's real HTTP API on
 * loopback, in front of a real operator (cycles in-process) on the fabric8 mock API server (CRUD mode).
 */
@EnableKubernetesMockClient(crud = true)
class ClusterServerCommandsTest {
    static final String API_KEY = "cli-cluster-api-key-0123456789abcdef";
    static final String GOOD_TOKEN = "cli-cluster-good-token-5f1e";
    static final AtomicInteger NAMESPACES = new AtomicInteger();
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path temp;

    private final String namespace = "clicluster" + NAMESPACES.incrementAndGet();
    private final List<Run> runs = new ArrayList<>();
    /** Fixed at the first command of a test: `list` and `status` show the same ages however long apart they run. */
    private Clock clock;
    private ManybotOperator operator;
    private ClusterApiServer api;
    private String url;

    @BeforeEach
    void start() throws Exception {
        OperatorSettings s = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS);
        // This test's namespace only, so that another one is unwatched.
        OperatorSettings watching = new OperatorSettings(List.of(namespace), s.leaderElection(), s.leaseName(), s.leaseNamespace(),
                s.runnerMode(), s.runnerImage(), s.runnerCpu(), s.runnerMemory(), s.runnerDeadline(), s.stateDirectory(), s.fetchInterval(),
                s.workers(), s.serviceAccount(), s.runnerCpuRequest(), s.runnerMemoryRequest(), s.gitCredentialsSecret(), s.runnerSecretEnv(),
                s.directivesConfigMap(), s.directivesNamespace());
        api = ClusterApiServer.start(client, namespace, watching,
                new ClusterApiSettings(List.of(API_KEY), "cli-cluster-webhook-secret", null));
        operator = api.operator();
        url = api.url();
    }

    @AfterEach
    void stop() {
        // The mock API server outlives the test: leave nothing of this namespace to the next one.
        if (api != null) {
            api.close();
        }
        client.resources(SubscriptionResource.class).inNamespace(namespace).delete();
        client.resources(GoalResource.class).inNamespace(namespace).delete();
    }

    /** Runs the command line (every output is kept to check that no secret shows). */
    private Run run(String... args) {
        if (clock == null) {
            clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        }
        Run run = StateCommandsTest.run(clock, args);
        runs.add(run);
        return run;
    }

    /** The command against this test's cluster home: {@code --server URL -n NS} after {@code args}. */
    private Run cluster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", url, "-n", namespace));
        return run(all.toArray(String[]::new));
    }

    private void createExampleAndAwaitItsFirstCycle() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            client.resource(resource).inNamespace(namespace).create();
        }
        OperatorFixtures.await("format-bot has finished its first cycle and is idle", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get();
            return b != null && b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                    && "Idle".equals(b.getStatus().phase) ? b : null;
        });
    }

    private void assertNoSecretPrinted() {
        for (Run r : runs) {
            assertFalse((r.out() + r.err()).contains(API_KEY), "the API key is printed:\n" + r.out() + r.err());
            assertFalse((r.out() + r.err()).contains(GOOD_TOKEN), "the token is printed:\n" + r.out() + r.err());
        }
    }

    @Test
    void listStatusTriggerLogsAndResultWorkOnANamespaceOfTheClusterHome() throws Exception {
        // The CRUD mock would echo a TokenReview: it answers as an API server does for one good and any other token.
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            boolean good = request.getBody().readUtf8().contains("\"" + GOOD_TOKEN + "\"");
            return new TokenReviewBuilder().withNewSpec().endSpec().withNewStatus().withAuthenticated(good)
                    .withNewUser().withUsername(good ? "system:serviceaccount:" + namespace + ":ci" : null).endUser().endStatus().build();
        }).always();
        // And the SubjectAccessReview, as an API server where ci may trigger and pause the namespace's Manybots.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
            var review = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(request.getBody().readUtf8(),
                    io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview.class);
            boolean allowed = ("system:serviceaccount:" + namespace + ":ci").equals(review.getSpec().getUser())
                    && namespace.equals(review.getSpec().getResourceAttributes().getNamespace());
            review.setStatus(new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder().withAllowed(allowed).build());
            return review;
        }).always();
        createExampleAndAwaitItsFirstCycle();
        ManybotResource resource = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get();
        String firstCycle = resource.getStatus().lastCycle.id;
        String firstOutcome = resource.getStatus().lastCycle.outcome;

        // list: the local table, from the namespace
        Run list = cluster("list");
        assertEquals(0, list.exit(), list.err());
        List<String> lines = list.out().lines().toList();
        assertTrue(lines.get(0).matches("NAME +MODE +PHASE +GOAL +PROGRESS +AT-RISK +LAST-CYCLE +AGE"), list.out());
        assertTrue(lines.get(1).matches("format-bot +triggered +Idle +no-format-faults +\\S+ +\\S+ +" + firstCycle + " " + firstOutcome
                + " +\\d+[smhd]"), list.out());
        assertTrue(lines.stream().skip(2).allMatch(line -> line.startsWith("format-bot: ")), "then the bot's message, if any:\n" + list.out());

        // status: one bot, or all of them; as JSON too
        Run status = cluster("status", "format-bot");
        assertEquals(0, status.exit(), status.err());
        // The same table; the AGE column is read from the clock at each call and may have ticked.
        assertEquals(withoutAge(list.out()), withoutAge(status.out()));
        Run json = cluster("status", "--json");
        assertEquals(0, json.exit(), json.err());
        assertEquals("format-bot", new ObjectMapper().readTree(json.out()).get(0).path("name").asText(), json.out());
        Run nobody = cluster("status", "nobody");
        assertEquals(ExitCodes.INVALID, nobody.exit());
        assertTrue(nobody.err().contains("no bot nobody in namespace " + namespace + " at " + url), nobody.err());

        // without --namespace the local API's paths are not there: a hint
        Run local = run("list", "--server", url);
        assertEquals(ExitCodes.INVALID, local.exit());
        assertTrue(local.err().contains("pass --namespace NS"), local.err());

        // a trigger needs a key or a token
        Run anonymous = cluster("trigger", "format-bot");
        assertEquals(ExitCodes.FAILURE, anonymous.exit());
        assertTrue(anonymous.err().contains("the server refused the request"), anonymous.err());
        assertTrue(anonymous.err().contains("--api-key KEY") && anonymous.err().contains("--token TOKEN"), anonymous.err());
        Run wrong = cluster("trigger", "format-bot", "--api-key", "wrong-key-0123456789");
        assertEquals(ExitCodes.FAILURE, wrong.exit());
        assertEquals(1, client.resources(WorkCycleResource.class).inNamespace(namespace).list().getItems().size(), "no write went through");

        Run trigger = cluster("trigger", "format-bot", "--api-key", API_KEY);
        assertEquals(0, trigger.exit(), trigger.err());
        assertTrue(trigger.out().startsWith("format-bot: trigger requested"), trigger.out());

        // logs: the bot's cycles, started and finished, oldest first
        OperatorFixtures.await("the triggered cycle has finished", () -> cluster("logs", "format-bot").out().lines()
                .filter(l -> l.contains("cycle finished: ")).count() == 2 ? true : null);
        Run logs = cluster("logs", "format-bot");
        assertEquals(0, logs.exit(), logs.err());
        List<String> events = logs.out().lines().toList();
        assertEquals(4, events.size(), logs.out());
        assertTrue(events.get(0).matches("\\S+Z INFO +\\[" + firstCycle + "] cycle started \\(trigger: start\\)"), logs.out());
        assertTrue(events.get(1).contains("[" + firstCycle + "] cycle finished: " + firstOutcome), logs.out());
        assertTrue(events.get(2).contains("cycle started (trigger: api: triggered by key"), logs.out());
        String newest = events.get(3).replaceFirst(".*\\[([^]]+)].*", "$1");
        assertNotEquals(firstCycle, newest);
        Run tail = cluster("logs", "format-bot", "--tail", "1");
        assertEquals(List.of(events.get(3)), tail.out().lines().toList());

        // result: the cycle found by its id (or a prefix of it) in the bot's cycles
        Run result = cluster("result", newest);
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("Cycle " + newest + "\n"), result.out());
        assertTrue(result.out().contains("  bot:         format-bot"), result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.matches(" +trigger: +api: triggered by key.*")), result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.matches(" +outcome: +[A-Z_]+")), result.out());
        assertEquals(result.out(), cluster("result", newest.substring(0, newest.length() - 1)).out());
        Run missing = cluster("result", "no-such-cycle");
        assertEquals(ExitCodes.INVALID, missing.exit());
        assertTrue(missing.err().contains("no cycle 'no-such-cycle' in namespace " + namespace), missing.err());

        // a Kubernetes token, reviewed by the API server, works as a key does
        Run byToken = cluster("trigger", "format-bot", "--token", GOOD_TOKEN);
        assertEquals(0, byToken.exit(), byToken.err());
        OperatorFixtures.await("a cycle for the token's trigger", () -> client.resources(WorkCycleResource.class).inNamespace(namespace)
                .list().getItems().stream().filter(c -> c.getSpec().trigger.contains("system:serviceaccount:" + namespace + ":ci"))
                .findFirst().orElse(null));
        Run badToken = cluster("trigger", "format-bot", "--token", "not-a-good-token");
        assertEquals(ExitCodes.FAILURE, badToken.exit());
        assertTrue(badToken.err().contains("the server refused the request"), badToken.err());

        assertNoSecretPrinted();
    }

    @Test
    void pauseAndResumeAnnotateTheBotSubscriptionsAreReadOnlyAndAnUnwatchedNamespaceIsNamed() throws Exception {
        createExampleAndAwaitItsFirstCycle();

        // pause: the annotation, then the phase; resume removes it
        Run pause = cluster("pause", "format-bot", "--api-key", API_KEY);
        assertEquals(0, pause.exit(), pause.err());
        assertTrue(pause.out().startsWith("format-bot: paused"), pause.out());
        String by = annotations().get(ManybotResource.PAUSED);
        assertTrue(by != null && by.startsWith("api:"), String.valueOf(by));
        OperatorFixtures.await("list shows format-bot paused", () -> cluster("list").out().lines()
                .anyMatch(l -> l.matches("format-bot +triggered +Paused .*")) ? true : null);
        Run again = cluster("pause", "format-bot", "--api-key", API_KEY);
        assertEquals("format-bot: already paused\n", again.out().replace("\r\n", "\n"));
        Run resume = cluster("resume", "format-bot", "--api-key", API_KEY);
        assertEquals(0, resume.exit(), resume.err());
        assertTrue(resume.out().startsWith("format-bot: resumed"), resume.out());
        // The merge patch's null removes the key on an API server; the CRUD mock keeps it with a null value.
        assertEquals(null, annotations().get(ManybotResource.PAUSED));
        OperatorFixtures.await("list no longer shows format-bot paused", () -> cluster("list").out().lines()
                .anyMatch(l -> l.matches("format-bot +triggered +Idle .*")) ? true : null);
        Run unknown = cluster("pause", "nobody", "--api-key", API_KEY);
        assertEquals(ExitCodes.INVALID, unknown.exit());
        assertTrue(unknown.err().contains("no bot nobody in namespace " + namespace), unknown.err());

        // subscriptions: listed and shown from the resources; changed only with kubectl
        Run subscriptions = cluster("subscriptions", "list");
        assertEquals(0, subscriptions.exit(), subscriptions.err());
        List<String> rows = subscriptions.out().lines().toList();
        assertEquals(3, rows.size(), subscriptions.out());
        assertTrue(rows.get(0).matches("NAME +BOT +TRIGGER +BRANCH +PATHS +SCHEDULE +SOURCE +STATE"), subscriptions.out());
        assertTrue(rows.stream().skip(1).allMatch(l -> l.matches("\\S+ +format-bot +\\S+ .* cluster +active")), subscriptions.out());
        String name = rows.get(1).split(" +")[0];
        Run show = cluster("subscriptions", "show", name);
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("Name:       " + name) && show.out().contains("Source:     cluster"), show.out());
        assertEquals(ExitCodes.INVALID, cluster("subscriptions", "show", "nothing").exit());
        Run subscribe = cluster("subscribe", "format-bot", "--trigger", "push", "--api-key", API_KEY);
        assertEquals(ExitCodes.INVALID, subscribe.exit());
        assertTrue(subscribe.err().contains("kubectl apply -f SUBSCRIPTION.yaml -n " + namespace), subscribe.err());
        for (String verb : List.of("pause", "resume", "delete")) {
            Run change = cluster("subscriptions", verb, name, "--api-key", API_KEY);
            assertEquals(ExitCodes.INVALID, change.exit(), verb);
            assertTrue(change.err().contains("kubectl delete mbsub NAME -n " + namespace), change.err());
        }
        assertEquals(2, client.resources(SubscriptionResource.class).inNamespace(namespace).list().getItems().size());

        // a namespace the operator does not watch is named as such
        Run other = run("list", "--server", url, "-n", "other-unwatched");
        assertEquals(ExitCodes.INVALID, other.exit());
        assertTrue(other.err().contains("namespace other-unwatched is not watched by this operator at " + url), other.err());
        Run otherTrigger = run("trigger", "format-bot", "--server", url, "--namespace", "other-unwatched", "--api-key", API_KEY);
        assertEquals(ExitCodes.INVALID, otherTrigger.exit());
        assertTrue(otherTrigger.err().contains("no bot format-bot in namespace other-unwatched"), otherTrigger.err());
        // --namespace alone is no remote: it says what it needs
        Run noServer = run("list", "-n", namespace, "--state-dir", temp.resolve("state-none").toString());
        assertNotEquals(0, noServer.exit());
        assertTrue(noServer.err().contains("--namespace selects the operator's API: it goes with --server URL"), noServer.err());

        assertNoSecretPrinted();
    }

    private Map<String, String> annotations() {
        Map<String, String> annotations = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get()
                .getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** A table without its last column (AGE). */
    private static String withoutAge(String table) {
        return table.lines().map(l -> l.replaceFirst("\\s+\\S+$", "")).collect(java.util.stream.Collectors.joining("\n"));
    }
}
