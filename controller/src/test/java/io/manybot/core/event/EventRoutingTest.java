package io.manybot.core.event;

import static io.manybot.core.event.WebhookSamples.PLANTED;
import static io.manybot.core.event.WebhookSamples.bot;
import static io.manybot.core.event.WebhookSamples.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.secret.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which bots an event wakes: subscriptions (kind, repository, branch, paths, suspend) and reviews of owned paths. */
class EventRoutingTest {
    private static final String WIDGETS = "https://github.com/acme/widgets.git";

    private final Bot format = bot("format-bot", WIDGETS, "main", List.of("src/format/**"));
    private final Bot docs = bot("docs-bot", "git@github.com:acme/widgets.git", "main", List.of("docs/**"));
    private final Bot api = bot("api-bot", "acme/widgets", "main", List.of());
    private final Bot elsewhere = bot("other-bot", "https://github.com/acme/other", "main", List.of("**"));
    private final Bot sleepy = bot("sleepy-bot", WIDGETS, "main", List.of("src/**"), true);
    private final List<Bot> bots = List.of(format, docs, api, elsewhere, sleepy);
    private final EventRouter router = new EventRouter();

    private static Map<String, Activation> byBot(List<Activation> activations) {
        return activations.stream().collect(Collectors.toMap(Activation::bot, Function.identity(), (a, b) -> {
            throw new AssertionError("two activations for " + a.bot());
        }, TreeMap::new));
    }

    private static RepositoryEvent.Push gitHubPush(Function<String, String> edit) {
        String text = edit.apply(WebhookSamples.text("github-push.json"));
        return (RepositoryEvent.Push) ((WebhookParser.Parsed) new WebhookParser()
                .parse(Provider.GITHUB, "push", "d-1", null, text.getBytes(StandardCharsets.UTF_8))).event();
    }

    private static RepositoryEvent.Push gitHubPush() {
        return gitHubPush(Function.identity());
    }

    private static Subscription subscription(String name, String bot, Subscription.Trigger trigger, String branch, List<String> paths) {
        return new Subscription(name, bot, null, branch, paths, trigger, null, false);
    }

    @Test
    void pushSubscriptionsMatchByPathGlobs() {
        List<Subscription> subscriptions = List.of(
                push("python", "format-bot", null, null, List.of("lib/**", "src/format/*.py")),
                push("rust", "format-bot", null, null, List.of("**/*.rs")),
                push("go", "docs-bot", null, null, List.of("*.go")),
                push("anything", "api-bot", null, null, List.of()));
        Map<String, Activation> activations = byBot(router.route(gitHubPush(), bots, subscriptions, null));
        Activation formatBot = activations.get("format-bot");
        assertEquals(Activation.Kind.TRIGGER, formatBot.kind());
        assertEquals(List.of("python"), formatBot.subscriptions());
        assertTrue(formatBot.reason().startsWith("subscription python: push to main changed src/format/core.py"), formatBot.reason());
        assertEquals("subscription go: push to main changed services/api/client.go", activations.get("docs-bot").reason().split("; ")[0]);
        assertEquals("subscription anything: push to main changed 8 paths", activations.get("api-bot").reason().split("; ")[0]);
        assertEquals(gitHubPush().summary(), formatBot.event());
    }

    @Test
    void suspendedSubscriptionsSuspendedBotsAndUnknownBotsMatchNothing() {
        List<Subscription> subscriptions = List.of(
                new Subscription("off", "format-bot", null, null, List.of(), Subscription.Trigger.PUSH, null, true),
                push("sleeping", "sleepy-bot", null, null, List.of()),
                push("ghost", "no-such-bot", null, null, List.of()),
                new Subscription("nightly", "format-bot", null, null, List.of(), Subscription.Trigger.SCHEDULE, "0 3 * * *", false));
        assertEquals(List.of(), router.route(gitHubPush(), bots, subscriptions, null).stream()
                .filter(a -> a.kind() == Activation.Kind.TRIGGER).toList());
    }

    @Test
    void repositoryMustMatchInAnySpelling() {
        List<Subscription> subscriptions = List.of(
                push("https", "other-bot", "https://github.com/ACME/Widgets", null, List.of()),
                push("scp", "other-bot", "git@github.com:acme/widgets.git", null, List.of()),
                push("full-name", "other-bot", "acme/widgets", null, List.of()),
                push("wrong-repo", "other-bot", "acme/gadgets", null, List.of()),
                push("wrong-host", "other-bot", "https://gitlab.com/acme/widgets", null, List.of()),
                push("bots-own", "other-bot", null, null, List.of()));
        Activation activation = byBot(router.route(gitHubPush(), bots, subscriptions, null)).get("other-bot");
        assertEquals(List.of("https", "scp", "full-name"), activation.subscriptions(), "other-bot's own repository is acme/other");
    }

    @Test
    void branchGlobsAndTheBotsBranch() {
        List<Subscription> subscriptions = List.of(
                push("default", "format-bot", null, null, List.of()),
                push("releases", "format-bot", null, "release/*", List.of()),
                push("deep", "format-bot", null, "release/**", List.of()),
                push("exact", "format-bot", null, "main", List.of()));
        assertEquals(List.of("default", "exact"), byBot(router.route(gitHubPush(), bots, subscriptions, null))
                .get("format-bot").subscriptions());
        RepositoryEvent.Push release = gitHubPush(t -> t.replace("refs/heads/main", "refs/heads/release/1.2"));
        assertEquals(List.of("releases", "deep"), byBot(router.route(release, bots, subscriptions, null))
                .get("format-bot").subscriptions());
        RepositoryEvent.Push hotfix = gitHubPush(t -> t.replace("refs/heads/main", "refs/heads/release/1.2/hotfix"));
        assertEquals(List.of("deep"), byBot(router.route(hotfix, bots, subscriptions, null)).get("format-bot").subscriptions());
        RepositoryEvent.Push nested = gitHubPush(t -> t.replace("refs/heads/main", "refs/heads/feature/main"));
        assertFalse(byBot(router.route(nested, bots, subscriptions, null)).containsKey("format-bot"));
        RepositoryEvent.Push tag = gitHubPush(t -> t.replace("refs/heads/main", "refs/tags/v1.0"));
        assertEquals(List.of(), router.route(tag, bots, subscriptions, null));
    }

    @Test
    void branchPatternDialect() {
        assertTrue(BranchPattern.of("main").matches("main"));
        assertFalse(BranchPattern.of("main").matches("main/x"));
        assertFalse(BranchPattern.of("main").matches("x/main"));
        assertTrue(BranchPattern.of("feature-*").matches("feature-a"));
        assertFalse(BranchPattern.of("feature-*").matches("feature-a/b"));
        assertTrue(BranchPattern.of("**").matches("a/b/c"));
        assertTrue(BranchPattern.of("v[0-9].?").matches("v1.x"));
        assertFalse(BranchPattern.of("v[!0-9]*").matches("v1"));
        assertTrue(BranchPattern.of("fix\\*").matches("fix*"));
        assertFalse(BranchPattern.of("fix\\*").matches("fixes"));
        assertTrue(BranchPattern.of("a.b").matches("a.b"));
        assertFalse(BranchPattern.of("a.b*").matches("axb"));
        assertFalse(BranchPattern.of("main").matches(null));
    }

    @Test
    void reviewForSomeoneElsesPushIntoOwnedPathsAndNoneForTheBotsOwnCommit() {
        OwnershipIndex index = WebhookSamples.ownership();
        Map<String, Activation> activations = byBot(router.route(gitHubPush(), bots, List.of(), index));
        Activation formatBot = activations.get("format-bot");
        assertEquals(Activation.Kind.REVIEW, formatBot.kind());
        assertEquals(List.of(), formatBot.subscriptions());
        assertEquals("push by octocat changed src/format/core.py, owned through 'src/format/**'", formatBot.reason());
        Activation apiBot = activations.get("api-bot");
        assertEquals(Activation.Kind.REVIEW, apiBot.kind());
        assertEquals("push by octocat changed services/api/client.go, which manybot:api-bot owns (services/api/OWNERS:1:10)",
                apiBot.reason());
        // docs/ was changed only by docs-bot's own commit (its Manybot-Bot trailer); other-bot works elsewhere;
        // sleepy-bot is suspended.
        assertEquals(List.of("api-bot", "format-bot"), List.copyOf(activations.keySet()));
    }

    @Test
    void aCommitByAnotherBotIsReviewedAndAHumanCommitToo() {
        OwnershipIndex index = WebhookSamples.ownership();
        // format-bot made the first commit: its own paths do not count for it, but they do for others.
        RepositoryEvent.Push push = gitHubPush(t -> t.replace("PLANTED_TOKEN was in the old config, rotate it.",
                "Manybot-Bot: format-bot").replace(PLANTED + " was in the old config, rotate it.", "Manybot-Bot: format-bot"));
        assertEquals("format-bot", push.commits().get(0).bot());
        Map<String, Activation> activations = byBot(router.route(push, bots, List.of(), index));
        assertFalse(activations.containsKey("format-bot"), activations.toString());
        // A human touching docs/ in another commit wakes docs-bot, even though docs-bot made a commit too.
        RepositoryEvent.Push mixed = gitHubPush(t -> t.replace("\"modified\": [\n        \"services/api/client.go\"",
                "\"modified\": [\n        \"docs/api.md\",\n        \"services/api/client.go\""));
        Activation docsBot = byBot(router.route(mixed, bots, List.of(), index)).get("docs-bot");
        assertEquals("push by octocat changed docs/api.md, owned through 'docs/**'", docsBot.reason());
    }

    @Test
    void aPushByTheBotItselfWakesNothingForIt() {
        RepositoryEvent.Push push = gitHubPush(t -> t.replace("\"name\": \"octocat\",\n    \"email\": \"octocat@github.com\"",
                "\"name\": \"format-bot[bot]\",\n    \"email\": \"bot@acme.example\""));
        assertEquals("format-bot[bot]", push.pusher());
        List<Subscription> subscriptions = List.of(push("all", "format-bot", null, null, List.of()));
        Map<String, Activation> activations = byBot(router.route(push, bots, subscriptions, WebhookSamples.ownership()));
        assertFalse(activations.containsKey("format-bot"));
        assertTrue(activations.containsKey("api-bot"));
    }

    @Test
    void oneActivationPerBotWithTheReasonsMerged() {
        List<Subscription> subscriptions = List.of(
                push("a", "format-bot", null, null, List.of("src/**")),
                push("b", "format-bot", null, null, List.of("README.md")),
                push("c", "format-bot", null, null, List.of("*.go")),
                push("d", "format-bot", null, null, List.of()));
        List<Activation> activations = router.route(gitHubPush(), bots, subscriptions, WebhookSamples.ownership());
        Activation formatBot = byBot(activations).get("format-bot");
        assertEquals(Activation.Kind.TRIGGER, formatBot.kind());
        assertEquals(List.of("a", "b", "c", "d"), formatBot.subscriptions());
        assertTrue(formatBot.reason().startsWith("subscription a: push to main changed src/format/core.py; subscription b: push"
                + " to main changed README.md; subscription c: push to main changed services/api/client.go; and 2 more"),
                formatBot.reason());
        assertEquals(activations.stream().map(Activation::bot).sorted().toList(), activations.stream().map(Activation::bot).toList());
    }

    @Test
    void deletedBranchWakesNobody() {
        RepositoryEvent.Push deleted = gitHubPush(t -> t.replace("\"deleted\": false", "\"deleted\": true"));
        assertEquals(List.of(), router.route(deleted, bots, List.of(push("all", "format-bot", null, null, List.of())),
                WebhookSamples.ownership()));
    }

    @Test
    void pullRequestsMatchTheBaseBranchAndCodeBearingActions() {
        RepositoryEvent.PullRequest pr = (RepositoryEvent.PullRequest) WebhookSamples.parse("pull_request", "github-pull-request-opened.json");
        List<Subscription> subscriptions = List.of(
                subscription("prs", "format-bot", Subscription.Trigger.PULL_REQUEST, null, List.of()),
                subscription("py-prs", "docs-bot", Subscription.Trigger.PULL_REQUEST, null, List.of("**/*.py")),
                subscription("develop-prs", "api-bot", Subscription.Trigger.PULL_REQUEST, "develop", List.of()),
                push("pushes", "format-bot", null, null, List.of()));
        Map<String, Activation> activations = byBot(router.route(pr, bots, subscriptions, WebhookSamples.ownership()));
        assertEquals(List.of("docs-bot", "format-bot"), List.copyOf(activations.keySet()));
        assertEquals("subscription prs: pull request #42 opened into main", activations.get("format-bot").reason());
        assertEquals("subscription py-prs: pull request #42 opened into main (the payload lists no changed paths, so the path"
                + " globs were not checked)", activations.get("docs-bot").reason());
        RepositoryEvent.PullRequest labeled = new RepositoryEvent.PullRequest(pr.provider(), pr.deliveryId(), pr.eventName(),
                pr.repository(), pr.number(), "labeled", pr.headBranch(), pr.baseBranch(), pr.headSha(), pr.title(), pr.author(),
                pr.sender(), false, false);
        assertEquals(List.of(), router.route(labeled, bots, subscriptions, null));
    }

    @Test
    void eventsCausedByTheBotItselfDoNotWakeIt() {
        RepositoryEvent.PullRequest pr = (RepositoryEvent.PullRequest) WebhookSamples.parse("pull_request", "github-pull-request-opened.json");
        RepositoryEvent.PullRequest own = new RepositoryEvent.PullRequest(pr.provider(), pr.deliveryId(), pr.eventName(),
                pr.repository(), pr.number(), pr.action(), pr.headBranch(), pr.baseBranch(), pr.headSha(), pr.title(),
                "format-bot[bot]", "format-bot[bot]", false, false);
        List<Subscription> subscriptions = List.of(
                subscription("prs", "format-bot", Subscription.Trigger.PULL_REQUEST, null, List.of()),
                subscription("docs-prs", "docs-bot", Subscription.Trigger.PULL_REQUEST, null, List.of()),
                subscription("comments", "format-bot", Subscription.Trigger.ISSUE_COMMENT, null, List.of()));
        assertEquals(List.of("docs-bot"), router.route(own, bots, subscriptions, null).stream().map(Activation::bot).toList());
        RepositoryEvent.Comment comment = (RepositoryEvent.Comment) WebhookSamples.parse("issue_comment", "github-issue-comment.json");
        RepositoryEvent.Comment reply = new RepositoryEvent.Comment(comment.provider(), comment.deliveryId(), comment.eventName(),
                comment.repository(), comment.target(), comment.number(), null, null, "Status: idle", "manybot:format-bot");
        assertEquals(List.of(), router.route(reply, bots, subscriptions, null));
        assertTrue(EventRouter.isBotLogin("Format-Bot", format));
        assertFalse(EventRouter.isBotLogin("format-bot-2", format));
    }

    @Test
    void commentsTriggerIssueCommentSubscriptions() {
        RepositoryEvent comment = WebhookSamples.parse("issue_comment", "github-issue-comment.json");
        List<Subscription> subscriptions = List.of(
                subscription("comments", "docs-bot", Subscription.Trigger.ISSUE_COMMENT, null, List.of()),
                subscription("release-comments", "format-bot", Subscription.Trigger.ISSUE_COMMENT, "release/*", List.of()));
        List<Activation> activations = router.route(comment, bots, subscriptions, null);
        assertEquals(2, activations.size(), "a comment's branch is unknown on GitHub, so it is not checked");
        assertEquals("subscription comments: comment by Alice on pull request #42", byBot(activations).get("docs-bot").reason());
        RepositoryEvent note = WebhookSamples.parseGitLab("Note Hook", "gitlab-note.json");
        List<Subscription> gitlab = List.of(
                new Subscription("notes", "gl-bot", null, null, List.of(), Subscription.Trigger.ISSUE_COMMENT, null, false),
                new Subscription("release-notes", "gl-bot", null, "release/*", List.of(), Subscription.Trigger.ISSUE_COMMENT, null, false));
        Bot gl = bot("gl-bot", "https://gitlab.example.com/platform/tools/widgets", "main", List.of());
        assertEquals(List.of("notes"), router.route(note, List.of(gl), gitlab, null).get(0).subscriptions(),
                "a GitLab note on a merge request knows its target branch");
    }

    @Test
    void incompletePushPayloadsStillTriggerPathSubscriptions() {
        String text = WebhookSamples.text("gitlab-push.json").replace("\"total_commits_count\": 2", "\"total_commits_count\": 40");
        RepositoryEvent push = ((WebhookParser.Parsed) new WebhookParser()
                .parse(Provider.GITLAB, "Push Hook", null, null, text.getBytes(StandardCharsets.UTF_8))).event();
        Bot gl = bot("gl-bot", "git@gitlab.example.com:platform/tools/widgets.git", "main", List.of());
        List<Subscription> subscriptions = List.of(push("lib", "gl-bot", null, null, List.of("lib/**")));
        Activation activation = router.route(push, List.of(gl), subscriptions, null).get(0);
        assertTrue(activation.reason().contains("lists only part of the changed paths"), activation.reason());
    }

    @Test
    void botsWithoutARepositoryWorkOnTheHomeRepository() {
        Bot local = bot("local-bot", null, "main", List.of("src/**"));
        List<Subscription> subscriptions = List.of(push("all", "local-bot", null, null, List.of()));
        RepositoryEvent.Push push = gitHubPush();
        assertEquals(1, new EventRouter().route(push, List.of(local), subscriptions, null).size());
        assertEquals(1, new EventRouter("git@github.com:acme/widgets.git").route(push, List.of(local), subscriptions, null).size());
        assertEquals(0, new EventRouter("https://github.com/acme/gadgets").route(push, List.of(local), subscriptions, null).size());
        assertTrue(new EventRouter("acme/widgets").worksOn(local, push.repository()));
    }

    @Test
    void reasonsAndSummariesAreMasked() {
        RepositoryEvent.Push push = gitHubPush(t -> t.replace("\"src/format/options.py\"", "\"src/format/" + PLANTED + ".py\"")
                .replace("refs/heads/main", "refs/heads/hunter2-registered-secret"));
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("hunter2-registered-secret");
        Bot bot = bot("format-bot", WIDGETS, "hunter2-registered-secret", List.of("src/format/**"));
        List<Activation> activations = new EventRouter(null, redactor).route(push, List.of(bot),
                List.of(push("p", "format-bot", null, null, List.of("src/format/ghp_*"))), null);
        String shown = activations.toString();
        assertTrue(shown.contains("src/format/***.py"), shown);
        assertFalse(shown.contains(PLANTED), shown);
        assertFalse(shown.contains("hunter2-registered-secret"), shown);
    }

    private static RepositoryEvent.Commit commit(String id, String bot, List<String> added, List<String> modified, List<String> removed) {
        String message = bot == null ? "Change things" : "Change things\n\nManybot-Bot: " + bot;
        return new RepositoryEvent.Commit(id, message, "someone", added, modified, removed);
    }

    private static RepositoryEvent.Push pushOf(String pusher, RepositoryEvent.Commit... commits) {
        RepositoryEvent.Repository widgets = new RepositoryEvent.Repository("acme/widgets", "https://github.com/acme/widgets",
                List.of(WIDGETS), "main");
        return new RepositoryEvent.Push(Provider.GITHUB, "d-own", "push", widgets, "refs/heads/main", "main", null,
                "9049f1265b7d61be4a8904a9a27120d2064dab3b", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", List.of(commits), pusher, pusher,
                false, false, false, true);
    }

    @Test
    void pathsOfTheBotsOwnCommitsCountForItOnlyWhereNoOtherCommitChangedThemToo() {
        RepositoryEvent.Push push = pushOf("octocat",
                commit("1111111", "format-bot", List.of(), List.of("src/format/a.py", "src/format/b.py", "src/format/c.py",
                        "src/format/own.py"), List.of()),
                commit("2222222", "format-bot", List.of(), List.of(), List.of("src/format/gone.py")),
                commit("3333333", null, List.of("src/format/a.py"), List.of("src/format/b.py", "README.md"), List.of("src/format/c.py")));
        List<Subscription> subscriptions = List.of(
                push("a", "format-bot", null, null, List.of("src/format/a.py")),
                push("b", "format-bot", null, null, List.of("src/format/b.py")),
                push("c", "format-bot", null, null, List.of("src/format/c.py")),
                push("own", "format-bot", null, null, List.of("src/format/own.py")),
                push("gone", "format-bot", null, null, List.of("src/format/gone.py")));
        Activation activation = byBot(router.route(push, bots, subscriptions, null)).get("format-bot");
        assertEquals(List.of("a", "b", "c"), activation.subscriptions(), activation.reason());
    }

    @Test
    void aPushOfOnlyTheBotsOwnCommitsTriggersNothingForItWhoeverPushedIt() {
        RepositoryEvent.Push own = pushOf("octocat", commit("1111111", "format-bot", List.of(), List.of("src/format/a.py"), List.of()));
        List<Subscription> subscriptions = List.of(push("all", "format-bot", null, null, List.of()),
                push("docs", "docs-bot", null, null, List.of()));
        assertEquals(List.of("docs-bot"), router.route(own, bots, subscriptions, null).stream().map(Activation::bot).toList());
        RepositoryEvent.Push both = pushOf("octocat",
                commit("1111111", "format-bot", List.of(), List.of("src/format/a.py"), List.of()),
                commit("2222222", null, List.of(), List.of("src/format/a.py"), List.of()));
        Activation activation = byBot(router.route(both, bots, List.of(push("a", "format-bot", null, null, List.of("src/format/a.py"))),
                null)).get("format-bot");
        assertEquals("subscription a: push to main changed src/format/a.py; push by octocat changed src/format/a.py, owned through"
                + " 'src/format/**'", activation.reason(), "a human commit changed the path too: a trigger, and a review of it");
    }

    @Test
    void aBotWithItsOwnCommitsInAPushIsStillReviewedForOthersCommitsToPathsTheIndexGivesIt() {
        RepositoryEvent.Push push = pushOf("octocat",
                commit("1111111", "api-bot", List.of(), List.of("services/api/go.mod"), List.of()),
                commit("2222222", null, List.of(), List.of("services/api/client.go"), List.of()));
        Activation api = byBot(router.route(push, bots, List.of(), WebhookSamples.ownership())).get("api-bot");
        assertEquals(Activation.Kind.REVIEW, api.kind());
        assertEquals("push by octocat changed services/api/client.go, which manybot:api-bot owns (services/api/OWNERS:1:10)",
                api.reason());
        RepositoryEvent.Push ownOnly = pushOf("octocat", commit("1111111", "api-bot", List.of(), List.of("services/api/go.mod"), List.of()));
        assertFalse(byBot(router.route(ownOnly, bots, List.of(), WebhookSamples.ownership())).containsKey("api-bot"));
    }

    @Test
    void aCommentWithoutAKnownAuthorStillTriggers() {
        RepositoryEvent.Comment comment = (RepositoryEvent.Comment) WebhookSamples.parse("issue_comment", "github-issue-comment.json");
        RepositoryEvent.Comment anonymous = new RepositoryEvent.Comment(comment.provider(), comment.deliveryId(), comment.eventName(),
                comment.repository(), comment.target(), comment.number(), null, null, "@manybot status", null);
        List<Activation> activations = router.route(anonymous, bots,
                List.of(subscription("comments", "docs-bot", Subscription.Trigger.ISSUE_COMMENT, null, List.of())), null);
        assertEquals(List.of("docs-bot"), activations.stream().map(Activation::bot).toList());
        assertFalse(EventRouter.isBotLogin(null, docs));
    }

    @Test
    void aBotWorksOnlyOnItsOwnRepository() {
        RepositoryEvent.Push push = gitHubPush();
        assertTrue(router.worksOn(format, push.repository()));
        assertFalse(router.worksOn(elsewhere, push.repository()));
        assertFalse(router.worksOn(bot("local-path-bot", "/srv/git/widgets", "main", List.of()), push.repository()),
                "a local path names no hosted repository");
        List<Subscription> subscriptions = List.of(push("local", "format-bot", "/srv/git/widgets", null, List.of()),
                push("named", "format-bot", "acme/widgets", null, List.of()));
        assertEquals(List.of("named"), byBot(router.route(push, bots, subscriptions, null)).get("format-bot").subscriptions());
    }

    @Test
    void anEventNamedOnlyByItsFullNameMatchesThatName() {
        RepositoryEvent.Push push = pushOf("octocat", commit("1111111", null, List.of("x.txt"), List.of(), List.of()));
        RepositoryEvent.Push bare = new RepositoryEvent.Push(push.provider(), push.deliveryId(), push.eventName(),
                new RepositoryEvent.Repository("acme/widgets", null, null, null), push.ref(), push.branch(), null, push.before(),
                push.after(), push.commits(), push.pusher(), push.sender(), false, false, false, true);
        assertEquals(List.of("acme/widgets"), bare.repository().names());
        List<Activation> activations = router.route(bare, List.of(format), List.of(push("all", "format-bot", null, null, List.of())), null);
        assertEquals(List.of("format-bot"), activations.stream().map(Activation::bot).toList());
    }
}
