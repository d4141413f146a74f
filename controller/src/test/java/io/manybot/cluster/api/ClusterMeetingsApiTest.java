package io.manybot.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.MeetingResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/namespaces/NS/meetings} and {@code POST .../meetings/NAME/hold} on the operator's real HTTP server (loopback)
 * in front of an operator on the fabric8 mock API server: a bearer token is reviewed (TokenReview) and its user must be allowed
 * the verb {@code hold} on that Meeting (SubjectAccessReview, answered as an API server with the chart's edit role bound to one
 * ServiceAccount); the request annotates the Meeting, and the operator holds it once for that value (here it fails: its
 * facilitator bot does not exist, which its status says).
 */
@EnableKubernetesMockClient(crud = true)
class ClusterMeetingsApiTest {
    private static final String NAMESPACE = "meetapi";
    private static final String API_KEY = "cluster-meetings-api-key-0123456789";
    private static final String GOOD_TOKEN = "meetings-good-token-7a1c";
    private static final String NO_RBAC_TOKEN = "meetings-no-rbac-token-3b9e";
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path temp;

    private ClusterApiServer api;
    private String url;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        api = ClusterApiServer.start(client, NAMESPACE, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                new ClusterApiSettings(List.of(API_KEY), "cluster-meetings-webhook-secret", null));
        url = api.url();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void holdingAMeetingNeedsTheVerbHoldOnItAndAnnotatesItOnce() throws Exception {
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            String body = request.getBody().readUtf8();
            boolean good = body.contains("\"" + GOOD_TOKEN + "\"");
            boolean noRbac = body.contains("\"" + NO_RBAC_TOKEN + "\"");
            return new TokenReviewBuilder().withNewSpec().endSpec().withNewStatus().withAuthenticated(good || noRbac)
                    .withNewUser().withUsername(good ? "system:serviceaccount:shop:ci" : noRbac ? "system:serviceaccount:shop:nobody" : null)
                    .endUser().endStatus().build();
        }).always();
        List<String> reviewed = new CopyOnWriteArrayList<>();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
            SubjectAccessReview review = Serialization.unmarshal(request.getBody().readUtf8(), SubjectAccessReview.class);
            var attributes = review.getSpec().getResourceAttributes();
            reviewed.add(review.getSpec().getUser() + " " + attributes.getVerb() + " " + attributes.getGroup() + "/" + attributes.getResource()
                    + " " + attributes.getNamespace() + "/" + attributes.getName());
            boolean allowed = "system:serviceaccount:shop:ci".equals(review.getSpec().getUser()) && "meetings".equals(attributes.getResource())
                    && "hold".equals(attributes.getVerb());
            review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed).build());
            return review;
        }).always();
        MeetingResource meeting = Serialization.unmarshal(new java.io.ByteArrayInputStream("""
                apiVersion: manybot.io/v1alpha1
                kind: Meeting
                metadata: {name: sync}
                spec:
                  topic: Who answers for the API
                  schedule: "0 6 1 1 *"
                  attendees: ["manybot:ghost", "human:hana"]
                """.getBytes(StandardCharsets.UTF_8)), MeetingResource.class);
        client.resource(meeting).inNamespace(NAMESPACE).create();

        JsonNode listed = get("/api/v1/namespaces/" + NAMESPACE + "/meetings");
        assertEquals("sync", listed.path("meetings").get(0).path("name").asText(), listed.toString());
        assertEquals("0 6 1 1 *", listed.path("meetings").get(0).path("spec").path("schedule").asText(), listed.toString());

        assertEquals(401, hold("sync", Map.of()).statusCode());
        HttpResponse<String> forbidden = hold("sync", Map.of("Authorization", "Bearer " + NO_RBAC_TOKEN));
        assertEquals(403, forbidden.statusCode(), forbidden.body());
        assertTrue(forbidden.body().contains("'hold' on meetings.manybot.io"), forbidden.body());
        assertEquals(List.of("system:serviceaccount:shop:nobody hold manybot.io/meetings " + NAMESPACE + "/sync"), reviewed);
        Map<String, String> none = client.resources(MeetingResource.class).inNamespace(NAMESPACE).withName("sync").get().getMetadata().getAnnotations();
        assertTrue(none == null || !none.containsKey(MeetingResource.HOLD), "the refused request wrote nothing");
        assertEquals(404, hold("ghost", Map.of("X-API-Key", API_KEY)).statusCode());

        HttpResponse<String> asked = hold("sync", Map.of("Authorization", "Bearer " + GOOD_TOKEN));
        assertEquals(202, asked.statusCode(), asked.body());
        assertFalse(asked.body().contains(GOOD_TOKEN));
        String request = json.readTree(asked.body()).path("request").asText();
        assertTrue(request.startsWith("api:system:serviceaccount:shop:ci at "), request);
        assertEquals(request, client.resources(MeetingResource.class).inNamespace(NAMESPACE).withName("sync").get().getMetadata()
                .getAnnotations().get(MeetingResource.HOLD));
        MeetingResource handled = OperatorFixtures.await("the operator handled the request", () -> {
            MeetingResource m = client.resources(MeetingResource.class).inNamespace(NAMESPACE).withName("sync").get();
            return m.getStatus() != null && request.equals(m.getStatus().lastHoldRequest) && m.getStatus().lastMinutes != null ? m : null;
        });
        assertEquals("asked for (" + request + ")", handled.getStatus().lastMinutes.trigger);
        assertTrue(handled.getStatus().lastMinutes.error.contains("Manybot " + NAMESPACE + "/ghost does not exist"),
                handled.getStatus().lastMinutes.error);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return json.readTree(response.body());
    }

    private HttpResponse<String> hold(String meeting, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces/" + NAMESPACE + "/meetings/" + meeting + "/hold"))
                .POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
