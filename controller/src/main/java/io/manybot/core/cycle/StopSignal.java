package io.manybot.core.cycle;

import java.util.function.BooleanSupplier;

/**
 * A {@link CycleRequest#stopRequested()} that also says why a cycle should stop (shutdown, a pause
 * in the live directives), so that the stopped cycle's error names the cause. A plain
 * {@link BooleanSupplier} counts as shutdown.
 */
public interface StopSignal extends BooleanSupplier {

    /** Why the cycle should stop, e.g. "shutdown" or "a pause in the directives"; read only after {@link #getAsBoolean()} said true. */
    String reason();

    /** The reason {@code stop} gives, or "shutdown" for a plain supplier. */
    static String reasonOf(BooleanSupplier stop) {
        if (stop instanceof StopSignal signal) {
            String reason = signal.reason();
            return reason == null || reason.isBlank() ? "shutdown" : reason;
        }
        return "shutdown";
    }
}
