package io.manybot.core.cycle;

/** Sums up a finished cycle: outcomes, lessons and the next focus. */
public interface Reflector {

    Reflection reflect(WorkCycle cycle) throws InterruptedException;
}
