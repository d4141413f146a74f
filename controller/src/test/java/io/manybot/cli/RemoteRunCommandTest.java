package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.local.TodoRepository;
import io.manybot.testing.GitRepos;
import io.manybot.testing.SshGitServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code manybot run ssh://...} against an SSH git server on loopback (its host key checked against the
 * known_hosts given): the cycle lands and is pushed; an unknown host key stops the run with the fix named.
 */
class RemoteRunCommandTest {
    @TempDir
    Path temp;

    @Test
    void runOnAnSshUrlLandsAndPushesWithAKeyAndKnownHostsFromACredentialsDirectory() throws Exception {
        Path served = servedRepository();
        KeyPair client = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.serve(served, client.getPublic())) {
            Path credentials = temp.resolve("credentials");
            GitRepos.write(credentials, Map.of("ssh-privatekey", SshGitServer.privateKeyText(client), "known_hosts", server.knownHostsLine()));
            Path state = temp.resolve("state");

            Run run = run("run", server.url("app.git"), "--once", "--state-dir", state.toString(), "--git-credentials", credentials.toString());
            assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("fixer        cycle ") && run.out().contains("LANDED"), run.out());
            assertTrue(run.out().contains("pushed to " + server.url("app.git") + " (branch main): refs/heads/main"), run.out());
            try (Repository repository = Git.open(served.resolve("app.git").toFile()).getRepository()) {
                assertTrue(new String(repository.open(repository.resolve("refs/heads/main:mine/a.txt")).getBytes()).startsWith("done"));
            }
            Run status = run("status", "--state-dir", state.toString());
            assertEquals(ExitCodes.OK, status.exit(), status.out() + status.err());
            assertTrue(status.out().contains("fixer"), status.out());
            String key = SshGitServer.privateKeyText(client).lines().skip(2).findFirst().orElseThrow();
            assertFalse(run.out().contains(key) || run.err().contains(key));
        }
    }

    @Test
    void anUnknownHostKeyStopsTheRunWithTheFixNamed() throws Exception {
        Path served = servedRepository();
        KeyPair client = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.serve(served, client.getPublic())) {
            Path credentials = temp.resolve("credentials");
            GitRepos.write(credentials, Map.of("ssh-privatekey", SshGitServer.privateKeyText(client), "known_hosts", "# nothing trusted\n"));
            Run run = run("run", server.url("app.git"), "--once", "--state-dir", temp.resolve("state").toString(),
                    "--git-credentials", credentials.toString());
            assertEquals(ExitCodes.FAILURE, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("manybot: error: the ssh host key of 127.0.0.1:" + server.port()
                    + " is not in the known_hosts given with the credentials"), run.err());
            assertTrue(run.err().contains("ssh-keyscan -p " + server.port() + " 127.0.0.1"), run.err());
        }
    }

    private Path servedRepository() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of("mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                ".manybot/goal.yaml", TodoRepository.GOAL, ".manybot/fixer.yaml", TodoRepository.bot("triggered", "sed -i s/TODO/done/ mine/a.txt")));
        GitRepos.initAndCommit(work, "initial");
        Path served = temp.resolve("served");
        Files.createDirectories(served);
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(served.resolve("app.git").toFile()).call().close();
        return served;
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ManybotCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertFalse((out + "" + err).contains("\tat "), "no stack trace:\n" + out + err);
        return new Run(exit, out.toString(), err.toString());
    }
}
