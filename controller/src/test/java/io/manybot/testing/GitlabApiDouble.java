package io.manybot.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A test double of GitLab's REST API (v4): WireMock on loopback serving the response shapes of GitLab's documentation
 * ({@code src/test/resources/gitlab-api/}) for the project {@code acme/web/shop}, so that gitlab4j's real client talks to
 * it and a test asserts the requests GitLab would receive.
 */
public final class GitlabApiDouble implements AutoCloseable {
    public static final String PROJECT = "acme/web/shop";
    /** The project's path in request urls, as gitlab4j encodes it. */
    public static final String PROJECT_PATH = "/api/v4/projects/acme%2Fweb%2Fshop";
    private final WireMockServer server;

    public GitlabApiDouble() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(true));
        server.start();
        json(get(urlPathEqualTo("/api/v4/users")), 200, fixture("users.json"));
        json(get(urlPathEqualTo(PROJECT_PATH + "/merge_requests")), 200, "[]");
    }

    public String apiUrl() {
        return server.baseUrl();
    }

    /** GitLab will answer the creation of a merge request from {@code head} with iid {@code iid}. */
    public void willOpen(int iid, String head) {
        json(post(urlPathEqualTo(PROJECT_PATH + "/merge_requests")).withRequestBody(containing("source_branch="
                + java.net.URLEncoder.encode(head, StandardCharsets.UTF_8))), 201, mergeRequest(iid, head, "opened"));
        knows(iid, head, "opened");
    }

    /** GitLab will answer the creation of a merge request from any branch with iid {@code iid} (and that branch). */
    public void willOpenAny(int iid) {
        String head = "{{formData request.body 'form' urlDecode=true}}{{form.source_branch}}";
        json(post(urlPathEqualTo(PROJECT_PATH + "/merge_requests")), 201, mergeRequest(iid, head, "opened"));
        knows(iid, "manybot/proposals/unknown", "opened");
    }

    /** GitLab knows merge request {@code iid} from {@code head} in {@code state} (opened, closed, merged). */
    public void knows(int iid, String head, String state) {
        String path = PROJECT_PATH + "/merge_requests/" + iid;
        json(get(urlPathEqualTo(path)), 200, mergeRequest(iid, head, state));
        json(put(urlPathEqualTo(path)), 200, mergeRequest(iid, head, state));
        json(post(urlPathEqualTo(path + "/notes")), 201, fixture("note.json"));
    }

    /** Every request is answered 401. */
    public void refusesCredentials() {
        server.stubFor(any(urlPathMatching("/.*")).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(fixture("unauthorized.json"))));
    }

    /** Every request is answered 429 with GitLab's rate limit headers. */
    public void rateLimitedUntil(long resetEpochSecond, int retryAfterSeconds) {
        server.stubFor(any(urlPathMatching("/.*")).atPriority(1).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("RateLimit-Limit", "600")
                .withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", String.valueOf(resetEpochSecond))
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds)).withBody(fixture("rate-limited.json"))));
    }

    public void accepts() {
        server.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1).toList()
                .forEach(server::removeStub);
    }

    public List<LoggedRequest> requests() {
        List<LoggedRequest> all = new ArrayList<>(server.getAllServeEvents().stream().map(e -> (LoggedRequest) e.getRequest()).toList());
        Collections.reverse(all);
        return all;
    }

    public List<LoggedRequest> requests(String method, String path) {
        return requests().stream().filter(r -> r.getMethod().getName().equals(method) && r.getUrl().split("\\?")[0].equals(path)).toList();
    }

    /** A form-encoded request body's parameter values. */
    public static List<String> form(LoggedRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String mergeRequest(int iid, String head, String state) {
        return fixture("merge-request.json").replace("\"iid\": 12", "\"iid\": " + iid).replace("merge_requests/12", "merge_requests/" + iid)
                .replace("manybot/proposals/docs-bot/c1", head).replace("\"state\": \"opened\"", "\"state\": \"" + state + "\"");
    }

    private void json(MappingBuilder request, int status, String body) {
        server.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("RateLimit-Limit", "600").withHeader("RateLimit-Remaining", "599").withBody(body)));
    }

    static String fixture(String name) {
        return RecordedShapes.read("gitlab", name);
    }

    @Override
    public void close() {
        server.stop();
    }
}
