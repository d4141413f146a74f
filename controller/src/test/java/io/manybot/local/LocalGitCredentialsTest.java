package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.declaration.Bot;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the local home finds git credentials, and what it says when they are incomplete. */
class LocalGitCredentialsTest {
    @TempDir
    Path temp;

    private final SecretRedactor redactor = new SecretRedactor();

    @Test
    void fromTheEnvironment() {
        assertNull(new LocalGitCredentials(Map.of(), null, null, redactor).defaults());
        GitCredentials token = new LocalGitCredentials(Map.of("MANYBOT_GIT_TOKEN", " tok-123456 \n"), null, null, redactor).defaults();
        assertEquals(GitCredentials.token("tok-123456"), token);
        assertEquals("x ***", redactor.redact("x tok-123456"), "registered with the redactor");

        GitRepos.write(temp, Map.of("id", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAkeymaterialthatislongenough\n-----END OPENSSH PRIVATE KEY-----\n",
                "known_hosts", "[127.0.0.1]:2222 ecdsa-sha2-nistp256 AAAA\n"));
        GitCredentials ssh = new LocalGitCredentials(Map.of("MANYBOT_GIT_SSH_KEY", temp.resolve("id").toString(),
                "MANYBOT_GIT_KNOWN_HOSTS", temp.resolve("known_hosts").toString()), null, null, redactor).defaults();
        assertTrue(ssh.ssh().privateKey().contains("AAAAkeymaterialthatislongenough"));
        assertEquals("[127.0.0.1]:2222 ecdsa-sha2-nistp256 AAAA\n", ssh.ssh().knownHosts());
        assertFalse(ssh.toString().contains("keymaterial"));

        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> new LocalGitCredentials(Map.of("MANYBOT_GIT_USERNAME", "bob"), null, null, redactor).defaults());
        assertEquals("set both MANYBOT_GIT_USERNAME and MANYBOT_GIT_PASSWORD (or MANYBOT_GIT_TOKEN alone)", half.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new LocalGitCredentials(Map.of("MANYBOT_GIT_SSH_KEY", temp.resolve("nope").toString()), null, null, redactor).defaults());
        assertTrue(missing.getMessage().startsWith("MANYBOT_GIT_SSH_KEY names " + temp.resolve("nope") + ", which cannot be read"),
                missing.getMessage());
    }

    @Test
    void aBotsCredentialsSecretIsADirectoryUnderGitSecrets() {
        Bot bot = withSecret("deploy");
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> new LocalGitCredentials(Map.of(), null, null, redactor).forBot(bot));
        assertTrue(unset.getMessage().startsWith("bot fixer: repository.credentialsSecret deploy: the local home reads it from the"
                + " directory deploy under --git-secrets DIR (or MANYBOT_GIT_SECRETS)"), unset.getMessage());

        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> new LocalGitCredentials(Map.of("MANYBOT_GIT_SECRETS", temp.toString()), null, null, redactor).forBot(bot));
        assertTrue(absent.getMessage().contains(temp.resolve("deploy") + " is not a directory"), absent.getMessage());

        GitRepos.write(temp, Map.of("deploy/username", "bob\n", "deploy/password", "hunter2-pw-xyz\n", "empty/other", "x"));
        GitCredentials read = new LocalGitCredentials(Map.of(), null, temp, redactor).forBot(bot);
        assertEquals(new GitCredentials("bob", "hunter2-pw-xyz"), read);
        assertEquals("***", redactor.redact("hunter2-pw-xyz"));

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new LocalGitCredentials(Map.of(), null, temp, redactor).forBot(withSecret("empty")));
        assertTrue(empty.getMessage().contains("has neither 'token', nor 'username' and 'password', nor 'ssh-privatekey' and 'known_hosts'"),
                empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LocalGitCredentials(Map.of(), null, temp, redactor).forBot(withSecret("../x")));

        GitRepos.write(temp, Map.of("own/token", "own-token-1234\n"));
        assertEquals(GitCredentials.token("own-token-1234"),
                new LocalGitCredentials(Map.of("MANYBOT_GIT_TOKEN", "ignored"), temp.resolve("own"), null, redactor).defaults(),
                "--git-credentials wins over the environment");
    }

    private static Bot withSecret(String name) {
        Bot bot = CycleFixture.bot("true", List.of(), false);
        return new Bot(bot.name(), bot.goal(), bot.owns(), new Bot.Repository("https://git.example.com/a.git", "main", name), bot.mode(),
                bot.schedule(), bot.executor(), bot.tests(), bot.limits(), bot.reviewers(), bot.suspend(), bot.dryRun(),
                bot.rollbackOnTestFailure(), bot.parent(), bot.mcpServers(), bot.landing());
    }
}
