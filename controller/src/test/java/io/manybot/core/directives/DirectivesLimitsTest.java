package io.manybot.core.directives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.core.declaration.Bot;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectivesLimitsTest {

    private static JsonNode schema(String file) throws IOException {
        try (InputStream in = DirectivesLimitsTest.class.getClassLoader().getResourceAsStream("manybot/schemas/" + file)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void overridesReplaceOnlyTheLimitsTheySet() {
        Bot.Limits declared = new Bot.Limits(1, 20, Duration.ofMinutes(10), 25, 50_000L);
        assertEquals(declared, LimitOverrides.NONE.applyTo(declared));
        assertTrue(LimitOverrides.NONE.isEmpty());
        LimitOverrides overrides = LimitOverrides.NONE.with("changesPerCycle", "10").with("cycleTimeout", "2h");
        assertEquals(new Bot.Limits(1, 10, Duration.ofHours(2), 25, 50_000L), overrides.applyTo(declared));
        assertEquals(new Bot.Limits(1, 10, Duration.ofHours(2), 25, 50_000L),
                new BotDirectives("format-bot", false, null, overrides, List.of()).applyTo(declared));
        assertEquals(new Bot.Limits(3, 20, Duration.ofMinutes(30), 25, 7L),
                LimitOverrides.NONE.with("tokensPerCycle", "7").applyTo(Bot.Limits.DEFAULT), "a limit the bot leaves unset can be set");
    }

    @Test
    void theBoundsOfEachRangeAreAllowed() {
        LimitOverrides overrides = LimitOverrides.NONE.with("tasksPerCycle", "1").with("changesPerCycle", "100000")
                .with("toolIterations", "10000").with("tokensPerCycle", "1");
        assertFalse(overrides.isEmpty(), "a section that changes a limit makes the controller rebuild the bot");
        assertEquals(new Bot.Limits(1, 100_000, Duration.ofMinutes(30), 10_000, 1L), overrides.applyTo(Bot.Limits.DEFAULT));
        assertEquals(new Bot.Limits(100, 1, Duration.ofMinutes(30), 1, null),
                LimitOverrides.NONE.with("tasksPerCycle", "100").with("changesPerCycle", "1").with("toolIterations", "1")
                        .applyTo(new Bot.Limits(3, 20, Duration.ofMinutes(30), 25, null)));
    }

    @Test
    void badValuesSayWhatWasExpected() {
        assertEquals("expected a whole number from 1 to 100, got '0'",
                assertThrows(IllegalArgumentException.class, () -> LimitOverrides.NONE.with("tasksPerCycle", "0")).getMessage());
        assertEquals("expected a whole number from 1 to 10000, got '99999999999999999999'",
                assertThrows(IllegalArgumentException.class, () -> LimitOverrides.NONE.with("toolIterations", "99999999999999999999"))
                        .getMessage());
        assertEquals("expected a whole number from 1 to 100000, got '2.5'",
                assertThrows(IllegalArgumentException.class, () -> LimitOverrides.NONE.with("changesPerCycle", "2.5")).getMessage());
        assertEquals("expected a duration such as 90s, 5m or 2h, got '5 min'",
                assertThrows(IllegalArgumentException.class, () -> LimitOverrides.NONE.with("cycleTimeout", "5 min")).getMessage());
        assertEquals("changesPerCycle", LimitOverrides.canonicalName("CHANGESPERCYCLE"));
        assertEquals(null, LimitOverrides.canonicalName("changes"));
    }

    /** The directives file may change exactly the limits a Manybot declares, within the same ranges. */
    @Test
    void limitNamesAndRangesMatchTheManybotSchema() throws IOException {
        JsonNode limits = schema("manybot.schema.json").at("/properties/spec/properties/limits/properties");
        List<String> names = new ArrayList<>();
        limits.fieldNames().forEachRemaining(names::add);
        assertEquals(names, LimitOverrides.NAMES);
        assertEquals(List.of("tasksPerCycle", "changesPerCycle", "cycleTimeout", "toolIterations", "tokensPerCycle", "openProposals",
                "proposalsPerHour"), List.of(Bot.Limits.class.getRecordComponents()).stream().map(c -> c.getName()).toList());
        Map<String, Long> maxima = Map.of(
                "tasksPerCycle", (long) LimitOverrides.MAX_TASKS_PER_CYCLE,
                "changesPerCycle", (long) LimitOverrides.MAX_CHANGES_PER_CYCLE,
                "toolIterations", (long) LimitOverrides.MAX_TOOL_ITERATIONS,
                "openProposals", (long) LimitOverrides.MAX_PROPOSALS,
                "proposalsPerHour", (long) LimitOverrides.MAX_PROPOSALS);
        maxima.forEach((name, max) -> {
            assertEquals(1, limits.path(name).path("minimum").asLong(), name);
            assertEquals(max, limits.path(name).path("maximum").asLong(), name);
        });
        assertEquals(1, limits.path("tokensPerCycle").path("minimum").asLong());
        assertTrue(limits.path("tokensPerCycle").path("maximum").isMissingNode());
        assertEquals("common.schema.json#/$defs/duration", limits.path("cycleTimeout").path("$ref").asText());
    }

    @Test
    void botNamesAreTheNamesOfTheCommonSchema() throws IOException {
        JsonNode name = schema("common.schema.json").at("/$defs/name");
        assertEquals(name.path("pattern").asText(), DirectivesParser.BOT_NAME_PATTERN);
        assertEquals(name.path("maxLength").asInt(), DirectivesParser.BOT_NAME_MAX);
    }
}
