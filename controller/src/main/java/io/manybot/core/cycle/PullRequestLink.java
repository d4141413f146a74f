package io.manybot.core.cycle;

/**
 * The pull request (GitLab: merge request) that asks for review of a cycle's proposal branch, as the home last knew it.
 *
 * @param host {@code github} or {@code gitlab}
 * @param number the pull request's number (GitLab: the merge request's iid), or null while none is open
 * @param url where a person reviews it, or null
 * @param state {@code open}, {@code changes-requested}, {@code merged}, {@code closed}, {@code superseded}; {@code waiting}
 *     (a limit or the host's rate limit holds it back: it waits as a branch); {@code branch-only} (the host refused: see
 *     {@code reason})
 * @param reason why it waits or stays a branch, or what happened last; never a token
 */
public record PullRequestLink(String host, Integer number, String url, String state, String reason) {

    /** One line for status and result: "#12 open https://…", "waiting: limits.openProposals 2 reached". */
    public String describe() {
        String head = number == null ? state : "#" + number + " " + state;
        return head + (url == null ? "" : " " + url) + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }
}
