package io.manybot.core.validation;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.Located;
import io.manybot.core.declaration.Measurement;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.Glob;
import io.manybot.core.problem.Problem;
import io.manybot.core.yaml.FieldPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks across declarations and of values a schema cannot judge: references between kinds,
 * parent cycles, key results whose direction contradicts their numbers, cron expressions, regular
 * expressions and globs.
 */
final class DeclarationChecks {
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private DeclarationChecks() {}

    static List<Problem> check(Declarations declarations) {
        return check(declarations, true);
    }

    /**
     * @param references whether to check references between declarations (Goal, parent, bot); off for
     *     declarations read one at a time, whose references are resolved live (the cluster home)
     */
    static List<Problem> check(Declarations declarations, boolean references) {
        List<Problem> problems = new ArrayList<>();
        for (Located<Goal> goal : declarations.goals().values()) {
            checkGoal(goal, declarations, references, problems);
        }
        checkParentCycles(declarations.goals(), g -> g.parent(), "Goal", problems);
        for (Located<Bot> bot : declarations.bots().values()) {
            checkBot(bot, declarations, references, problems);
        }
        checkParentCycles(declarations.bots(), b -> b.parent(), "Manybot", problems);
        checkTeamDepth(declarations.bots(), problems);
        for (Located<Subscription> subscription : declarations.subscriptions().values()) {
            checkSubscription(subscription, declarations, references, problems);
        }
        for (Located<io.manybot.core.declaration.Meeting> meeting : declarations.meetings().values()) {
            MeetingChecks.check(meeting, declarations, references, problems);
        }
        return problems;
    }

    private static void checkGoal(Located<Goal> located, Declarations declarations, boolean references, List<Problem> problems) {
        Goal goal = located.value();
        FieldPath spec = FieldPath.of("spec");
        if (!goal.deadline().isAfter(goal.start())) {
            problems.add(located.document().error(spec.key("deadline"), "the deadline must come after the start"));
        }
        if (references && goal.parent() != null && !declarations.goals().containsKey(goal.parent()) && !declarations.isRejected("Goal", goal.parent())) {
            problems.add(located.document().error(spec.key("parent"),
                    "no Goal named '" + goal.parent() + "'" + known(declarations.goals())));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < goal.keyResults().size(); i++) {
            KeyResult kr = goal.keyResults().get(i);
            FieldPath at = spec.key("keyResults").index(i);
            if (!names.add(kr.name())) {
                problems.add(located.document().error(at.key("name"), "key result '" + kr.name() + "' is declared twice in this goal"));
            }
            if (kr.target() == kr.baseline()) {
                problems.add(located.document().error(at.key("target"), "the target equals the baseline (" + number(kr.baseline()) + "): nothing to achieve"));
            } else if (kr.direction() == KeyResult.Direction.INCREASE && kr.target() < kr.baseline()) {
                problems.add(located.document().error(at.key("direction"), "direction is increase but the target "
                        + number(kr.target()) + " is below the baseline " + number(kr.baseline()) + "; expected direction: decrease"));
            } else if (kr.direction() == KeyResult.Direction.DECREASE && kr.target() > kr.baseline()) {
                problems.add(located.document().error(at.key("direction"), "direction is decrease but the target "
                        + number(kr.target()) + " is above the baseline " + number(kr.baseline()) + "; expected direction: increase"));
            }
            if (kr.deadline() != null && !kr.deadline().isAfter(goal.start())) {
                problems.add(located.document().error(at.key("deadline"), "the key result's deadline must come after the goal's start"));
            }
            if (kr.measurement() != null) {
                checkMeasurement(kr.measurement(), located, at.key("measurement"), problems);
            }
        }
    }

    private static void checkMeasurement(Measurement m, Located<Goal> located, FieldPath at, List<Problem> problems) {
        boolean command = !m.command().isEmpty();
        boolean script = m.script() != null;
        if (command == script) {
            problems.add(located.document().error(at, command
                    ? "give either command or script, not both"
                    : "a measurement needs a command (argv) or a script"));
        }
        if (m.regex() != null && m.jsonPointer() != null) {
            problems.add(located.document().error(at.key("jsonPointer"), "give either regex or jsonPointer, not both"));
        }
        if (m.regex() != null) {
            try {
                Pattern.compile(m.regex());
            } catch (PatternSyntaxException e) {
                problems.add(located.document().error(at.key("regex"),
                        "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex()));
            }
        }
    }

    /** A declared review host needs a repository url that names a repository on it, and at most one local token source. */
    private static void checkReviewHost(Located<Bot> located, FieldPath repository, List<Problem> problems) {
        Bot.Repository repo = located.value().repository();
        Bot.ReviewHost review = repo.review();
        if (review.host() != null && (repo.url() == null || repo.url().isBlank())) {
            problems.add(located.document().error(repository.key("host"), "host " + review.host()
                    + " needs spec.repository.url: the repository whose pull requests it opens (https://HOST/OWNER/REPO.git)"));
            return;
        }
        try {
            io.manybot.core.review.ReviewTarget.of(repo);
        } catch (IllegalArgumentException e) {
            problems.add(located.document().error(repository.key(review.host() != null ? "host" : "url"), e.getMessage()));
        }
        if (review.tokenEnv() != null && review.tokenFile() != null) {
            problems.add(located.document().error(repository.key("tokenFile"), "declare the API token once: tokenEnv or tokenFile, not both"));
        }
    }

    private static void checkBot(Located<Bot> located, Declarations declarations, boolean references, List<Problem> problems) {
        Bot bot = located.value();
        FieldPath spec = FieldPath.of("spec");
        if (references && !declarations.goals().containsKey(bot.goal()) && !declarations.isRejected("Goal", bot.goal())) {
            problems.add(located.document().error(spec.key("goal"), "no Goal named '" + bot.goal() + "'" + known(declarations.goals())));
        }
        if (references && bot.parent() != null && !declarations.bots().containsKey(bot.parent()) && !declarations.isRejected("Manybot", bot.parent())) {
            problems.add(located.document().error(spec.key("parent"), "no Manybot named '" + bot.parent() + "'" + known(declarations.bots())));
        }
        if (bot.schedule().minSleep().compareTo(bot.schedule().maxSleep()) > 0) {
            problems.add(located.document().error(spec.key("schedule").key("minSleep"), "minSleep is longer than maxSleep"));
        }
        checkGlobs(bot.owns(), located, spec.key("owns"), problems);
        checkReviewHost(located, spec.key("repository"), problems);
        checkAgentCli(located, spec.key("executor"), problems);
    }

    /** An agent-CLI bot whose CLI is not installed here: a warning with the install command (it may be installed where it runs). */
    private static void checkAgentCli(Located<Bot> located, FieldPath executor, List<Problem> problems) {
        Bot bot = located.value();
        String missing = io.manybot.core.executor.cli.CliInstallations.missing(bot, System.getenv("PATH"));
        if (missing != null) {
            problems.add(located.document().warning(executor.key("type"), missing));
        }
        Bot.Model model = bot.executor().model();
        if (bot.executor().type() == Bot.ExecutorType.LLM && model != null && model.provider() != null
                && !io.manybot.core.llm.ChatModels.PROVIDERS.contains(model.provider())) {
            problems.add(located.document().error(executor.key("model").key("provider"), "the llm executor talks to provider "
                    + String.join(", ", io.manybot.core.llm.ChatModels.PROVIDERS) + ", not '" + model.provider() + "'"));
        }
        if (bot.executor().type() == Bot.ExecutorType.LLM || bot.executor().type() == Bot.ExecutorType.COMMAND) {
            return;
        }
        io.manybot.core.executor.cli.AgentCli cli = io.manybot.core.executor.cli.AgentCli.of(bot.executor().type());
        if (model != null && model.provider() != null && cli != null && !cli.providers().contains(model.provider())) {
            problems.add(located.document().error(executor.key("model").key("provider"), cli.type() + " talks to provider "
                    + String.join(" or ", cli.providers().stream().map(p -> "'" + p + "'").toList()) + ", not '" + model.provider() + "'"));
        }
    }

    private static void checkSubscription(Located<Subscription> located, Declarations declarations, boolean references,
            List<Problem> problems) {
        Subscription subscription = located.value();
        FieldPath spec = FieldPath.of("spec");
        if (references && !declarations.bots().containsKey(subscription.bot()) && !declarations.isRejected("Manybot", subscription.bot())) {
            problems.add(located.document().error(spec.key("bot"),
                    "no Manybot named '" + subscription.bot() + "'" + known(declarations.bots())));
        }
        if (subscription.schedule() != null) {
            checkCron(subscription.schedule(), located, spec.key("schedule"), problems);
            if (subscription.trigger() != Subscription.Trigger.SCHEDULE) {
                problems.add(located.document().warning(spec.key("schedule"), "schedule is ignored unless trigger is schedule"));
            }
        }
        if (subscription.branch() != null) {
            try {
                Glob.compile(subscription.branch());
            } catch (IllegalArgumentException e) {
                problems.add(located.document().error(spec.key("branch"), e.getMessage()));
            }
        }
        checkGlobs(subscription.paths(), located, spec.key("paths"), problems);
    }

    /** A five-field cron expression (UTC), as subscriptions and meetings are scheduled. */
    static void checkCron(String cron, Located<?> located, FieldPath at, List<Problem> problems) {
        try {
            CRON.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            problems.add(located.document().error(at,
                    "invalid cron expression '" + cron + "' (five fields: minute hour day-of-month month day-of-week): " + e.getMessage()));
        }
    }

    private static void checkGlobs(List<String> globs, Located<?> located, FieldPath at, List<Problem> problems) {
        for (int i = 0; i < globs.size(); i++) {
            try {
                Glob.compile(globs.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(located.document().error(at.index(i), e.getMessage()));
            }
        }
    }

    private static <T> void checkParentCycles(
            Map<String, Located<T>> byName, Function<T, String> parentOf, String kind, List<Problem> problems) {
        Set<String> reported = new HashSet<>();
        for (String start : new TreeSet<>(byName.keySet())) {
            List<String> path = new ArrayList<>();
            String current = start;
            while (current != null && byName.containsKey(current) && !path.contains(current)) {
                path.add(current);
                current = parentOf.apply(byName.get(current).value());
            }
            if (current != null && path.contains(current)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
                if (reported.addAll(cycle)) {
                    cycle.add(current);
                    Located<T> first = byName.get(cycle.get(0));
                    problems.add(first.document().error(FieldPath.of("spec", "parent"),
                            kind + " parents form a cycle: " + String.join(" -> ", cycle)));
                }
            }
        }
    }

    /**
     * A bot more than {@link io.manybot.core.team.TeamTree#MAX_DEPTH} levels below its root: reported at the first bot of each
     * branch that is too deep (bots in a parent cycle are reported as a cycle instead).
     */
    private static void checkTeamDepth(Map<String, Located<Bot>> bots, List<Problem> problems) {
        io.manybot.core.team.TeamTree tree = new io.manybot.core.team.TeamTree(bots.values().stream().map(Located::value).toList());
        int max = io.manybot.core.team.TeamTree.MAX_DEPTH;
        for (String name : new TreeSet<>(bots.keySet())) {
            List<String> chain = tree.chain(name);
            String top = tree.parentOf(chain.get(chain.size() - 1));
            if (top == null && chain.size() - 1 == max + 1) {
                List<String> down = new ArrayList<>(chain);
                java.util.Collections.reverse(down);
                problems.add(bots.get(name).document().error(FieldPath.of("spec", "parent"), "Manybot " + name + " is " + (max + 1)
                        + " levels below its root (" + String.join(" -> ", down) + "); a team tree is at most " + max
                        + " levels deep: give it a parent nearer the root"));
            }
        }
    }

    static String known(Map<String, ?> byName) {
        return byName.isEmpty() ? " (none is declared)" : " (declared: " + String.join(", ", new TreeSet<>(byName.keySet())) + ")";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
