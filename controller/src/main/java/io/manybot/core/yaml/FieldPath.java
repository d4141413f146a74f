package io.manybot.core.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A path to a node inside a document: object keys and array indexes. Written two ways: as a JSON
 * pointer ({@code /spec/keyResults/0}) for lookups, and for people ({@code spec.keyResults[0]}).
 */
public final class FieldPath {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*");
    public static final FieldPath ROOT = new FieldPath(List.of());

    private final List<Object> elements;

    private FieldPath(List<Object> elements) {
        this.elements = elements;
    }

    public static FieldPath of(Object... elements) {
        FieldPath path = ROOT;
        for (Object element : elements) {
            path = element instanceof Integer index ? path.index(index) : path.key(element.toString());
        }
        return path;
    }

    public FieldPath key(String key) {
        return append(key);
    }

    public FieldPath index(int index) {
        return append(index);
    }

    private FieldPath append(Object element) {
        List<Object> next = new ArrayList<>(elements.size() + 1);
        next.addAll(elements);
        next.add(element);
        return new FieldPath(Collections.unmodifiableList(next));
    }

    public List<Object> elements() {
        return elements;
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    /** The JSON pointer (RFC 6901) of this path; "" for the root. */
    public String pointer() {
        StringBuilder out = new StringBuilder();
        for (Object element : elements) {
            out.append('/').append(element.toString().replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    /** The path as people write it: {@code spec.keyResults[0].target}, {@code filters["^docs/"]}. */
    public String display() {
        StringBuilder out = new StringBuilder();
        for (Object element : elements) {
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else if (PLAIN_KEY.matcher(element.toString()).matches()) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(element);
            } else {
                out.append("[\"").append(element.toString().replace("\"", "\\\"")).append("\"]");
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath path && path.elements.equals(elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String toString() {
        return display();
    }
}
