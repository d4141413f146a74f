package io.manybot.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.local.TeamRuns;
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot's team on its dashboard page, in real headless Chromium against the local home's HTTP API over a state that real
 * controller runs left ({@link TeamRuns}): the lead routed a task to each child, then c2 landed its task and handed off. c1's
 * page shows its parent and its queued task; the lead's shows its children, c2's unread handoff and its scratchpad.
 */
class TeamDashboardBrowserTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void installed() {
        Browser.assumeInstalled();
    }

    @Test
    void aBotsPageShowsItsQueueHandoffsAndScratchpad() throws Exception {
        TeamRuns team = TeamRuns.create(temp, true, false, false);
        Path state = temp.resolve("state");
        team.runOnce(state);
        team.working(false, false, true);
        team.runOnce(state);
        try (ApiServer server = ApiServer.start(ApiSettings.of("127.0.0.1:0", null, null, Map.of()), team.idle(state).view())) {
            JsonNode r = Browser.run("team-home.mjs", "--url", "http://127.0.0.1:" + server.port(), "--lead", "lead", "--child", "c1");
            assertEquals("lead", r.path("childParent").asText(), r.toString());
            assertEquals(1, r.path("childQueue").size(), r.toString());
            String row = r.path("childQueue").get(0).asText();
            assertTrue(row.startsWith("high") && row.contains("Fix area-1/f.txt") && row.contains("parent from lead"), row);
            assertEquals("c1, c2", r.path("leadChildren").asText(), r.toString());
            assertEquals(1, r.path("leadInbox").size(), r.toString());
            assertTrue(r.path("leadInbox").get(0).asText().startsWith("c2 on “Fix area-2/f.txt”: landed"), r.toString());
            assertTrue(r.path("leadScratchpad").asText().contains("Fix area-1/f.txt → c1"), r.toString());
            assertTrue(r.path("followedParent").asBoolean(), r.toString());
            assertEquals(0, r.path("errors").size(), r.toString());
            assertEquals(0, r.path("csp").size(), r.toString());
        }
    }
}
