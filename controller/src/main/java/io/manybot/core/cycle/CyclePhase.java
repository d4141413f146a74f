package io.manybot.core.cycle;

/** The phases of a work cycle, in order (DESIGN.md section 5); {@link #DONE} once recorded. */
public enum CyclePhase {
    SENSE, PLAN, EXECUTE, GATE, VERIFY, LAND, REFLECT, RECORD, DONE;

    public boolean terminal() {
        return this == DONE;
    }
}
