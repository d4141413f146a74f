package io.manybot.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code manybot run --http}: the address is printed, the server stops with the run; a bad address is an error. */
class HttpRunCommandTest {
    @TempDir
    Path temp;

    @Test
    void printsTheAddressAndStopsTheServerWithTheRun() throws Exception {
        Path repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of(".manybot/goal.yaml", HttpApiEndToEndTest.GOAL, ".manybot/format-bot.yaml", HttpApiEndToEndTest.BOT,
                "src/format/OWNERS", "primary: manybot:format-bot\n", "src/format/a.txt", "TODO a\n"));
        GitRepos.initAndCommit(repo, "initial");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ManybotCommand.execute(new String[] {"run", repo.toString(), "--once", "--http", "127.0.0.1:0",
            "--state-dir", temp.resolve("state").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, out + "\n" + err);
        Matcher address = Pattern.compile("HTTP API on http://127\\.0\\.0\\.1:(\\d+)/api/v1 \\(no API key configured: writes refused\\)")
                .matcher(out.toString());
        assertTrue(address.find(), out.toString());
        int port = Integer.parseInt(address.group(1));
        assertTrue(port > 0);
        long until = System.nanoTime() + 10_000_000_000L;
        boolean stopped = false;
        while (!stopped && System.nanoTime() < until) {
            try {
                new Socket("127.0.0.1", port).close();
                Thread.sleep(100);
            } catch (IOException refused) {
                stopped = true;
            }
        }
        assertTrue(stopped, "the server stopped with the run (Netty closes its socket asynchronously, within ~100 ms)");

        StringWriter bad = new StringWriter();
        assertEquals(2, ManybotCommand.execute(new String[] {"run", repo.toString(), "--http", "localhost:http",
            "--state-dir", temp.resolve("state").toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(bad, true)));
        assertTrue(bad.toString().contains("--http takes HOST:PORT"), bad.toString());
    }
}
