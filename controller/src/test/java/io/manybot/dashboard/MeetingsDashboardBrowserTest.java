package io.manybot.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.meeting.ActionItem;
import io.manybot.core.meeting.Minutes;
import io.manybot.local.ConflictingBots;
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.testing.GithubApiDouble;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meetings and pull requests on the dashboard, in real headless Chromium against the local home's HTTP API, over the state
 * that the real controller left ({@link ConflictingBots}: alpha and beta kept conflicting on {@code shared/config.txt}, meeting
 * {@code sync} moved it to beta on a proposal branch and gave beta an action item) and whose proposals were published through
 * {@code LocalProposals} to GitHub's REST API test double (WireMock on loopback, hub4j's real client): the meeting's OWNERS
 * change is pull request 77, beta's docs change pull request 78. The Meetings page lists the meeting with its schedule, when
 * it was last held and when next, and its last minutes (decision, beta's action item linking to beta, the proposal branch
 * and a link to pull request 77 on the host); beta's page lists its proposals with a link to pull request 78; that cycle's
 * page links to it too.
 */
class MeetingsDashboardBrowserTest {
    private static final String TOKEN = "ghp_" + "D4shb0ardMeet1ngsT0kenF0rTheTest00001";

    @TempDir
    Path temp;

    @BeforeAll
    static void installed() {
        Browser.assumeInstalled();
    }

    @Test
    void theMeetingsPageShowsTheLastMinutesAndPullRequestsLinkToTheHost() throws Exception {
        try (GithubApiDouble github = new GithubApiDouble()) {
            ConflictingBots team = ConflictingBots.create(temp, github.apiUrl());
            team.conflictAndMeet(controller -> {
                WorkCycle proposing = team.proposing();
                github.willOpen(77, team.minutes().proposalBranch());
                github.willOpen(78, proposing.landing().proposalBranch());
                team.publish(Map.of(ConflictingBots.TOKEN_ENV, TOKEN));
                try (ApiServer server = ApiServer.start(ApiSettings.of("127.0.0.1:0", null, null, Map.of()), controller.view())) {
                    shown(server, team.minutes(), proposing);
                }
            });
        }
    }

    private static void shown(ApiServer server, Minutes minutes, WorkCycle proposing) throws Exception {
        ActionItem action = minutes.actionItems().get(0);
        String url = "http://127.0.0.1:" + server.port();
        JsonNode api = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/meetings"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).path("meetings").path(0);
        assertEquals(minutes.heldAt().toString(), api.path("lastHeldAt").asText(), api.toString());
        assertEquals(minutes.id(), api.path("lastMinutes").asText(), api.toString());

        JsonNode r = Browser.run("meetings-home.mjs", "--url", url, "--meeting", "sync", "--bot", action.bot(), "--cycle", proposing.id());
        assertEquals("sync", r.path("meeting").asText(), r.toString());
        assertEquals("0 0 1 1 *", r.path("schedule").asText(), r.toString());
        assertEquals(shown(minutes.heldAt().toString()), r.path("lastHeld").asText(), r.toString());
        assertEquals(shown(api.path("nextAt").asText()), r.path("next").asText(), r.toString());
        assertEquals(minutes.id(), r.path("minutesId").asText(), r.toString());
        assertTrue(r.path("decisions").get(0).asText().startsWith(
                "beta becomes the primary owner of shared/config.txt; alpha becomes a contributor delegate there"), r.toString());
        String actionRow = r.path("actions").get(0).asText();
        assertTrue(actionRow.startsWith("beta") && actionRow.contains(action.title()) && actionRow.contains(action.taskId()), actionRow);
        assertEquals(minutes.proposalBranch(), r.path("proposalBranch").asText(), r.toString());
        assertEquals("https://github.com/acme/shop/pull/77", r.path("meetingPullRequest").path("href").asText(), r.toString());
        assertEquals("#77 open", r.path("meetingPullRequest").path("text").asText(), r.toString());

        assertEquals("#/bot/beta", r.path("actionBotHash").asText(), r.toString());
        String proposalRow = r.path("proposals").get(0).asText();
        assertTrue(proposalRow.startsWith(proposing.landing().proposalBranch()) && proposalRow.contains("#78 open"), proposalRow);
        assertEquals("https://github.com/acme/shop/pull/78", r.path("proposalPullRequest").asText(), r.toString());
        assertEquals("https://github.com/acme/shop/pull/78", r.path("cyclePullRequest").asText(), r.toString());

        assertEquals(0, r.path("errors").size(), r.toString());
        assertEquals(0, r.path("csp").size(), r.toString());
        assertEquals(0, r.path("consoleErrors").size(), r.toString());
    }

    /** An instant as the page shows it (fmtTime: ISO, a space for the T, no fraction). */
    private static String shown(String instant) {
        return instant.replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z");
    }
}
