package io.manybot.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.Measurement;
import io.manybot.core.measure.KeyResultMeasurer.ParsedNumber;
import io.manybot.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading numbers from measurement output, and measuring with real commands: failures are unknown with a reason, never zero. */
class MeasureKeyResultsTest {
    @TempDir
    Path checkout;

    private static final Measurement DEFAULT = new Measurement(List.of("true"), null, null, null, null);

    private static Double last(String output) {
        ParsedNumber parsed = KeyResultMeasurer.read(output, DEFAULT);
        return parsed.value();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "42|42",
        "found 12 errors in 3 files|3",
        "coverage: 85.3%|85.3",
        "delta -4.5 points|-4.5",
        "rate 1.5e-3 per call|0.0015",
        "rate 2E+2|200",
        "took 0.52s|0.52",
        "p99 812ms|812",
        "value .5|0.5",
        "12 errors.|12",
        "python v2|",
        "abc123 x86_64|",
        "version 1.2.3|",
        "errors: 7 (ipv6-11)|7",
        "count=-5|-5",
        "'7 lines\n\nresult: 19\n'|19",
    })
    void theDefaultIsTheLastNumberPrinted(String output, Double expected) {
        assertEquals(expected, last(output.replace("\\n", "\n")));
    }

    @Test
    void noNumberIsAFailureNotZero() {
        ParsedNumber parsed = KeyResultMeasurer.read("all clean\n", DEFAULT);
        assertNull(parsed.value());
        assertEquals("no number in output (last line: all clean)", parsed.failure());
        assertEquals("no number in output (empty)", KeyResultMeasurer.read("", DEFAULT).failure());
    }

    @Test
    void aRegexTakesTheFirstGroupOfTheLastMatch() {
        Measurement regex = new Measurement(List.of("x"), null, "^TOTAL .* (\\d+)%$", null, null);
        String coverage = "Name    Stmts   Miss  Cover\nTOTAL   100     13    87%\n";
        assertEquals(87.0, KeyResultMeasurer.read(coverage, regex).value());
        Measurement lastMatch = new Measurement(List.of("x"), null, "errors=(\\d+)", null, null);
        assertEquals(5.0, KeyResultMeasurer.read("errors=3\nerrors=5\n", lastMatch).value());
        Measurement whole = new Measurement(List.of("x"), null, "\\d+ warnings", null, null);
        assertEquals(9.0, KeyResultMeasurer.read("9 warnings, 2 hints", whole).value());
        assertEquals("regex 'errors=(\\d+)' did not match", KeyResultMeasurer.read("clean", lastMatch).failure());
        Measurement word = new Measurement(List.of("x"), null, "status: (\\w+)", null, null);
        assertEquals("regex 'status: (\\w+)' matched 'green', not a number", KeyResultMeasurer.read("status: green", word).failure());
        Measurement invalid = new Measurement(List.of("x"), null, "(", null, null);
        assertTrue(KeyResultMeasurer.read("1", invalid).failure().startsWith("regex '(' is invalid"));
    }

    @Test
    void aJsonPointerPicksANumberFromJsonOutput() {
        String json = "{\"totals\": {\"percent_covered\": 91.25, \"label\": \"high\", \"n\": \"17\"}, \"files\": [3, 4]}";
        assertEquals(91.25, read(json, "/totals/percent_covered").value());
        assertEquals(4.0, read(json, "/files/1").value());
        assertEquals(17.0, read(json, "/totals/n").value());
        assertEquals(7.0, read("7", "").value());
        assertEquals("JSON pointer /totals/label: not a number (\"high\")", read(json, "/totals/label").failure());
        assertEquals("JSON pointer /totals/missing: not found", read(json, "/totals/missing").failure());
        assertTrue(read("coverage 91%", "/a").failure().startsWith("JSON pointer /a: the output is not JSON"));
    }

    private static ParsedNumber read(String output, String pointer) {
        return KeyResultMeasurer.read(output, new Measurement(List.of("x"), null, null, pointer, null));
    }

    @Test
    void measuresEveryKeyResultWithAMeasurementInACheckoutInOrder() throws Exception {
        Files.writeString(checkout.resolve("a.txt"), "bad\nbad\nok\n");
        Goal goal = goal(
                kr("bad-lines", new Measurement(null, "grep -c bad a.txt", null, null, null)),
                kr("by-hand", null),
                kr("json", new Measurement(List.of("python3", "-c", "print('{\"p\": 12.5}')"), null, null, "/p", null)),
                kr("fails", new Measurement(null, "echo 'lint: cannot parse setup.cfg' >&2; echo 41; exit 2", null, null, null)),
                kr("slow", new Measurement(List.of("sleep", "30"), null, null, null, Duration.ofMillis(300))),
                kr("silent", new Measurement(List.of("echo", "nothing to see"), null, null, null, null)),
                kr("missing", new Measurement(List.of("no-such-tool-manybot"), null, null, null, null)));
        KeyResultMeasurer measurer = new KeyResultMeasurer(new ProcessRunner(), Map.of());
        List<MeasuredValue> values = measurer.measure(goal, checkout, "abc123");
        assertEquals(List.of("bad-lines", "json", "fails", "slow", "silent", "missing"), values.stream().map(MeasuredValue::keyResult).toList());
        assertEquals(2.0, values.get(0).value());
        assertEquals("abc123", values.get(0).commit());
        assertEquals("tidy", values.get(0).goal());
        assertEquals(12.5, values.get(1).value());
        for (MeasuredValue failed : values.subList(2, values.size())) {
            assertNull(failed.value(), failed.keyResult());
            assertTrue(!failed.known());
        }
        assertEquals("exit 2: 41", values.get(2).failure());
        assertEquals("timed out after 300 ms", values.get(3).failure());
        assertEquals("no number in output (last line: nothing to see)", values.get(4).failure());
        assertTrue(values.get(5).failure().startsWith("could not start: "), values.get(5).failure());
    }

    @Test
    void theMeasurementSeesTheDeclaredEnvironmentButNotThisProcesses() throws Exception {
        Goal goal = goal(kr("env", new Measurement(null, "echo $MANYBOT_TEST_VALUE; env | grep -c -v -E '^(PATH|HOME|LANG|LC_ALL|TZ|TMPDIR|PWD|OLDPWD|SHLVL|_|MANYBOT_TEST_VALUE)=' || true", "^(\\d+)$", null, null)));
        MeasuredValue value = new KeyResultMeasurer(new ProcessRunner(), Map.of("MANYBOT_TEST_VALUE", "x"))
                .measure(goal, goal.keyResults().get(0), checkout, null);
        assertEquals(0.0, value.value(), value.failure());
    }

    private static KeyResult kr(String name, Measurement measurement) {
        return new KeyResult(name, null, 10, 0, null, KeyResult.Direction.DECREASE, null, null, 1, measurement);
    }

    private static Goal goal(KeyResult... krs) {
        return new Goal("tidy", "Keep it tidy", null, Goal.TimeHorizon.MONTHLY, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-02-01T00:00:00Z"), null, Goal.DEFAULT_ON_TRACK_THRESHOLD, List.of(krs));
    }
}
