package io.manybot.core.llm;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.declaration.Bot;
import io.manybot.core.process.ProcessResult;
import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.repo.RepoPath;
import io.manybot.core.secret.SecretRedactor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The agent's tools, confined to one checkout. Paths are relative to the checkout root; absolute
 * paths, {@code ..}, anything under {@code .git}, and symbolic links that leave the checkout (or dangle)
 * are refused. A tool never throws at the agent: problems come back as a text starting with
 * {@code error:}. Every call is recorded as an {@link ExecutedStep} of kind {@code tool}; everything
 * recorded or returned passes through the {@link SecretRedactor}.
 */
public final class WorkspaceTools {
    public static final int READ_LIMIT_CHARS = 64 * 1024;
    public static final int WRITE_LIMIT_BYTES = 1024 * 1024;
    public static final int LIST_LIMIT = 500;
    public static final int SEARCH_LIMIT = 100;
    public static final long SEARCH_FILE_LIMIT_BYTES = 1024 * 1024;
    public static final int TEST_OUTPUT_LIMIT_CHARS = 16 * 1024;
    public static final int STEP_OUTPUT_LIMIT_CHARS = 2000;
    public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofMinutes(10);
    private static final int SEARCH_LINE_LIMIT_CHARS = 300;

    private final Path root;
    private final String taskId;
    private final Bot.TestCommand tests;
    private final TestCommandRunner testRunner;
    private final SecretRedactor redactor;
    private final Instant deadline;
    private final List<ExecutedStep> steps = new CopyOnWriteArrayList<>();

    /**
     * @param checkout the directory the agent may read and change
     * @param tests the bot's test command, or null
     * @param deadline after it, tools refuse to work (the agent should stop)
     * @throws IOException when the checkout cannot be resolved
     */
    public WorkspaceTools(Path checkout, String taskId, Bot.TestCommand tests, TestCommandRunner testRunner,
            SecretRedactor redactor, Instant deadline) throws IOException {
        this.root = checkout.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException("checkout " + checkout + " is not a directory");
        }
        this.taskId = taskId;
        this.tests = tests;
        this.testRunner = testRunner;
        this.redactor = redactor;
        this.deadline = deadline;
    }

    /** The calls so far, in order. */
    public List<ExecutedStep> steps() {
        return List.copyOf(steps);
    }

    @Tool("List the files under a directory of the repository, recursively (directories end with '/'). "
            + "Paths are relative to the repository root.")
    public String listFiles(@P(value = "directory relative to the repository root; empty or '.' for the root", required = false)
            String directory) {
        String shown = directory == null || directory.isBlank() ? "." : directory;
        return call("listFiles " + shown, () -> {
            Path start = resolve(directory == null || directory.isBlank() ? "" : directory);
            if (!Files.isDirectory(start)) {
                return Outcome.error("not a directory: " + shown);
            }
            List<String> entries = new ArrayList<>();
            int[] total = {0};
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    checkTime();
                    if (dir.equals(start)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (isGitDir(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    add(relative(dir) + "/");
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!isGitDir(file)) {
                        add(relative(file) + (attrs.isSymbolicLink() ? " (symbolic link)" : ""));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                private void add(String entry) {
                    total[0]++;
                    if (entries.size() < LIST_LIMIT) {
                        entries.add(entry);
                    }
                }
            });
            entries.sort(null);
            StringBuilder text = new StringBuilder(String.join("\n", entries));
            if (total[0] > entries.size()) {
                text.append("\n… ").append(total[0] - entries.size()).append(" more entries; list a subdirectory");
            }
            if (total[0] == 0) {
                text.append("(empty)");
            }
            return Outcome.ok(text.toString(), total[0] + " entries");
        });
    }

    @Tool("Read a text file of the repository (large files are cut).")
    public String readFile(@P("file path relative to the repository root") String path) {
        return call("readFile " + path, () -> {
            Path file = resolve(path);
            if (!Files.isRegularFile(file)) {
                return Outcome.error(Files.isDirectory(file) ? path + " is a directory" : "no such file: " + path);
            }
            byte[] bytes = Files.readAllBytes(file);
            if (isBinary(bytes)) {
                return Outcome.error(path + " is a binary file");
            }
            String text = redactor.redact(new String(bytes, StandardCharsets.UTF_8));
            String shown = text.length() > READ_LIMIT_CHARS
                    ? text.substring(0, READ_LIMIT_CHARS) + "\n… [cut: the file has " + text.length() + " characters]"
                    : text;
            return Outcome.ok(shown, bytes.length + " bytes, " + text.lines().count() + " lines");
        });
    }

    @Tool("Write a text file of the repository, replacing its whole content (parent directories are created).")
    public String writeFile(@P("file path relative to the repository root") String path,
            @P("the complete new content of the file") String content) {
        return call("writeFile " + path, () -> {
            if (content == null) {
                return Outcome.error("no content given");
            }
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > WRITE_LIMIT_BYTES) {
                return Outcome.error("content is " + bytes.length + " bytes; the limit is " + WRITE_LIMIT_BYTES);
            }
            if (redactor.containsSecret(content)) {
                return Outcome.error("the content holds a secret (an API key given to this agent); secrets may not be written to the repository");
            }
            Path file = resolve(path);
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                return Outcome.error(path + " is a directory");
            }
            boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write(bytes);
            }
            String message = (existed ? "replaced " : "created ") + relative(file) + " (" + bytes.length + " bytes)";
            return Outcome.ok(message, message);
        });
    }

    @Tool("Search the repository's text files for a Java regular expression; returns path:line: text for each matching line "
            + "(at most " + SEARCH_LIMIT + ").")
    public String searchFiles(@P("a Java regular expression matched against each line") String regex,
            @P(value = "a glob on paths relative to the root, e.g. src/**/*.py or *.md; empty for all files", required = false)
            String glob) {
        boolean allFiles = glob == null || glob.isBlank();
        return call("searchFiles /" + regex + "/" + (allFiles ? "" : " in " + glob), () -> {
            if (regex == null || regex.isEmpty()) {
                return Outcome.error("no regular expression given");
            }
            Pattern pattern;
            PathMatcher matcher;
            try {
                pattern = Pattern.compile(regex);
                matcher = allFiles ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob.trim());
            } catch (PatternSyntaxException e) {
                return Outcome.error("invalid regular expression: " + e.getDescription());
            } catch (IllegalArgumentException e) {
                return Outcome.error("invalid glob: " + e.getMessage());
            }
            List<String> hits = new ArrayList<>();
            int[] total = {0};
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    checkTime();
                    return isGitDir(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() || attrs.size() > SEARCH_FILE_LIMIT_BYTES) {
                        return FileVisitResult.CONTINUE;
                    }
                    Path rel = root.relativize(file);
                    if (matcher != null && !matcher.matches(rel) && !matcher.matches(rel.getFileName())) {
                        return FileVisitResult.CONTINUE;
                    }
                    checkTime();
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(file);
                    } catch (IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (isBinary(bytes)) {
                        return FileVisitResult.CONTINUE;
                    }
                    int number = 0;
                    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
                        number++;
                        Matcher m = pattern.matcher(new TimedCharSequence(line, deadline));
                        if (m.find()) {
                            total[0]++;
                            if (hits.size() < SEARCH_LIMIT) {
                                hits.add(relative(file) + ":" + number + ": "
                                        + cut(redactor.redact(line.strip()), SEARCH_LINE_LIMIT_CHARS));
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
            StringBuilder text = new StringBuilder(hits.isEmpty() ? "no matches" : String.join("\n", hits));
            if (total[0] > hits.size()) {
                text.append("\n… ").append(total[0] - hits.size()).append(" more matches; narrow the search");
            }
            return Outcome.ok(text.toString(), total[0] + " matches");
        });
    }

    @Tool("Run the repository's test command and return its exit status and output.")
    public String runTests() {
        String argv = tests == null ? "" : String.join(" ", tests.command());
        return call("runTests " + argv, () -> {
            if (tests == null || tests.command().isEmpty()) {
                return Outcome.error("this bot declares no test command");
            }
            Duration timeout = tests.timeout() == null ? DEFAULT_TEST_TIMEOUT : tests.timeout();
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.compareTo(timeout) < 0) {
                timeout = left;
            }
            ProcessResult result;
            try {
                result = testRunner.run(tests.command(), root, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.error("interrupted; stop now");
            }
            String output = result.output() == null ? "" : redactor.redact(result.output());
            String text = result.describe() + (result.succeeded() ? " (tests passed)" : " (tests failed)") + "\n"
                    + headAndTail(output, TEST_OUTPUT_LIMIT_CHARS);
            String recorded = result.describe() + "\n" + tail(output, STEP_OUTPUT_LIMIT_CHARS - 100);
            return new Outcome(result.succeeded(), text, recorded, result.exitCode());
        });
    }

    /**
     * Records a call langchain4j could not make (no such tool, arguments that do not parse) and gives the
     * error text for the model.
     */
    String rejected(String tool, String reason) {
        return call(tool + " (not run)", () -> Outcome.error(reason));
    }

    // ---- confinement

    /**
     * The real location of {@code input} inside the checkout. Every existing component is checked: a
     * symbolic link must resolve inside the checkout, and nothing may lie under {@code .git}.
     */
    Path resolve(String input) throws IOException {
        String normal = RepoPath.normalize(input == null ? "" : input.strip());
        if (hasGitSegment(normal)) {
            throw new PathRefusedException(input, ".git is refused: the repository's metadata is not the agent's to read or change");
        }
        Path current = root;
        boolean exists = true;
        for (String segment : normal.isEmpty() ? new String[0] : normal.split("/")) {
            Path next = current.resolve(segment);
            if (exists && Files.isSymbolicLink(next)) {
                Path target;
                try {
                    target = next.toRealPath();
                } catch (IOException e) {
                    throw new PathRefusedException(input, "symbolic link " + relative(next) + " points nowhere");
                }
                if (!target.startsWith(root)) {
                    throw new PathRefusedException(input, "symbolic link " + relative(next) + " leads outside the checkout");
                }
                next = target;
            } else if (exists && !Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                exists = false;
            }
            current = next;
        }
        if (!current.startsWith(root)) {
            throw new PathRefusedException(input, "leads outside the checkout");
        }
        if (hasGitSegment(root.relativize(current).toString().replace('\\', '/'))) {
            throw new PathRefusedException(input, "leads into .git through a symbolic link");
        }
        return current;
    }

    private static boolean hasGitSegment(String normal) {
        for (String segment : normal.split("/")) {
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGitDir(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).equals(".git");
    }

    private String relative(Path path) {
        String rel = root.relativize(path).toString().replace('\\', '/');
        return rel.isEmpty() ? "." : rel;
    }

    // ---- recording

    private record Outcome(boolean ok, String forModel, String recorded, Integer exitCode) {
        static Outcome ok(String forModel, String recorded) {
            return new Outcome(true, forModel, recorded, null);
        }

        static Outcome error(String message) {
            return new Outcome(false, "error: " + message, "error: " + message, null);
        }
    }

    @FunctionalInterface
    private interface Work {
        Outcome run() throws IOException;
    }

    /** Out of time or interrupted in the middle of a tool. */
    private static final class OutOfTime extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfTime() {
            super("out of time", null, false, false);
        }
    }

    private void checkTime() {
        if (Thread.currentThread().isInterrupted() || Instant.now().isAfter(deadline)) {
            throw new OutOfTime();
        }
    }

    private String call(String description, Work work) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            checkTime();
            outcome = work.run();
        } catch (OutOfTime e) {
            outcome = Outcome.error("out of time; stop calling tools and give your summary");
        } catch (PathRefusedException e) {
            outcome = Outcome.error(e.getMessage());
        } catch (IOException | RuntimeException e) {
            outcome = Outcome.error(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // Redact before cutting: a cut through a secret would leave a piece no redactor recognises.
        steps.add(new ExecutedStep(taskId, "tool", cut(redactor.redact(description), 200), outcome.exitCode(), outcome.ok(),
                cut(redactor.redact(outcome.recorded()), STEP_OUTPUT_LIMIT_CHARS), millis));
        return redactor.redact(outcome.forModel());
    }

    // ---- text helpers

    /** A NUL byte in the first 8 KiB, as git decides. */
    private static boolean isBinary(byte[] bytes) {
        int limit = Math.min(bytes.length, 8192);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    static String cut(String text, int limit) {
        if (text == null) {
            return "";
        }
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }

    static String tail(String text, int limit) {
        return text.length() <= limit ? text : "…" + text.substring(text.length() - limit);
    }

    static String headAndTail(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int half = limit / 2;
        return text.substring(0, half) + "\n… [" + (text.length() - limit) + " characters cut] …\n"
                + text.substring(text.length() - half);
    }

    /** Lets a runaway regular expression notice the deadline or an interrupt. */
    private static final class TimedCharSequence implements CharSequence {
        private final CharSequence text;
        private final Instant deadline;
        private int reads;

        TimedCharSequence(CharSequence text, Instant deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFFF) == 0 && (Thread.currentThread().isInterrupted() || Instant.now().isAfter(deadline))) {
                throw new OutOfTime();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new TimedCharSequence(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
