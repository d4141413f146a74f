package io.manybot.core.cycle;

/** Time spent in one phase. */
public record PhaseTiming(CyclePhase phase, long millis) {}
