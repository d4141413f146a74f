package io.manybot.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.cli.ManybotCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example repository ({@code examples/repo-with-owners}) as a user meets it: committed to git,
 * validated in its working tree and at the commit, and asked who may change what.
 */
class ExampleRepositoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static Path repo;

    @BeforeAll
    static void commitTheExample() throws Exception {
        repo = temp.resolve("shop");
        copy(exampleDirectory(), repo);
        PersonIdent who = new PersonIdent("Example Tester", "tester@example.com");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Acme shop").setAuthor(who).setCommitter(who).setSign(false).call();
        }
    }

    /** examples/repo-with-owners, found from the module directory Maven runs the tests in. */
    static Path exampleDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/repo-with-owners");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/repo-with-owners not found above " + Path.of("").toAbsolutePath());
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    record Run(int exit, String out, String err) {}

    static Run manybot(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ManybotCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theWorkingTreeIsValidWithoutWarnings() {
        Run run = manybot("validate", repo.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals("valid: 2 goal(s), 2 bot(s), 3 subscription(s), 1 meeting(s), 6 OWNERS file(s)", run.out().strip());
        assertEquals("", run.err());
    }

    @Test
    void theCommitIsValidWithoutWarnings() {
        Run run = manybot("validate", repo.toString(), "--rev", "HEAD");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals("valid: 2 goal(s), 2 bot(s), 3 subscription(s), 1 meeting(s), 6 OWNERS file(s)", run.out().strip());
        assertEquals("", run.err());
    }

    @Test
    void goalsShowRecordedProgressOfBothKeyResults() throws IOException {
        Run run = manybot("goals", repo.toString(), "--json", "--now", "2026-11-24T12:00:00Z");
        assertEquals(0, run.exit(), run.err());
        JsonNode goals = JSON.readTree(run.out());
        assertEquals(2, goals.size());
        JsonNode api = goals.get(0);
        assertEquals("api-test-coverage", api.path("name").asText());
        JsonNode endpoints = api.path("keyResults").get(0);
        assertEquals("increase", endpoints.path("direction").asText());
        assertEquals(100.0 / 3, endpoints.path("progress").asDouble(), 1e-9);
        JsonNode format = goals.get(1);
        assertEquals("no-format-faults", format.path("name").asText());
        JsonNode files = format.path("keyResults").get(0);
        assertEquals("decrease", files.path("direction").asText());
        assertEquals(7, files.path("baseline").asDouble());
        assertEquals(0.0, files.path("progress").asDouble());
    }

    /** path, principal, decision, a fragment of the reason, the deciding file:line:col, the reviewers. */
    static Stream<Arguments> verdicts() {
        return Stream.of(
                // manybot format: the primary writes
                verdict("src/api/app.py", "manybot:api-bot", "write", "primary owner", "src/api/OWNERS:2:10"),
                // a maintainer delegate (a bare principal) writes
                verdict("src/api/app.py", "human:alice", "write", "delegate at src/api/OWNERS:4:5", "src/api/OWNERS:4:5"),
                // a contributor delegate writes where auto_approve says so ...
                verdict("src/api/schemas/product.py", "manybot:format-bot", "write",
                        "auto_approve 'schemas' lifts review", "src/api/OWNERS:13:5"),
                verdict("tests/api/test_orders.py", "manybot:api-bot", "write",
                        "auto_approve 'api' lifts review", "tests/OWNERS:11:5"),
                // ... and goes to review elsewhere, to the nearest owners and the required reviewers
                verdict("src/api/routes/orders.py", "manybot:format-bot", "review",
                        "contributor delegate at src/api/OWNERS:5:16: changes need review", "src/api/OWNERS:5:16",
                        "manybot:api-bot", "human:alice", "human:bob"),
                // the second bot owns tests/
                verdict("tests/web/test_views.py", "manybot:format-bot", "write", "primary owner", "tests/OWNERS:2:10"),
                // Prow: an approver through an OWNERS_ALIASES group
                verdict("src/web/views.py", "frank", "write", "approver at src/web/OWNERS:6:9 via alias web-approvers",
                        "src/web/OWNERS:6:9"),
                // Prow filters: approvers of one regular expression only
                verdict("src/web/static/shop.css", "lena", "write", "approver at src/web/OWNERS:15:9", "src/web/OWNERS:15:9"),
                verdict("src/web/views.py", "lena", "review", "the owners in src/web/OWNERS must review", "src/web/OWNERS:6:9",
                        "human:frank", "human:grace", "human:judy"),
                verdict("docs/api.md", "kim", "write", "approver at docs/OWNERS:13:9 via alias tech-writers", "docs/OWNERS:13:9"),
                verdict("docs/conf.py", "kim", "review", "the owners in docs/OWNERS must review", "docs/OWNERS:6:9",
                        "human:grace", "human:alice"),
                // an emeritus approver still in the alias never approves
                verdict("src/web/templates/cart.html", "lena", "write", "via alias designers", "src/web/templates/OWNERS:3:5"),
                verdict("src/web/templates/cart.html", "oldtimer", "review", "human:oldtimer is an emeritus approver in src/web/templates/OWNERS (emeritus approvers never approve)",
                        "src/web/templates/OWNERS:3:5", "human:lena", "human:judy"),
                // a bot somewhere it is not an owner: review by the Prow approvers
                verdict("src/web/views.py", "manybot:format-bot", "review", "manybot:format-bot is not an owner",
                        "src/web/OWNERS:6:9", "human:frank", "human:grace", "human:judy"),
                // billing: no proposals, whoever asks
                verdict("src/billing/invoices.py", "manybot:format-bot", "refused", "policies.allow_proposals is false",
                        "src/billing/OWNERS:10:20"),
                verdict("src/billing/invoices.py", "manybot:api-bot", "refused", "only the owners (human:dana, human:erin)",
                        "src/billing/OWNERS:10:20"),
                verdict("src/billing/payments.py", "human:dana", "write", "primary owner", "src/billing/OWNERS:3:10"),
                // CODEOWNERS where no OWNERS file governs
                verdict("scripts/check_format.py", "manybot:format-bot", "write", "CODEOWNERS owner", ".github/CODEOWNERS:7:26"),
                verdict("pyproject.toml", "human:henry", "write", "CODEOWNERS owner", ".github/CODEOWNERS:9:19"),
                verdict("README.md", "manybot:api-bot", "review", "the owners in .github/CODEOWNERS must review",
                        ".github/CODEOWNERS:8:19", "human:henry", "team:acme/shop-maintainers"),
                // an owner-less CODEOWNERS line: unowned, refused to everyone
                verdict("vendor/tinyjson/__init__.py", "manybot:format-bot", "refused", "has no owner (.github/CODEOWNERS:14:1 names none)",
                        ".github/CODEOWNERS:14:1"),
                verdict("vendor/tinyjson/__init__.py", "human:henry", "refused", "nobody could review a change",
                        ".github/CODEOWNERS:14:1"),
                // bots change ownership files only through review, even their own
                verdict("src/api/OWNERS", "manybot:api-bot", "review", "ownership files are changed by bots only through review",
                        "src/api/OWNERS:2:10", "human:alice", "human:bob"),
                verdict("tests/OWNERS", "manybot:format-bot", "review", "ownership files are changed by bots only through review",
                        "tests/OWNERS:2:10", "human:alice"),
                verdict(".manybot/format-bot.yaml", "manybot:format-bot", "review", "ownership files are changed by bots only through review",
                        ".github/CODEOWNERS:6:19", "human:henry", "team:acme/shop-maintainers"));
    }

    private static Arguments verdict(String path, String principal, String decision, String reason, String decidedBy, String... reviewers) {
        return Arguments.of(path, principal, decision, reason, decidedBy, List.of(reviewers));
    }

    @ParameterizedTest(name = "{1} changing {0}: {2}")
    @MethodSource("verdicts")
    void verdictInTheWorkingTree(String path, String principal, String decision, String reason, String decidedBy, List<String> reviewers)
            throws IOException {
        assertVerdict(owners(principal, path), path, principal, decision, reason, decidedBy, reviewers);
    }

    @ParameterizedTest(name = "{1} changing {0} at HEAD: {2}")
    @MethodSource("verdicts")
    void verdictAtTheCommit(String path, String principal, String decision, String reason, String decidedBy, List<String> reviewers)
            throws IOException {
        assertVerdict(owners(principal, path, "--rev", "HEAD"), path, principal, decision, reason, decidedBy, reviewers);
    }

    private static void assertVerdict(JsonNode answer, String path, String principal, String decision, String reason,
            String decidedBy, List<String> reviewers) {
        JsonNode verdict = answer.path("verdict");
        List<String> actualReviewers = new ArrayList<>();
        verdict.path("reviewers").forEach(r -> actualReviewers.add(r.asText()));
        assertAll(
                () -> assertEquals(path, answer.path("path").asText()),
                () -> assertEquals(principal.contains(":") ? principal : "human:" + principal, verdict.path("principal").asText()),
                () -> assertEquals(decision, verdict.path("decision").asText(), verdict.toString()),
                () -> assertTrue(verdict.path("reason").asText().contains(reason),
                        "reason '" + verdict.path("reason").asText() + "' should contain '" + reason + "'"),
                () -> assertEquals(decidedBy, verdict.path("decidedBy").asText()),
                () -> assertEquals(reviewers, actualReviewers));
    }

    private static JsonNode owners(String principal, String path, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("owners", "--repo", repo.toString(), "--as", principal, "--json"));
        args.addAll(List.of(more));
        args.add(path);
        Run run = manybot(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals("", run.err());
        JsonNode answers = JSON.readTree(run.out());
        assertEquals(1, answers.size());
        return answers.get(0);
    }

    @Test
    void aPathLeavingTheRepositoryIsRefusedWithExitCode1() throws IOException {
        Run run = manybot("owners", "--repo", repo.toString(), "--as", "manybot:api-bot", "--json", "../x", "src/api/app.py");
        assertEquals(1, run.exit(), run.out() + run.err());
        JsonNode answers = JSON.readTree(run.out());
        assertEquals("../x", answers.get(0).path("path").asText());
        assertEquals("path '../x' refused: '..' is refused: paths may not leave the repository",
                answers.get(0).path("error").asText());
        assertFalse(answers.get(0).has("verdict"));
        // the other paths are still answered
        assertEquals("write", answers.get(1).path("verdict").path("decision").asText());

        Run text = manybot("owners", "--repo", repo.toString(), "--as", "manybot:api-bot", "../x");
        assertEquals(1, text.exit());
        assertEquals("manybot: path '../x' refused: '..' is refused: paths may not leave the repository", text.err().strip());
    }

    @Test
    void theTextAnswerNamesTheGoverningFilesAndTheVerdict() {
        Run run = manybot("owners", "--repo", repo.toString(), "--as", "manybot:format-bot", "src/api/routes/orders.py");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("  governed by: src/api/OWNERS (manybot)"), run.out());
        assertTrue(run.out().contains("  delegates:   manybot:format-bot contributor (src/api/OWNERS:5:16)"), run.out());
        assertTrue(run.out().contains("  verdict:     manybot:format-bot -> REVIEW: contributor delegate at src/api/OWNERS:5:16: "
                + "changes need review [reviewers: manybot:api-bot, human:alice, human:bob]"), run.out());
    }
}
