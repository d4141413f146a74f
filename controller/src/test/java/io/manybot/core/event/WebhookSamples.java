package io.manybot.core.event;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.repo.FileTooLargeException;
import io.manybot.core.repo.RepositoryTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Webhook payloads from {@code src/test/resources/webhooks/}, bots, subscriptions and an in-memory ownership tree. */
final class WebhookSamples {
    static final String GITHUB_SECRET = "It's a Secret to Everybody 7f3a9c";
    static final String GITLAB_TOKEN = "glab-webhook-token-5d1e88a0";
    /** A GitHub token shape (not a real token), planted in payloads to see it never reaches a message. */
    static final String PLANTED = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

    private WebhookSamples() {}

    static String text(String name) {
        try (InputStream in = WebhookSamples.class.getResourceAsStream("/webhooks/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("PLANTED_TOKEN", PLANTED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        return text(name).getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> github(String event, String delivery, byte[] body) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Delivery", delivery);
        headers.put("X-GitHub-Hook-ID", "481232651");
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GitHub-Hookshot/a1b2c3d");
        headers.put("X-Hub-Signature-256", WebhookVerifier.sign(GITHUB_SECRET, body));
        return headers;
    }

    static Map<String, String> gitlab(String event, String uuid, String token) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("x-gitlab-event", event);
        headers.put("x-gitlab-event-uuid", uuid);
        headers.put("x-gitlab-instance", "https://gitlab.example.com");
        headers.put("content-type", "application/json");
        if (token != null) {
            headers.put("x-gitlab-token", token);
        }
        return headers;
    }

    static WebhookIntake intake() {
        return WebhookIntake.builder().githubSecret(GITHUB_SECRET).gitlabToken(GITLAB_TOKEN).build();
    }

    static RepositoryEvent parse(String event, String sample) {
        byte[] body = bytes(sample);
        WebhookIntake.Result result = intake().accept(github(event, "d-" + sample, body), body);
        return ((WebhookIntake.Accepted) result).event();
    }

    static RepositoryEvent parseGitLab(String event, String sample) {
        WebhookIntake.Result result = intake().accept(gitlab(event, "u-" + sample, GITLAB_TOKEN), bytes(sample));
        return ((WebhookIntake.Accepted) result).event();
    }

    static Bot bot(String name, String url, String branch, List<String> owns) {
        return bot(name, url, branch, owns, false);
    }

    static Bot bot(String name, String url, String branch, List<String> owns, boolean suspend) {
        return new Bot(name, "goal", owns, new Bot.Repository(url, branch, null), Bot.Mode.TRIGGERED, Bot.Schedule.DEFAULT,
                null, null, Bot.Limits.DEFAULT, List.of(), suspend, false, false, null);
    }

    static Subscription push(String name, String bot, String repository, String branch, List<String> paths) {
        return new Subscription(name, bot, repository, branch, paths, Subscription.Trigger.PUSH, null, false);
    }

    /** A small repository's ownership: manybot and Prow OWNERS files, a root owner. */
    static OwnershipIndex ownership() {
        Map<String, String> files = new TreeMap<>();
        files.put("OWNERS", """
                primary: human:root-owner
                """);
        files.put("README.md", "# widgets\n");
        files.put("src/format/OWNERS", """
                primary: manybot:format-bot
                delegates:
                  - human:alice
                  - principal: human:carl
                    level: contributor
                  - principal: human:olivia
                    level: observer
                reviewers:
                  required: [human:rita]
                """);
        files.put("src/format/core.py", "pass\n");
        files.put("src/other/OWNERS", """
                primary: human:mallory
                """);
        files.put("src/other/x.py", "pass\n");
        files.put("docs/OWNERS", """
                approvers:
                  - manybot:docs-bot
                  - dora
                reviewers:
                  - rick
                emeritus_approvers:
                  - emil
                """);
        files.put("docs/index.md", "# docs\n");
        files.put("services/api/OWNERS", """
                primary: manybot:api-bot
                options:
                  no_parent_owners: true
                """);
        files.put("services/api/client.go", "package api\n");
        try {
            OwnershipIndex index = OwnershipIndex.load(new MapTree(files));
            if (!index.problems().isEmpty()) {
                throw new IllegalStateException("fixture OWNERS have problems: " + index.problems());
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A repository tree held in memory. */
    record MapTree(Map<String, String> content) implements RepositoryTree {
        @Override
        public String describe() {
            return "in-memory tree";
        }

        @Override
        public List<String> files() {
            return new ArrayList<>(new TreeMap<>(content).keySet());
        }

        @Override
        public boolean isFile(String path) {
            return content.containsKey(path);
        }

        @Override
        public byte[] read(String path, int maxBytes) throws IOException {
            String text = content.get(path);
            if (text == null) {
                throw new java.nio.file.NoSuchFileException(path);
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > maxBytes) {
                throw new FileTooLargeException(path, bytes.length, maxBytes);
            }
            return bytes;
        }
    }
}
