package io.manybot.core.ownership;

import java.util.Locale;

/**
 * Someone who can own, change or review paths: a bot ({@code manybot:<name>}), a human
 * ({@code human:<login>}, or a bare Prow login) or a team ({@code team:<org>/<team>}, from
 * CODEOWNERS). Logins and teams compare case-insensitively (they are kept in lower case).
 */
public record Principal(Kind kind, String id) {

    public enum Kind { BOT, HUMAN, TEAM }

    public Principal {
        id = kind == Kind.BOT ? id : id.toLowerCase(Locale.ROOT);
    }

    public static Principal parse(String text) {
        String value = text.trim();
        if (value.startsWith("manybot:")) {
            return new Principal(Kind.BOT, value.substring("manybot:".length()));
        }
        if (value.startsWith("human:")) {
            return new Principal(Kind.HUMAN, value.substring("human:".length()));
        }
        if (value.startsWith("team:")) {
            return new Principal(Kind.TEAM, value.substring("team:".length()));
        }
        return new Principal(Kind.HUMAN, value);
    }

    public static Principal bot(String name) {
        return new Principal(Kind.BOT, name);
    }

    public boolean isBot() {
        return kind == Kind.BOT;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BOT -> "manybot:" + id;
            case HUMAN -> "human:" + id;
            case TEAM -> "team:" + id;
        };
    }
}
