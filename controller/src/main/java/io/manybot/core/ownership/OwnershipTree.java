package io.manybot.core.ownership;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The repository's directories with who governs each: the nearest governing file and the owners
 * it resolves to (as {@link PathOwners} answers for the directory). Both homes serve it for the
 * dashboard's ownership explorer.
 *
 * @param truncated true when the tree had more than the directories listed
 */
public record OwnershipTree(List<DirectoryOwners> directories, int total, boolean truncated) {

    /** One directory: its nearest governing file (or null), the source and the owners' principals. */
    public record DirectoryOwners(String path, String source, String governedBy, List<String> owners) {}

    public OwnershipTree {
        directories = List.copyOf(directories);
    }

    /** At most {@code limit} directories of {@code index}, in path order (a parent before its children). */
    public static OwnershipTree of(OwnershipIndex index, int limit) {
        List<DirectoryOwners> list = new ArrayList<>();
        var all = index.directories();
        for (String directory : all) {
            if (list.size() >= limit) {
                break;
            }
            OwnershipResolution r = index.resolve(directory);
            List<String> owners = r.owners().stream().map(e -> e.principal().toString()).distinct().toList();
            String governedBy = r.governingFiles().isEmpty() ? null : r.governingFiles().get(0).path();
            list.add(new DirectoryOwners(directory, r.source().name().toLowerCase(Locale.ROOT), governedBy, owners));
        }
        return new OwnershipTree(list, all.size(), all.size() > list.size());
    }
}
