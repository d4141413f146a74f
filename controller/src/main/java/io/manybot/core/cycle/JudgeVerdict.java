package io.manybot.core.cycle;

/** A judge's decision and its reason. */
public record JudgeVerdict(Decision decision, String reason) {

    public enum Decision {
        /** Land the writes (and propose the proposals) as gated. */
        LAND,
        /** Propose every change for review instead of landing it. */
        REVIEW,
        /** Nothing lands. */
        REJECT
    }

    public static JudgeVerdict land(String reason) {
        return new JudgeVerdict(Decision.LAND, reason);
    }

    public static JudgeVerdict review(String reason) {
        return new JudgeVerdict(Decision.REVIEW, reason);
    }

    public static JudgeVerdict reject(String reason) {
        return new JudgeVerdict(Decision.REJECT, reason);
    }
}
