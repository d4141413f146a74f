package io.manybot.core.repo;

import java.io.IOException;

/** A file larger than the reader allows. */
public final class FileTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long size;
    private final long limit;

    public FileTooLargeException(String path, long size, long limit) {
        super(path + " is " + size + " bytes; the limit is " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    public long size() {
        return size;
    }

    public long limit() {
        return limit;
    }
}
