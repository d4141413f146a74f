package io.manybot.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test double of GitHub's REST API: WireMock on loopback serving the response shapes of GitHub's documentation
 * ({@code src/test/resources/github-api/}) for the repository {@code acme/shop}, so that hub4j's real client talks to
 * it and a test asserts the requests GitHub would receive.
 */
public final class GithubApiDouble implements AutoCloseable {
    public static final String REPOSITORY = "acme/shop";
    private static final String REPO = "/repos/acme/shop";
    private final WireMockServer server;

    public GithubApiDouble() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(true));
        server.start();
        json(get(urlPathEqualTo(REPO)), 200, fixture("repository.json"));
        json(get(urlPathMatching("/users/[^/]+")), 200, fixture("user.json"));
        json(get(urlPathEqualTo("/orgs/acme")), 200, fixture("organization.json"));
        json(get(urlPathMatching("/orgs/acme/teams/[^/]+")), 200, fixture("team.json"));
        json(get(urlPathEqualTo(REPO + "/pulls")), 200, "[]");
    }

    /** The API url to give the client ({@code http://127.0.0.1:PORT}). */
    public String apiUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    /** GitHub will answer the opening of a pull request from {@code head} with number {@code number}. */
    public void willOpen(int number, String head) {
        json(post(urlPathEqualTo(REPO + "/pulls")).withRequestBody(matchingJsonPath("$.head", equalTo(head))), 201, pull(number, head, "open"));
        knows(number, head, "open");
    }

    /** GitHub will answer the opening of a pull request from any head with number {@code number} (and that head). */
    public void willOpenAny(int number) {
        String template = pull(number, "{{jsonPath request.body '$.head'}}", "open");
        json(post(urlPathEqualTo(REPO + "/pulls")), 201, template);
        knows(number, "manybot/proposals/unknown", "open");
    }

    /** GitHub knows pull request {@code number} from {@code head} in {@code state} (open, closed). */
    public void knows(int number, String head, String state) {
        String pull = pull(number, head, state);
        String path = REPO + "/pulls/" + number;
        json(get(urlPathEqualTo(path)), 200, pull);
        json(patch(urlPathEqualTo(path)), 200, pull);
        json(patch(urlPathEqualTo(REPO + "/issues/" + number)), 200, pull);
        json(post(urlPathEqualTo(path + "/requested_reviewers")), 201, pull);
        json(post(urlPathEqualTo(REPO + "/issues/" + number + "/labels")), 200, fixture("labels.json"));
        json(post(urlPathEqualTo(REPO + "/issues/" + number + "/comments")), 201, fixture("comment.json"));
    }

    /** The list of open pull requests from {@code head} holds pull request {@code number}. */
    public void listsOpen(int number, String head) {
        json(get(urlPathEqualTo(REPO + "/pulls")).withQueryParam("head", equalTo("acme:" + head)), 200, "[" + pull(number, head, "open") + "]");
    }

    /** Every request is answered 401 Bad credentials. */
    public void refusesCredentials() {
        server.stubFor(any(urlPathMatching("/.*")).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(fixture("unauthorized.json"))));
    }

    /** Every request is answered with GitHub's primary rate limit: 403, x-ratelimit-remaining 0 and the reset. */
    public void rateLimitedUntil(long resetEpochSecond) {
        server.stubFor(any(urlPathMatching("/.*")).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-used", "5000")
                .withHeader("x-ratelimit-reset", String.valueOf(resetEpochSecond)).withBody(fixture("rate-limited.json"))));
    }

    /** Every request is answered 429 with retry-after (GitHub's secondary rate limit). */
    public void tooManyRequests(int retryAfterSeconds) {
        server.stubFor(any(urlPathMatching("/.*")).atPriority(1).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("retry-after", String.valueOf(retryAfterSeconds))
                .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}")));
    }

    /** Removes the refusals of {@link #refusesCredentials} and the rate limits. */
    public void accepts() {
        server.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1).toList()
                .forEach(server::removeStub);
    }

    public List<LoggedRequest> requests() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest()).map(LoggedRequest.class::cast).collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> { java.util.Collections.reverse(l); return l; }));
    }

    /** The requests received with this method and path, in order. */
    public List<LoggedRequest> requests(String method, String path) {
        return requests().stream().filter(r -> r.getMethod().getName().equals(method) && r.getUrl().split("\\?")[0].equals(path)).toList();
    }

    private static String pull(int number, String head, String state) {
        return fixture("pull.json").replace("1347", String.valueOf(number)).replace("manybot/proposals/docs-bot/c1", head)
                .replace("\"state\": \"open\"", "\"state\": \"" + state + "\"");
    }

    private void json(MappingBuilder request, int status, String body) {
        server.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "4999").withBody(body)));
    }

    static String fixture(String name) {
        return RecordedShapes.read("github", name);
    }

    @Override
    public void close() {
        server.stop();
    }
}
