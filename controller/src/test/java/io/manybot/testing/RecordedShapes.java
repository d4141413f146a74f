package io.manybot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The response shapes recorded from a host's API documentation, kept under {@code src/test/resources/<host>-api/}. */
final class RecordedShapes {
    private RecordedShapes() {}

    /** The text of {@code <host>-api/<name>}; fails naming the missing file. */
    static String read(String host, String name) {
        String path = host + "-api/" + name;
        try (InputStream in = RecordedShapes.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
