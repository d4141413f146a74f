package io.manybot.cluster.resource;

/**
 * The regular expressions of {@code schemas/common.schema.json}, in the RE2 dialect the Kubernetes
 * API server uses (no look-ahead: where the schema has one, a CEL rule says the same).
 */
final class Patterns {
    private Patterns() {}

    static final String NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    static final String PRINCIPAL = "^(manybot:[a-z0-9]([-a-z0-9]*[a-z0-9])?|human:[A-Za-z0-9][-A-Za-z0-9_.]*"
            + "|team:[A-Za-z0-9][-A-Za-z0-9_.]*/[A-Za-z0-9][-A-Za-z0-9_.]*|[A-Za-z0-9][-A-Za-z0-9_.]*)$";
    static final String DURATION = "^[0-9]{1,9}(ms|s|m|h|d)$";
    static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?$";
    static final String ENV_NAME = "^[A-Z_][A-Z0-9_]*$";
    /**
     * A five-field cron expression (minute hour day-of-month month day-of-week, as the core's cron-utils
     * UNIX parser reads it), each field a list of {@code *}, values or ranges in the field's bounds,
     * each with an optional step; months and days of the week may be three-letter names. The core checks
     * the rest (e.g. a range that runs backwards) and stalls the Subscription with the message.
     */
    private static final String CRON_MINUTE = "((\\*|[1-5]?[0-9](-[1-5]?[0-9])?)(/[0-9]{1,2})?(,(\\*|[1-5]?[0-9](-[1-5]?[0-9])?)(/[0-9]{1,2})?)*)";
    private static final String CRON_HOUR = "((\\*|([01]?[0-9]|2[0-3])(-([01]?[0-9]|2[0-3]))?)(/[0-9]{1,2})?(,(\\*|([01]?[0-9]|2[0-3])(-([01]?[0-9]|2[0-3]))?)(/[0-9]{1,2})?)*)";
    private static final String CRON_DAY = "((\\*|(0?[1-9]|[12][0-9]|3[01])(-(0?[1-9]|[12][0-9]|3[01]))?)(/[0-9]{1,2})?(,(\\*|(0?[1-9]|[12][0-9]|3[01])(-(0?[1-9]|[12][0-9]|3[01]))?)(/[0-9]{1,2})?)*)";
    private static final String CRON_MONTH = "((\\*|(0?[1-9]|1[0-2]|[A-Za-z]{3})(-(0?[1-9]|1[0-2]|[A-Za-z]{3}))?)(/[0-9]{1,2})?(,(\\*|(0?[1-9]|1[0-2]|[A-Za-z]{3})(-(0?[1-9]|1[0-2]|[A-Za-z]{3}))?)(/[0-9]{1,2})?)*)";
    private static final String CRON_WEEKDAY = "((\\*|([0-7]|[A-Za-z]{3})(-([0-7]|[A-Za-z]{3}))?)(/[0-9]{1,2})?(,(\\*|([0-7]|[A-Za-z]{3})(-([0-7]|[A-Za-z]{3}))?)(/[0-9]{1,2})?)*)";
    static final String CRON = "^ *" + CRON_MINUTE + " +" + CRON_HOUR + " +" + CRON_DAY + " +" + CRON_MONTH + " +" + CRON_WEEKDAY + " *$";

    static final String BRANCH = "^[^\\s~^:?*\\[\\\\/][^\\s~^:?*\\[\\\\]*$";
    /**
     * Bounds on glob lists. The API server estimates a CEL rule's worst-case cost from maxItems and
     * maxLength and refuses the CRD when a rule could cost more than its budget; unbounded lists of
     * unbounded strings would.
     */
    static final int MAX_GLOBS = 100;
    static final int MAX_GLOB_LENGTH = 1000;
    /** Globs: relative, no '..' segment, no backslash or NUL (CEL, on a list of globs). */
    static final String GLOBS_RULE = "self.all(g, size(g) >= 1 && size(g) <= 1000 && !g.startsWith('/')"
            + " && !g.matches('(^|/)[.][.](/|$)') && !g.contains('\\\\'))";
    static final String GLOBS_MESSAGE = "every glob is repository-relative: not absolute, no '..' segment, no backslash, 1-1000 characters";
}
