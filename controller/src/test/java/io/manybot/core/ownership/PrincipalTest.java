package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a name written in an ownership file or given with {@code --as} is read, and when two names are one principal. */
class PrincipalTest {

    @Test
    void namesAreReadAsBotsHumansOrTeamsWithLoginsAndTeamsCaseInsensitive() {
        List<List<String>> table = List.of(
                // written, read as, a bot
                List.of("manybot:docs-bot", "manybot:docs-bot", "true"),
                List.of(" manybot:Docs ", "manybot:Docs", "true"),
                List.of("human:Alice", "human:alice", "false"),
                List.of("Alice", "human:alice", "false"),
                List.of("  bob\t", "human:bob", "false"),
                List.of("team:Org/Core", "team:org/core", "false"),
                List.of("someone@Example.com", "human:someone@example.com", "false"));
        for (List<String> row : table) {
            Principal p = Principal.parse(row.get(0));
            assertEquals(row.get(1), p.toString(), row.get(0));
            assertEquals(Boolean.parseBoolean(row.get(2)), p.isBot(), row.get(0));
            assertEquals(p, Principal.parse(p.toString()), "reads back as itself: " + row.get(0));
        }
        assertEquals(Principal.parse("human:ALICE"), Principal.parse("alice"));
        assertEquals(Principal.parse("team:ORG/core"), Principal.parse("team:org/CORE"));
        assertEquals(false, Principal.parse("manybot:Docs").equals(Principal.parse("manybot:docs")), "bot names are exact");
        assertEquals(false, Principal.parse("human:x").equals(Principal.parse("manybot:x")));
        assertEquals(false, Principal.parse("team:x").equals(Principal.parse("human:x")));
        assertEquals(Principal.parse("manybot:api-bot"), Principal.bot("api-bot"));
    }
}
