package io.manybot.core.problem;

/** How bad a problem is: errors make a repository invalid, warnings do not. */
public enum Severity {
    ERROR,
    WARNING
}
