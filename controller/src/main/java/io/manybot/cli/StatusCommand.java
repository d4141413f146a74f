package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.BotState;
import io.manybot.local.state.DirectivesState;
import io.manybot.local.state.StateJson;
import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Show every bot the local controller knows, and the live directives in force.",
            "Per bot: mode, phase (Paused, CircuitOpen or what it is doing), goal, goal progress, whether the goal",
            "is at risk, the last cycle and its outcome, and the bot's age; then the live directives (MARATHON.md):",
            "version, content hash, when applied, the last rejected edit's error, and the bots they pause",
            "(PHASE Paused(directives), apart from `manybot pause`). REPO (a path) picks the repository whose",
            "state to read, as --repo does; BOT (a name) shows only that bot."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    StateOptions state;

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "BOT|REPO",
            description = "Show only this bot; or, given a path (., ./x, /path/to/repo, an existing directory), the bots of that repository.")
    String bot;

    @Option(names = "--json", description = "Print the bots as JSON (an array; with --directives, the directives as an object).")
    boolean json;

    @Option(names = "--directives", description = "Show only the live directives in force (version, hash, applied at, last error, paused bots).")
    boolean directivesOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ManybotCommand root;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (server.remote()) {
            if (directivesOnly) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--directives reads the local state; it does not go with --server");
            }
            return remote(spec, server, bot, json, out, ManybotCommand.now(root));
        }
        if (bot != null && looksLikeRepository(bot)) {
            // `status /path/to/repo`, as `validate` and `goals` take the repository
            if (state.stateDirectory != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "'" + bot + "' is a path: give the repository"
                        + " or --state-dir, not both (bot names hold no '/')");
            }
            state.repository = bot;
            bot = null;
        }
        Instant now = ManybotCommand.now(root);
        try (StateStore store = state.open()) {
            List<BotState> bots = store.bots();
            Optional<DirectivesState> directives = store.directives();
            if (directivesOnly) {
                if (json) {
                    out.println(directives.map(d -> StateJson.writePretty(directivesJson(d, bots))).orElse("null"));
                } else if (directives.isEmpty()) {
                    out.println("No directives recorded in the state at " + state.directory() + ".");
                } else {
                    printDirectives(out, directives.get(), bots);
                }
            } else {
                List<Listed> listed = listed(store, bots, directives, now);
                if (bot != null) {
                    listed = listed.stream().filter(l -> l.bot().name().equals(bot)).toList();
                    if (listed.isEmpty()) {
                        PrintWriter err = spec.commandLine().getErr();
                        err.println("manybot: unknown bot '" + bot + "' in the state at " + state.directory() + "; "
                                + StateOptions.knownBots(bots.stream().map(BotState::name).toList()));
                        err.flush();
                        return ExitCodes.INVALID;
                    }
                }
                printBots(out, listed, json, now, "No bots in the state at " + state.directory() + ".");
                if (!json) {
                    printProposals(out, store.proposals(bot).stream().filter(p -> !p.state().finished()).toList());
                    List<io.manybot.core.team.TeamStatus> team = listed.stream().map(Listed::team).filter(t -> t != null).toList();
                    if (bot == null) {
                        TeamSection.printTree(out, team.stream().map(t -> new TeamSection.Row(t.bot(), io.manybot.core.team.TeamSummary.of(t))).toList());
                    } else {
                        team.forEach(t -> TeamSection.printBot(out, t, now));
                    }
                }
            }
            if (!json && !directivesOnly && directives.isPresent()) {
                out.println();
                printDirectives(out, directives.get(), bots);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The proposals whose pull requests are open or wait (a limit, a rate limit, a refusal), with the reason. */
    static void printProposals(PrintWriter out, List<io.manybot.core.review.Proposal> proposals) {
        if (proposals.isEmpty()) {
            return;
        }
        out.println();
        Table table = new Table("BOT", "PROPOSAL", "PULL-REQUEST", "STATE", "WHY");
        for (io.manybot.core.review.Proposal p : proposals) {
            table.row(p.bot(), p.branch(), p.number() == null ? "-" : "#" + p.number() + (p.url() == null ? "" : " " + p.url()),
                    p.state().id(), p.reason() == null ? "" : p.reason());
        }
        table.print(out, "");
    }

    /** A path rather than a bot name: bot names are DNS labels, never '.', never with a '/'; or an existing directory. */
    static boolean looksLikeRepository(String argument) {
        if (argument.contains("/") || argument.equals(".") || argument.equals("..")) {
            return true;
        }
        try {
            Path path = Path.of(argument);
            return Files.isDirectory(path) && (Files.exists(path.resolve(".git")) || Files.exists(path.resolve(".manybot")));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** A bot as `list` and `status` show it: its state, its last cycle's outcome, whether directives pause it. */
    /** @param lastLanding how the last cycle landed ({@link io.manybot.core.cycle.Landing#describe()}), or null when nothing was tried */
    /** @param team the bot's place in its team (parent, children, queue, inbox, scratchpad), or null when not known */
    record Listed(BotState bot, String lastCycleOutcome, boolean pausedByDirectives, String lastLanding, io.manybot.core.team.TeamStatus team) {
        Listed(BotState bot, String lastCycleOutcome, boolean pausedByDirectives) {
            this(bot, lastCycleOutcome, pausedByDirectives, null, null);
        }

        Listed(BotState bot, String lastCycleOutcome, boolean pausedByDirectives, String lastLanding) {
            this(bot, lastCycleOutcome, pausedByDirectives, lastLanding, null);
        }
    }

    static List<Listed> listed(StateStore store, List<BotState> bots, Optional<DirectivesState> directives, Instant now) {
        io.manybot.local.state.StoredTeam stored = new io.manybot.local.state.StoredTeam(store);
        java.util.Map<String, String> parents = stored.parents();
        io.manybot.core.team.BoardSnapshot board = stored.load();
        return bots.stream().map(bot -> {
            Optional<WorkCycle> last = lastCycle(store, bot);
            return new Listed(bot, last.map(StatusCommand::outcome).orElse(null), directives.map(d -> d.pauses(bot.name())).orElse(false),
                    last.map(StatusCommand::landing).orElse(null), io.manybot.core.team.TeamStatus.of(bot.name(), parents, board, now));
        }).toList();
    }

    /** How the cycle's change landed or why it did not, when it got to landing on a moved target or landed; else null. */
    static String landing(WorkCycle cycle) {
        return cycle.landing() == null ? null : cycle.landing().summary();
    }

    /** The bots as a table (one line each) or, with {@code json}, as a JSON array. */
    static void printBots(PrintWriter out, List<Listed> bots, boolean json, Instant now, String none) {
        if (json) {
            ArrayNode array = StateJson.MAPPER.createArrayNode();
            for (Listed listed : bots) {
                ObjectNode node = StateJson.MAPPER.valueToTree(listed.bot());
                node.put("status", phase(listed.bot(), now, listed.pausedByDirectives()));
                node.put("lastCycleOutcome", listed.lastCycleOutcome());
                node.put("pausedByDirectives", listed.pausedByDirectives());
                node.put("lastLanding", listed.lastLanding());
                if (listed.team() != null && listed.team().inTeam()) {
                    node.set("team", StateJson.MAPPER.valueToTree(listed.team()));
                }
                array.add(node);
            }
            out.println(StateJson.writePretty(array));
        } else if (bots.isEmpty()) {
            out.println(none);
        } else {
            Table table = new Table("NAME", "MODE", "PHASE", "GOAL", "PROGRESS", "AT-RISK", "LAST-CYCLE", "AGE");
            for (Listed listed : bots) {
                BotState bot = listed.bot();
                String lastCycle = bot.lastCycleId() == null ? "-"
                        : bot.lastCycleId() + (listed.lastCycleOutcome() == null ? "" : " " + listed.lastCycleOutcome())
                                + (listed.lastLanding() == null || listed.lastLanding().equals("direct") ? "" : " (" + listed.lastLanding() + ")");
                table.row(bot.name(), bot.mode(), phase(bot, now, listed.pausedByDirectives()), bot.goal(), percent(bot.progress()),
                        bot.atRisk() == null ? "-" : bot.atRisk() ? "yes" : "no", lastCycle, age(bot.createdAt(), now));
            }
            table.print(out, "");
            for (Listed listed : bots) {
                if (listed.bot().message() != null) {
                    out.println(listed.bot().name() + ": " + listed.bot().message());
                }
            }
        }
    }

    /** {@code status} / {@code list} against a server (its bots, or only {@code bot}), shown as the local state is. */
    static int remote(CommandLine.Model.CommandSpec spec, ServerOptions server, String bot, boolean json, PrintWriter out, Instant now) {
        RemoteHome home = server.home();
        JsonNode array;
        try {
            array = bot == null ? home.bots() : StateJson.MAPPER.createArrayNode().add(home.bot(bot));
        } catch (ApiClient.ApiException e) {
            return fail(spec, e);
        }
        List<Listed> bots = new java.util.ArrayList<>();
        for (JsonNode node : array) {
            bots.add(new Listed(botState(node), node.hasNonNull("lastCycleOutcome") ? node.get("lastCycleOutcome").asText() : null,
                    node.path("pausedByDirectives").asBoolean(false), node.hasNonNull("lastLanding") ? node.get("lastLanding").asText() : null));
        }
        printBots(out, bots, json, now, "No bots " + home.where() + ".");
        if (bot == null && !json) {
            // the team table, from each bot's team in short (a server too old to give one prints none)
            List<TeamSection.Row> rows = new java.util.ArrayList<>();
            array.forEach(node -> rows.add(TeamSection.row(node)));
            TeamSection.printTree(out, rows);
        }
        if (bot != null && !json) {
            try {
                io.manybot.core.team.TeamStatus team = home.team(bot);
                if (team != null) {
                    TeamSection.printBot(out, team, now);
                }
            } catch (ApiClient.ApiException e) {
                if (e.status != 404) { // an older server without /team: the bot's line is all there is
                    return fail(spec, e);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A bot of the HTTP API's JSON as the state holds it. */
    static BotState botState(JsonNode node) {
        return new BotState(node.path("name").asText(), text(node, "mode"), text(node, "goal"), node.path("paused").asBoolean(false),
                text(node, "phase"), node.hasNonNull("progress") ? node.get("progress").asDouble() : null,
                node.hasNonNull("atRisk") ? node.get("atRisk").asBoolean() : null, text(node, "lastCycleId"),
                instant(node, "lastCycleAt"), instant(node, "createdAt"), node.path("consecutiveFailures").asInt(0),
                instant(node, "circuitOpenUntil"), instant(node, "nextCycleAt"), null, text(node, "message"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Prints an API failure as the command line prints errors; its exit code. */
    static int fail(CommandLine.Model.CommandSpec spec, ApiClient.ApiException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("manybot: " + e.getMessage());
        err.flush();
        return e.exitCode;
    }

    private static Optional<WorkCycle> lastCycle(StateStore store, BotState bot) {
        if (bot.lastCycleId() == null) {
            return Optional.empty();
        }
        try {
            return store.cycle(bot.lastCycleId()).filter(c -> c.id().equals(bot.lastCycleId()));
        } catch (IllegalArgumentException ambiguous) {
            return Optional.empty();
        }
    }

    /** The outcome, or "running" while the cycle has none. */
    static String outcome(WorkCycle cycle) {
        return cycle.outcome() != null ? cycle.outcome().name() : "running";
    }

    static String phase(BotState bot, Instant now) {
        return phase(bot, now, Optional.empty());
    }

    /** Paused (by `manybot pause`), Paused(directives), CircuitOpen, or what the bot is doing. */
    static String phase(BotState bot, Instant now, Optional<DirectivesState> directives) {
        return phase(bot, now, directives.map(d -> d.pauses(bot.name())).orElse(false));
    }

    static String phase(BotState bot, Instant now, boolean pausedByDirectives) {
        if (bot.paused()) {
            return "Paused";
        }
        if (pausedByDirectives) {
            return bot.phase() == null || bot.phase().equals("Paused") || bot.phase().equals("Idle") ? "Paused(directives)"
                    : bot.phase() + ",stopping";
        }
        if (bot.circuitOpen(now)) {
            return "CircuitOpen";
        }
        return bot.phase() == null ? "-" : bot.phase();
    }

    private static ObjectNode directivesJson(DirectivesState d, List<BotState> bots) {
        ObjectNode node = StateJson.MAPPER.valueToTree(d);
        node.put("shortHash", d.shortHash());
        ArrayNode paused = node.putArray("botsPaused");
        (d.paused() ? bots.stream().map(BotState::name).toList() : d.pausedBots()).forEach(paused::add);
        return node;
    }

    private static void printDirectives(PrintWriter out, DirectivesState d, List<BotState> bots) {
        if (d.contentHash() == null) {
            out.println("Directives: none in force");
        } else {
            out.println("Directives: version " + (d.version() == null ? "(none)" : d.version()) + ", hash " + d.shortHash()
                    + ", applied " + d.appliedAt() + " from " + d.source() + (d.paused() ? " — status: paused (every bot)" : ""));
        }
        List<String> paused = d.paused() ? bots.stream().map(BotState::name).toList() : d.pausedBots();
        if (!paused.isEmpty()) {
            out.println("Paused by directives: " + String.join(", ", paused));
        }
        if (d.lastError() != null) {
            out.println("Last edit rejected at " + d.lastErrorAt() + ": " + d.lastError() + " (the directives above stay in force)");
        }
    }

    static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.0f%%", value);
    }

    /** Like kubectl: 45s, 12m, 3h, 2d. */
    static String age(Instant since, Instant now) {
        if (since == null) {
            return "-";
        }
        long seconds = Math.max(0, Duration.between(since, now).getSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 120 * 60) {
            return seconds / 60 + "m";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
