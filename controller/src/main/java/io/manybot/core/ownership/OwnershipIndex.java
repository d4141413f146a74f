package io.manybot.core.ownership;

import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.repo.FileTooLargeException;
import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.repo.RepoPath;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.schema.FileFormat;
import io.manybot.core.schema.SchemaCatalog;
import io.manybot.core.yaml.ParsedYaml;
import io.manybot.core.yaml.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ownership of every path of a repository tree: all OWNERS files, OWNERS_ALIASES and CODEOWNERS,
 * read once. The chain of OWNERS files governing each directory is computed when the index is built,
 * so resolving a path costs one lookup plus the Prow filters that apply to it.
 * Immutable once built; safe to share between threads.
 */
public final class OwnershipIndex {
    public static final String OWNERS = "OWNERS";

    private final Map<String, OwnersFile> byDirectory;
    private final Set<String> treeDirectories;
    private final Map<String, DirectoryOwnership> directories;
    private final OwnersAliases aliases;
    private final CodeOwners codeOwners;
    private final List<Problem> problems;
    private final OwnershipFiles ownershipFiles;

    private OwnershipIndex(
            Map<String, OwnersFile> byDirectory, Set<String> knownDirectories, OwnersAliases aliases,
            CodeOwners codeOwners, List<Problem> problems) {
        this.ownershipFiles = OwnershipFiles.DEFAULT;
        this.byDirectory = byDirectory;
        this.aliases = aliases;
        this.codeOwners = codeOwners;
        this.problems = List.copyOf(problems);
        this.treeDirectories = Set.copyOf(knownDirectories);
        this.directories = new ConcurrentHashMap<>(knownDirectories.size() * 2);
        for (String directory : knownDirectories) {
            directoryOwnership(directory);
        }
    }

    /** The same index, whose verdicts treat {@code files} as ownership files (a home's declarations directory). */
    private OwnershipIndex(OwnershipIndex index, OwnershipFiles files) {
        this.ownershipFiles = files;
        this.byDirectory = index.byDirectory;
        this.aliases = index.aliases;
        this.codeOwners = index.codeOwners;
        this.problems = index.problems;
        this.treeDirectories = index.treeDirectories;
        this.directories = index.directories;
    }

    /**
     * This index for a home whose declarations are read from {@code files}' directory: a bot's change to one of them goes to
     * review like any ownership file's. Shares everything already read.
     */
    public OwnershipIndex withOwnershipFiles(OwnershipFiles files) {
        return files.equals(ownershipFiles) ? this : new OwnershipIndex(this, files);
    }

    /** The paths this index's verdicts treat as ownership files. */
    public OwnershipFiles ownershipFiles() {
        return ownershipFiles;
    }

    /** Reads every ownership file of {@code tree}. Problems are kept in {@link #problems()}. */
    public static OwnershipIndex load(RepositoryTree tree) throws IOException {
        return load(tree, tree.files());
    }

    /** As {@link #load(RepositoryTree)}, with the tree's file list already at hand. */
    public static OwnershipIndex load(RepositoryTree tree, List<String> files) throws IOException {
        List<Problem> problems = new ArrayList<>();
        OwnersAliases aliases = files.contains(OwnersAliases.FILE) ? readAliases(tree, problems) : OwnersAliases.NONE;
        List<String> ownersPaths = new ArrayList<>();
        Set<String> directories = new HashSet<>();
        directories.add("");
        for (String file : files) {
            String directory = RepoPath.parent(file);
            while (directories.add(directory)) {
                directory = RepoPath.parent(directory);
            }
            if (RepoPath.fileName(file).equals(OWNERS)) {
                ownersPaths.add(file);
            }
        }
        OwnersFileReader reader = new OwnersFileReader(aliases);
        List<Read> reads = ownersPaths.parallelStream().map(path -> read(tree, reader, path)).toList();
        Map<String, OwnersFile> byDirectory = new LinkedHashMap<>();
        for (Read read : reads) {
            problems.addAll(read.problems());
            byDirectory.put(read.file().directory(), read.file());
        }
        CodeOwners codeOwners = null;
        for (String location : CodeOwners.LOCATIONS) {
            if (files.contains(location)) {
                codeOwners = readCodeOwners(tree, location, problems);
                break;
            }
        }
        problems.sort(Problem.BY_LOCATION);
        return new OwnershipIndex(byDirectory, directories, aliases, codeOwners, problems);
    }

    private record Read(OwnersFile file, List<Problem> problems) {}

    private static Read read(RepositoryTree tree, OwnersFileReader reader, String path) {
        List<Problem> problems = new ArrayList<>();
        try {
            byte[] content = tree.read(path, YamlReader.MAX_BYTES);
            return new Read(reader.read(path, content, problems), problems);
        } catch (FileTooLargeException e) {
            return broken(path, "file is " + e.size() + " bytes; the limit is " + e.limit() + " bytes", problems);
        } catch (PathRefusedException e) {
            return broken(path, e.reason(), problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Read broken(String path, String message, List<Problem> problems) {
        Problem problem = Problem.error(SourceLocation.wholeFile(path), "", message);
        problems.add(problem);
        return new Read(new BrokenOwners(path, problem), problems);
    }

    private static OwnersAliases readAliases(RepositoryTree tree, List<Problem> problems) throws IOException {
        ParsedYaml parsed;
        try {
            parsed = YamlReader.read(OwnersAliases.FILE, tree.read(OwnersAliases.FILE, YamlReader.MAX_BYTES));
        } catch (FileTooLargeException | PathRefusedException e) {
            problems.add(Problem.error(SourceLocation.wholeFile(OwnersAliases.FILE), "", e.getMessage()));
            return OwnersAliases.NONE;
        }
        problems.addAll(parsed.problems());
        if (!parsed.ok()) {
            return OwnersAliases.NONE;
        }
        if (parsed.documents().size() != 1) {
            problems.add(Problem.error(new SourceLocation(OwnersAliases.FILE, 1, 1), "",
                    parsed.documents().isEmpty() ? "empty OWNERS_ALIASES file: expected 'aliases:'"
                            : "OWNERS_ALIASES holds one YAML document; found " + parsed.documents().size()));
            return OwnersAliases.NONE;
        }
        List<Problem> schemaProblems = SchemaCatalog.get().validate(parsed.documents().get(0), FileFormat.OWNERS_ALIASES);
        problems.addAll(schemaProblems);
        return schemaProblems.isEmpty() ? OwnersAliases.read(parsed.documents().get(0), problems) : OwnersAliases.NONE;
    }

    private static CodeOwners readCodeOwners(RepositoryTree tree, String location, List<Problem> problems) throws IOException {
        try {
            byte[] content = tree.read(location, YamlReader.MAX_BYTES);
            return CodeOwners.read(location, new String(content, StandardCharsets.UTF_8), problems);
        } catch (FileTooLargeException | PathRefusedException e) {
            problems.add(Problem.error(SourceLocation.wholeFile(location), "", e.getMessage()));
            return null;
        }
    }

    public List<Problem> problems() {
        return problems;
    }

    public Collection<OwnersFile> files() {
        return byDirectory.values();
    }

    public OwnersAliases aliases() {
        return aliases;
    }

    /** The CODEOWNERS file in use, or null. */
    public CodeOwners codeOwners() {
        return codeOwners;
    }

    /** The directories of the tree the index was built from ("" is the root), sorted. */
    public java.util.SortedSet<String> directories() {
        java.util.SortedSet<String> all = new java.util.TreeSet<>(treeDirectories);
        all.add("");
        return all;
    }

    /** Whether {@code path} is a directory of the tree the index was built from. */
    public boolean isDirectory(String path) {
        return path.isEmpty() || treeDirectories.contains(path);
    }

    /**
     * Who governs {@code path} (a file, or a directory of the tree).
     *
     * @throws PathRefusedException for paths that leave the repository
     */
    public OwnershipResolution resolve(String path) {
        String normalized = RepoPath.normalize(path);
        DirectoryOwnership directory = directoryOwnership(isDirectory(normalized) ? normalized : RepoPath.parent(normalized));
        if (directory.chain().isEmpty()) {
            return codeOwnersResolution(normalized);
        }
        return directory.resolutionFor(normalized);
    }

    private OwnershipResolution codeOwnersResolution(String path) {
        CodeOwners.Rule rule = codeOwners == null ? null : codeOwners.match(path).orElse(null);
        if (rule == null) {
            return new OwnershipResolution(path, OwnershipResolution.Source.NONE, List.of(), List.of(), List.of(),
                    List.of(), List.of(), List.of(), Policies.NONE, null);
        }
        return new OwnershipResolution(path, OwnershipResolution.Source.CODEOWNERS, List.of(), rule.owners(), List.of(),
                List.of(), List.of(), List.of(), Policies.NONE, rule);
    }

    /**
     * Whether {@code path} is an ownership file (OWNERS, OWNERS_ALIASES, CODEOWNERS, or under
     * {@code .manybot/}), which bots change only through review. A home with another declarations directory asks
     * {@link #isOwnership(String)} or its {@link OwnershipFiles}.
     */
    public static boolean isOwnershipFile(String path) {
        return OwnershipFiles.DEFAULT.contains(path);
    }

    /** Whether this index's verdicts treat {@code path} as an ownership file (bots change it only through review). */
    public boolean isOwnership(String path) {
        return ownershipFiles.contains(path);
    }

    /** What {@code principal} may do with {@code path}, and why. */
    public Verdict verdict(String path, Principal principal) {
        return Verdicts.decide(resolve(path), principal, ownershipFiles);
    }

    private DirectoryOwnership directoryOwnership(String directory) {
        DirectoryOwnership known = directories.get(directory);
        if (known != null) {
            return known;
        }
        List<String> missing = new ArrayList<>();
        String current = directory;
        DirectoryOwnership above = null;
        while (true) {
            above = directories.get(current);
            if (above != null) {
                break;
            }
            missing.add(current);
            if (current.isEmpty()) {
                break;
            }
            current = RepoPath.parent(current);
        }
        Map<String, DirectoryOwnership> computed = new HashMap<>();
        for (int i = missing.size() - 1; i >= 0; i--) {
            String dir = missing.get(i);
            OwnersFile own = byDirectory.get(dir);
            List<OwnersFile> parentChain = above == null ? List.of() : above.chain();
            List<OwnersFile> chain;
            if (own == null) {
                chain = parentChain;
            } else if (own.noParentOwners() && !(own instanceof ProwOwners)) {
                // A Prow file's no_parent_owners stops each list only where the file contributes to it
                // (DirectoryOwnership.summarize); a manybot-format file always names a primary owner.
                chain = List.of(own);
            } else {
                List<OwnersFile> withParents = new ArrayList<>(parentChain.size() + 1);
                withParents.add(own);
                withParents.addAll(parentChain);
                chain = List.copyOf(withParents);
            }
            above = own == null && above != null ? above : DirectoryOwnership.of(chain);
            computed.put(dir, above);
        }
        directories.putAll(computed);
        return directories.get(directory);
    }
}
