package io.manybot.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.ManybotOwners;
import io.manybot.core.ownership.OwnersFile;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.OwnershipResolution;
import io.manybot.core.ownership.Policies;
import io.manybot.core.ownership.Principal;
import io.manybot.core.ownership.Verdict;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.repo.RepositoryTree;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "owners", mixinStandardHelpOptions = true,
        description = {
            "Show who governs each PATH and what PRINCIPAL may do with it.",
            "For each PATH: the OWNERS files, owners, delegates, reviewers, labels and policies, and the verdict",
            "for PRINCIPAL: write, review (and by whom) or refused, with the deciding file and line."})
final class OwnersCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Paths relative to the repository root.")
    List<String> paths;

    @Option(names = "--repo", paramLabel = "REPO", defaultValue = ".", description = "Repository directory (default: .).")
    Path repository;

    @Option(names = "--as", paramLabel = "PRINCIPAL",
            description = "manybot:<bot>, human:<login> or a bare login (default: human:$USER).")
    String as;

    @Mixin
    RepositoryOptions options;

    @Option(names = "--json", description = "Print the answers as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Principal principal = Principal.parse(as != null ? as : "human:" + System.getProperty("user.name", "unknown"));
        RepositoryTree tree = options.open(repository);
        OwnershipIndex index;
        try {
            index = OwnershipIndex.load(tree);
        } finally {
            RepositoryOptions.close(tree);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Problem problem : index.problems()) {
            if (problem.isError()) {
                err.println("manybot: " + problem);
            }
        }
        int exit = ExitCodes.OK;
        ArrayNode answers = Json.MAPPER.createArrayNode();
        for (String path : paths) {
            try {
                OwnershipResolution resolution = index.resolve(path);
                Verdict verdict = index.verdict(resolution.path(), principal);
                if (json) {
                    answers.add(json(resolution, verdict));
                } else {
                    print(out, resolution, verdict);
                }
            } catch (PathRefusedException e) {
                exit = ExitCodes.INVALID;
                if (json) {
                    ObjectNode refused = answers.addObject();
                    refused.put("path", path);
                    refused.put("error", e.getMessage());
                } else {
                    err.println("manybot: " + e.getMessage());
                }
            }
        }
        if (json) {
            out.println(Json.write(answers));
        }
        out.flush();
        err.flush();
        return exit;
    }

    private static void print(PrintWriter out, OwnershipResolution r, Verdict v) {
        out.println(r.path().isEmpty() ? "(repository root)" : r.path());
        out.println("  governed by: " + governedBy(r));
        out.println("  owners:      " + entries(r.owners()));
        if (!r.delegates().isEmpty()) {
            out.println("  delegates:   " + r.delegates().stream()
                    .map(d -> d.entry().principal() + " " + d.level().name().toLowerCase(Locale.ROOT) + " (" + d.entry().describe() + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (!r.requiredReviewers().isEmpty() || !r.optionalReviewers().isEmpty()) {
            out.println("  reviewers:   required " + entries(r.requiredReviewers()) + "; optional " + entries(r.optionalReviewers()));
        }
        if (!r.labels().isEmpty()) {
            out.println("  labels:      " + String.join(", ", r.labels()));
        }
        String policies = policies(r.policies());
        if (!policies.isEmpty()) {
            out.println("  policies:    " + policies);
        }
        out.println("  verdict:     " + v.principal() + " -> " + v.decision() + ": " + v.reason()
                + (v.reviewers().isEmpty() ? "" : " [reviewers: " + v.reviewers().stream().map(Principal::toString).collect(Collectors.joining(", ")) + "]"));
    }

    private static String governedBy(OwnershipResolution r) {
        return switch (r.source()) {
            case NONE -> "nothing (no OWNERS file, no CODEOWNERS entry)";
            case CODEOWNERS -> "CODEOWNERS rule '" + r.codeOwnersRule().pattern() + "' at " + r.codeOwnersRule().location();
            case OWNERS -> r.governingFiles().stream().map(f -> f.path() + " (" + f.format() + ")").collect(Collectors.joining(", "));
        };
    }

    private static String entries(List<Entry> entries) {
        return entries.isEmpty() ? "none" : entries.stream()
                .map(e -> e.principal() + " (" + e.describe() + ")").collect(Collectors.joining(", "));
    }

    private static String policies(Policies p) {
        List<String> out = new ArrayList<>();
        if (p.maxChangesPerPr() != null) {
            out.add("max_changes_per_pr=" + p.maxChangesPerPr().value() + " (" + p.maxChangesPerPr().location() + ")");
        }
        if (p.requireTests() != null) {
            out.add("require_tests=" + p.requireTests().value() + " (" + p.requireTests().location() + ")");
        }
        if (p.minCoverage() != null) {
            out.add("min_coverage=" + p.minCoverage().value() + " (" + p.minCoverage().location() + ")");
        }
        if (p.allowProposals() != null) {
            out.add("allow_proposals=" + p.allowProposals().value() + " (" + p.allowProposals().location() + ")");
        }
        return String.join(", ", out);
    }

    private static ObjectNode json(OwnershipResolution r, Verdict v) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("path", r.path());
        node.put("source", r.source().name().toLowerCase(Locale.ROOT));
        ArrayNode files = node.putArray("governingFiles");
        for (OwnersFile file : r.governingFiles()) {
            files.addObject().put("path", file.path()).put("format", file.format());
        }
        if (r.codeOwnersRule() != null) {
            node.putObject("codeOwnersRule").put("pattern", r.codeOwnersRule().pattern().pattern())
                    .put("location", r.codeOwnersRule().location().toString());
        }
        entries(node.putArray("owners"), r.owners());
        ArrayNode delegates = node.putArray("delegates");
        for (ManybotOwners.Delegate d : r.delegates()) {
            delegates.addObject().put("principal", d.entry().principal().toString())
                    .put("level", d.level().name().toLowerCase(Locale.ROOT)).put("location", d.entry().location().toString());
        }
        entries(node.putArray("requiredReviewers"), r.requiredReviewers());
        entries(node.putArray("optionalReviewers"), r.optionalReviewers());
        ArrayNode labels = node.putArray("labels");
        r.labels().forEach(labels::add);
        ObjectNode policies = node.putObject("policies");
        Policies p = r.policies();
        if (p.maxChangesPerPr() != null) {
            policies.put("max_changes_per_pr", p.maxChangesPerPr().value());
        }
        if (p.requireTests() != null) {
            policies.put("require_tests", p.requireTests().value());
        }
        if (p.minCoverage() != null) {
            policies.put("min_coverage", p.minCoverage().value());
        }
        if (p.allowProposals() != null) {
            policies.put("allow_proposals", p.allowProposals().value());
        }
        ObjectNode verdict = node.putObject("verdict");
        verdict.put("principal", v.principal().toString());
        verdict.put("decision", v.decision().name().toLowerCase(Locale.ROOT));
        verdict.put("reason", v.reason());
        verdict.put("decidedBy", v.decidedBy() == null ? null : v.decidedBy().toString());
        ArrayNode reviewers = verdict.putArray("reviewers");
        v.reviewers().forEach(p2 -> reviewers.add(p2.toString()));
        return node;
    }

    private static void entries(ArrayNode array, List<Entry> entries) {
        for (Entry e : entries) {
            ObjectNode node = array.addObject().put("principal", e.principal().toString()).put("location", e.location().toString());
            if (e.viaAlias() != null) {
                node.put("viaAlias", e.viaAlias());
            }
        }
    }
}
