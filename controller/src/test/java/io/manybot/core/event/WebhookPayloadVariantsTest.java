package io.manybot.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The sample payloads of src/test/resources/webhooks/ varied the ways real deliveries vary: fields
 * left out, other actions and targets, odd types, huge pushes, refused paths.
 */
class WebhookPayloadVariantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebhookParser parser = new WebhookParser();

    private static byte[] edited(String sample, Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(WebhookSamples.text(sample));
            edit.accept(root);
            return JSON.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private WebhookParser.ParseResult parse(Provider provider, String event, byte[] body) {
        return parser.parse(provider, event, "d-1", null, body);
    }

    private RepositoryEvent event(Provider provider, String event, byte[] body) {
        WebhookParser.ParseResult result = parse(provider, event, body);
        return assertInstanceOf(WebhookParser.Parsed.class, result, result::toString).event();
    }

    private String malformed(Provider provider, String event, String body) {
        WebhookParser.ParseResult result = parse(provider, event, body.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(WebhookParser.Malformed.class, result, result::toString).reason();
    }

    @Test
    void aPushWithoutCommitsListsTheHeadCommitAndADeletionListsNone() {
        RepositoryEvent.Push headOnly = (RepositoryEvent.Push) event(Provider.GITHUB, "push",
                edited("github-push.json", root -> root.putArray("commits")));
        assertEquals(List.of("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"), headOnly.commits().stream().map(RepositoryEvent.Commit::id).toList());
        RepositoryEvent.Push deleted = (RepositoryEvent.Push) event(Provider.GITHUB, "push", edited("github-push.json", root -> {
            root.putArray("commits");
            root.putNull("head_commit");
            root.put("after", "0000000000000000000000000000000000000000");
        }));
        assertEquals(List.of(), deleted.commits());
        assertTrue(deleted.deleted());
        assertTrue(deleted.pathsComplete());
        assertEquals("github push acme/widgets branch main deleted by octocat [delivery d-1]", deleted.summary());
    }

    @Test
    void aGitHubPushOfTheMostCommitsAPayloadHoldsMayHaveLeftSomeOut() {
        for (int count : new int[] {WebhookParser.GITHUB_MAX_COMMITS - 1, WebhookParser.GITHUB_MAX_COMMITS}) {
            RepositoryEvent.Push push = (RepositoryEvent.Push) event(Provider.GITHUB, "push", edited("github-push.json", root -> {
                ArrayNode commits = root.putArray("commits");
                for (int i = 0; i < count; i++) {
                    commits.addObject().put("id", String.format("%040x", i)).putArray("modified").add("src/f" + i + ".py");
                }
            }));
            assertEquals(count, push.commits().size());
            assertEquals(count < WebhookParser.GITHUB_MAX_COMMITS, push.pathsComplete(), count + " commits");
        }
    }

    @Test
    void aPushSummaryTellsTagsRefusedPathsAndWhoPushed() {
        RepositoryEvent.Push tag = (RepositoryEvent.Push) event(Provider.GITHUB, "push", edited("github-push.json", root -> {
            root.put("ref", "refs/tags/v1.0");
            root.put("created", true);
            root.put("forced", true);
            ArrayNode commits = root.putArray("commits");
            ObjectNode commit = commits.addObject().put("id", "1234567890abcdef");
            commit.putArray("added").add("ok.txt").add("../escape.txt");
            commit.putArray("removed").add("/etc/passwd");
            root.putNull("head_commit");
        }));
        assertEquals(List.of("ok.txt"), tag.changedPaths());
        assertEquals(2, tag.refusedPaths().size());
        assertEquals("'../escape.txt' in commit 1234567: '..' is refused: paths may not leave the repository",
                tag.refusedPaths().get(0).describe());
        assertEquals("github push acme/widgets tag v1.0 9049f12..0d1a26e (1 commit, 1 path) forced created, 2 paths refused"
                + " by octocat [delivery d-1]", tag.summary());
        RepositoryEvent.RefusedPath noCommit = new RepositoryEvent.RefusedPath(null, "a\\b", "contains a backslash");
        assertEquals("'a\\b': contains a backslash", noCommit.describe());

        RepositoryEvent.Push gitlab = (RepositoryEvent.Push) event(Provider.GITLAB, "Push Hook", edited("gitlab-push.json", root -> {
            root.remove("user_username");
            ((ObjectNode) root.get("commits").get(0)).putArray("added").add("a/../../b");
            root.put("ref", "refs/heads/main");
        }));
        assertEquals("John Smith", gitlab.pusher());
        assertEquals("John Smith", gitlab.sender(), "without a username, the name of who pushed");
        assertTrue(gitlab.summary().endsWith(", 1 path refused by John Smith [delivery d-1]"), gitlab.summary());
    }

    @Test
    void aRefAtNeitherBranchNorTagIsShownAsTheRef() {
        RepositoryEvent.Push notes = (RepositoryEvent.Push) event(Provider.GITHUB, "push",
                edited("github-push.json", root -> root.put("ref", "refs/notes/commits")));
        assertNull(notes.branch());
        assertNull(notes.tag());
        assertTrue(notes.summary().startsWith("github push acme/widgets refs/notes/commits 9049f12..0d1a26e (3 commits, 8 paths)"),
                notes.summary());
    }

    @Test
    void aPullRequestNumberMayComeFromThePullRequestAndTheAuthorFromTheSender() {
        RepositoryEvent.PullRequest pr = (RepositoryEvent.PullRequest) event(Provider.GITHUB, "pull_request",
                edited("github-pull-request-opened.json", root -> root.remove("number")));
        assertEquals(42, pr.number());
        RepositoryEvent.Comment comment = (RepositoryEvent.Comment) event(Provider.GITHUB, "issue_comment",
                edited("github-issue-comment.json", root -> {
                    ((ObjectNode) root.get("comment")).remove("user");
                    ((ObjectNode) root.get("sender")).put("login", "Sender-Login");
                    ((ObjectNode) root.get("issue")).remove("pull_request");
                }));
        assertEquals("Sender-Login", comment.author());
        assertEquals(RepositoryEvent.Comment.Target.ISSUE, comment.target());
        assertTrue(comment.summary().startsWith("github issue_comment acme/widgets on issue #42 by Sender-Login ("), comment.summary());
        assertEquals(comment.summary(), comment.toString());
        assertTrue(comment.summary().contains(" characters) [delivery d-1]"), comment.summary());
        RepositoryEvent.Comment empty = new RepositoryEvent.Comment(Provider.GITHUB, null, "issue_comment", comment.repository(),
                RepositoryEvent.Comment.Target.COMMIT, null, "0123456789abcdef", null, null, "x");
        assertEquals("github issue_comment acme/widgets on commit 0123456 by x (0 characters)", empty.summary());
    }

    @Test
    void gitLabMergeRequestsStatesDraftsAndActions() {
        RepositoryEvent.PullRequest open = (RepositoryEvent.PullRequest) event(Provider.GITLAB, "Merge Request Hook",
                WebhookSamples.bytes("gitlab-merge-request.json"));
        assertFalse(open.merged());
        assertFalse(open.draft());
        assertEquals("gitlab Merge Request Hook opened platform/tools/widgets #7 fix/format-crlf → main by root:"
                + " \"Keep CRLF endings in generated files\" [delivery d-1]", open.summary());
        assertEquals(open.summary(), open.toString());
        RepositoryEvent.PullRequest merged = (RepositoryEvent.PullRequest) event(Provider.GITLAB, "Merge Request Hook",
                edited("gitlab-merge-request.json", root -> {
                    ObjectNode mr = (ObjectNode) root.get("object_attributes");
                    mr.remove("action");
                    mr.put("state", "merged");
                    mr.put("work_in_progress", true);
                }));
        assertTrue(merged.merged(), "a merged state without an action");
        assertEquals("merged", merged.action());
        assertTrue(merged.draft(), "work_in_progress is the old name of draft");
        assertTrue(merged.summary().contains(" merged (merged) "), merged.summary());
        RepositoryEvent.PullRequest unknown = (RepositoryEvent.PullRequest) event(Provider.GITLAB, "Merge Request Hook",
                edited("gitlab-merge-request.json", root -> {
                    ObjectNode mr = (ObjectNode) root.get("object_attributes");
                    mr.remove("action");
                    mr.remove("state");
                    mr.put("draft", true);
                }));
        assertEquals("unknown", unknown.action());
        assertTrue(unknown.draft());
        RepositoryEvent.PullRequest edited = (RepositoryEvent.PullRequest) event(Provider.GITLAB, "Merge Request Hook",
                edited("gitlab-merge-request.json", root -> ((ObjectNode) root.get("object_attributes")).put("action", "update")));
        assertEquals("edited", edited.action(), "an update without new commits");
        RepositoryEvent.PullRequest approved = (RepositoryEvent.PullRequest) event(Provider.GITLAB, "Merge Request Hook",
                edited("gitlab-merge-request.json", root -> ((ObjectNode) root.get("object_attributes")).put("action", "approved")));
        assertEquals("approved", approved.action());
        assertFalse(approved.merged());
    }

    @Test
    void gitLabNotesOnIssuesCommitsAndSnippetsAndEditedNotes() {
        RepositoryEvent.Comment issue = (RepositoryEvent.Comment) event(Provider.GITLAB, "Note Hook", edited("gitlab-note.json", root -> {
            ((ObjectNode) root.get("object_attributes")).put("noteable_type", "Issue");
            root.remove("merge_request");
            root.putObject("issue").put("iid", 12);
        }));
        assertEquals(RepositoryEvent.Comment.Target.ISSUE, issue.target());
        assertEquals(12, issue.number());
        assertNull(issue.branch());
        RepositoryEvent.Comment commit = (RepositoryEvent.Comment) event(Provider.GITLAB, "Note Hook", edited("gitlab-note.json", root -> {
            ((ObjectNode) root.get("object_attributes")).put("noteable_type", "Commit");
            root.putObject("commit").put("id", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        }));
        assertEquals(RepositoryEvent.Comment.Target.COMMIT, commit.target());
        assertEquals("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", commit.commit());
        assertNull(commit.number());
        RepositoryEvent.Comment snippet = (RepositoryEvent.Comment) event(Provider.GITLAB, "Note Hook", edited("gitlab-note.json",
                root -> ((ObjectNode) root.get("object_attributes")).put("noteable_type", "Snippet")));
        assertEquals(RepositoryEvent.Comment.Target.OTHER, snippet.target());
        assertTrue(snippet.summary().contains(" on snippet by bob "), snippet.summary());
        WebhookParser.ParseResult updated = parse(Provider.GITLAB, "Note Hook", edited("gitlab-note.json",
                root -> ((ObjectNode) root.get("object_attributes")).put("action", "update")));
        assertEquals(new WebhookParser.Ignored("Note Hook", "note update: only new notes are read"), updated);
    }

    @Test
    void theWrongJsonTypeIsNamed() {
        assertEquals("malformed JSON: expected an object at the top level, found an array", malformed(Provider.GITHUB, "push", "[1]"));
        assertEquals("malformed JSON: expected an object at the top level, found a string", malformed(Provider.GITHUB, "push", "\"x\""));
        assertEquals("malformed JSON: expected an object at the top level, found a number", malformed(Provider.GITHUB, "push", "7"));
        assertEquals("malformed JSON: expected an object at the top level, found a boolean", malformed(Provider.GITHUB, "push", "true"));
        assertEquals("malformed JSON: expected an object at the top level, found null", malformed(Provider.GITHUB, "push", "null"));
        assertEquals("field 'ref' is an object, expected a string",
                malformed(Provider.GITHUB, "push", new String(edited("github-push.json", root -> root.putObject("ref")), StandardCharsets.UTF_8)));
        assertEquals("field 'repository' is an array, expected an object",
                malformed(Provider.GITHUB, "push", new String(edited("github-push.json", root -> root.putArray("repository")), StandardCharsets.UTF_8)));
        assertEquals("field 'object_attributes.iid' is a string, expected an integer",
                malformed(Provider.GITLAB, "Merge Request Hook", new String(edited("gitlab-merge-request.json",
                        root -> ((ObjectNode) root.get("object_attributes")).put("iid", "7")), StandardCharsets.UTF_8)));
    }

    @Test
    void aMisspelledLiteralIsDescribedWithoutTheBodyButWithJacksonsWords() {
        String reason = malformed(Provider.GITHUB, "push", "{\"ref\": nul}");
        assertTrue(reason.startsWith("malformed JSON at line 1, column "), reason);
        assertTrue(reason.contains("Unrecognized token of 3 characters"), reason);
        assertTrue(reason.contains("'null', 'true' or 'false'"), reason);
        String quoted = malformed(Provider.GITHUB, "push", "{\"ref\": Secretive}");
        assertFalse(quoted.contains("Secretive"), quoted);
    }

    @Test
    void aFormBodyNeedsAPayloadParameter() {
        WebhookParser.ParseResult noPayload = parser.parse(Provider.GITHUB, "push", "d-1", "application/x-www-form-urlencoded",
                "=x&other=1".getBytes(StandardCharsets.UTF_8));
        assertEquals(new WebhookParser.Malformed("form body without a 'payload' parameter"), noPayload);
    }
}
