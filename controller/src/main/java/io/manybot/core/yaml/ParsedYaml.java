package io.manybot.core.yaml;

import io.manybot.core.problem.Problem;
import java.util.List;

/** The documents of one file and the problems met reading it (documents may be partial then). */
public record ParsedYaml(String file, List<YamlDocument> documents, List<Problem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
