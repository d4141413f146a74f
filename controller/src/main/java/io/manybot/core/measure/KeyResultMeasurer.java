package io.manybot.core.measure;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.Measurement;
import io.manybot.core.process.ProcessResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Measures key results by running their measurement in a checkout and reading one number from the
 * output. A measurement that fails (could not start, non-zero exit, timeout) or prints nothing
 * readable gives an unknown value with the reason, never zero.
 *
 * <p>A non-zero exit is a failure even when the output holds a number: a check that exits 1 when it
 * finds problems ({@code black --check}, most linters) must be wrapped, e.g. {@code script: "lint | wc -l"}
 * or {@code "... || true"}.
 *
 * <p>Reading the number ({@link #read}):
 * <ul>
 *   <li>{@code jsonPointer}: the whole output is parsed as JSON; the pointed node must be a number
 *       (or a string that is exactly a number).
 *   <li>{@code regex} (multi-line: {@code ^} and {@code $} match at each line): the last match wins; its first group (or the whole match without groups) must be a
 *       number, or contain one (the last number in it is taken, so {@code "(\d+) errors"} and
 *       {@code "errors: .*"} both work).
 *   <li>otherwise the last number printed. A number is an optional minus, digits with an optional
 *       fraction (or a bare fraction like {@code .5}), and an optional exponent ({@code 1e-3}). It may
 *       be followed by a unit ({@code 12ms}, {@code 85%}) but must not be part of a word or a version:
 *       {@code v2}, {@code abc123}, {@code x86_64}, {@code 1.2.3} and the {@code 11} of {@code ipv6-11}
 *       are not numbers.
 * </ul>
 */
public final class KeyResultMeasurer {

    /**
     * A number: not preceded by a word character, a dot or a minus (so not inside a word, a version or
     * a dashed name), not followed by a digit or by a dot and a digit (so not the head of a version).
     * Possessive quantifiers so that "1.2.3" yields nothing instead of "1".
     */
    static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w.\\-])-?(?:\\d++(?:\\.\\d++)?+|\\.\\d++)(?:[eE][+-]?\\d++)?+(?!\\.?\\d)");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessRunner runner;
    private final Map<String, String> environment;

    /**
     * @param environment variables given to every measurement, on top of the restricted environment
     *     ({@link ProcessRunner#restrictedEnvironment})
     */
    public KeyResultMeasurer(ProcessRunner runner, Map<String, String> environment) {
        this.runner = runner;
        this.environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** The number read from an output, or why none could be. Exactly one of the two is set. */
    public record ParsedNumber(Double value, String failure) {
        static ParsedNumber of(double value) {
            return new ParsedNumber(value, null);
        }

        static ParsedNumber failed(String failure) {
            return new ParsedNumber(null, failure);
        }
    }

    /** Measures every key result of the goal that has a measurement, in declaration order; the others are skipped. */
    public List<MeasuredValue> measure(Goal goal, Path checkout, String commit) throws InterruptedException {
        List<MeasuredValue> values = new ArrayList<>();
        for (KeyResult kr : goal.keyResults()) {
            if (kr.measurement() != null) {
                values.add(measure(goal, kr, checkout, commit));
            }
        }
        return values;
    }

    /** Measures one key result; one without a measurement is unknown ("no measurement declared"). */
    public MeasuredValue measure(Goal goal, KeyResult kr, Path checkout, String commit) throws InterruptedException {
        Instant at = Instant.now();
        long started = System.nanoTime();
        Measurement measurement = kr.measurement();
        ParsedNumber parsed;
        if (measurement == null) {
            parsed = ParsedNumber.failed("no measurement declared");
        } else if (measurement.command().isEmpty() && (measurement.script() == null || measurement.script().isBlank())) {
            parsed = ParsedNumber.failed("the measurement has no command and no script");
        } else {
            List<String> argv = measurement.command().isEmpty() ? List.of("sh", "-c", measurement.script()) : measurement.command();
            Duration timeout = measurement.timeout() != null ? measurement.timeout() : Measurement.DEFAULT_TIMEOUT;
            ProcessResult result = runner.run(new ProcessSpec(argv, checkout, ProcessRunner.restrictedEnvironment(environment),
                    timeout, ProcessSpec.DEFAULT_OUTPUT_LIMIT));
            parsed = interpret(result, timeout, measurement);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new MeasuredValue(goal.name(), kr.name(), parsed.value(), parsed.failure(), at, millis, commit);
    }

    static ParsedNumber interpret(ProcessResult result, Duration timeout, Measurement measurement) {
        if (result.failure() != null) {
            return ParsedNumber.failed("could not start: " + result.failure());
        }
        if (result.timedOut()) {
            return ParsedNumber.failed("timed out after " + describe(timeout));
        }
        if (result.exitCode() != 0) {
            String last = lastLine(result.output());
            return ParsedNumber.failed("exit " + result.exitCode() + (last.isEmpty() ? " (no output)" : ": " + last));
        }
        return read(result.output(), measurement);
    }

    /** Reads the number from a measurement's output (see the class comment for the rules). */
    public static ParsedNumber read(String output, Measurement measurement) {
        String text = output == null ? "" : output;
        if (measurement != null && measurement.jsonPointer() != null) {
            return readJson(text, measurement.jsonPointer());
        }
        if (measurement != null && measurement.regex() != null) {
            return readRegex(text, measurement.regex());
        }
        Double last = lastNumber(text);
        if (last == null) {
            String line = lastLine(text);
            return ParsedNumber.failed("no number in output" + (line.isEmpty() ? " (empty)" : " (last line: " + line + ")"));
        }
        return finite(last, "the last number");
    }

    private static ParsedNumber readJson(String text, String pointer) {
        JsonPointer at;
        try {
            at = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            return ParsedNumber.failed("JSON pointer " + pointer + ": invalid (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            return ParsedNumber.failed("JSON pointer " + pointer + ": the output is not JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || root.isMissingNode()) {
            return ParsedNumber.failed("JSON pointer " + pointer + ": the output is empty");
        }
        JsonNode node = root.at(at);
        if (node.isMissingNode()) {
            return ParsedNumber.failed("JSON pointer " + pointer + ": not found");
        }
        if (node.isNumber()) {
            return finite(node.doubleValue(), "JSON pointer " + pointer);
        }
        if (node.isTextual() && whole(node.textValue().trim())) {
            return finite(Double.parseDouble(node.textValue().trim()), "JSON pointer " + pointer);
        }
        return ParsedNumber.failed("JSON pointer " + pointer + ": not a number (" + abbreviate(node.toString()) + ")");
    }

    private static ParsedNumber readRegex(String text, String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            return ParsedNumber.failed("regex '" + regex + "' is invalid: " + firstLine(e.getDescription()));
        }
        Matcher matcher = pattern.matcher(text);
        String captured = null;
        while (matcher.find()) {
            captured = matcher.groupCount() >= 1 ? matcher.group(1) : matcher.group();
            if (captured == null) {
                captured = "";
            }
        }
        if (captured == null) {
            return ParsedNumber.failed("regex '" + regex + "' did not match");
        }
        String trimmed = captured.trim();
        if (whole(trimmed)) {
            return finite(Double.parseDouble(trimmed), "regex '" + regex + "'");
        }
        Double last = lastNumber(trimmed);
        if (last == null) {
            return ParsedNumber.failed("regex '" + regex + "' matched '" + abbreviate(trimmed) + "', not a number");
        }
        return finite(last, "regex '" + regex + "'");
    }

    /** The last number in the text (see {@link #NUMBER}), or null. */
    static Double lastNumber(String text) {
        Matcher matcher = NUMBER.matcher(text);
        String last = null;
        while (matcher.find()) {
            last = matcher.group();
        }
        return last == null ? null : Double.parseDouble(last);
    }

    private static boolean whole(String text) {
        Matcher matcher = NUMBER.matcher(text);
        return matcher.matches();
    }

    private static ParsedNumber finite(double value, String what) {
        return Double.isFinite(value) ? ParsedNumber.of(value) : ParsedNumber.failed(what + " is not a finite number");
    }

    static String lastLine(String output) {
        if (output == null) {
            return "";
        }
        String[] lines = output.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return abbreviate(lines[i].strip());
            }
        }
        return "";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return abbreviate(newline < 0 ? text : text.substring(0, newline));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + " ms";
        }
        long seconds = millis / 1000;
        if (seconds < 120 || seconds % 60 != 0) {
            return seconds + " s";
        }
        return seconds / 60 + " min";
    }
}
