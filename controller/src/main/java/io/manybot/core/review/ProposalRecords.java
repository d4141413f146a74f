package io.manybot.core.review;

import java.util.List;
import java.util.Optional;

/** Where a home keeps its bots' proposals (the local home: its SQLite file). */
public interface ProposalRecords {

    Optional<Proposal> find(String bot, String branch);

    /** The bot's proposals, newest first. */
    List<Proposal> ofBot(String bot);

    /** Stores {@code proposal}, replacing the one of the same bot and branch. */
    void save(Proposal proposal);

    /** Every bot's proposals, newest first. */
    List<Proposal> all();
}
