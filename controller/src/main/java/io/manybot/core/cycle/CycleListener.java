package io.manybot.core.cycle;

/** Hears a cycle as it goes: each phase boundary (to persist it) and notable events. */
public interface CycleListener {

    /** The cycle as it stands at the start of a phase, and once more when done. */
    void phase(WorkCycle cycle);

    /** Something a person watching would want to read; {@code level} is info, warn or error. */
    void event(WorkCycle cycle, String level, String message);

    CycleListener NONE = new CycleListener() {
        @Override
        public void phase(WorkCycle cycle) {}

        @Override
        public void event(WorkCycle cycle, String level, String message) {}
    };
}
