package io.manybot.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broken corpus ({@code src/test/resources/broken/}): one small repository per fault, each with
 * {@code expected.txt} — {@code exit: N}, then the lines {@code manybot validate} must print, with
 * file paths relative to the fixture. A fixture holding {@code GENERATE_HUGE_FILE} gets the file it
 * names generated (one byte over the 1 MiB limit) instead of keeping a big file in git.
 */
class BrokenCorpusTest {
    static final String EXPECTED = "expected.txt";
    static final String HUGE_MARKER = "GENERATE_HUGE_FILE";
    /** One byte more than the largest file Manybot reads (YamlReader.MAX_BYTES). */
    static final int HUGE_SIZE = (1 << 20) + 1;
    private static final Set<String> NOT_COPIED = Set.of(EXPECTED, HUGE_MARKER);

    static Path corpus() throws URISyntaxException {
        URL url = BrokenCorpusTest.class.getClassLoader().getResource("broken");
        if (url == null) {
            throw new IllegalStateException("test resource folder 'broken/' is missing from the classpath");
        }
        return Path.of(url.toURI());
    }

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        try (Stream<Path> entries = Files.list(corpus())) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void theCorpusHasAtLeast25Fixtures() throws Exception {
        List<String> fixtures = fixtures().toList();
        assertTrue(fixtures.size() >= 25, "only " + fixtures.size() + " fixtures: " + fixtures);
        for (String fixture : fixtures) {
            assertTrue(Files.isRegularFile(corpus().resolve(fixture).resolve(EXPECTED)), fixture + " has no " + EXPECTED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void validateReportsTheFault(String fixture, @TempDir Path temp) throws Exception {
        Path source = corpus().resolve(fixture);
        List<String> expected = Files.readAllLines(source.resolve(EXPECTED), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        assertTrue(expected.size() >= 2 && expected.get(0).matches("exit: [0-9]+"),
                fixture + "/" + EXPECTED + " must start with 'exit: N' and list at least one line");
        int expectedExit = Integer.parseInt(expected.get(0).substring("exit: ".length()));

        Path repo = temp.resolve(fixture);
        copy(source, repo);
        if (Files.exists(source.resolve(HUGE_MARKER))) {
            generateHugeFile(repo, Files.readString(source.resolve(HUGE_MARKER), StandardCharsets.UTF_8).strip());
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ManybotCommand.execute(new String[] {"validate", repo.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        String stdout = out.toString();
        String stderr = err.toString();

        for (String output : List.of(stdout, stderr)) {
            assertFalse(output.contains("\tat ") || output.contains("Exception"),
                    fixture + ": stack trace or exception in output:\n" + output);
        }
        assertEquals("", stderr, fixture + ": validate wrote to stderr");
        assertEquals(expectedExit, exit, fixture + ": exit code; output:\n" + stdout);
        // ValidateCommand shows each file under the repository argument as given (normalised).
        String prefix = repo.normalize() + "/";
        List<String> printed = stdout.lines().toList();
        for (String line : expected.subList(1, expected.size())) {
            assertTrue(printed.contains(prefix + line),
                    fixture + ": expected line\n  " + prefix + line + "\nnot printed; output:\n" + stdout);
        }
        String summary = printed.isEmpty() ? "" : printed.get(printed.size() - 1);
        assertTrue(summary.startsWith(expectedExit == 0 ? "valid: " : "invalid: "), fixture + ": summary line: " + summary);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path relative = from.relativize(source);
                if (NOT_COPIED.contains(relative.toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** A YAML file of comment lines, {@link #HUGE_SIZE} bytes long. */
    private static void generateHugeFile(Path repo, String relativePath) throws IOException {
        Path file = repo.resolve(relativePath);
        assertTrue(file.normalize().startsWith(repo), HUGE_MARKER + " names a path outside the fixture: " + relativePath);
        Files.createDirectories(file.getParent());
        byte[] line = "# padding to make this file larger than the limit\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream stream = Files.newOutputStream(file)) {
            for (int written = 0; written < HUGE_SIZE; written += line.length) {
                stream.write(line, 0, Math.min(line.length, HUGE_SIZE - written));
            }
        }
        assertEquals(HUGE_SIZE, Files.size(file));
    }
}
