package io.manybot.core.repo;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A tree as it would be with some files added or replaced: what a command validates before it writes them. */
public final class OverlayTree implements RepositoryTree {
    private final RepositoryTree base;
    private final Map<String, byte[]> files;

    /** @param files repository-relative paths and their new contents */
    public OverlayTree(RepositoryTree base, Map<String, byte[]> files) {
        this.base = base;
        this.files = new TreeMap<>();
        files.forEach((path, content) -> this.files.put(RepoPath.normalize(path), content.clone()));
    }

    @Override
    public String describe() {
        return base.describe() + " with " + files.size() + " new file(s)";
    }

    @Override
    public List<String> files() throws IOException {
        TreeSet<String> all = new TreeSet<>(base.files());
        all.addAll(files.keySet());
        return List.copyOf(all);
    }

    @Override
    public boolean isFile(String path) throws IOException {
        return files.containsKey(RepoPath.normalize(path)) || base.isFile(path);
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        byte[] content = files.get(RepoPath.normalize(path));
        if (content == null) {
            return base.read(path, maxBytes);
        }
        if (content.length > maxBytes) {
            throw new FileTooLargeException(path, content.length, maxBytes);
        }
        return content.clone();
    }
}
