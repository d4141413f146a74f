package io.manybot.core.directives;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.declaration.Dates;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.schema.FileFormat;
import io.manybot.core.schema.SchemaCatalog;
import io.manybot.core.yaml.FieldPath;
import io.manybot.core.yaml.ParsedYaml;
import io.manybot.core.yaml.YamlDocument;
import io.manybot.core.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and checks the {@code _meta} block of a directives file ({@code MARATHON.md}): the YAML in
 * the first HTML comment that starts with {@code _meta:}. Problems carry the line in the markdown file.
 */
public final class DirectivesMetaReader {
    public static final String FILE = "MARATHON.md";
    private static final Pattern COMMENT = Pattern.compile("<!--(.*?)-->", Pattern.DOTALL);

    private DirectivesMetaReader() {}

    public static Optional<DirectivesMeta> read(String file, String text, List<Problem> problems) {
        Matcher comment = COMMENT.matcher(text);
        while (comment.find()) {
            String body = comment.group(1);
            if (!body.strip().startsWith("_meta:")) {
                continue;
            }
            return readBlock(file, body, countLines(text, comment.start(1)), problems);
        }
        problems.add(missing(file));
        return Optional.empty();
    }

    /**
     * Reads the YAML {@code body} of a {@code _meta} comment that starts {@code lineOffset} lines into
     * {@code file}, adding its problems (YAML, schema) to {@code problems}.
     */
    static Optional<DirectivesMeta> readBlock(String file, String body, int lineOffset, List<Problem> problems) {
        ParsedYaml parsed = YamlReader.read(file, body, lineOffset);
        List<Problem> found = new ArrayList<>(parsed.problems());
        if (found.isEmpty() && parsed.documents().size() == 1) {
            YamlDocument document = parsed.documents().get(0);
            found.addAll(SchemaCatalog.get().validate(document, FileFormat.DIRECTIVES_META));
            if (found.isEmpty()) {
                JsonNode meta = document.root().path("_meta");
                try {
                    return Optional.of(new DirectivesMeta(
                            Dates.startOf(meta.path("updated").asText()),
                            meta.path("version").asText(),
                            DirectivesMeta.Status.valueOf(meta.path("status").asText().toUpperCase(Locale.ROOT))));
                } catch (IllegalArgumentException e) {
                    found.add(document.error(FieldPath.of("_meta", "updated"), e.getMessage()));
                }
            }
        } else if (found.isEmpty()) {
            found.add(Problem.error(new SourceLocation(file, lineOffset + 1, 1), "_meta",
                    "expected one YAML document in the _meta comment, found " + parsed.documents().size()));
        }
        problems.addAll(found);
        return Optional.empty();
    }

    static Problem missing(String file) {
        return Problem.warning(new SourceLocation(file, 1, 1), "_meta",
                "no _meta block (an HTML comment starting with '_meta:'); the directives count as active, unversioned");
    }

    /** The number of line breaks before {@code offset}. */
    private static int countLines(String text, int offset) {
        int lines = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
