package io.manybot.core.meeting;

/** Turns a meeting's agenda into decisions, action items and responsibility changes. */
public interface Facilitator {
    MeetingOutcome facilitate(MeetingFacts facts) throws InterruptedException;
}
