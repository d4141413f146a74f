package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.problem.Problem;
import io.manybot.core.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * OWNERS_ALIASES as Prow reads it (names compared case-insensitively, a leading '@' dropped), with
 * nested aliases expanded and cycles reported once, at the alias that starts them.
 */
class OwnersAliasesTest {
    private final List<Problem> problems = new ArrayList<>();

    private OwnersAliases read(String text) {
        return OwnersAliases.read(YamlReader.read(OwnersAliases.FILE, text.getBytes(StandardCharsets.UTF_8)).documents().get(0),
                problems);
    }

    /** "principal@line:col via alias" for each member of {@code name}, or "(not an alias)". */
    private static List<String> members(OwnersAliases aliases, String name) {
        Optional<List<Entry>> members = aliases.members(name);
        return members.map(list -> list.stream().map(e -> e.principal() + "@" + e.location() + " via " + e.viaAlias()).toList())
                .orElse(List.of("(not an alias)"));
    }

    @Test
    void nestedAliasesExpandToTheirMembersEachWithTheLineThatNamesIt() {
        OwnersAliases aliases = read("""
                aliases:
                  Web-Approvers:
                    - "@Alice"
                    - web-leads
                    - manybot:web-bot
                  web-leads: {Dora, human:Eve}
                """);
        assertEquals(List.of(), problems);
        assertEquals(List.of(
                        "human:alice@OWNERS_ALIASES:3:7 via web-approvers",
                        "human:dora@OWNERS_ALIASES:6:15 via web-leads",
                        "human:eve@OWNERS_ALIASES:6:21 via web-leads",
                        "manybot:web-bot@OWNERS_ALIASES:5:7 via web-approvers"),
                members(aliases, "web-approvers"));
        assertEquals(members(aliases, "web-approvers"), members(aliases, " @WEB-approvers "), "case and '@' do not matter");
        assertEquals(List.of("(not an alias)"), members(aliases, "alice"));
        assertEquals(List.of("web-approvers", "web-leads"), aliases.all().keySet().stream().sorted().toList());
    }

    @Test
    void aCycleIsReportedOnceAtItsFirstAliasAndItsMembersAreDropped() {
        OwnersAliases aliases = read("""
                aliases:
                  a: [ann, b]
                  b: [c]
                  c: [carl, A]
                  self: [self, sue]
                  fine: [fred]
                """);
        assertEquals(List.of(
                        "OWNERS_ALIASES:2:3 aliases.a: alias cycle: a -> b -> c -> a",
                        "OWNERS_ALIASES:5:3 aliases.self: alias cycle: self -> self"),
                problems.stream().map(p -> p.location() + " " + p.field() + ": " + p.message()).toList());
        assertEquals(List.of("human:ann", "human:carl"), principals(aliases, "a"), "the members outside the cycle stay");
        assertEquals(List.of("human:carl", "human:ann"), principals(aliases, "b"));
        assertEquals(List.of("human:carl", "human:ann"), principals(aliases, "c"));
        assertEquals(List.of("human:sue"), principals(aliases, "self"));
        assertEquals(List.of("human:fred"), principals(aliases, "fine"));
    }

    private static List<String> principals(OwnersAliases aliases, String name) {
        return aliases.members(name).orElseThrow().stream().map(e -> e.principal().toString()).toList();
    }

    @Test
    void anAliasMayBeEmpty() {
        OwnersAliases aliases = read("aliases:\n  none: []\n  nulled:\n");
        assertEquals(List.of(), problems);
        assertEquals(Optional.of(List.of()), aliases.members("none"));
        assertEquals(Optional.of(List.of()), aliases.members("nulled"));
        assertTrue(OwnersAliases.NONE.members("none").isEmpty());
    }
}
