package io.manybot.local.state;

/** What a person asks of a bot from the command line while (or before) the controller runs. */
public enum ControlAction {
    /** Run a cycle now. */
    TRIGGER,
    /** Start no new cycle until resumed (a cycle in progress finishes). */
    PAUSE,
    RESUME
}
