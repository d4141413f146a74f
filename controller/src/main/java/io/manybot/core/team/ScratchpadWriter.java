package io.manybot.core.team;

import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The factual reflector's scratchpad: after each cycle the whole pad is written again from what is true now — the goal's
 * state, the cycle just finished and its reflection, the handoffs it read, where its tasks went, what still waits — plus the
 * lessons of the previous pad that still stand. Over its budget it is compressed: the least useful lines go first (old
 * lessons, then waiting tasks, handoffs, routes beyond the first), then long lines are shortened, then it is cut.
 */
public final class ScratchpadWriter {
    static final int LINE_CHARS = 160;
    private static final String LESSONS = "Lessons";

    /** One part of the pad; parts with a higher {@code keep} lose lines later. */
    private record Section(String title, List<String> items, int keep) {}

    public Scratchpad rewrite(Scratchpad previous, WorkCycle cycle, List<Handoff> read, List<String> routed, List<TeamTask> waiting,
            int budget, Instant now) {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("Goal", goal(cycle), 9));
        Reflection reflection = cycle.reflection();
        List<String> last = new ArrayList<>();
        last.add("cycle " + cycle.id() + ": " + (cycle.outcome() == null ? "unfinished" : cycle.outcome().name().toLowerCase(Locale.ROOT))
                + (cycle.error() == null ? "" : " (" + cycle.error() + ")"));
        if (reflection != null) {
            last.addAll(reflection.outcomes());
            if (reflection.nextFocus() != null && !reflection.nextFocus().isBlank()) {
                last.add("next: " + reflection.nextFocus());
            }
        }
        sections.add(new Section("Last cycle", last, 8));
        sections.add(new Section("Handoffs read", read.stream().map(Handoff::line).toList(), 5));
        sections.add(new Section("Routed", routed, 4));
        sections.add(new Section("Waiting", waiting.stream().map(t -> t.priority().label() + ": " + t.title()).toList(), 3));
        Set<String> lessons = new LinkedHashSet<>(reflection == null ? List.of() : reflection.lessons());
        lessons.addAll(lessonsOf(previous));
        sections.add(new Section(LESSONS, new ArrayList<>(lessons), 2));
        String text = render(sections);
        boolean compressed = text.length() > budget;
        if (compressed) {
            text = compress(sections, budget);
        }
        return new Scratchpad(cycle.bot(), text, cycle.id(), now, compressed);
    }

    private static List<String> goal(WorkCycle cycle) {
        GoalEvaluation now = cycle.after() != null ? cycle.after() : cycle.before();
        if (now == null) {
            return List.of(cycle.goal() + ": not measured");
        }
        List<String> lines = new ArrayList<>();
        lines.add(cycle.goal() + ": progress " + (now.progress() == null ? "unknown" : Math.round(now.progress()) + "%")
                + (now.atRisk() ? ", at risk" : ""));
        for (KeyResultEvaluation kr : now.keyResults()) {
            lines.add(kr.name() + " = " + Handoff.number(kr.current()) + " (" + kr.state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        return lines;
    }

    /** The lessons section of a pad this writer wrote. */
    static List<String> lessonsOf(Scratchpad pad) {
        List<String> lessons = new ArrayList<>();
        boolean in = false;
        for (String line : pad == null ? new String[0] : pad.text().split("\n")) {
            if (line.startsWith("## ")) {
                in = line.equals("## " + LESSONS);
            } else if (in && line.startsWith("- ")) {
                lessons.add(line.substring(2));
            }
        }
        return lessons;
    }

    private static String render(List<Section> sections) {
        StringBuilder out = new StringBuilder();
        for (Section section : sections) {
            if (section.items().isEmpty()) {
                continue;
            }
            out.append("## ").append(section.title()).append('\n');
            section.items().forEach(item -> out.append("- ").append(item.replace('\n', ' ')).append('\n'));
        }
        return out.toString();
    }

    private static String compress(List<Section> sections, int budget) {
        List<Section> work = new ArrayList<>();
        sections.forEach(s -> work.add(new Section(s.title(), new ArrayList<>(s.items()), s.keep())));
        work.sort((a, b) -> Integer.compare(a.keep(), b.keep()));
        for (Section section : work) {
            while (section.items().size() > 1 && render(ordered(work, sections)).length() > budget) {
                section.items().remove(section.items().size() - 1);
            }
        }
        for (Section section : work) {
            section.items().replaceAll(item -> item.length() <= LINE_CHARS ? item : item.substring(0, LINE_CHARS - 1) + "…");
        }
        String text = render(ordered(work, sections));
        return text.length() <= budget ? text : text.substring(0, Math.max(0, budget - 2)) + "…\n";
    }

    private static List<Section> ordered(List<Section> work, List<Section> original) {
        List<Section> out = new ArrayList<>();
        for (Section s : original) {
            work.stream().filter(w -> w.title().equals(s.title())).findFirst().ifPresent(out::add);
        }
        return out;
    }
}
