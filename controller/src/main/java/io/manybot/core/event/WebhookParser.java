package io.manybot.core.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.manybot.core.event.RepositoryEvent.Comment;
import io.manybot.core.event.RepositoryEvent.Commit;
import io.manybot.core.event.RepositoryEvent.PullRequest;
import io.manybot.core.event.RepositoryEvent.Push;
import io.manybot.core.event.RepositoryEvent.RefusedPath;
import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.repo.RepoPath;
import io.manybot.core.event.RepositoryEvent.Repository;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the body of a verified webhook delivery into a {@link RepositoryEvent}.
 *
 * <ul>
 *   <li>GitHub ({@code X-GitHub-Event}): {@code push}, {@code pull_request}, {@code issue_comment}
 *       (action {@code created}). JSON bodies, or form bodies ({@code payload=<json>}) as GitHub sends
 *       with content type {@code application/x-www-form-urlencoded}.</li>
 *   <li>GitLab ({@code X-Gitlab-Event}, else the body's {@code object_kind}): {@code Push Hook},
 *       {@code Tag Push Hook}, {@code Merge Request Hook}, {@code Note Hook}.</li>
 * </ul>
 * Any other event ({@code ping}, {@code star}, edited comments, …) is {@link Ignored}. A body that is
 * not JSON, or lacks a field the event needs, is {@link Malformed} with a message naming the JSON
 * problem (line and column) or the field; such messages quote no payload text beyond a few characters
 * and are masked (see {@link LogText}). Thread-safe.
 */
public final class WebhookParser {
    /** GitHub lists at most this many commits in a push payload. */
    static final int GITHUB_MAX_COMMITS = 2048;
    private static final String ZEROS = "0000000000000000000000000000000000000000";
    /** Quoted payload text in a Jackson message (Jackson's own phrases have spaces). */
    private static final Pattern QUOTED = Pattern.compile("'[^'\\s]{4,}'");
    private static final Pattern UNRECOGNIZED = Pattern.compile("(?s)Unrecognized token '(.*)': was expecting (.*)");
    /** Jackson's own words worth keeping in quotes; any other quoted text (payload text) is dropped. */
    private static final java.util.Set<String> KEPT = java.util.Set.of("'null'", "'true'", "'false'", "'NaN'");
    /** Jackson's location in a message ({@code [Source: …; line: 1, column: 2]}): only line and column are kept. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; (line: \\d+, column: \\d+)\\]");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** What a body turned out to be. */
    public sealed interface ParseResult permits Parsed, Ignored, Malformed {}

    public record Parsed(RepositoryEvent event) implements ParseResult {}

    /** An event manybot does not act on. */
    public record Ignored(String eventName, String why) implements ParseResult {}

    public record Malformed(String reason) implements ParseResult {}

    /** A field missing or of the wrong type. */
    private static final class MissingField extends RuntimeException {
        MissingField(String message) {
            super(message, null, false, false);
        }
    }

    public ParseResult parse(Provider provider, WebhookHeaders headers, byte[] body) {
        return parse(provider, headers.eventName(provider), headers.deliveryId(provider), headers.contentType(), body);
    }

    /**
     * @param eventName the provider's event header (GitLab: may be null, then {@code object_kind} decides)
     * @param deliveryId kept in the event, may be null
     * @param contentType the request's content type, may be null (JSON is assumed)
     */
    public ParseResult parse(Provider provider, String eventName, String deliveryId, String contentType, byte[] body) {
        if (provider == Provider.GITHUB && (eventName == null || eventName.isBlank())) {
            return new Malformed("missing " + WebhookHeaders.GITHUB_EVENT + " header");
        }
        JsonNode root;
        try {
            root = read(contentType, body == null ? new byte[0] : body);
        } catch (BadBody e) {
            return new Malformed(e.getMessage());
        }
        try {
            return provider == Provider.GITHUB ? github(eventName.trim(), deliveryId, root) : gitlab(eventName, deliveryId, root);
        } catch (MissingField e) {
            return new Malformed(LogText.line(e.getMessage(), 300));
        }
    }

    private static final class BadBody extends Exception {
        BadBody(String message) {
            super(message, null, false, false);
        }
    }

    private static JsonNode read(String contentType, byte[] body) throws BadBody {
        byte[] json = body;
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            json = formPayload(new String(body, StandardCharsets.UTF_8));
        }
        if (json.length == 0) {
            throw new BadBody("empty body: expected a JSON object");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadBody(jsonProblem(e));
        } catch (IOException e) {
            throw new BadBody("unreadable body: " + e.getClass().getSimpleName());
        }
        if (root == null || root.isMissingNode()) {
            throw new BadBody("empty body: expected a JSON object");
        }
        if (!root.isObject()) {
            throw new BadBody("malformed JSON: expected an object at the top level, found " + describe(root));
        }
        return root;
    }

    private static byte[] formPayload(String form) throws BadBody {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("payload")) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new BadBody("malformed form body: the payload parameter is not URL-encoded properly");
                }
            }
        }
        throw new BadBody("form body without a 'payload' parameter");
    }

    /** "malformed JSON at line L, column C: what", with no more than a few characters of the body in it. */
    static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        message = SOURCE.matcher(message).replaceAll("$1");
        Matcher token = UNRECOGNIZED.matcher(message);
        if (token.matches()) {
            message = "Unrecognized token of " + token.group(1).length() + " characters: was expecting " + token.group(2);
        } else if (message.startsWith("Trailing token")) {
            message = "more content after the end of the JSON value";
        }
        message = QUOTED.matcher(message).replaceAll(m -> KEPT.contains(m.group()) ? m.group() : "(…)");
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return LogText.line("malformed JSON" + where + ": " + message, 300);
    }

    // ------------------------------------------------------------------ GitHub

    private ParseResult github(String event, String deliveryId, JsonNode root) {
        switch (event) {
            case "push":
                return new Parsed(githubPush(deliveryId, root));
            case "pull_request":
                return new Parsed(githubPullRequest(deliveryId, root));
            case "pull_request_review": {
                // A submitted review becomes a pull request event whose action is the review's state (changes_requested,
                // approved, commented): it updates a proposal's state and triggers no cycle.
                String action = optional(root, "action");
                if (action != null && !action.equals("submitted")) {
                    return new Ignored("pull_request_review", "review " + LogText.line(action, 40) + ": only submitted reviews are read");
                }
                PullRequest pr = githubPullRequest(deliveryId, root);
                String state = optional(root.path("review"), "state");
                return new Parsed(new PullRequest(pr.provider(), pr.deliveryId(), "pull_request_review", pr.repository(), pr.number(),
                        state == null ? "commented" : state.toLowerCase(java.util.Locale.ROOT), pr.headBranch(), pr.baseBranch(),
                        pr.headSha(), pr.title(), pr.author(), pr.sender(), pr.merged(), pr.draft()));
            }
            case "issue_comment": {
                String action = optional(root, "action");
                if (action != null && !action.equals("created")) {
                    return new Ignored("issue_comment", "comment " + LogText.line(action, 40) + ": only new comments are read");
                }
                return new Parsed(githubComment(deliveryId, root));
            }
            default:
                return new Ignored(LogText.line(event, 100), "GitHub event " + LogText.line(event, 100) + " is not acted on");
        }
    }

    private static Repository githubRepository(JsonNode root) {
        JsonNode repo = object(root, "repository");
        List<String> urls = new ArrayList<>();
        urls.add(optional(repo, "clone_url"));
        urls.add(optional(repo, "ssh_url"));
        return new Repository(required(repo, "full_name", "repository.full_name"), optional(repo, "html_url"),
                RepositoryEvent.distinct(urls), optional(repo, "default_branch"));
    }

    private static Push githubPush(String deliveryId, JsonNode root) {
        Repository repository = githubRepository(root);
        String ref = required(root, "ref", "ref");
        String before = optional(root, "before");
        String after = optional(root, "after");
        List<Commit> commits = new ArrayList<>();
        List<RefusedPath> refused = new ArrayList<>();
        JsonNode list = root.get("commits");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new MissingField("'commits' is not an array");
            }
            for (int i = 0; i < list.size(); i++) {
                commits.add(githubCommit(list.get(i), "commits[" + i + "]", refused));
            }
        }
        JsonNode head = root.get("head_commit");
        if (commits.isEmpty() && head != null && head.isObject()) {
            commits.add(githubCommit(head, "head_commit", refused));
        }
        boolean deleted = flag(root, "deleted") || ZEROS.equals(after);
        String pusher = optional(root.path("pusher"), "name");
        String sender = optional(root.path("sender"), "login");
        return new Push(Provider.GITHUB, deliveryId, "push", repository, ref, branchOf(ref), tagOf(ref), before, after, commits,
                pusher != null ? pusher : sender, sender, flag(root, "created") || ZEROS.equals(before), deleted,
                flag(root, "forced"), deleted || commits.size() < GITHUB_MAX_COMMITS, null, refused);
    }

    private static Commit githubCommit(JsonNode commit, String at, List<RefusedPath> refused) {
        if (!commit.isObject()) {
            throw new MissingField("'" + at + "' is not an object");
        }
        JsonNode author = commit.path("author");
        String login = optional(author, "username");
        String id = required(commit, "id", at + ".id");
        return new Commit(id, optional(commit, "message"),
                login != null ? login : optional(author, "name"),
                paths(commit, "added", at, id, refused), paths(commit, "modified", at, id, refused),
                paths(commit, "removed", at, id, refused));
    }

    private static PullRequest githubPullRequest(String deliveryId, JsonNode root) {
        Repository repository = githubRepository(root);
        JsonNode pr = object(root, "pull_request");
        int number = root.has("number") ? integer(root, "number", "number") : integer(pr, "number", "pull_request.number");
        JsonNode head = object(pr, "head", "pull_request.head");
        JsonNode base = object(pr, "base", "pull_request.base");
        return new PullRequest(Provider.GITHUB, deliveryId, "pull_request", repository, number,
                required(root, "action", "action"), required(head, "ref", "pull_request.head.ref"),
                required(base, "ref", "pull_request.base.ref"), optional(head, "sha"), optional(pr, "title"),
                optional(pr.path("user"), "login"), optional(root.path("sender"), "login"), flag(pr, "merged"), flag(pr, "draft"));
    }

    private static Comment githubComment(String deliveryId, JsonNode root) {
        Repository repository = githubRepository(root);
        JsonNode issue = object(root, "issue");
        JsonNode comment = object(root, "comment");
        boolean onPullRequest = issue.hasNonNull("pull_request");
        String author = optional(comment.path("user"), "login");
        return new Comment(Provider.GITHUB, deliveryId, "issue_comment", repository,
                onPullRequest ? Comment.Target.PULL_REQUEST : Comment.Target.ISSUE, integer(issue, "number", "issue.number"),
                null, null, required(comment, "body", "comment.body"),
                author != null ? author : optional(root.path("sender"), "login"));
    }

    // ------------------------------------------------------------------ GitLab

    private ParseResult gitlab(String header, String deliveryId, JsonNode root) {
        String kind = optional(root, "object_kind");
        String event = header != null && !header.isBlank() ? header.trim() : kind;
        if (event == null) {
            return new Malformed("missing " + WebhookHeaders.GITLAB_EVENT + " header and no 'object_kind' in the body");
        }
        switch (event) {
            case "Push Hook", "push", "Tag Push Hook", "tag_push":
                return new Parsed(gitlabPush(event, deliveryId, root));
            case "Merge Request Hook", "merge_request":
                return new Parsed(gitlabMergeRequest(event, deliveryId, root));
            case "Note Hook", "note": {
                String action = optional(root.path("object_attributes"), "action");
                if (action != null && !action.equals("create")) {
                    return new Ignored(event, "note " + LogText.line(action, 40) + ": only new notes are read");
                }
                return new Parsed(gitlabNote(event, deliveryId, root));
            }
            default:
                return new Ignored(LogText.line(event, 100), "GitLab event " + LogText.line(event, 100) + " is not acted on");
        }
    }

    private static Repository gitlabRepository(JsonNode root) {
        JsonNode project = object(root, "project");
        List<String> urls = new ArrayList<>();
        urls.add(optional(project, "git_http_url"));
        urls.add(optional(project, "git_ssh_url"));
        return new Repository(required(project, "path_with_namespace", "project.path_with_namespace"),
                optional(project, "web_url"), RepositoryEvent.distinct(urls), optional(project, "default_branch"));
    }

    private static Push gitlabPush(String event, String deliveryId, JsonNode root) {
        Repository repository = gitlabRepository(root);
        String ref = required(root, "ref", "ref");
        String before = optional(root, "before");
        String after = optional(root, "after");
        List<Commit> commits = new ArrayList<>();
        List<RefusedPath> refused = new ArrayList<>();
        JsonNode list = root.get("commits");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new MissingField("'commits' is not an array");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode commit = list.get(i);
                String at = "commits[" + i + "]";
                if (!commit.isObject()) {
                    throw new MissingField("'" + at + "' is not an object");
                }
                String id = required(commit, "id", at + ".id");
                commits.add(new Commit(id, optional(commit, "message"), optional(commit.path("author"), "name"),
                        paths(commit, "added", at, id, refused), paths(commit, "modified", at, id, refused),
                        paths(commit, "removed", at, id, refused)));
            }
        }
        boolean deleted = ZEROS.equals(after);
        int total = root.path("total_commits_count").isInt() ? root.get("total_commits_count").asInt() : commits.size();
        String user = optional(root, "user_username");
        return new Push(Provider.GITLAB, deliveryId, event, repository, ref, branchOf(ref), tagOf(ref), before, after, commits,
                user != null ? user : optional(root, "user_name"), user, ZEROS.equals(before), deleted, false,
                deleted || commits.size() >= total, null, refused);
    }

    private static PullRequest gitlabMergeRequest(String event, String deliveryId, JsonNode root) {
        Repository repository = gitlabRepository(root);
        JsonNode mr = object(root, "object_attributes");
        String action = optional(mr, "action");
        String state = optional(mr, "state");
        boolean merged = "merge".equals(action) || "merged".equals(state);
        String normalized = action == null ? (state == null ? "unknown" : state) : switch (action) {
            case "open" -> "opened";
            case "reopen" -> "reopened";
            case "close", "merge" -> "closed";
            case "update" -> mr.hasNonNull("oldrev") ? "synchronize" : "edited";
            default -> action;
        };
        String sender = optional(root.path("user"), "username");
        boolean draft = flag(mr, "draft") || flag(mr, "work_in_progress");
        return new PullRequest(Provider.GITLAB, deliveryId, event, repository, integer(mr, "iid", "object_attributes.iid"),
                normalized, required(mr, "source_branch", "object_attributes.source_branch"),
                required(mr, "target_branch", "object_attributes.target_branch"), optional(mr.path("last_commit"), "id"),
                optional(mr, "title"), null, sender, merged, draft);
    }

    private static Comment gitlabNote(String event, String deliveryId, JsonNode root) {
        Repository repository = gitlabRepository(root);
        JsonNode note = object(root, "object_attributes");
        String type = optional(note, "noteable_type");
        Comment.Target target;
        Integer number = null;
        String commit = null;
        String baseBranch = null;
        if ("MergeRequest".equals(type)) {
            target = Comment.Target.PULL_REQUEST;
            JsonNode mr = object(root, "merge_request");
            number = integer(mr, "iid", "merge_request.iid");
            baseBranch = optional(mr, "target_branch");
        } else if ("Issue".equals(type)) {
            target = Comment.Target.ISSUE;
            number = integer(object(root, "issue"), "iid", "issue.iid");
        } else if ("Commit".equals(type)) {
            target = Comment.Target.COMMIT;
            commit = optional(root.path("commit"), "id");
        } else {
            target = Comment.Target.OTHER;
        }
        return new Comment(Provider.GITLAB, deliveryId, event, repository, target, number, commit, baseBranch,
                required(note, "note", "object_attributes.note"), optional(root.path("user"), "username"));
    }

    // ------------------------------------------------------------------ helpers

    static String branchOf(String ref) {
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null;
    }

    static String tagOf(String ref) {
        return ref.startsWith("refs/tags/") ? ref.substring("refs/tags/".length()) : null;
    }

    private static JsonNode object(JsonNode parent, String field) {
        return object(parent, field, field);
    }

    private static JsonNode object(JsonNode parent, String field, String shown) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MissingField("missing field '" + shown + "'");
        }
        if (!node.isObject()) {
            throw new MissingField("field '" + shown + "' is " + describe(node) + ", expected an object");
        }
        return node;
    }

    private static String required(JsonNode parent, String field, String shown) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MissingField("missing field '" + shown + "'");
        }
        if (!node.isTextual()) {
            throw new MissingField("field '" + shown + "' is " + describe(node) + ", expected a string");
        }
        return node.asText();
    }

    /** The text of {@code field}, or null when absent, null or not a string. */
    private static String optional(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static int integer(JsonNode parent, String field, String shown) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MissingField("missing field '" + shown + "'");
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new MissingField("field '" + shown + "' is " + describe(node) + ", expected an integer");
        }
        return node.asInt();
    }

    private static boolean flag(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isBoolean() && node.asBoolean();
    }

    /**
     * The paths of {@code commit.field}, each normalised by {@link RepoPath#normalize} as every other
     * path is; one it refuses ({@code ..}, absolute, backslash, NUL) goes to {@code refused} instead.
     */
    private static List<String> paths(JsonNode commit, String field, String at, String commitId, List<RefusedPath> refused) {
        JsonNode node = commit.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new MissingField("field '" + at + "." + field + "' is " + describe(node) + ", expected an array of paths");
        }
        List<String> paths = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode path = node.get(i);
            if (!path.isTextual()) {
                throw new MissingField("field '" + at + "." + field + "[" + i + "]' is " + describe(path) + ", expected a path");
            }
            try {
                String normal = RepoPath.normalize(path.asText());
                if (normal.isEmpty()) {
                    throw new PathRefusedException(path.asText(), "names the repository root, not a file");
                }
                paths.add(normal);
            } catch (PathRefusedException e) {
                refused.add(new RefusedPath(commitId, path.asText(), e.reason()));
            }
        }
        return paths;
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }
}
