package io.manybot.core.cycle;

import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.workspace.CommitMessages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;

/** The commits a cycle makes: author, subject, body and the Manybot trailers. */
final class CycleCommits {
    private final CycleRequest request;
    private final CycleProgress progress;

    CycleCommits(CycleRequest request, CycleProgress progress) {
        this.request = request;
        this.progress = progress;
    }

    PersonIdent author() {
        return new PersonIdent(request.bot().name() + " (manybot)", request.bot().name() + "@bots.manybot.io");
    }

    String landingMessage(List<String> paths) {
        return CommitMessages.compose(subject(""), body(paths, null), trailers(null));
    }

    String proposalMessage(List<String> paths, String fingerprint) {
        List<String> reviewers = progress.changes.stream()
                .filter(file -> paths.contains(file.path()))
                .flatMap(file -> file.reviewers().stream()).distinct().toList();
        Map<String, String> trailers = trailers(String.join(", ", reviewers));
        trailers.put(Proposals.FINGERPRINT_TRAILER, fingerprint);
        return CommitMessages.compose(subject("proposes: "), body(paths, reviewers), trailers);
    }

    private String subject(String prefix) {
        String work = progress.tasks.stream().filter(task -> task.kind() == Task.Kind.WORK)
                .map(Task::title).findFirst().orElse("work toward " + request.goal().name());
        return request.bot().name() + " " + prefix + work;
    }

    private String body(List<String> paths, List<String> reviewers) {
        StringBuilder body = new StringBuilder("Goal ").append(request.goal().name()).append(": ")
                .append(request.goal().objective()).append('\n');
        if (progress.before != null) {
            for (KeyResultEvaluation kr : progress.before.keyResults()) {
                body.append(String.format(Locale.ROOT, "- %s: %s before this change%n", kr.name(),
                        kr.current() == null ? "unknown" : FactualPlanner.number(kr.current())));
            }
        }
        body.append('\n').append(paths.size()).append(" file(s):\n");
        paths.forEach(path -> body.append("- ").append(path).append('\n'));
        if (reviewers != null && !reviewers.isEmpty()) {
            body.append("\nNeeds review by ").append(String.join(", ", reviewers)).append(" (OWNERS).\n");
        }
        return body.toString().strip();
    }

    private Map<String, String> trailers(String reviewers) {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Manybot-Bot", request.bot().name());
        trailers.put("Manybot-Cycle", request.cycleId());
        trailers.put("Manybot-Goal", request.goal().name());
        if (reviewers != null && !reviewers.isEmpty()) {
            trailers.put("Manybot-Reviewers", reviewers);
        }
        return trailers;
    }
}
