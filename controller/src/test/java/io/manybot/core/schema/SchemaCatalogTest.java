package io.manybot.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.manybot.core.problem.Problem;
import io.manybot.core.yaml.YamlDocument;
import io.manybot.core.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

    private static List<Problem> validate(String yaml, FileFormat format) {
        YamlDocument document = YamlReader.read("x.yaml", yaml.getBytes(StandardCharsets.UTF_8)).documents().get(0);
        return SchemaCatalog.get().validate(document, format);
    }

    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void everyFormatHasALoadableSchema(FileFormat format) {
        assertNotNull(SchemaCatalog.get().schema(format));
    }

    @Test
    void unknownFieldsNameTheFieldsThatWereExpected() {
        List<Problem> problems = validate("primary: manybot:a\nprimery: manybot:b\n", FileFormat.OWNERS_MANYBOT);
        assertEquals(1, problems.size());
        assertEquals("x.yaml:2:1: primery: unknown field 'primery'; expected one of: primary, delegates, reviewers, "
                + "auto_approve, policies, meetings, options", problems.get(0).toString());
    }

    @Test
    void nestedErrorsPointAtTheValueAndNameItsPath() {
        List<Problem> problems = validate("""
                aliases:
                  team:
                    - alice
                    - "bad principal"
                """, FileFormat.OWNERS_ALIASES);
        assertEquals(1, problems.size());
        assertEquals("x.yaml:4:7", problems.get(0).location().toString());
        assertEquals("aliases.team[1]", problems.get(0).field());
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        List<Problem> problems = validate("_meta:\n  version: 1\n  status: active\n", FileFormat.DIRECTIVES_META);
        assertEquals("x.yaml:2:3: _meta.updated: required field is missing", problems.get(0).toString());
    }
}
