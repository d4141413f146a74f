package io.manybot.core.cycle;

import java.util.List;

/** What a cycle learned: fed to the next plan. */
public record Reflection(List<String> outcomes, List<String> lessons, String nextFocus) {

    public Reflection {
        outcomes = List.copyOf(outcomes);
        lessons = List.copyOf(lessons);
    }
}
