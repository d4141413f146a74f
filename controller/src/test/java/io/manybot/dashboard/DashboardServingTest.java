package io.manybot.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.local.api.RepositoryView;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's files as the local home's server serves them (no browser needed): only the listed
 * files, with their types and the security headers; the page loads nothing from elsewhere and its
 * script never turns text into markup.
 */
class DashboardServingTest {
    @TempDir
    Path temp;

    @Test
    void servesThePageWithItsPolicyAndNothingElse() throws Exception {
        RepositoryView view = new RepositoryView() {
            @Override public List<Bot> bots() { return List.of(); }
            @Override public List<Goal> goals() { return List.of(); }
            @Override public List<Subscription> subscriptions() { return List.of(); }
            @Override public OwnershipIndex ownership() { return null; }
            @Override public String repository() { return "test"; }
            @Override public Path stateDirectory() { return temp; }
        };
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        try (ApiServer server = ApiServer.start(ApiSettings.of("127.0.0.1:0", null, null, Map.of()), view)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> root = get(http, base + "/");
            assertEquals(303, root.statusCode());
            assertEquals("/ui/", root.headers().firstValue("Location").orElse(""));
            for (String path : List.of("/ui", "/ui/")) {
                HttpResponse<String> page = get(http, base + path);
                assertEquals(200, page.statusCode(), path);
                assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
                assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, page.headers().firstValue("Content-Security-Policy").orElse(""));
                assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
                assertTrue(page.body().contains("<main id=\"view\""));
            }
            assertTrue(get(http, base + "/ui/app.js").headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            assertEquals(200, get(http, base + "/ui/vendor/uPlot.iife.min.js").statusCode());
            assertEquals(404, get(http, base + "/ui/vendor.sh").statusCode());
            assertEquals(404, get(http, base + "/ui/vendor/VERSION").statusCode());
            assertEquals(404, get(http, base + "/ui/..%2Fapp.js").statusCode());
            // the API's answers carry the policy too
            HttpResponse<String> home = get(http, base + "/api/v1/home");
            assertEquals(200, home.statusCode());
            assertTrue(home.body().contains("\"home\":\"local\""), home.body());
            assertTrue(home.headers().firstValue("Content-Security-Policy").isPresent());
        }
    }

    @Test
    void thePageLoadsOnlyItsOwnFilesAndWritesTextOnly() throws Exception {
        String index = resource("index.html");
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index);
        int count = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertTrue(ref.startsWith("/ui/") || ref.startsWith("#"), "only the page's own files: " + ref);
            count++;
        }
        assertTrue(count >= 5);
        assertFalse(index.contains("<script>"), "no inline script: the policy forbids it");
        assertFalse(index.contains("style="), "no inline style");
        String app = resource("app.js");
        for (String markup : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function")) {
            assertFalse(app.contains(markup), "app.js builds the page from text nodes only, never " + markup);
        }
        assertFalse(Pattern.compile("https?://").matcher(app).find(), "app.js talks only to its own origin");
        assertFalse(app.contains("localStorage") || app.contains("sessionStorage") || app.contains("document.cookie"),
                "the credential stays in memory");
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = DashboardServingTest.class.getClassLoader().getResourceAsStream("manybot/dashboard/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
