package io.manybot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote benchmark's harness at tiny size (2 rounds, 20 files) over every transport: each round's three commits
 * (someone else's, manybot's, the git CLI's) end up on the server's branch, and every step was measured. No timing
 * is asserted.
 */
class RemoteBenchmarkHarnessTest {
    @Test
    void everyRoundLandsItsThreeCommitsOnTheServerOverEveryTransport(@TempDir Path dir) throws Exception {
        List<String> transports = List.of("file", "git", "http", "ssh");
        RemoteBenchmark.Result result = RemoteBenchmark.run(new RemoteBenchmark.Config(2, 20, transports), dir);
        assertEquals(Map.of("file", 7, "git", 7, "http", 7, "ssh", 7), result.commitsOnServer());
        for (String transport : transports) {
            for (String tool : List.of("manybot", "git")) {
                for (String step : List.of("fetch", "cycle", "push")) {
                    assertEquals(2, result.millis().get(transport).get(tool).get(step).size(), transport + " " + tool + " " + step);
                }
            }
        }
        String table = RemoteBenchmark.table(result);
        assertTrue(table.contains("| ssh | **all three** |"), table);
    }
}
