package io.manybot.core.workspace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkout an agent left with read-only and unreadable directories is still removed. Only a
 * non-root user is refused by permission bits, so this runs only as one: as root (CI here, and the
 * mutation runs of bench/mutation.sh on this machine) it is skipped, and the four mutants of the
 * refusal path in {@link Directories} survive; bench/mutation-equivalents/workspace.tsv says so.
 */
class DirectoriesPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void readOnlyAndUnreadableDirectoriesAreRemovedWithEverythingInThem() throws Exception {
        assumeFalse(Integer.valueOf(0).equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)),
                "running as root: permission bits refuse nothing");
        Path root = Files.createDirectories(dir.resolve("checkout"));
        Path readOnly = Files.createDirectories(root.resolve("build/generated"));
        Files.writeString(readOnly.resolve("out.txt"), "generated\n");
        Path unreadable = Files.createDirectories(root.resolve("cache/secret"));
        Files.writeString(unreadable.resolve("blob"), "x\n");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(readOnly.resolve("out.txt"), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));

        Directories.delete(root);

        assertFalse(Files.exists(root, LinkOption.NOFOLLOW_LINKS), "the whole checkout is gone");
    }
}
