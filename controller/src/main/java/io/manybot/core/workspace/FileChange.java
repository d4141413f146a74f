package io.manybot.core.workspace;

import io.manybot.core.cycle.ChangedFile;

/** A working file of a checkout that differs from the checkout's base commit. */
public record FileChange(String path, ChangedFile.Change change) {}
