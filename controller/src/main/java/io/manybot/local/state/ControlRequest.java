package io.manybot.local.state;

import java.time.Instant;

/** A pending request for the running controller ({@link StateStore#takeControlRequests()}). */
public record ControlRequest(long id, String bot, ControlAction action, Instant requestedAt) {}
