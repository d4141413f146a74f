package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.testing.SshGitServer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator on a repository served over SSH on loopback (an sshd server running the real git programs):
 * with a Secret holding {@code ssh-privatekey} and {@code known_hosts} the bot's cycle lands and is pushed;
 * a bot whose Secret does not know the server's host key is {@code RepositoryReady=False} with the fix named,
 * and the first bot carries on.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorSshRepositoryTest {
    static KubernetesClient client;

    @TempDir
    Path temp;

    private ManybotOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aBotOnAnSshRemoteLandsWhileOneWhoseKnownHostsLackTheServerWaitsWithTheFix() throws Exception {
        String namespace = "ssh";
        Path bare = OperatorFixtures.exampleRepository(temp);
        KeyPair client = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.serve(temp, client.getPublic())) {
            String key = SshGitServer.privateKeyText(client);
            secret(namespace, "git-ssh", Map.of("ssh-privatekey", key, "known_hosts", server.knownHostsLine()));
            secret(namespace, "git-ssh-stranger", Map.of("ssh-privatekey", key, "known_hosts", "# no host trusted\n"));
            operator = new ManybotOperator(OperatorSshRepositoryTest.client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                    Clock.systemUTC(), false);
            operator.start();
            List<HasMetadata> resources = OperatorFixtures.exampleResources(temp, bare);
            ManybotResource format = (ManybotResource) resources.stream().filter(ManybotResource.class::isInstance).findFirst().orElseThrow();
            format.getSpec().repository.url = server.url("shop.git");
            format.getSpec().repository.credentialsSecret = "git-ssh";
            ManybotResource stranger = io.fabric8.kubernetes.client.utils.Serialization.clone(format);
            stranger.getMetadata().setName("stranger-bot");
            stranger.getSpec().repository.credentialsSecret = "git-ssh-stranger";
            // another repository on the server (one mirror serves every bot of a URL, whoever's credentials)
            Git.cloneRepository().setBare(true).setURI(bare.toUri().toString()).setDirectory(temp.resolve("other.git").toFile()).call().close();
            stranger.getSpec().repository.url = server.url("other.git");
            resources.add(stranger);
            for (HasMetadata resource : resources) {
                OperatorSshRepositoryTest.client.resource(resource).inNamespace(namespace).create();
            }

            ManybotResource waiting = OperatorFixtures.await("stranger-bot's repository is not ready", () -> {
                ManybotResource b = bot(namespace, "stranger-bot");
                var ready = b.getStatus() == null ? null : Conditions.find(b.getStatus().conditions, Conditions.REPOSITORY_READY);
                return ready != null && "False".equals(ready.getStatus()) ? b : null;
            });
            String message = Conditions.find(waiting.getStatus().conditions, Conditions.REPOSITORY_READY).getMessage();
            assertTrue(message.contains("the ssh host key of 127.0.0.1:" + server.port() + " is not in the known_hosts given with the credentials"),
                    message);
            assertTrue(message.contains("ssh-keyscan -p " + server.port() + " 127.0.0.1"), message);
            assertTrue(!message.contains(key.lines().skip(2).findFirst().orElseThrow()), "no key in the message");

            ManybotResource landed = OperatorFixtures.await("format-bot has landed a cycle over ssh", () -> {
                ManybotResource b = bot(namespace, "format-bot");
                return b.getStatus() != null && b.getStatus().lastCycle != null && "LANDED".equals(b.getStatus().lastCycle.outcome) ? b : null;
            });
            WorkCycleResource cycle = OperatorSshRepositoryTest.client.resources(WorkCycleResource.class).inNamespace(namespace)
                    .withName(landed.getStatus().lastCycle.name).get();
            try (Git git = Git.open(bare.toFile())) {
                String tip = git.getRepository().resolve("refs/heads/main").name();
                assertTrue(tip.startsWith(cycle.getStatus().landedCommit), "pushed over ssh: " + tip + " vs " + cycle.getStatus().landedCommit
                        + "; error: " + cycle.getStatus().error);
            }
            assertTrue(Conditions.isTrue(landed.getStatus().conditions, Conditions.REPOSITORY_READY));
        }
    }

    private static void secret(String namespace, String name, Map<String, String> values) {
        client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withStringData(values).build()).inNamespace(namespace).create();
    }

    private static ManybotResource bot(String namespace, String name) {
        return client.resources(ManybotResource.class).inNamespace(namespace).withName(name).get();
    }
}
