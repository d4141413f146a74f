package io.manybot.core.schema;

/** Every file format Manybot reads, with its JSON Schema in {@code schemas/}. */
public enum FileFormat {
    GOAL("goal.schema.json"),
    MANYBOT("manybot.schema.json"),
    SUBSCRIPTION("subscription.schema.json"),
    MEETING("meeting.schema.json"),
    OWNERS_MANYBOT("owners-manybot.schema.json"),
    OWNERS_PROW("owners-prow.schema.json"),
    OWNERS_ALIASES("owners-aliases.schema.json"),
    DIRECTIVES_META("directives-meta.schema.json");

    private final String schemaFile;

    FileFormat(String schemaFile) {
        this.schemaFile = schemaFile;
    }

    public String schemaFile() {
        return schemaFile;
    }
}
