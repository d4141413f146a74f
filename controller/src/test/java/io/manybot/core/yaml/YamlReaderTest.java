package io.manybot.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.problem.Problem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

    private static ParsedYaml read(String text) {
        return YamlReader.read("f.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String only(ParsedYaml parsed) {
        assertEquals(1, parsed.problems().size(), parsed.problems().toString());
        return parsed.problems().get(0).toString();
    }

    @Test
    void everyNodeOfEveryDocumentKnowsItsLineAndColumn() {
        ParsedYaml parsed = read("""
                a: 1
                ---
                spec:
                  list:
                    - x
                    - name: y
                """);
        assertTrue(parsed.ok());
        YamlDocument second = parsed.documents().get(1);
        assertEquals(1, second.index());
        assertEquals("f.yaml:6:13", second.locate(FieldPath.of("spec", "list", 1, "name")).toString());
        assertEquals("f.yaml:6:7", second.locateKey(FieldPath.of("spec", "list", 1, "name")).toString());
        assertEquals("f.yaml:4:3", second.locate(FieldPath.of("spec", "missing")).toString(), "falls back to the parent");
        assertEquals("spec.list[1].name", FieldPath.of("spec", "list", 1, "name").display());
    }

    @Test
    void duplicateKeysAreRefusedAtTheSecondOne() {
        assertEquals("f.yaml:3:1: b: duplicate key 'b' (first written at line 2)", only(read("a: 1\nb: 2\nb: 3\n")));
    }

    @Test
    void syntaxErrorsAreLocated() {
        Problem problem = read("a: [1, 2\nb: 3\n").problems().get(0);
        assertTrue(problem.message().startsWith("invalid YAML: "), problem.message());
        assertTrue(problem.location().line() >= 2, problem.toString());
    }

    @Test
    void aliasBombsAndRecursiveAliasesAreRefused() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }
        assertTrue(only(read(bomb.toString())).contains("invalid YAML"), "too many aliases");
        assertTrue(only(read("a: &a [*a]\n")).contains("recursive"));
    }

    @Test
    void binaryContentAndInvalidUtf8AreRefused() {
        assertEquals("f.yaml: binary content (NUL byte at offset 3); expected a UTF-8 YAML text file",
                only(YamlReader.read("f.yaml", new byte[] {'a', ':', ' ', 0, '\n'})));
        assertEquals("f.yaml: not valid UTF-8 text; expected a UTF-8 YAML file",
                only(YamlReader.read("f.yaml", new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28})));
    }

    @Test
    void languageTagsNonFiniteNumbersAndMergeKeysAreRefused() {
        assertEquals("f.yaml:1:4: invalid YAML: Global tag is not allowed: tag:yaml.org,2002:python/object",
                only(read("a: !!python/object {}\n")));
        assertEquals("f.yaml:1:4: a: the YAML tag !custom is not allowed here; write plain values", only(read("a: !custom x\n")));
        assertEquals("f.yaml:1:4: a: '.inf' is not a finite number", only(read("a: .inf\n")));
        assertTrue(only(read("base: &b {x: 1}\nc:\n  <<: *b\n")).contains("merge keys"));
    }

    @Test
    void scalarsBecomeJsonTypes() {
        YamlDocument doc = read("i: 0x1F\nf: 1_000.5\nb: yes\nn: ~\nd: 2026-12-31\ns: '5'\n").documents().get(0);
        assertEquals(31, doc.root().path("i").asInt());
        assertEquals(1000.5, doc.root().path("f").asDouble());
        assertTrue(doc.root().path("b").asBoolean());
        assertTrue(doc.root().path("n").isNull());
        assertEquals("2026-12-31", doc.root().path("d").asText(), "timestamps stay text");
        assertTrue(doc.root().path("s").isTextual());
    }

    @Test
    void embeddedYamlReportsLinesOfTheOuterFile() {
        ParsedYaml parsed = YamlReader.read("MARATHON.md", "\n_meta:\n  status: [\n", 10);
        assertEquals("MARATHON.md", parsed.problems().get(0).location().file());
        assertTrue(parsed.problems().get(0).location().line() > 10);
    }
}
