package io.manybot.core.team;

import io.manybot.core.cycle.Judge;
import io.manybot.core.cycle.JudgeInput;
import io.manybot.core.cycle.JudgeVerdict;
import io.manybot.core.declaration.Bot;
import io.manybot.core.goal.KeyResultEvaluation;
import java.util.ArrayList;
import java.util.List;

/**
 * The judge of every bot: after execution and tests, by the bot's {@code spec.team.judge}. Without a policy it lands what
 * passed the tests. With {@code requireKeyResultMove}, a change that moves no key result of the goal toward its target (its
 * progress measured in the changed checkout is not above the one before) is rejected or sent to review per {@code onReject};
 * with {@code llm}, the model's judge (when the bot has one) then reads the diff against the tasks. A change that only proposes
 * ownership files and declarations (a specialist, an OWNERS change) is not judged by the key results: it goes to review.
 */
public final class KeyResultJudge implements Judge {
    private final Judge model;

    /** Without a model's judge. */
    public KeyResultJudge() {
        this(null);
    }

    /** @param model the model's judge asked when the policy says {@code llm}, or null */
    public KeyResultJudge(Judge model) {
        this.model = model;
    }

    @Override
    public JudgeVerdict judge(JudgeInput input) throws InterruptedException {
        Bot.JudgePolicy policy = input.bot().team().judge();
        if (input.tests() != null && !input.tests().passed() && (policy.requireKeyResultMove() || policy.llm())) {
            return fail(policy, "the tests fail");
        }
        if (policy.requireKeyResultMove() && ownershipOnly(input)) {
            // a specialist or an OWNERS change moves no key result by itself: people decide it in review
            return JudgeVerdict.review("it only proposes ownership files and declarations (" + String.join(", ", input.proposals())
                    + "): reviewed by people, not judged by the key results");
        }
        if (policy.requireKeyResultMove()) {
            List<String> moved = moved(input);
            if (moved.isEmpty()) {
                return fail(policy, "the change passes the tests but moves no key result of goal " + input.goal().name()
                        + " toward its target" + values(input));
            }
            if (!policy.llm() || model == null) {
                return JudgeVerdict.land("key results moved: " + String.join(", ", moved));
            }
        }
        if (policy.llm() && model != null) {
            JudgeVerdict verdict = model.judge(input);
            return verdict.decision() == JudgeVerdict.Decision.REJECT ? fail(policy, verdict.reason()) : verdict;
        }
        return JudgeVerdict.land("the tests are the only check");
    }

    /** Nothing to land, and every proposed path an ownership file or declaration (which bots change only through review). */
    static boolean ownershipOnly(JudgeInput input) {
        return input.writes().isEmpty() && !input.proposals().isEmpty()
                && input.ownershipProposals().containsAll(input.proposals());
    }

    private static JudgeVerdict fail(Bot.JudgePolicy policy, String reason) {
        return policy.onReject() == Bot.JudgePolicy.OnReject.REVIEW ? JudgeVerdict.review(reason) : JudgeVerdict.reject(reason);
    }

    /** The key results whose progress rose, as {@code name before → after}. */
    static List<String> moved(JudgeInput input) {
        List<String> moved = new ArrayList<>();
        if (input.before() == null || input.after() == null) {
            return moved;
        }
        for (KeyResultEvaluation was : input.before().keyResults()) {
            for (KeyResultEvaluation now : input.after().keyResults()) {
                if (now.name().equals(was.name()) && now.progress() != null
                        && (was.progress() == null || now.progress() > was.progress())) {
                    moved.add(was.name() + " " + Handoff.number(was.current()) + " → " + Handoff.number(now.current()));
                }
            }
        }
        return moved;
    }

    private static String values(JudgeInput input) {
        if (input.after() == null) {
            return " (not measured)";
        }
        List<String> parts = input.after().keyResults().stream().map(kr -> kr.name() + " = " + Handoff.number(kr.current())).toList();
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
