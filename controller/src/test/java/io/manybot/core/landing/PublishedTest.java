package io.manybot.core.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/** A {@link Publisher}'s answer: a moved remote must say where it moved, since the landing rebases onto that tip. */
class PublishedTest {
    private static final ObjectId TIP = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");

    @Test
    void aMovedRemoteNamesItsNewTip() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Published.moved(null, "moved"));
        assertEquals("a moved remote names its new tip", thrown.getMessage());
        assertEquals(TIP, Published.moved(TIP, "moved").tip());
        assertEquals(Published.Kind.REFUSED, Published.refused(null, "the remote no longer has refs/heads/main").kind());
    }
}
