package io.manybot.local.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live directives row of the state store: absent in a state that never had one, replaced on each save, read by another connection. */
class DirectivesStateTest {
    @TempDir
    Path state;

    @Test
    void savedDirectivesAreReadBackFromAnotherConnection() throws Exception {
        try (StateStore store = StateStore.open(state)) {
            assertEquals(Optional.empty(), store.directives(), "a state without the table has no directives");
            int schema = store.schemaVersion();
            Instant applied = Instant.parse("2026-11-24T18:00:00Z");
            store.saveDirectives(new DirectivesState("working tree MARATHON.md", "1.0.0", "ab".repeat(32), applied, false,
                    List.of("helper", "docs-bot"), null, null, applied));
            store.saveDirectives(new DirectivesState("working tree MARATHON.md", "1.0.0", "ab".repeat(32), applied, true,
                    List.of("helper"), "MARATHON.md:5:11: _meta: bad YAML", applied.plusSeconds(60), applied.plusSeconds(60)));
            assertEquals(schema, store.schemaVersion(), "no migration: the table is created on first write");
        }
        try (StateStore other = StateStore.open(state)) {
            DirectivesState read = other.directives().orElseThrow();
            assertEquals("1.0.0", read.version());
            assertEquals("abababababab", read.shortHash());
            assertEquals(List.of("helper"), read.pausedBots());
            assertTrue(read.paused() && read.pauses("anyone"));
            assertEquals("MARATHON.md:5:11: _meta: bad YAML", read.lastError());
            assertEquals(Instant.parse("2026-11-24T18:01:00Z"), read.lastErrorAt());
        }
    }
}
