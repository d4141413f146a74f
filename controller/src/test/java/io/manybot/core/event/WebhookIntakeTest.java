package io.manybot.core.event;

import static io.manybot.core.event.WebhookSamples.GITHUB_SECRET;
import static io.manybot.core.event.WebhookSamples.GITLAB_TOKEN;
import static io.manybot.core.event.WebhookSamples.PLANTED;
import static io.manybot.core.event.WebhookSamples.bytes;
import static io.manybot.core.event.WebhookSamples.github;
import static io.manybot.core.event.WebhookSamples.gitlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The intake the HTTP adapter calls: size, provider, signature, duplicates, parsing, and the status of each. */
class WebhookIntakeTest {
    private final WebhookIntake intake = WebhookSamples.intake();

    /** No message may carry the configured secrets, the signature received, or a token from the body. */
    private static void assertClean(WebhookIntake.Result result, String... alsoAbsent) {
        String message = result.message() + " " + result;
        for (String secret : new String[] {GITHUB_SECRET, GITLAB_TOKEN, PLANTED}) {
            assertFalse(message.contains(secret), () -> "message leaks '" + secret + "': " + message);
        }
        assertFalse(message.matches("(?s).*sha256=[0-9a-fA-F].*"), () -> "message shows a signature: " + message);
        for (String value : alsoAbsent) {
            assertFalse(message.contains(value), () -> "message leaks '" + value + "': " + message);
        }
    }

    @Test
    void validGitHubSignatureIsAccepted() {
        byte[] body = bytes("github-push.json");
        WebhookIntake.Result result = intake.accept(github("push", "72d3162e-cc78-11e3-81ab-4c9367dc0958", body), body);
        WebhookIntake.Accepted accepted = assertInstanceOf(WebhookIntake.Accepted.class, result);
        assertEquals(202, result.status());
        assertEquals(WebhookIntake.Outcome.ACCEPTED, result.outcome());
        assertEquals(RepositoryEvent.Kind.PUSH, accepted.event().kind());
        assertEquals("72d3162e-cc78-11e3-81ab-4c9367dc0958", accepted.event().deliveryId());
        assertClean(result);
    }

    @Test
    void headerNamesAreCaseInsensitiveAndSignatureHexMayBeUpperCase() {
        byte[] body = bytes("github-ping.json");
        Map<String, String> headers = new HashMap<>();
        headers.put("x-github-event", "ping");
        headers.put("x-github-delivery", "ping-1");
        headers.put("X-HUB-SIGNATURE-256", "sha256=" + WebhookVerifier.sign(GITHUB_SECRET, body).substring(7).toUpperCase());
        assertEquals(WebhookIntake.Outcome.IGNORED, intake.accept(headers, body).outcome());
    }

    @Test
    void forgedSignatureIsRefusedWithoutLeakingAnything() {
        byte[] body = bytes("github-push.json");
        Map<String, String> headers = github("push", "forged-1", body);
        String forged = WebhookVerifier.sign("not the secret", body);
        headers.put("X-Hub-Signature-256", forged);
        WebhookIntake.Result result = intake.accept(headers, body);
        WebhookIntake.Unauthorized refused = assertInstanceOf(WebhookIntake.Unauthorized.class, result);
        assertEquals(401, result.status());
        assertTrue(refused.reason().contains("does not match the body"), refused.reason());
        assertClean(result, forged.substring(7), forged.substring(7, 20));
    }

    @Test
    void alteredBodyIsRefused() {
        byte[] body = bytes("github-push.json");
        Map<String, String> headers = github("push", "altered-1", body);
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("octocat", "mallory").getBytes(StandardCharsets.UTF_8);
        assertEquals(WebhookIntake.Outcome.UNAUTHORIZED, intake.accept(headers, altered).outcome());
    }

    @Test
    void missingAndGarbledSignaturesAreRefused() {
        byte[] body = bytes("github-push.json");
        Map<String, String> missing = github("push", "m-1", body);
        missing.remove("X-Hub-Signature-256");
        WebhookIntake.Result none = intake.accept(missing, body);
        assertEquals(401, none.status());
        assertTrue(none.message().contains("missing X-Hub-Signature-256"), none.message());
        assertClean(none);

        Map<String, String> sha1Only = github("push", "m-2", body);
        sha1Only.remove("X-Hub-Signature-256");
        sha1Only.put("X-Hub-Signature", "sha1=2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
        WebhookIntake.Result sha1 = intake.accept(sha1Only, body);
        assertTrue(sha1.message().contains("SHA-1"), sha1.message());
        assertClean(sha1, "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");

        Map<String, String> garbled = github("push", "m-3", body);
        garbled.put("X-Hub-Signature-256", "sha256=" + GITHUB_SECRET);
        WebhookIntake.Result bad = intake.accept(garbled, body);
        assertEquals(401, bad.status());
        assertTrue(bad.message().contains("64 hexadecimal digits"), bad.message());
        assertClean(bad);
    }

    @Test
    void providerWithoutConfiguredSecretIsRefused() {
        WebhookIntake gitlabOnly = WebhookIntake.builder().gitlabToken(GITLAB_TOKEN).build();
        byte[] body = bytes("github-push.json");
        WebhookIntake.Result github = gitlabOnly.accept(github("push", "n-1", body), body);
        assertEquals(401, github.status());
        assertTrue(github.message().contains("no secret configured"), github.message());

        WebhookIntake githubOnly = WebhookIntake.builder().githubSecret(GITHUB_SECRET).gitlabToken("  ").build();
        WebhookIntake.Result gitlab = githubOnly.accept(gitlab("Push Hook", "n-2", GITLAB_TOKEN), bytes("gitlab-push.json"));
        assertEquals(401, gitlab.status());
        assertTrue(gitlab.message().contains("no secret token configured"), gitlab.message());
        assertClean(gitlab);
    }

    @Test
    void aDeliveryAtTheOtherProvidersEndpointIsRefusedWithoutBeingRememberedSoItsResendIsAccepted() {
        byte[] body = bytes("gitlab-push.json");
        WebhookIntake.Result misposted = intake.accept(Provider.GITHUB, gitlab("Push Hook", "g-moved", GITLAB_TOKEN), body);
        assertEquals(400, misposted.status());
        assertEquals("malformed: a GitLab delivery posted to the GitHub endpoint /webhooks/github; point the hook at /webhooks/gitlab",
                misposted.message());
        WebhookIntake.Result resent = intake.accept(Provider.GITLAB, gitlab("Push Hook", "g-moved", GITLAB_TOKEN), body);
        assertEquals(WebhookIntake.Outcome.ACCEPTED, resent.outcome(), resent.message());
        assertEquals(WebhookIntake.Outcome.DUPLICATE, intake.accept(Provider.GITLAB, gitlab("Push Hook", "g-moved", GITLAB_TOKEN), body).outcome());
    }

    @Test
    void gitLabTokenIsChecked() {
        byte[] body = bytes("gitlab-push.json");
        assertEquals(WebhookIntake.Outcome.ACCEPTED, intake.accept(gitlab("Push Hook", "g-1", GITLAB_TOKEN), body).outcome());
        WebhookIntake.Result wrong = intake.accept(gitlab("Push Hook", "g-2", "glab-webhook-token-guess"), body);
        assertEquals(401, wrong.status());
        assertClean(wrong, "glab-webhook-token-guess");
        WebhookIntake.Result prefix = intake.accept(gitlab("Push Hook", "g-3", GITLAB_TOKEN.substring(0, 10)), body);
        assertEquals(401, prefix.status());
        WebhookIntake.Result missing = intake.accept(gitlab("Push Hook", "g-4", null), body);
        assertEquals(401, missing.status());
        assertTrue(missing.message().contains("missing X-Gitlab-Token"), missing.message());
    }

    @Test
    void unknownOrAmbiguousSenderIsRefused() {
        byte[] body = bytes("github-push.json");
        WebhookIntake.Result none = intake.accept(Map.of("Content-Type", "application/json"), body);
        assertEquals(401, none.status());
        assertTrue(none.message().contains("not a GitHub or GitLab webhook"), none.message());
        Map<String, String> both = github("push", "b-1", body);
        both.put("X-Gitlab-Event", "Push Hook");
        both.put("X-Gitlab-Token", GITLAB_TOKEN);
        WebhookIntake.Result ambiguous = intake.accept(both, body);
        assertEquals(401, ambiguous.status());
        assertTrue(ambiguous.message().contains("both"), ambiguous.message());
    }

    @Test
    void replayedDeliveryIsDuplicateAndRoutedOnce() {
        byte[] body = bytes("github-push.json");
        Map<String, String> headers = github("push", "replay-1", body);
        assertEquals(WebhookIntake.Outcome.ACCEPTED, intake.accept(headers, body).outcome());
        WebhookIntake.Result again = intake.accept(headers, body);
        WebhookIntake.Duplicate duplicate = assertInstanceOf(WebhookIntake.Duplicate.class, again);
        assertEquals(200, again.status());
        assertEquals("replay-1", duplicate.deliveryId());
        // The same id from the other provider is another delivery.
        Map<String, String> gitlab = gitlab("Push Hook", "replay-1", GITLAB_TOKEN);
        assertEquals(WebhookIntake.Outcome.ACCEPTED, intake.accept(gitlab, bytes("gitlab-push.json")).outcome());
        assertEquals(WebhookIntake.Outcome.DUPLICATE, intake.accept(gitlab, bytes("gitlab-push.json")).outcome());
    }

    @Test
    void concurrentDeliveriesOfOneIdAreAcceptedOnce() throws Exception {
        byte[] body = bytes("github-push.json");
        Map<String, String> headers = github("push", "race-1", body);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<WebhookIntake.Result>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> intake.accept(headers, body)));
            }
            int accepted = 0;
            for (java.util.concurrent.Future<WebhookIntake.Result> result : results) {
                WebhookIntake.Outcome outcome = result.get(30, java.util.concurrent.TimeUnit.SECONDS).outcome();
                accepted += outcome == WebhookIntake.Outcome.ACCEPTED ? 1 : 0;
                assertTrue(outcome == WebhookIntake.Outcome.ACCEPTED || outcome == WebhookIntake.Outcome.DUPLICATE, outcome::name);
            }
            assertEquals(1, accepted);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void gitLabIdempotencyKeyWinsOverTheEventUuid() {
        byte[] body = bytes("gitlab-push.json");
        Map<String, String> first = gitlab("Push Hook", "uuid-a", GITLAB_TOKEN);
        first.put("Idempotency-Key", "idem-1");
        Map<String, String> retry = gitlab("Push Hook", "uuid-b", GITLAB_TOKEN);
        retry.put("Idempotency-Key", "idem-1");
        assertEquals(WebhookIntake.Outcome.ACCEPTED, intake.accept(first, body).outcome());
        assertEquals(WebhookIntake.Outcome.DUPLICATE, intake.accept(retry, body).outcome());
    }

    @Test
    void forgedReplayOfARealIdDoesNotPoisonTheLog() {
        byte[] body = bytes("github-push.json");
        Map<String, String> forged = github("push", "real-id-1", body);
        forged.put("X-Hub-Signature-256", WebhookVerifier.sign("guess", body));
        assertEquals(WebhookIntake.Outcome.UNAUTHORIZED, intake.accept(forged, body).outcome());
        assertEquals(0, intake.deliveries().size());
        assertEquals(WebhookIntake.Outcome.ACCEPTED, intake.accept(github("push", "real-id-1", body), body).outcome());
    }

    @Test
    void malformedDeliveryIsNotRecordedEither() {
        byte[] broken = "{\"ref\": ".getBytes(StandardCharsets.UTF_8);
        WebhookIntake.Result first = intake.accept(github("push", "broken-1", broken), broken);
        assertEquals(WebhookIntake.Outcome.MALFORMED, first.outcome());
        assertEquals(WebhookIntake.Outcome.MALFORMED, intake.accept(github("push", "broken-1", broken), broken).outcome());
        assertEquals(0, intake.deliveries().size());
    }

    @Test
    void oversizedBodyIsTooLargeBeforeAnythingElse() {
        WebhookIntake small = WebhookIntake.builder().githubSecret(GITHUB_SECRET).maxBodyBytes(1024).build();
        byte[] body = bytes("github-push.json");
        WebhookIntake.Result result = small.accept(Map.of(), body);
        WebhookIntake.TooLarge tooLarge = assertInstanceOf(WebhookIntake.TooLarge.class, result);
        assertEquals(413, result.status());
        assertEquals(body.length, tooLarge.size());
        assertEquals(1024, tooLarge.limit());
        assertTrue(small.checkLength(1025).isPresent());
        assertTrue(small.checkLength(1024).isEmpty());
        assertEquals(1 << 20, intake.maxBodyBytes());
        byte[] huge = new byte[(1 << 20) + 1];
        assertEquals(413, intake.accept(github("push", "huge", huge), huge).status());
    }

    @Test
    void malformedJsonIsAClearMessageWithoutPayloadText() {
        byte[] body = ("{\n  \"ref\": \"refs/heads/main\",\n  \"after\": " + PLANTED + "\n}").getBytes(StandardCharsets.UTF_8);
        WebhookIntake.Result result = intake.accept(github("push", "mal-1", body), body);
        WebhookIntake.Malformed malformed = assertInstanceOf(WebhookIntake.Malformed.class, result);
        assertEquals(400, result.status());
        assertTrue(malformed.reason().startsWith("malformed JSON at line 3, column"), malformed.reason());
        assertFalse(malformed.reason().contains("\n"), malformed.reason());
        assertFalse(malformed.reason().contains("at com.fasterxml"), malformed.reason());
        assertClean(result);

        byte[] truncated = "{\"ref\": \"refs/heads/main\", \"commits\": [".getBytes(StandardCharsets.UTF_8);
        WebhookIntake.Result eof = intake.accept(github("push", "mal-2", truncated), truncated);
        assertTrue(eof.message().contains("end-of-input"), eof.message());

        byte[] array = "[1, 2]".getBytes(StandardCharsets.UTF_8);
        assertTrue(intake.accept(github("push", "mal-3", array), array).message().contains("expected an object"));

        byte[] empty = new byte[0];
        assertTrue(intake.accept(github("push", "mal-4", empty), empty).message().contains("empty body"));

        byte[] trailing = "{} {}".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, intake.accept(github("push", "mal-5", trailing), trailing).status());
    }

    @Test
    void missingOrMistypedFieldsAreNamed() {
        byte[] noRef = bytes("github-push.json");
        String text = new String(noRef, StandardCharsets.UTF_8).replace("\"ref\": \"refs/heads/main\",", "");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        WebhookIntake.Result result = intake.accept(github("push", "f-1", body), body);
        assertEquals("malformed: missing field 'ref'", result.message());

        byte[] pr = new String(bytes("github-pull-request-opened.json"), StandardCharsets.UTF_8)
                .replace("\"ref\": \"main\"", "\"ref\": 7").getBytes(StandardCharsets.UTF_8);
        WebhookIntake.Result typed = intake.accept(github("pull_request", "f-2", pr), pr);
        assertEquals("malformed: field 'pull_request.base.ref' is a number, expected a string", typed.message());
    }

    @Test
    void unknownEventsAreIgnoredWithTheirName() {
        byte[] ping = bytes("github-ping.json");
        WebhookIntake.Result result = intake.accept(github("ping", "ping-2", ping), ping);
        WebhookIntake.Ignored ignored = assertInstanceOf(WebhookIntake.Ignored.class, result);
        assertEquals(202, result.status());
        assertEquals("ping", ignored.eventName());
        assertClean(result);

        byte[] star = "{\"action\":\"created\",\"starred_at\":\"2024-05-16T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        WebhookIntake.Result starred = intake.accept(github("star", "star-1", star), star);
        assertEquals("star", ((WebhookIntake.Ignored) starred).eventName());

        byte[] edited = new String(bytes("github-issue-comment.json"), StandardCharsets.UTF_8)
                .replace("\"action\": \"created\"", "\"action\": \"edited\"").getBytes(StandardCharsets.UTF_8);
        assertEquals(WebhookIntake.Outcome.IGNORED, intake.accept(github("issue_comment", "e-1", edited), edited).outcome());

        Map<String, String> pipeline = gitlab("Pipeline Hook", "pipe-1", GITLAB_TOKEN);
        WebhookIntake.Result gitlab = intake.accept(pipeline, "{\"object_kind\":\"pipeline\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("Pipeline Hook", ((WebhookIntake.Ignored) gitlab).eventName());
        // An ignored delivery is remembered too: GitHub's redelivery of a ping is a duplicate.
        assertEquals(WebhookIntake.Outcome.DUPLICATE, intake.accept(github("ping", "ping-2", ping), ping).outcome());
    }

    @Test
    void formEncodedGitHubBodiesAreRead() {
        String json = WebhookSamples.text("github-pull-request-opened.json");
        byte[] body = ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = github("pull_request", "form-1", body);
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        WebhookIntake.Result result = intake.accept(headers, body);
        RepositoryEvent.PullRequest pr = (RepositoryEvent.PullRequest) ((WebhookIntake.Accepted) result).event();
        assertEquals(42, pr.number());
    }

    @Test
    void secretsAreRegisteredWithTheRedactorAndNeverPrinted() {
        io.manybot.core.secret.SecretRedactor redactor = new io.manybot.core.secret.SecretRedactor();
        WebhookIntake withRedactor = WebhookIntake.builder().githubSecret(GITHUB_SECRET).gitlabToken(GITLAB_TOKEN)
                .redactor(redactor).build();
        assertEquals("***", redactor.redact(GITHUB_SECRET));
        assertEquals("***", redactor.redact(GITLAB_TOKEN));
        assertFalse(withRedactor.toString().contains(GITHUB_SECRET));
        assertFalse(new WebhookVerifier(GITHUB_SECRET, GITLAB_TOKEN).toString().contains(GITLAB_TOKEN));
        assertFalse(WebhookHeaders.of(gitlab("Push Hook", "x", GITLAB_TOKEN)).toString().contains(GITLAB_TOKEN));
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadAndOneByteMoreIsTooLarge() {
        byte[] body = bytes("github-push.json");
        WebhookIntake exact = WebhookIntake.builder().githubSecret(GITHUB_SECRET).maxBodyBytes(body.length).build();
        assertEquals(WebhookIntake.Outcome.ACCEPTED, exact.accept(github("push", "limit-1", body), body).outcome());
        WebhookIntake smaller = WebhookIntake.builder().githubSecret(GITHUB_SECRET).maxBodyBytes(body.length - 1).build();
        WebhookIntake.Result tooLarge = smaller.accept(github("push", "limit-2", body), body);
        assertEquals("payload too large: " + body.length + " bytes; the limit is " + (body.length - 1) + " bytes", tooLarge.message());
        assertEquals(1, WebhookIntake.builder().maxBodyBytes(1).build().maxBodyBytes(), "one byte is a limit");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> WebhookIntake.builder().maxBodyBytes(0));
    }

    @Test
    void aDeliveryWithoutAnIdIsRecognisedByItsSignedBody() {
        byte[] body = bytes("github-push.json");
        Map<String, String> headers = github("push", "unused", body);
        headers.remove("X-GitHub-Delivery");
        WebhookIntake.Result first = intake.accept(headers, body);
        assertEquals(WebhookIntake.Outcome.ACCEPTED, first.outcome(), first.message());
        assertEquals("accepted: " + ((WebhookIntake.Accepted) first).event().summary(), first.message());
        WebhookIntake.Result again = intake.accept(headers, body);
        assertEquals("duplicate: GitHub delivery without an id carries the same signed body as one received before (a replay)",
                again.message());
        assertTrue(((WebhookIntake.Duplicate) again).sameBody());
        WebhookIntake.Result freshId = intake.accept(github("push", "fresh-id", body), body);
        assertEquals("duplicate: GitHub delivery fresh-id carries the same signed body as one received before (a replay)",
                freshId.message());
    }

    @Test
    void aKnownDeliveryIdIsADuplicateWhateverTheBody() {
        byte[] body = bytes("github-push.json");
        assertEquals(WebhookIntake.Outcome.ACCEPTED, intake.accept(github("push", "id-7", body), body).outcome());
        byte[] other = bytes("github-pull-request-opened.json");
        WebhookIntake.Result redelivered = intake.accept(github("pull_request", "id-7", other), other);
        assertEquals("duplicate: GitHub delivery id-7 was received before", redelivered.message());
        assertFalse(((WebhookIntake.Duplicate) redelivered).sameBody());
        assertEquals(WebhookIntake.Outcome.ACCEPTED, intake.accept(github("pull_request", "id-8", other), other).outcome(),
                "the other body under a new id is new");
    }

    @Test
    void twoIntakesSharingADeliveryLogAcceptADeliveryOnce() {
        DeliveryLog shared = new DeliveryLog();
        WebhookIntake first = WebhookIntake.builder().githubSecret(GITHUB_SECRET).deliveryLog(shared).build();
        WebhookIntake second = WebhookIntake.builder().githubSecret(GITHUB_SECRET).deliveryLog(shared).build();
        byte[] body = bytes("github-push.json");
        assertEquals(WebhookIntake.Outcome.ACCEPTED, first.accept(github("push", "shared-1", body), body).outcome());
        assertEquals(WebhookIntake.Outcome.DUPLICATE, second.accept(github("push", "shared-1", body), body).outcome());
        assertEquals(shared, second.deliveries());
    }

    @Test
    void anIgnoredEventSaysWhy() {
        byte[] star = "{\"action\":\"created\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("ignored: GitHub event star is not acted on", intake.accept(github("star", "star-2", star), star).message());
    }

    @Test
    void eitherProvidersHeaderNamesTheProviderAndBothAreRefused() {
        byte[] body = bytes("github-ping.json");
        String both = "unauthorized: the request carries both GitHub and GitLab webhook headers";
        String neither = "unauthorized: not a GitHub or GitLab webhook: no X-GitHub-Event or X-Gitlab-Event header";
        for (String github : new String[] {"X-GitHub-Event", "X-GitHub-Delivery"}) {
            for (String gitlab : new String[] {"X-Gitlab-Event", "X-Gitlab-Event-UUID"}) {
                Map<String, String> headers = new HashMap<>(Map.of(github, "ping", gitlab, "Push Hook"));
                assertEquals(both, intake.accept(headers, body).message(), github + " and " + gitlab);
            }
        }
        assertEquals(neither, intake.accept(Map.of("X-GitHub-Event", " "), body).message(), "a blank header is no header");
        assertEquals(neither, intake.accept(null, body).message());
        Map<String, String> deliveryOnly = new HashMap<>(Map.of("X-GitHub-Delivery", "d-9",
                "X-Hub-Signature-256", WebhookVerifier.sign(GITHUB_SECRET, body)));
        assertEquals("malformed: missing X-GitHub-Event header", intake.accept(deliveryOnly, body).message(),
                "a delivery id alone says GitHub; the event name is still needed");
        WebhookIntake.Result uuidOnly = intake.accept(new HashMap<>(Map.of("X-Gitlab-Event-UUID", "u-9", "X-Gitlab-Token", GITLAB_TOKEN)),
                bytes("gitlab-push.json"));
        assertEquals(WebhookIntake.Outcome.ACCEPTED, uuidOnly.outcome(), "GitLab: the body's object_kind names the event");
    }

    @Test
    void whatTheIntakeShowsOfItselfNamesItsSettingsNotItsSecrets() {
        assertEquals("WebhookIntake[WebhookVerifier[GitHub secret configured, GitLab token configured], max body 1048576 bytes,"
                + " DeliveryLog[capacity 10000, retention PT72H]]", intake.toString());
        assertEquals("WebhookVerifier[GitHub secret not configured, GitLab token configured]",
                new WebhookVerifier(null, GITLAB_TOKEN).toString());
        assertEquals("WebhookVerifier[GitHub secret configured, GitLab token not configured]",
                new WebhookVerifier(GITHUB_SECRET, "").toString());
        assertEquals("WebhookHeaders[Content-Type, x-gitlab-token]",
                WebhookHeaders.of(Map.of("x-gitlab-token", GITLAB_TOKEN, "Content-Type", "application/json")).toString());
    }

    @Test
    void theVerifierSaysWhichProvidersItCanCheck() {
        WebhookVerifier githubOnly = new WebhookVerifier(GITHUB_SECRET, null);
        assertTrue(githubOnly.configured(Provider.GITHUB));
        assertFalse(githubOnly.configured(Provider.GITLAB));
        WebhookVerifier gitlabOnly = new WebhookVerifier("", GITLAB_TOKEN);
        assertFalse(gitlabOnly.configured(Provider.GITHUB));
        assertTrue(gitlabOnly.configured(Provider.GITLAB));
        byte[] body = bytes("github-push.json");
        assertTrue(githubOnly.verify(Provider.GITHUB, github("push", "v-1", body), body).verified());
        WebhookVerifier.Verification unknown = githubOnly.verify(null, github("push", "v-2", body), body);
        assertFalse(unknown.verified());
        assertEquals("not a GitHub or GitLab webhook", unknown.reason());
        byte[] empty = new byte[0];
        assertTrue(githubOnly.verify(Provider.GITHUB, Map.of("X-Hub-Signature-256", WebhookVerifier.sign(GITHUB_SECRET, empty)), null)
                .verified(), "no body is the empty body");
    }

    @Test
    void providersByTheirIds() {
        assertEquals(Provider.GITHUB, Provider.of("github"));
        assertEquals(Provider.GITLAB, Provider.of(" GitLab "));
        assertEquals(null, Provider.of("bitbucket"));
        assertEquals(null, Provider.of(null));
        assertEquals("GitLab", Provider.GITLAB.displayName());
    }

    /** A journal shared by two replicas, where the other replica's work happens right after the first look-up. */
    private static final class InterleavedJournal extends WebhookDeliveryLogTest.MemoryJournal {
        private Runnable meanwhile;

        @Override
        public synchronized java.util.Set<String> seen(java.util.List<String> keys, java.time.Instant oldest) {
            java.util.Set<String> known = super.seen(keys, oldest);
            Runnable other = meanwhile;
            meanwhile = null;
            if (other != null) {
                other.run();
            }
            return known;
        }
    }

    @Test
    void twoReplicasRacingOnOneDeliveryAcceptItOnce() {
        InterleavedJournal journal = new InterleavedJournal();
        WebhookIntake first = WebhookIntake.builder().githubSecret(GITHUB_SECRET).deliveryLog(new DeliveryLog(journal)).build();
        WebhookIntake second = WebhookIntake.builder().githubSecret(GITHUB_SECRET).deliveryLog(new DeliveryLog(journal)).build();
        byte[] body = bytes("github-push.json");
        Map<String, String> headers = github("push", "raced-1", body);
        WebhookIntake.Result[] other = new WebhookIntake.Result[1];
        journal.meanwhile = () -> other[0] = second.accept(headers, body);
        WebhookIntake.Result result = first.accept(headers, body);
        assertEquals(WebhookIntake.Outcome.ACCEPTED, other[0].outcome(), "the replica that recorded it first");
        assertEquals("duplicate: GitHub delivery raced-1 was received before", result.message(),
                "new when first looked up, but recorded by the other replica before this one could");
    }
}
