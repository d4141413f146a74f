package io.manybot.core.workspace;

import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Repositories, snapshots and readers shared by the workspace tests. */
final class Fixtures {
    static final PersonIdent BOT = new PersonIdent("manybot:fixer", "fixer@bots.manybot.io");
    static final Map<String, String> FILES = Map.of(
            "README.md", "# demo\n",
            ".gitignore", "__pycache__/\n*.pyc\nbuild/\n",
            "src/app.py", "print('app')\n",
            "src/util.py", "def util():\n    return 1\n",
            "docs/guide.md", "guide\n");

    private Fixtures() {}

    /** A repository with a working tree at {@code dir}, branch main, {@link #FILES} committed. */
    static RevCommit workTree(Path dir) {
        GitRepos.write(dir, FILES);
        return GitRepos.initAndCommit(dir, "initial");
    }

    /** A bare clone of a fresh {@link #workTree} (made next to it). */
    static Path bare(Path dir) throws Exception {
        Path seed = dir.resolveSibling(dir.getFileName() + "-seed");
        workTree(seed);
        Git.cloneRepository().setURI(seed.toUri().toString()).setDirectory(dir.toFile()).setBare(true).call().close();
        return dir;
    }

    /** Every file under {@code root} with its content hash and modification time; .git only for its index and HEAD. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                if (relative.startsWith(".git/") && !relative.equals(".git/index") && !relative.equals(".git/HEAD")) {
                    continue;
                }
                files.put(relative, sha256(Files.readAllBytes(path)) + " @" + Files.getLastModifiedTime(path).toMillis());
            }
        }
        return files;
    }

    /** Loose objects (objects/xx/...) in a repository's own object directory. */
    static long looseObjects(Path objectsDirectory) throws IOException {
        try (Stream<Path> all = Files.walk(objectsDirectory)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}"))
                    .count();
        }
    }

    /** Whether {@code objectsDirectory} holds any pack. */
    static boolean hasPacks(Path objectsDirectory) throws IOException {
        Path packs = objectsDirectory.resolve("pack");
        if (!Files.isDirectory(packs)) {
            return false;
        }
        try (Stream<Path> all = Files.list(packs)) {
            return all.findAny().isPresent();
        }
    }

    /** The content of {@code path} at {@code commit}, or null when absent. */
    static String read(Repository repository, ObjectId commit, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(commit);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, parsed.getTree())) {
                if (tree == null) {
                    return null;
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0));
                return new String(loader.getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Every file path at {@code commit}. */
    static List<String> paths(Repository repository, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            List<String> paths = new java.util.ArrayList<>();
            while (tree.next()) {
                paths.add(tree.getPathString());
            }
            return paths;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
