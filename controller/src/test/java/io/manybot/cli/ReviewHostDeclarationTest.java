package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.problem.Problem;
import io.manybot.core.review.HostKind;
import io.manybot.core.review.ReviewTarget;
import io.manybot.testing.GitRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.repository.host / apiUrl / tokenSecret / tokenEnv / tokenFile} and {@code spec.limits.openProposals /
 * proposalsPerHour}: read into the Bot, the review target chosen from the url or the declaration, bad values named by
 * `manybot validate`.
 */
class ReviewHostDeclarationTest {
    @TempDir
    Path repo;

    private static String bot(String repository, String limits) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Goal
                metadata:
                  name: tidy
                spec:
                  objective: Keep the sources tidy
                  start: 2026-01-01
                  deadline: 2026-01-10
                  keyResults:
                    - name: lint-errors
                      baseline: 40
                      target: 0
                      direction: decrease
                ---
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata:
                  name: fixer
                spec:
                  goal: tidy
                  owns: ["src/**"]
                  executor:
                    type: command
                    command: ["scripts/fix.sh"]
                """ + repository + limits;
    }

    private static Bot load(String repository, String limits) {
        List<Problem> problems = new ArrayList<>();
        Declarations read = new DeclarationLoader().loadText("fixer.yaml", bot(repository, limits).getBytes(StandardCharsets.UTF_8), problems);
        assertTrue(problems.stream().noneMatch(Problem::isError), problems::toString);
        return read.bots().get("fixer").value();
    }

    @Test
    void theHostComesFromTheUrlOrTheDeclarationAndTheLimitsHaveRenovatesDefaults() {
        Bot plain = load("  repository:\n    url: https://github.com/acme/shop.git\n", "");
        assertEquals(new ReviewTarget(HostKind.GITHUB, "https://api.github.com", "acme/shop", "github.com"), ReviewTarget.of(plain.repository()).get());
        assertEquals(10, plain.limits().openProposals());
        assertEquals(2, plain.limits().proposalsPerHour());
        assertEquals(new ReviewTarget(HostKind.GITLAB, "https://gitlab.com", "acme/web/shop", "gitlab.com"),
                ReviewTarget.of(load("  repository:\n    url: git@gitlab.com:acme/web/shop.git\n", "").repository()).get());

        Bot enterprise = load("""
                  repository:
                    url: ssh://git@ghe.example.com/acme/shop
                    host: github
                    tokenSecret: shop-github-token
                    tokenEnv: SHOP_GITHUB_TOKEN
                """, "  limits:\n    openProposals: 3\n    proposalsPerHour: 1\n");
        assertEquals(new ReviewTarget(HostKind.GITHUB, "https://ghe.example.com/api/v3", "acme/shop", "ghe.example.com"),
                ReviewTarget.of(enterprise.repository()).get());
        assertEquals(new Bot.ReviewHost("github", null, "shop-github-token", "SHOP_GITHUB_TOKEN", null), enterprise.repository().review());
        assertEquals(3, enterprise.limits().openProposals());
        assertEquals(1, enterprise.limits().proposalsPerHour());
        assertEquals("https://gitlab.example.com/gitlab", ReviewTarget.of(load("  repository:\n    url: https://gitlab.example.com/acme/shop.git\n"
                + "    host: gitlab\n    apiUrl: https://gitlab.example.com/gitlab/\n", "").repository()).get().apiUrl());

        assertEquals(Optional.empty(), ReviewTarget.of(load("  repository:\n    url: https://git.example.com/acme/shop.git\n", "").repository()),
                "a plain git server: proposals stay branches");
        assertEquals(Optional.empty(), ReviewTarget.of(load("", "").repository()));
    }

    @Test
    void validateNamesABadHostAUrlWithoutARepositoryAndBothTokenSources() throws Exception {
        GitRepos.write(repo, Map.of("src/OWNERS", "primary: manybot:fixer\n",
                ".manybot/fixer.yaml", bot("  repository:\n    url: https://github.com/acme/shop.git\n    host: bitbucket\n", "")));
        GitRepos.initAndCommit(repo, "declarations");
        CommandLineTest.Run run = CommandLineTest.run("validate", "--json", repo.toString());
        assertEquals(1, run.exit(), run.out());
        JsonNode problem = run.json().path("problems").get(0);
        assertEquals("spec.repository.host", problem.path("field").asText(), run.out());
        assertTrue(problem.path("message").asText().contains("gitlab"), run.out());

        GitRepos.write(repo, Map.of(".manybot/fixer.yaml", bot("  repository:\n    url: /srv/git/shop\n    host: gitlab\n"
                + "    tokenEnv: T\n    tokenFile: /run/token\n", "  limits:\n    openProposals: 0\n")));
        CommandLineTest.Run second = CommandLineTest.run("validate", "--json", repo.toString());
        assertEquals(1, second.exit(), second.out());
        String all = second.json().path("problems").toString();
        assertTrue(all.contains("spec.limits.openProposals"), all);
        GitRepos.write(repo, Map.of(".manybot/fixer.yaml", bot("  repository:\n    url: /srv/git/shop\n    host: gitlab\n"
                + "    tokenEnv: T\n    tokenFile: /run/token\n", "")));
        CommandLineTest.Run third = CommandLineTest.run("validate", "--json", repo.toString());
        String problems = third.json().path("problems").toString();
        assertTrue(problems.contains("names no repository on a gitlab host") && problems.contains("spec.repository.host"), problems);
        assertTrue(problems.contains("tokenEnv or tokenFile, not both") && problems.contains("spec.repository.tokenFile"), problems);
    }
}
