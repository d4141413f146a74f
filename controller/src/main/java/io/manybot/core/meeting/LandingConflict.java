package io.manybot.core.meeting;

import java.time.Instant;

/**
 * A landing of {@code bot} that conflicted on {@code path} with a commit of {@code against} (the other bot whose landing on the
 * path came after the cycle's base).
 */
public record LandingConflict(String path, String bot, String against, String cycleId, Instant at) {}
