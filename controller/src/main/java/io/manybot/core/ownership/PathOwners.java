package io.manybot.core.ownership;

import java.util.List;
import java.util.Locale;

/**
 * The answer to "who owns this path, and may this principal change it": the governing files, the
 * owners and required reviewers with the lines that name them, and the verdict for one principal.
 * Both homes' HTTP APIs serve it as JSON ({@code owners?path=...&as=...}).
 *
 * @param source {@code owners}, {@code codeowners} or {@code none}
 */
public record PathOwners(
        String path, String source, List<GoverningFile> governingFiles, List<Owner> owners, List<Owner> requiredReviewers,
        Judgement verdict) {

    /** The principal asked about when none is given. */
    public static final String ANONYMOUS = "human:anonymous";

    /** An ownership file that governs the path, and its format ({@code manybot}, {@code prow}, ...). */
    public record GoverningFile(String path, String format) {}

    /** A principal and the file line that names it. */
    public record Owner(String principal, String location) {
        static Owner of(Entry entry) {
            return new Owner(entry.principal().toString(), entry.location().toString());
        }
    }

    /** The decision for one principal: {@code write}, {@code review} or {@code refuse}, why, and the deciding line. */
    public record Judgement(String principal, String decision, String reason, String decidedBy) {}

    /**
     * Resolves {@code path} in {@code index} and judges {@code as} (a principal such as
     * {@code human:alice}, {@code manybot:docs-bot}; null or blank: {@link #ANONYMOUS}).
     *
     * @throws io.manybot.core.repo.PathRefusedException for a path that leaves the repository ({@code ..}, absolute)
     * @throws IllegalArgumentException for a blank path or a principal that does not parse
     */
    public static PathOwners of(OwnershipIndex index, String path, String as) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the path is required, e.g. owners?path=src/a.py");
        }
        OwnershipResolution r = index.resolve(path);
        Principal principal = Principal.parse(as == null || as.isBlank() ? ANONYMOUS : as);
        Verdict v = index.verdict(r.path(), principal);
        return new PathOwners(r.path(), r.source().name().toLowerCase(Locale.ROOT),
                r.governingFiles().stream().map(f -> new GoverningFile(f.path(), f.format())).toList(),
                r.owners().stream().map(Owner::of).toList(),
                r.requiredReviewers().stream().map(Owner::of).toList(),
                new Judgement(v.principal().toString(), v.decision().name().toLowerCase(Locale.ROOT), v.reason(),
                        v.decidedBy() == null ? null : v.decidedBy().toString()));
    }
}
