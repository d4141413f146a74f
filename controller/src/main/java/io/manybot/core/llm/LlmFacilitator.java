package io.manybot.core.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.manybot.core.meeting.ActionItem;
import io.manybot.core.meeting.AgendaItem;
import io.manybot.core.meeting.Decision;
import io.manybot.core.meeting.FactualFacilitator;
import io.manybot.core.meeting.Facilitator;
import io.manybot.core.meeting.MeetingFacts;
import io.manybot.core.meeting.MeetingOutcome;
import io.manybot.core.meeting.ResponsibilityChange;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.team.Priority;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The facilitator of meetings whose facilitator is an {@code llm} bot: the model reads the agenda (with each bot's landings on
 * the paths it names) and answers decisions, action items and OWNERS changes as JSON. What it answers is checked: action items
 * and changes name attending bots, changes name a path of the agenda; the rest is left out, saying why. An answer that cannot
 * be read, or a model that fails, leaves the meeting to the factual rules, saying so.
 */
public final class LlmFacilitator implements Facilitator {
    static final int TEXT_LIMIT = 500;

    private final ChatModel model;
    private final String bot;
    private final SecretRedactor redactor;
    private final TokenBudget budget;
    private final Long tokenLimit;

    public LlmFacilitator(ChatModel model, String bot, SecretRedactor redactor, TokenBudget budget, Long tokenLimit) {
        this.model = model;
        this.bot = bot;
        this.redactor = redactor;
        this.budget = budget;
        this.tokenLimit = tokenLimit;
    }

    /** The structured answer the model is asked for. */
    public record Answer(List<DecisionAnswer> decisions, List<ActionAnswer> actionItems, List<ChangeAnswer> ownersChanges) {}

    public record DecisionAnswer(Integer item, String decision, String rationale) {}

    public record ActionAnswer(String bot, String title, List<String> paths, String priority) {}

    public record ChangeAnswer(String path, String primary, String contributor, String reason) {}

    interface FacilitatingAgent {
        Answer facilitate(String agenda);
    }

    @Override
    public MeetingOutcome facilitate(MeetingFacts facts) throws InterruptedException {
        MeteredChatModel metered = new MeteredChatModel(model, 0, budget, tokenLimit, null);
        FacilitatingAgent agent = AiServices.builder(FacilitatingAgent.class)
                .chatModel(metered)
                .systemMessage("You facilitate a meeting of autonomous coding bots that share a repository; ownership follows its OWNERS "
                        + "files. Read the agenda and answer only with the requested JSON: decisions (item: the agenda item's number, "
                        + "decision, rationale), actionItems for attending bots (bot, title, paths, priority: critical, high, normal or "
                        + "low) and ownersChanges that settle repeated conflicts (path from the agenda, primary: the bot that becomes "
                        + "its primary owner, contributor: the bot that then proposes through review, reason).")
                .build();
        Answer answer;
        String fallback = null;
        try {
            answer = agent.facilitate(prompt(facts));
        } catch (RuntimeException e) {
            AgentStopped stopped = AgentStopped.find(e);
            if (stopped != null && stopped.reason() == AgentStopped.Reason.INTERRUPTED) {
                throw new InterruptedException("interrupted while facilitating");
            }
            answer = StructuredAnswers.read(metered.lastText(), Answer.class);
            if (answer == null) {
                fallback = metered.lastText() == null ? "the model failed: " + LlmText.describe(e, redactor)
                        : StructuredAnswers.whyUnreadable(metered.lastText(), redactor);
            }
        }
        if (answer == null || fallback != null) {
            MeetingOutcome rules = new FactualFacilitator().facilitate(facts);
            return new MeetingOutcome(rules.decisions(), rules.actionItems(), rules.changes(), FactualFacilitator.NAME + " (the model of "
                    + bot + " could not be used: " + (fallback != null ? fallback : "no answer") + ")");
        }
        return checked(facts, answer);
    }

    private MeetingOutcome checked(MeetingFacts facts, Answer answer) {
        Set<String> bots = new HashSet<>(facts.meeting().bots());
        Set<String> paths = new HashSet<>();
        facts.agenda().forEach(item -> paths.addAll(item.paths()));
        List<Decision> decisions = new ArrayList<>();
        for (DecisionAnswer d : list(answer.decisions())) {
            if (d != null && d.decision() != null && !d.decision().isBlank()) {
                int item = d.item() == null || d.item() < 1 || d.item() > facts.agenda().size() ? 0 : d.item();
                decisions.add(new Decision(item, text(d.decision()), d.rationale() == null ? "" : text(d.rationale())));
            }
        }
        List<ActionItem> actions = new ArrayList<>();
        for (ActionAnswer a : list(answer.actionItems())) {
            if (a == null || a.title() == null || a.title().isBlank()) {
                continue;
            }
            if (!bots.contains(a.bot())) {
                decisions.add(new Decision(0, "action item left out: " + text(a.title()), "'" + text(String.valueOf(a.bot()))
                        + "' is not an attending bot"));
                continue;
            }
            Priority priority = Priority.parse(a.priority());
            actions.add(new ActionItem(a.bot(), text(a.title()), list(a.paths()), priority == null ? Priority.NORMAL : priority, null));
        }
        List<ResponsibilityChange> changes = new ArrayList<>();
        for (ChangeAnswer c : list(answer.ownersChanges())) {
            if (c == null) {
                continue;
            }
            String why = !paths.contains(c.path()) ? "its path '" + text(String.valueOf(c.path())) + "' is not on the agenda"
                    : !bots.contains(c.primary()) || !bots.contains(c.contributor()) ? "primary and contributor must be attending bots"
                    : c.primary().equals(c.contributor()) ? "primary and contributor are the same bot" : null;
            if (why != null) {
                decisions.add(new Decision(0, "OWNERS change left out", why));
                continue;
            }
            changes.add(new ResponsibilityChange(c.path(), c.primary(), c.contributor(),
                    "the model of " + bot + ": " + (c.reason() == null ? "(no reason given)" : text(c.reason())), null));
        }
        return new MeetingOutcome(decisions, actions, changes, "the model of " + bot);
    }

    private String text(String value) {
        return WorkspaceTools.cut(redactor.redact(value.strip().replaceAll("\\s*\\R\\s*", " ")), TEXT_LIMIT);
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    static String prompt(MeetingFacts facts) {
        StringBuilder text = new StringBuilder("Meeting ").append(facts.meeting().name()).append(": ").append(facts.meeting().topic())
                .append("\nAttendees: ").append(String.join(", ", facts.meeting().attendees())).append("\n\nAgenda:\n");
        if (facts.agenda().isEmpty()) {
            text.append("(nothing: no conflicts, no key result at risk, nothing blocked)\n");
        }
        for (int i = 0; i < facts.agenda().size(); i++) {
            AgendaItem item = facts.agenda().get(i);
            text.append(i + 1).append(". [").append(item.kind().name().toLowerCase(java.util.Locale.ROOT)).append("] ").append(item.title())
                    .append(" — ").append(item.detail());
            for (String path : item.paths()) {
                if (facts.landings().containsKey(path)) {
                    text.append("\n   landings on ").append(path).append(": ").append(facts.landings().get(path));
                }
            }
            text.append('\n');
        }
        return text.toString();
    }
}
