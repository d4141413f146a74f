package io.manybot.core.event;

import static io.manybot.core.event.WebhookSamples.bot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.event.ChatCommand.Verb;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.Principal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code @manybot <verb> [bot]} in comments: what is read, what is not, and who may command a bot. */
class WebhookChatCommandsTest {
    private final OwnershipIndex index = WebhookSamples.ownership();
    private final Bot format = bot("format-bot", null, "main", List.of("src/format/**"));
    private final Bot docs = bot("docs-bot", null, "main", List.of());

    private static List<ChatCommand> parse(String body) {
        return ChatCommands.parse(body);
    }

    private static ChatCommand command(Verb verb, String bot, int line) {
        return new ChatCommand(verb, bot, line);
    }

    @Test
    void verbsInAnyCaseWithOrWithoutABot() {
        assertEquals(List.of(command(Verb.PAUSE, "format-bot", 1)), parse("@manybot pause format-bot"));
        assertEquals(List.of(command(Verb.TRIGGER, "format-bot", 1)), parse("@ManyBot TRIGGER Format-Bot"));
        assertEquals(List.of(command(Verb.STATUS, null, 1)), parse("@manybot status"));
        assertEquals(List.of(command(Verb.RESUME, "docs-bot", 2)), parse("Done with the fix.\n@manybot resume docs-bot."));
        assertEquals(List.of(command(Verb.STATUS, "format-bot", 1)), parse("@manybot\tstatus format-bot, please"));
        assertEquals(List.of(command(Verb.STATUS, null, 1)), parse("@manybot status?"));
    }

    @Test
    void onlyAtTheStartOfALineOrAfterWhitespace() {
        assertEquals(List.of(command(Verb.PAUSE, "a", 1)), parse("Could you @manybot pause a"));
        assertEquals(List.of(), parse("mail@manybot pause a"));
        assertEquals(List.of(), parse("(@manybot pause a)"));
        assertEquals(List.of(), parse("@manybot-dev pause a"));
        assertEquals(List.of(), parse("@manybots pause a"));
        assertEquals(List.of(), parse("@manybot pause-all"));
        assertEquals(List.of(), parse("@manybot pausing a"));
        assertEquals(List.of(), parse("@manybot deploy a"));
        assertEquals(List.of(), parse("@manybot"));
        assertEquals(List.of(), parse("@manybot pause format_bot"), "not a bot name: skipped, not guessed");
        assertEquals(List.of(), parse(null));
    }

    @Test
    void quotesCodeBlocksAndInlineCodeAreNotRead() {
        String body = String.join("\n",
                "> @manybot pause quoted-bot",
                "  > @manybot pause quoted-too",
                "```",
                "@manybot pause fenced-bot",
                "```",
                "~~~~ text",
                "@manybot pause tilde-bot",
                "```",
                "~~~~",
                "Use `@manybot pause inline-bot` to pause.",
                "",
                "    @manybot pause indented-bot",
                "",
                "@manybot pause real-bot");
        assertEquals(List.of(command(Verb.PAUSE, "real-bot", 14)), parse(body));
        assertEquals(List.of(), parse("```\n@manybot pause never-closed\n"));
    }

    @Test
    void severalCommandsEachOnce() {
        assertEquals(List.of(command(Verb.PAUSE, "a", 1), command(Verb.RESUME, "b", 1), command(Verb.STATUS, null, 2)),
                parse("@manybot pause a and @manybot resume b\r\n@manybot status\n@manybot pause a"));
        assertEquals(List.of(command(Verb.STATUS, null, 1), command(Verb.PAUSE, "x", 1)), parse("@manybot status @manybot pause x"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            many.append("@manybot pause bot-").append(i).append('\n');
        }
        assertEquals(ChatCommands.MAX_COMMANDS, parse(many.toString()).size());
    }

    @Test
    void ownersDelegatesAndApproversMayCommandTheBot() {
        ChatCommand pause = command(Verb.PAUSE, "format-bot", 1);
        ChatCommands.Authorization alice = ChatCommands.authorize(pause, Principal.parse("Alice"), format, index);
        assertTrue(alice.allowed(), alice.reason());
        assertEquals("human:alice owns src/format (src/format/OWNERS:3:5), which format-bot owns: 'pause' allowed", alice.reason());
        ChatCommands.Authorization root = ChatCommands.authorize(pause, Principal.parse("human:root-owner"), format, index);
        assertTrue(root.allowed(), "the owner of a parent directory owns it too: " + root.reason());
        ChatCommands.Authorization carl = ChatCommands.authorize(pause, Principal.parse("carl"), format, index);
        assertTrue(carl.allowed(), carl.reason());
        assertTrue(carl.reason().contains("contributor delegate"), carl.reason());
        // docs-bot declares no owns globs; docs/OWNERS (Prow) names it as an approver, next to dora.
        ChatCommands.Authorization dora = ChatCommands.authorize(command(Verb.TRIGGER, "docs-bot", 1), Principal.parse("dora"), docs, index);
        assertTrue(dora.allowed(), dora.reason());
    }

    @Test
    void othersMayNot() {
        ChatCommand pause = command(Verb.PAUSE, "format-bot", 1);
        ChatCommands.Authorization mallory = ChatCommands.authorize(pause, Principal.parse("mallory"), format, index);
        assertFalse(mallory.allowed());
        assertEquals("human:mallory is not an owner, delegate or approver of any path format-bot owns (src/format): 'pause' refused",
                mallory.reason());
        assertFalse(ChatCommands.authorize(pause, Principal.parse("olivia"), format, index).allowed(), "observer delegate");
        assertFalse(ChatCommands.authorize(pause, Principal.parse("rita"), format, index).allowed(), "required reviewer");
        Bot docs = this.docs;
        assertFalse(ChatCommands.authorize(command(Verb.STATUS, "docs-bot", 1), Principal.parse("rick"), docs, index).allowed(),
                "Prow reviewer");
        assertFalse(ChatCommands.authorize(command(Verb.STATUS, "docs-bot", 1), Principal.parse("emil"), docs, index).allowed(),
                "emeritus approver");
        ChatCommands.Authorization noIndex = ChatCommands.authorize(pause, Principal.parse("alice"), format, null);
        assertFalse(noIndex.allowed());
        assertTrue(noIndex.reason().contains("no ownership information"), noIndex.reason());
        Bot ownsNothing = bot("idle-bot", null, "main", List.of());
        assertFalse(ChatCommands.authorize(pause, Principal.parse("root-owner"), ownsNothing, index).allowed());
        assertFalse(ChatCommands.authorize(pause, null, format, index).allowed());
        assertFalse(ChatCommands.authorize(pause, Principal.parse("alice"), null, index).allowed());
    }

    @Test
    void decisionsForACommentFromTheSamplePayload() {
        RepositoryEvent.Comment comment = (RepositoryEvent.Comment) WebhookSamples.parse("issue_comment", "github-issue-comment.json");
        List<ChatCommands.Decision> decisions = ChatCommands.decide(comment, List.of(format, docs), index);
        assertEquals(1, decisions.size(), "the quoted trigger and the fenced resume are not read");
        ChatCommands.Decision pause = decisions.get(0);
        assertEquals(Verb.PAUSE, pause.command().verb());
        assertEquals("format-bot", pause.bot());
        assertTrue(pause.allowed(), pause.reason());

        RepositoryEvent.Comment byMallory = new RepositoryEvent.Comment(comment.provider(), comment.deliveryId(), comment.eventName(),
                comment.repository(), comment.target(), comment.number(), null, null,
                "@manybot pause format-bot\n@manybot trigger\n@manybot status\n@manybot resume ghost-bot", "mallory");
        List<ChatCommands.Decision> refused = ChatCommands.decide(byMallory, List.of(format, docs), index);
        assertEquals(5, refused.size(), refused.toString());
        assertTrue(refused.stream().noneMatch(ChatCommands.Decision::allowed));
        assertEquals("name the bot: @manybot trigger <bot>", refused.get(1).reason());
        assertEquals(List.of("docs-bot", "format-bot"), refused.subList(2, 4).stream().map(ChatCommands.Decision::bot).toList(),
                "status without a bot stands for every bot");
        assertEquals("no bot named ghost-bot works on acme/widgets", refused.get(4).reason());
    }

    @Test
    void anAuthorIsAHostLoginEvenWhenItReadsLikeAPrincipal() {
        RepositoryEvent.Comment comment = (RepositoryEvent.Comment) WebhookSamples.parse("issue_comment", "github-issue-comment.json");
        for (String login : List.of("manybot:format-bot", "human:alice", "team:acme/format")) {
            RepositoryEvent.Comment spoofed = new RepositoryEvent.Comment(comment.provider(), comment.deliveryId(), comment.eventName(),
                    comment.repository(), comment.target(), comment.number(), null, null, "@manybot pause format-bot", login);
            assertEquals(new Principal(Principal.Kind.HUMAN, login), spoofed.authorPrincipal());
            List<ChatCommands.Decision> decisions = ChatCommands.decide(spoofed, List.of(format, docs), index);
            assertFalse(decisions.get(0).allowed(), login + " was obeyed: " + decisions.get(0).reason());
            assertTrue(decisions.get(0).reason().startsWith("human:" + login + " is not an owner"), decisions.get(0).reason());
        }
    }

    @Test
    void literalDirectoriesOfOwnedGlobs() {
        assertEquals("src/format", ChatCommands.literalDirectory("src/format/**"));
        assertEquals("src/format", ChatCommands.literalDirectory("/src/format/*.py"));
        assertEquals("docs", ChatCommands.literalDirectory("docs/"));
        assertEquals("", ChatCommands.literalDirectory("*.py"));
        assertEquals("src", ChatCommands.literalDirectory("src/**/test_*.py"));
        assertEquals("src/main/App.java", ChatCommands.literalDirectory("src/main/App.java"));
    }

    @Test
    void fencesAndQuotesMayBeIndentedUpToThreeSpaces() {
        assertEquals(List.of(command(Verb.PAUSE, "after", 4)), parse("   ```\n@manybot pause fenced\n   ```\n@manybot pause after"));
        assertEquals(List.of(), parse("~~~\n@manybot pause tilde\n"), "three tildes open a fence too");
        assertEquals(List.of(command(Verb.PAUSE, "after", 4)), parse("```\n@manybot pause fenced\n```   \n@manybot pause after"));
        assertEquals(List.of(), parse("```\n@manybot pause fenced\n``` not a close\n@manybot pause still-fenced"));
        assertEquals(List.of(), parse("   > @manybot pause quoted"));
        assertEquals(List.of(command(Verb.PAUSE, "x", 2)), parse("Text\n    @manybot pause x"),
                "an indented line right after a paragraph continues it: no code block");
    }

    @Test
    void anIndentedCodeBlockGoesOnUntilAnUnindentedLine() {
        assertEquals(List.of(command(Verb.RESUME, "b", 5)),
                parse("Example:\n\n    @manybot pause a\n    @manybot pause a2\n@manybot resume b"));
        assertEquals(List.of(), parse("\t@manybot pause tabbed"), "a tab indents a code block");
        assertEquals(List.of(), parse("  \t@manybot pause tabbed"));
    }

    @Test
    void atMostTwentyCommandsEvenOnOneLine() {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            line.append("@manybot pause bot-").append(i).append(' ');
        }
        List<ChatCommand> commands = parse(line.toString());
        assertEquals(ChatCommands.MAX_COMMANDS, commands.size());
        assertEquals("bot-19", commands.get(19).bot());
    }

    @Test
    void aVerbWithTrailingSpaceOrPunctuationNamesNoBot() {
        assertEquals(List.of(command(Verb.STATUS, null, 1)), parse("@manybot status   "));
        assertEquals(List.of(command(Verb.STATUS, null, 1)), parse("@manybot status."));
        assertEquals(List.of(command(Verb.STATUS, null, 1)), parse("@manybot status @someone"));
        assertEquals(List.of(command(Verb.TRIGGER, "docs-bot", 1)), parse("@manybot trigger docs-bot!)"));
        assertEquals(List.of(command(Verb.PAUSE, null, 1)), parse("@manybot pause,format-bot"),
                "a name glued to the verb is no bot name: the command names no bot (and is refused as such)");
        assertEquals("@manybot pause format-bot", command(Verb.PAUSE, "format-bot", 1).toString());
        assertEquals("@manybot status", command(Verb.STATUS, null, 1).toString());
    }

    @Test
    void aCommandForNoBotSaysWhichNameWasNotFound() {
        ChatCommands.Authorization ghost = ChatCommands.authorize(command(Verb.PAUSE, "ghost-bot", 1), Principal.parse("alice"), null, index);
        assertEquals("no such bot: ghost-bot", ghost.reason());
        assertEquals("no such bot", ChatCommands.authorize(command(Verb.STATUS, null, 1), Principal.parse("alice"), null, index).reason());
        assertEquals("no such bot", ChatCommands.authorize(null, Principal.parse("alice"), null, index).reason());
        assertEquals("no ownership information for the repository: the command for format-bot is refused",
                ChatCommands.authorize(null, Principal.parse("alice"), format, null).reason());
    }

    @Test
    void aRefusalListsAtMostFiveOfTheBotsAreas() {
        ChatCommand pause = command(Verb.PAUSE, "wide-bot", 1);
        Bot five = bot("wide-bot", null, "main", List.of("a/**", "b/**", "c/**", "d/**", "*.md"));
        assertEquals("human:mallory is not an owner, delegate or approver of any path wide-bot owns (a, b, c, d, /): 'pause' refused",
                ChatCommands.authorize(pause, Principal.parse("mallory"), five, index).reason());
        Bot six = bot("wide-bot", null, "main", List.of("a/**", "b/**", "c/**", "d/**", "e/**", "f/**"));
        assertEquals("human:mallory is not an owner, delegate or approver of any path wide-bot owns (a, b, c, d, e, …): 'pause' refused",
                ChatCommands.authorize(pause, Principal.parse("mallory"), six, index).reason());
    }

    /** OWNERS that name bots as primary or delegate, a CODEOWNERS that names one, and a broken OWNERS file. */
    private static OwnershipIndex botsNamedInOwnersFiles() {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        files.put("app/OWNERS", "primary: manybot:app-bot\ndelegates:\n  - human:ann\n");
        files.put("app/main.py", "pass\n");
        files.put("lib/OWNERS", "primary: human:lena\ndelegates:\n  - manybot:lib-bot\n");
        files.put("lib/util.py", "pass\n");
        files.put("shared/OWNERS", "delegates:\n  - human:sam\n");
        files.put("shared/x.py", "pass\n");
        files.put("broken/OWNERS", "primary: [unclosed\n");
        files.put("broken/x.py", "pass\n");
        files.put("CODEOWNERS", "tools @tina manybot:tool-bot\n");
        files.put("tools/run.sh", "true\n");
        try {
            return OwnershipIndex.load(new WebhookSamples.MapTree(files));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBotNamedAsPrimaryDelegateOrCodeOwnerMayBeCommandedByTheOwnersThere() {
        OwnershipIndex named = botsNamedInOwnersFiles();
        Bot app = bot("app-bot", null, "main", List.of());
        ChatCommands.Authorization ann = ChatCommands.authorize(command(Verb.PAUSE, "app-bot", 1), Principal.parse("ann"), app, named);
        assertTrue(ann.allowed(), ann.reason());
        Bot lib = bot("lib-bot", null, "main", List.of());
        ChatCommands.Authorization lena = ChatCommands.authorize(command(Verb.PAUSE, "lib-bot", 1), Principal.parse("lena"), lib, named);
        assertTrue(lena.allowed(), lena.reason());
        Bot tool = bot("tool-bot", null, "main", List.of());
        ChatCommands.Authorization tina = ChatCommands.authorize(command(Verb.PAUSE, "tool-bot", 1), Principal.parse("tina"), tool, named);
        assertTrue(tina.allowed(), tina.reason());
        assertTrue(tina.reason().startsWith("human:tina owns tools ("), tina.reason());
        Bot idle = bot("idle-bot", null, "main", List.of());
        assertEquals("idle-bot owns no paths, so nobody may give it 'pause' from a comment",
                ChatCommands.authorize(command(Verb.PAUSE, "idle-bot", 1), Principal.parse("sam"), idle, named).reason(),
                "an OWNERS file without a primary, and a broken one, name no bot");
    }
}
