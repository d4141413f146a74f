package io.manybot.core.meeting;

/**
 * What a meeting decided.
 *
 * @param agendaItem the agenda item (1-based) it answers, 0 for none
 */
public record Decision(int agendaItem, String text, String rationale) {}
