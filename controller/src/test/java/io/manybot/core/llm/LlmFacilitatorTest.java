package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Meeting;
import io.manybot.core.meeting.AgendaItem;
import io.manybot.core.meeting.Decision;
import io.manybot.core.meeting.FactualFacilitator;
import io.manybot.core.meeting.MeetingFacts;
import io.manybot.core.meeting.MeetingOutcome;
import io.manybot.core.meeting.ResponsibilityChange;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.repo.WorkingTree;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.team.Priority;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model's facilitator (against the scripted chat model, a TEST DOUBLE): what it reads, what of its answer is kept, and the rules when it cannot be used. */
class LlmFacilitatorTest {
    @TempDir
    Path repo;

    private MeetingFacts facts() throws Exception {
        GitRepos.write(repo, Map.of("shared/OWNERS", "primary: manybot:alpha\ndelegates: [manybot:beta]\n", "shared/config.txt", "v\n"));
        Meeting meeting = new Meeting("sync", "Who answers for shared/", "0 9 * * 1", List.of("manybot:alpha", "manybot:beta", "human:hana"),
                "alpha", 2, false);
        AgendaItem conflict = new AgendaItem(AgendaItem.Kind.REPEATED_CONFLICT, "alpha and beta conflicted 3 times on shared/config.txt",
                "cycles c1, c2, c3 did not land", List.of("alpha", "beta"), List.of("shared/config.txt"));
        return new MeetingFacts(meeting, Instant.parse("2026-12-06T09:00:00Z"), List.of(conflict), OwnershipIndex.load(new WorkingTree(repo)),
                Map.of("shared/config.txt", Map.of("alpha", 5, "beta", 1)));
    }

    @Test
    void theModelsDecisionsActionItemsAndOwnersChangesAreKeptWhenTheyNameAttendeesAndAgendaPaths() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("""
                {"decisions": [{"item": 1, "decision": "alpha keeps shared/config.txt", "rationale": "it landed 5 of 6 changes"}],
                 "actionItems": [{"bot": "alpha", "title": "Merge beta's last value into shared/config.txt", "paths": ["shared/config.txt"], "priority": "high"},
                                 {"bot": "gamma", "title": "Watch the file", "paths": [], "priority": "low"}],
                 "ownersChanges": [{"path": "shared/config.txt", "primary": "alpha", "contributor": "beta", "reason": "alpha landed most"},
                                   {"path": "src/main.c", "primary": "alpha", "contributor": "beta", "reason": "while we are at it"}]}
                """);
        MeetingOutcome outcome = new LlmFacilitator(model, "alpha", new SecretRedactor(), new TokenBudget(), null).facilitate(facts());
        assertEquals("the model of alpha", outcome.facilitatedBy());
        assertEquals(new Decision(1, "alpha keeps shared/config.txt", "it landed 5 of 6 changes"), outcome.decisions().get(0));
        assertEquals(1, outcome.actionItems().size());
        assertEquals(Priority.HIGH, outcome.actionItems().get(0).priority());
        assertEquals(List.of(new ResponsibilityChange("shared/config.txt", "alpha", "beta", "the model of alpha: alpha landed most", null)),
                outcome.changes());
        assertTrue(outcome.decisions().contains(new Decision(0, "action item left out: Watch the file", "'gamma' is not an attending bot")),
                outcome.decisions().toString());
        assertTrue(outcome.decisions().contains(new Decision(0, "OWNERS change left out", "its path 'src/main.c' is not on the agenda")),
                outcome.decisions().toString());
        String prompt = ScriptedChatModel.userText(model.requests().get(0));
        assertTrue(prompt.contains("1. [repeated_conflict] alpha and beta conflicted 3 times on shared/config.txt"), prompt);
        assertTrue(prompt.contains("landings on shared/config.txt: {") && prompt.contains("alpha=5"), prompt);
        assertTrue(prompt.contains("Attendees: manybot:alpha, manybot:beta, human:hana"), prompt);
    }

    @Test
    void anUnreadableAnswerLeavesTheMeetingToTheFactualRulesSayingSo() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("Let us talk about it next week.");
        MeetingOutcome outcome = new LlmFacilitator(model, "alpha", new SecretRedactor(), new TokenBudget(), null).facilitate(facts());
        assertTrue(outcome.facilitatedBy().startsWith(FactualFacilitator.NAME + " (the model of alpha could not be used: the answer is not the requested JSON"),
                outcome.facilitatedBy());
        // The rules: alpha landed more there, so alpha becomes primary and beta a contributor.
        assertEquals("alpha", outcome.changes().get(0).primary());
        assertEquals("beta", outcome.changes().get(0).contributor());
        assertEquals("alpha becomes the primary owner of shared/config.txt; beta becomes a contributor delegate there (its changes go to review)",
                outcome.decisions().get(0).text());
    }
}
