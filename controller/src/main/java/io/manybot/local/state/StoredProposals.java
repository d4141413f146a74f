package io.manybot.local.state;

import io.manybot.core.review.Proposal;
import io.manybot.core.review.ProposalRecords;
import java.util.List;
import java.util.Optional;

/** The local home's proposals and their pull requests: the {@code proposals} table of the state's SQLite file. */
public final class StoredProposals implements ProposalRecords {
    private final StateStore store;

    public StoredProposals(StateStore store) {
        this.store = store;
    }

    @Override
    public Optional<Proposal> find(String bot, String branch) {
        return store.proposal(bot, branch);
    }

    @Override
    public List<Proposal> ofBot(String bot) {
        return store.proposals(bot);
    }

    @Override
    public void save(Proposal proposal) {
        store.saveProposal(proposal);
    }

    @Override
    public List<Proposal> all() {
        return store.proposals(null);
    }
}
