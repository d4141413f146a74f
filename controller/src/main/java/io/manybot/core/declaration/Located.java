package io.manybot.core.declaration;

import io.manybot.core.problem.SourceLocation;
import io.manybot.core.yaml.FieldPath;
import io.manybot.core.yaml.YamlDocument;

/** A declaration together with the document it was read from, to locate its fields in messages. */
public record Located<T>(T value, YamlDocument document) {

    public SourceLocation at(FieldPath field) {
        return document.locate(field);
    }

    public SourceLocation location() {
        return document.locate(FieldPath.ROOT);
    }
}
