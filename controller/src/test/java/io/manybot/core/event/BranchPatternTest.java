package io.manybot.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The branch-glob dialect of subscriptions (GitHub Actions' {@code branches:} filters), checked on
 * patterns compiled afresh ({@link BranchPattern#compile}) so that the process-wide cache cannot
 * answer for the compiler, and the cache itself: one compiled pattern per glob, bounded.
 */
class BranchPatternTest {

    private static void matches(String glob, List<String> yes, List<String> no) {
        BranchPattern pattern = BranchPattern.compile(glob);
        for (String branch : yes) {
            assertTrue(pattern.matches(branch), () -> "'" + glob + "' should match '" + branch + "'");
        }
        for (String branch : no) {
            assertFalse(pattern.matches(branch), () -> "'" + glob + "' should not match '" + branch + "'");
        }
    }

    @Test
    void aPlainNameIsTheWholeBranchName() {
        matches("main", List.of("main"), List.of("main/x", "x/main", "mai", "Main", ""));
        matches("release.v1", List.of("release.v1"), List.of("releasexv1"));
        assertFalse(BranchPattern.compile("main").matches(null));
    }

    @Test
    void starStopsAtASlashAndDoubleStarDoesNot() {
        matches("*", List.of("main", "x", ""), List.of("a/b"));
        matches("**", List.of("main", "a/b/c"), List.of());
        matches("feature-*", List.of("feature-a", "feature-"), List.of("feature-a/b", "feat-a"));
        matches("*-fix", List.of("crlf-fix"), List.of("a/crlf-fix"));
        matches("release/**", List.of("release/1.2", "release/1.2/hotfix"), List.of("release", "releases/1"));
        matches("a*b*c", List.of("abc", "a-b-c"), List.of("a/b/c"));
        matches("x**", List.of("x", "x/y/z"), List.of("y/x"));
    }

    @Test
    void questionMarkIsOneCharacterButASlash() {
        matches("?", List.of("a", "?"), List.of("", "ab", "/"));
        matches("??", List.of("v1", "ab"), List.of("v", "abc", "a/"));
        matches("v?.0", List.of("v1.0"), List.of("v10.0", "v/.0"));
    }

    @Test
    void classesAndNegatedClasses() {
        matches("v[0-9]", List.of("v1", "v9"), List.of("va", "v10"));
        matches("[ab]", List.of("a", "b"), List.of("c", "ab"));
        matches("v[!0-9]*", List.of("vx", "vx1"), List.of("v1", "v"));
        matches("v[^0-9]", List.of("vx"), List.of("v1"));
        matches("[a&&b]", List.of("a", "&", "b"), List.of("c"));
        matches("x[a\\]y", List.of("xay", "x\\y"), List.of("xby"));
        matches("x[[a]y", List.of("xay", "x[y"), List.of("xby"));
        matches("[]a]", List.of("]", "a"), List.of("b"));
        matches("[ab]-[cd]", List.of("a-c", "b-d"), List.of("a-a", "c-c"));
    }

    @Test
    void anUnclosedBracketIsALiteralBracket() {
        matches("[", List.of("["), List.of("a", ""));
        matches("v[1", List.of("v[1"), List.of("v1"));
        matches("[]", List.of("[]"), List.of("]", ""));
    }

    @Test
    void backslashEscapesTheNextCharacter() {
        matches("fix\\*", List.of("fix*"), List.of("fixes", "fix"));
        matches("\\?x", List.of("?x"), List.of("ax"));
        matches("\\\\", List.of("\\"), List.of("\\\\"));
        matches("a\\[b]", List.of("a[b]"), List.of("ab"));
        matches("fix\\", List.of("fix\\"), List.of("fix"));
        matches("*\\*", List.of("a*", "*"), List.of("a"));
    }

    @Test
    void aGlobThatDoesNotCompileMatchesNothing() {
        matches("[z-a]*", List.of(), List.of("z", "a", "[z-a]", "x"));
    }

    @Test
    void theCacheGivesOneCompiledPatternPerGlobAndStaysBounded() {
        BranchPattern first = BranchPattern.of("cache-test/*");
        assertTrue(first.matches("cache-test/a"));
        BranchPattern other = BranchPattern.of("cache-test-other/*");
        assertSame(first, BranchPattern.of("cache-test/*"), "a glob seen before is not compiled again");
        assertSame(other, BranchPattern.of("cache-test-other/*"));
        assertNotSame(BranchPattern.compile("cache-test/*"), BranchPattern.of("cache-test/*"));
        for (int i = 0; i < 5_000; i++) {
            BranchPattern pattern = BranchPattern.of("bounded-" + i + "/*");
            assertTrue(pattern.matches("bounded-" + i + "/x"));
            assertTrue(BranchPattern.cached() <= 4_096, () -> "cache holds " + BranchPattern.cached());
        }
        assertTrue(BranchPattern.cached() > 0);
        assertEquals(BranchPattern.of("bounded-4999/*"), BranchPattern.of("bounded-4999/*"));
    }
}
