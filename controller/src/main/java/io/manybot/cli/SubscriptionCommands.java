package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Located;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.WorkingTree;
import io.manybot.local.RuntimeSubscriptions;
import io.manybot.local.state.BotState;
import io.manybot.local.state.StateJson;
import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code subscribe} and {@code subscriptions list|show|pause|resume|delete}: runtime subscriptions, kept
 * in the local state (or, with {@code --server}, by a running controller's HTTP API) next to the ones
 * declared in git, which are read-only here.
 */
final class SubscriptionCommands {
    private SubscriptionCommands() {}

    /** What every subscription command shares: where (local state or server), output streams. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        StateOptions state;

        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int error(String message, int code) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("manybot: " + message);
            err.flush();
            return code;
        }

        /** The declarations of the repository's working tree (--repo), when it has a declarations directory; else none. */
        Declarations declared() {
            if (io.manybot.core.mirror.RepositoryMirrors.isUrl(state.repository)
                    || !Files.isDirectory(java.nio.file.Path.of(state.repository).resolve(DeclarationLoader.DEFAULT_DIRECTORY))) {
                return Declarations.EMPTY;
            }
            try {
                return new DeclarationLoader().load(new WorkingTree(java.nio.file.Path.of(state.repository)), DeclarationLoader.DEFAULT_DIRECTORY,
                        new ArrayList<>());
            } catch (Exception e) {
                return Declarations.EMPTY;
            }
        }

        Optional<String> declaredFile(Declarations declared, String name) {
            return Optional.ofNullable(declared.subscriptions().get(name)).map(located -> located.location().file());
        }

        /** With --namespace, the cluster's subscriptions are Kubernetes resources: an INVALID exit with the kubectl to use; else null. */
        Integer refuseInCluster(String command) {
            if (!server.remote()) {
                return null;
            }
            String refused = server.home().subscriptionWritesRefused(command);
            return refused == null ? null : error(refused, ExitCodes.INVALID);
        }

        int refuseDeclared(String name, String file) {
            return error("subscription '" + name + "' is declared in " + file + "; change it in git", ExitCodes.INVALID);
        }

        static ObjectNode json(Subscription subscription, String source, String file) {
            ObjectNode node = StateJson.MAPPER.valueToTree(subscription);
            node.put("source", source);
            if (file != null) {
                node.put("file", file);
            }
            return node;
        }

        /** Declared (from --repo) then runtime (from the state) subscriptions, as the API lists them. */
        ArrayNode localList(StateStore store) {
            Declarations declared = declared();
            ArrayNode list = StateJson.MAPPER.createArrayNode();
            Set<String> names = new TreeSet<>();
            declared.subscriptions().values().stream().map(Located::value).sorted(Comparator.comparing(Subscription::name))
                    .forEach(s -> {
                        names.add(s.name());
                        list.add(json(s, "declared", declaredFile(declared, s.name()).orElse(null)));
                    });
            store.subscriptions().stream().filter(s -> !names.contains(s.name())).forEach(s -> list.add(json(s, "runtime", null)));
            return list;
        }
    }

    @Command(name = "subscribe", mixinStandardHelpOptions = true,
            description = {"Subscribe BOT to repository events at run time.",
                "A cycle starts on each matching push, pull request, issue comment, or on a cron schedule. Kept in the",
                "local state (or by --server), next to the subscriptions declared in .manybot/; `manybot subscriptions`",
                "lists, pauses, resumes and deletes them."})
    static final class Subscribe extends Base {
        @Parameters(index = "0", paramLabel = "BOT", description = "The bot to start.")
        String bot;

        @Option(names = "--trigger", required = true, paramLabel = "EVENT",
                description = "push, pull_request, issue_comment or schedule.")
        String trigger;

        @Option(names = "--branch", paramLabel = "GLOB", description = "Branches whose events count (default: the bot's branch).")
        String branch;

        @Option(names = "--path", paramLabel = "GLOB", description = "Only events touching these paths (repeatable).")
        List<String> paths = new ArrayList<>();

        @Option(names = "--schedule", paramLabel = "CRON", description = "Five-field cron expression (UTC), with --trigger schedule.")
        String schedule;

        @Option(names = "--repository", paramLabel = "URL", description = "Another repository whose events count (default: the bot's).")
        String repository;

        @Option(names = "--name", paramLabel = "NAME", description = "The subscription's name (default: BOT-TRIGGER).")
        String name;

        @Override
        public Integer call() throws Exception {
            Integer refused = refuseInCluster("manybot subscribe");
            if (refused != null) {
                return refused;
            }
            String subscription = name != null ? name : (bot + "-" + trigger).toLowerCase(Locale.ROOT).replace('_', '-');
            ObjectNode body = StateJson.MAPPER.createObjectNode();
            body.put("name", subscription);
            ObjectNode spec = body.putObject("spec");
            spec.put("bot", bot);
            spec.put("trigger", trigger);
            if (branch != null) {
                spec.put("branch", branch);
            }
            if (!paths.isEmpty()) {
                ArrayNode array = spec.putArray("paths");
                paths.forEach(array::add);
            }
            if (schedule != null) {
                spec.put("schedule", schedule);
            }
            if (repository != null) {
                spec.put("repository", repository);
            }
            if (server.remote()) {
                try {
                    JsonNode created = server.client().post("/subscriptions", body, null);
                    out().println("subscription " + created.path("name").asText(subscription) + " created: " + describe(created));
                } catch (ApiClient.ApiException e) {
                    return StatusCommand.fail(this.spec, e);
                }
                out().flush();
                return ExitCodes.OK;
            }
            try (StateStore store = state.open()) {
                Declarations declared = declared();
                Set<String> bots = new TreeSet<>(declared.bots().keySet());
                store.bots().stream().map(BotState::name).forEach(bots::add);
                RuntimeSubscriptions.Checked checked = RuntimeSubscriptions.check(body, bots);
                if (!checked.ok()) {
                    StringBuilder text = new StringBuilder("invalid subscription");
                    for (Problem p : checked.problems()) {
                        text.append("\n  ").append(p.field().isEmpty() ? "" : p.field() + ": ").append(p.message());
                    }
                    return error(text.toString(), ExitCodes.INVALID);
                }
                Optional<String> file = declaredFile(declared, checked.subscription().name());
                if (file.isPresent()) {
                    return refuseDeclared(checked.subscription().name(), file.get());
                }
                if (!store.addSubscription(checked.subscription())) {
                    return error("a subscription named '" + checked.subscription().name() + "' exists already", ExitCodes.INVALID);
                }
                out().println("subscription " + checked.subscription().name() + " created: "
                        + describe(json(checked.subscription(), "runtime", null)));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    /** "push on main, paths src/**" etc. */
    static String describe(JsonNode s) {
        StringBuilder text = new StringBuilder(s.path("bot").asText()).append(" on ")
                .append(s.path("trigger").asText().toLowerCase(Locale.ROOT));
        if (s.hasNonNull("branch")) {
            text.append(", branch ").append(s.get("branch").asText());
        }
        if (s.path("paths").size() > 0) {
            List<String> paths = new ArrayList<>();
            s.get("paths").forEach(p -> paths.add(p.asText()));
            text.append(", paths ").append(String.join(" ", paths));
        }
        if (s.hasNonNull("schedule")) {
            text.append(", schedule '").append(s.get("schedule").asText()).append("'");
        }
        if (s.path("suspend").asBoolean(false)) {
            text.append(" (paused)");
        }
        return text.toString();
    }

    @Command(name = "subscriptions", mixinStandardHelpOptions = true,
            description = "List, show, pause, resume and delete subscriptions (declared ones in .manybot/ are read-only here).",
            subcommands = {ListSubscriptions.class, Show.class, Pause.class, Resume.class, Delete.class})
    static final class Subscriptions implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected a subcommand: list, show, pause, resume or delete");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The subscriptions, declared and runtime, one line each.")
    static final class ListSubscriptions extends Base {
        @Option(names = "--json", description = "Print them as a JSON array.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode list;
            String where;
            if (server.remote()) {
                RemoteHome home = server.home();
                try {
                    list = home.subscriptions();
                } catch (ApiClient.ApiException e) {
                    return StatusCommand.fail(spec, e);
                }
                where = home.where();
            } else {
                try (StateStore store = state.open()) {
                    list = localList(store);
                }
                where = "in the state at " + state.directory();
            }
            PrintWriter out = out();
            if (json) {
                out.println(StateJson.writePretty(list));
            } else if (list.isEmpty()) {
                out.println("No subscriptions " + where + ".");
            } else {
                Table table = new Table("NAME", "BOT", "TRIGGER", "BRANCH", "PATHS", "SCHEDULE", "SOURCE", "STATE");
                for (JsonNode s : list) {
                    List<String> paths = new ArrayList<>();
                    s.path("paths").forEach(p -> paths.add(p.asText()));
                    table.row(s.path("name").asText(), s.path("bot").asText(), s.path("trigger").asText().toLowerCase(Locale.ROOT),
                            s.hasNonNull("branch") ? s.get("branch").asText() : "-", paths.isEmpty() ? "-" : String.join(",", paths),
                            s.hasNonNull("schedule") ? s.get("schedule").asText() : "-", s.path("source").asText(),
                            s.path("suspend").asBoolean(false) ? "paused" : "active");
                }
                table.print(out, "");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one subscription.")
    static final class Show extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print it as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode s = null;
            if (server.remote()) {
                try {
                    s = server.home().subscription(name);
                } catch (ApiClient.ApiException e) {
                    return StatusCommand.fail(spec, e);
                }
            } else {
                try (StateStore store = state.open()) {
                    for (JsonNode node : localList(store)) {
                        if (node.path("name").asText().equals(name)) {
                            s = node;
                        }
                    }
                }
                if (s == null) {
                    return error("no subscription " + name + " in the state at " + state.directory()
                            + " (`manybot subscriptions list` shows them)", ExitCodes.INVALID);
                }
            }
            PrintWriter out = out();
            if (json) {
                out.println(StateJson.writePretty(s));
            } else {
                out.println("Name:       " + s.path("name").asText());
                out.println("Bot:        " + s.path("bot").asText());
                out.println("Trigger:    " + s.path("trigger").asText().toLowerCase(Locale.ROOT));
                out.println("Repository: " + (s.hasNonNull("repository") ? s.get("repository").asText() : "(the bot's)"));
                out.println("Branch:     " + (s.hasNonNull("branch") ? s.get("branch").asText() : "(the bot's)"));
                List<String> paths = new ArrayList<>();
                s.path("paths").forEach(p -> paths.add(p.asText()));
                out.println("Paths:      " + (paths.isEmpty() ? "(any)" : String.join(", ", paths)));
                if (s.hasNonNull("schedule")) {
                    out.println("Schedule:   " + s.get("schedule").asText() + " (UTC)");
                }
                out.println("State:      " + (s.path("suspend").asBoolean(false) ? "paused" : "active"));
                out.println("Source:     " + s.path("source").asText() + (s.hasNonNull("file") ? " (" + s.get("file").asText() + ")" : ""));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** Pause, resume or delete: the same shape locally and over the API. */
    abstract static class Change extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        abstract String verb();

        abstract boolean local(StateStore store);

        abstract JsonNode remote(ApiClient client, String path) throws ApiClient.ApiException;

        @Override
        public Integer call() throws Exception {
            Integer refused = refuseInCluster("manybot subscriptions " + spec.name());
            if (refused != null) {
                return refused;
            }
            if (server.remote()) {
                ApiClient client = server.client();
                try {
                    remote(client, "/subscriptions/" + ApiClient.segment(name));
                } catch (ApiClient.ApiException e) {
                    if (e.status == 404) {
                        return error("no subscription " + name + " at " + client.server(), ExitCodes.INVALID);
                    }
                    return StatusCommand.fail(spec, e);
                }
            } else {
                try (StateStore store = state.open()) {
                    Optional<String> file = declaredFile(declared(), name);
                    if (file.isPresent()) {
                        return refuseDeclared(name, file.get());
                    }
                    if (!local(store)) {
                        return error("no subscription " + name + " in the state at " + state.directory()
                                + " (`manybot subscriptions list` shows them)", ExitCodes.INVALID);
                    }
                }
            }
            out().println("subscription " + name + ": " + verb());
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a runtime subscription: its events start no cycle.")
    static final class Pause extends Change {
        String verb() {
            return "paused";
        }

        boolean local(StateStore store) {
            return store.suspendSubscription(name, true);
        }

        JsonNode remote(ApiClient client, String path) throws ApiClient.ApiException {
            return client.post(path + "/pause", null, null);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused runtime subscription.")
    static final class Resume extends Change {
        String verb() {
            return "resumed";
        }

        boolean local(StateStore store) {
            return store.suspendSubscription(name, false);
        }

        JsonNode remote(ApiClient client, String path) throws ApiClient.ApiException {
            return client.post(path + "/resume", null, null);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a runtime subscription.")
    static final class Delete extends Change {
        String verb() {
            return "deleted";
        }

        boolean local(StateStore store) {
            return store.deleteSubscription(name);
        }

        JsonNode remote(ApiClient client, String path) throws ApiClient.ApiException {
            return client.delete(path, null);
        }
    }
}
