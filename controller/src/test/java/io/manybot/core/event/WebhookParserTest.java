package io.manybot.core.event;

import static io.manybot.core.event.WebhookSamples.PLANTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.secret.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real payloads of src/test/resources/webhooks/, normalised. */
class WebhookParserTest {

    @Test
    void gitHubPushWithSeveralCommits() {
        RepositoryEvent.Push push = assertInstanceOf(RepositoryEvent.Push.class, WebhookSamples.parse("push", "github-push.json"));
        assertEquals(Provider.GITHUB, push.provider());
        assertEquals("acme/widgets", push.repository().fullName());
        assertEquals(List.of("https://github.com/acme/widgets.git", "git@github.com:acme/widgets.git"), push.repository().cloneUrls());
        assertEquals("https://github.com/acme/widgets", push.repository().webUrl());
        assertEquals("refs/heads/main", push.ref());
        assertEquals("main", push.branch());
        assertNull(push.tag());
        assertEquals("9049f1265b7d61be4a8904a9a27120d2064dab3b", push.before());
        assertEquals("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", push.after());
        assertEquals("octocat", push.pusher());
        assertEquals("octocat", push.sender());
        assertFalse(push.deleted());
        assertFalse(push.forced());
        assertFalse(push.created());
        assertTrue(push.pathsComplete());
        assertEquals(3, push.commits().size());
        RepositoryEvent.Commit first = push.commits().get(0);
        assertEquals(List.of("src/format/options.py"), first.added());
        assertEquals(List.of("src/format/core.py", "README.md"), first.modified());
        assertEquals(List.of("src/format/legacy.py"), first.removed());
        assertEquals("octocat", first.author());
        assertNull(first.bot());
        assertEquals("commit 0d1a26e by octocat (+1 ~2 -1)".replace("0d1a26e", first.id().substring(0, 7)), first.toString());
        assertEquals(first.id().substring(0, 7), first.shortId());
        assertEquals("docs-bot", push.commits().get(1).bot());
        assertEquals(List.of("README.md", "docs/index.md", "docs/options.md", "services/api/client.go", "services/api/go.mod",
                "src/format/core.py", "src/format/legacy.py", "src/format/options.py"), push.changedPaths());
    }

    @Test
    void summariesLeaveFreeTextOutAndMaskTokens() {
        RepositoryEvent push = WebhookSamples.parse("push", "github-push.json");
        assertTrue(((RepositoryEvent.Push) push).commits().get(0).message().contains(PLANTED), "the message itself is kept");
        String summary = push.summary();
        assertEquals("github push acme/widgets branch main 9049f12..0d1a26e (3 commits, 8 paths) by octocat"
                + " [delivery d-github-push.json]", summary);
        assertEquals(summary, push.toString());
        for (Object shown : List.of(push, ((RepositoryEvent.Push) push).commits(), ((RepositoryEvent.Push) push).commits().get(0))) {
            assertFalse(shown.toString().contains(PLANTED), shown::toString);
            assertFalse(shown.toString().contains("rotate"), shown::toString);
        }
        // A token as a branch name or a title is masked; registered secrets are masked by the redactor.
        RepositoryEvent.PullRequest pr = (RepositoryEvent.PullRequest) WebhookSamples.parse("pull_request", "github-pull-request-opened.json");
        RepositoryEvent.PullRequest planted = new RepositoryEvent.PullRequest(pr.provider(), pr.deliveryId(), pr.eventName(),
                pr.repository(), pr.number(), pr.action(), PLANTED, pr.baseBranch(), pr.headSha(),
                "Fix\nleak of " + PLANTED + " and hunter2-registered", pr.author(), pr.sender(), false, false);
        assertFalse(planted.toString().contains(PLANTED), planted.toString());
        assertFalse(planted.toString().contains("\n"), planted.toString());
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("hunter2-registered");
        assertFalse(planted.summary(redactor).contains("hunter2-registered"), planted.summary(redactor));
    }

    @Test
    void gitHubPullRequestOpened() {
        RepositoryEvent.PullRequest pr = assertInstanceOf(RepositoryEvent.PullRequest.class,
                WebhookSamples.parse("pull_request", "github-pull-request-opened.json"));
        assertEquals(42, pr.number());
        assertEquals("opened", pr.action());
        assertEquals("feature/format-options", pr.headBranch());
        assertEquals("main", pr.baseBranch());
        assertEquals("main", pr.branch());
        assertEquals("3f1e2d4c5b6a79880716253443526170e9f8a7b6", pr.headSha());
        assertEquals("Format the options module", pr.title());
        assertEquals("hubot", pr.author());
        assertEquals("hubot", pr.sender());
        assertFalse(pr.merged());
        assertEquals(List.of(), pr.changedPaths());
        assertFalse(pr.pathsComplete());
    }

    @Test
    void gitHubIssueCommentOnAPullRequest() {
        RepositoryEvent.Comment comment = assertInstanceOf(RepositoryEvent.Comment.class,
                WebhookSamples.parse("issue_comment", "github-issue-comment.json"));
        assertEquals(RepositoryEvent.Comment.Target.PULL_REQUEST, comment.target());
        assertEquals(42, comment.number());
        assertEquals("Alice", comment.author());
        assertTrue(comment.body().contains("@manybot pause format-bot"));
        assertNull(comment.branch());
        assertEquals(List.of(new ChatCommand(ChatCommand.Verb.PAUSE, "format-bot", 5)), ChatCommands.parse(comment.body()));
        assertFalse(comment.toString().contains("formatter keeps"), comment.toString());
    }

    @Test
    void gitLabPush() {
        RepositoryEvent.Push push = assertInstanceOf(RepositoryEvent.Push.class, WebhookSamples.parseGitLab("Push Hook", "gitlab-push.json"));
        assertEquals(Provider.GITLAB, push.provider());
        assertEquals("platform/tools/widgets", push.repository().fullName());
        assertEquals(List.of("https://gitlab.example.com/platform/tools/widgets.git",
                "git@gitlab.example.com:platform/tools/widgets.git"), push.repository().cloneUrls());
        assertEquals("main", push.branch());
        assertEquals("jsmith", push.pusher());
        assertEquals(2, push.commits().size());
        assertEquals("John Smith", push.commits().get(0).author());
        assertEquals(List.of("CHANGELOG.md", "src/format/settings.toml"), push.changedPaths());
        assertTrue(push.pathsComplete());
        assertEquals("u-gitlab-push.json", push.deliveryId());
    }

    @Test
    void gitLabPushWithMoreCommitsThanListedHasIncompletePaths() {
        String text = WebhookSamples.text("gitlab-push.json").replace("\"total_commits_count\": 2", "\"total_commits_count\": 31");
        WebhookParser.ParseResult result = new WebhookParser().parse(Provider.GITLAB, "Push Hook", "x", null,
                text.getBytes(StandardCharsets.UTF_8));
        assertFalse(((RepositoryEvent.Push) ((WebhookParser.Parsed) result).event()).pathsComplete());
    }

    @Test
    void deletedBranchAndTags() {
        String deleted = WebhookSamples.text("gitlab-push.json")
                .replace("\"after\": \"da1560886d4f094c3e6c9ef40349f7d38b5d27d7\"", "\"after\": \"0000000000000000000000000000000000000000\"");
        RepositoryEvent.Push push = (RepositoryEvent.Push) ((WebhookParser.Parsed) new WebhookParser()
                .parse(Provider.GITLAB, "Push Hook", null, null, deleted.getBytes(StandardCharsets.UTF_8))).event();
        assertTrue(push.deleted());
        assertTrue(push.summary().contains("deleted"), push.summary());
        String tag = WebhookSamples.text("github-push.json").replace("refs/heads/main", "refs/tags/v1.2.0");
        RepositoryEvent.Push tagged = (RepositoryEvent.Push) ((WebhookParser.Parsed) new WebhookParser()
                .parse(Provider.GITHUB, "push", null, null, tag.getBytes(StandardCharsets.UTF_8))).event();
        assertNull(tagged.branch());
        assertEquals("v1.2.0", tagged.tag());
    }

    @Test
    void gitLabMergeRequest() {
        RepositoryEvent.PullRequest mr = assertInstanceOf(RepositoryEvent.PullRequest.class,
                WebhookSamples.parseGitLab("Merge Request Hook", "gitlab-merge-request.json"));
        assertEquals(7, mr.number());
        assertEquals("opened", mr.action());
        assertEquals("fix/format-crlf", mr.headBranch());
        assertEquals("main", mr.baseBranch());
        assertEquals("root", mr.sender());
        assertEquals("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", mr.headSha());
        assertEquals("Keep CRLF endings in generated files", mr.title());

        String merged = WebhookSamples.text("gitlab-merge-request.json").replace("\"action\": \"open\"", "\"action\": \"merge\"");
        RepositoryEvent.PullRequest closed = (RepositoryEvent.PullRequest) ((WebhookParser.Parsed) new WebhookParser()
                .parse(Provider.GITLAB, "Merge Request Hook", null, null, merged.getBytes(StandardCharsets.UTF_8))).event();
        assertEquals("closed", closed.action());
        assertTrue(closed.merged());
        String updated = WebhookSamples.text("gitlab-merge-request.json")
                .replace("\"action\": \"open\"", "\"action\": \"update\", \"oldrev\": \"95790bf891e76fee5e1747ab589903a6a1f80f22\"");
        RepositoryEvent.PullRequest synced = (RepositoryEvent.PullRequest) ((WebhookParser.Parsed) new WebhookParser()
                .parse(Provider.GITLAB, null, null, null, updated.getBytes(StandardCharsets.UTF_8))).event();
        assertEquals("synchronize", synced.action(), "without the header, object_kind decides");
    }

    @Test
    void gitLabNoteOnAMergeRequest() {
        RepositoryEvent.Comment note = assertInstanceOf(RepositoryEvent.Comment.class,
                WebhookSamples.parseGitLab("Note Hook", "gitlab-note.json"));
        assertEquals(RepositoryEvent.Comment.Target.PULL_REQUEST, note.target());
        assertEquals(7, note.number());
        assertEquals("main", note.branch());
        assertEquals("bob", note.author());
        assertEquals(List.of(new ChatCommand(ChatCommand.Verb.STATUS, "format-bot", 1)), ChatCommands.parse(note.body()));
    }

    @Test
    void missingEventHeaderIsMalformed() {
        WebhookParser.ParseResult result = new WebhookParser().parse(Provider.GITHUB, null, null, null, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("missing X-GitHub-Event header", ((WebhookParser.Malformed) result).reason());
        WebhookParser.ParseResult gitlab = new WebhookParser().parse(Provider.GITLAB, null, null, null, "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(((WebhookParser.Malformed) gitlab).reason().contains("object_kind"));
    }
}
