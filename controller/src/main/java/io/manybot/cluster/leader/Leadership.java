package io.manybot.cluster.leader;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.UUID;

/**
 * This operator's hold on the leader Lease, when leader election is on: whether it leads now (set by
 * the leader elector's callbacks), the stamp a cycle it starts records (identity and the Lease's
 * transition count), the check before a cycle lands that it still holds the Lease it started under,
 * and the release of the Lease on shutdown so that the next replica leads at once.
 * Without leader election it always leads and records nothing.
 */
public final class Leadership {
    private final KubernetesClient client;
    private final String namespace;
    private final String lease;
    private final String identity;
    private volatile boolean leading;

    /** What a cycle records of the leadership it was started under. */
    public record Stamp(String identity, int transitions) {}

    private Leadership(KubernetesClient client, String namespace, String lease, String identity, boolean leading) {
        this.client = client;
        this.namespace = namespace;
        this.lease = lease;
        this.identity = identity;
        this.leading = leading;
    }

    /** No leader election: always leads. */
    public static Leadership none() {
        return new Leadership(null, null, null, null, true);
    }

    /** Leader election on Lease {@code namespace/lease} as {@code identity}; leading once the elector says so. */
    public static Leadership onLease(KubernetesClient client, String namespace, String lease, String identity) {
        return new Leadership(client, namespace, lease, identity, false);
    }

    /** A name for this process: the pod's (HOSTNAME) and a random suffix, so that a restarted container is another holder. */
    public static String newIdentity(String hostname) {
        String host = hostname == null || hostname.isBlank() ? "manybot-operator" : hostname.strip();
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public boolean enabled() {
        return client != null;
    }

    public String identity() {
        return identity;
    }

    public String leaseName() {
        return lease;
    }

    public String leaseNamespace() {
        return namespace;
    }

    /** Whether this operator may reconcile and start cycles now. */
    public boolean leading() {
        return leading;
    }

    /** The elector made this operator the leader. */
    public void started() {
        leading = true;
    }

    /** The elector says this operator no longer leads (lost, or gave up on shutdown). */
    public void stopped() {
        leading = false;
    }

    /**
     * The stamp for a cycle starting now, or empty when this operator does not hold the Lease
     * (then no cycle may start). Null-free: without leader election, a stamp of nothing ({@link #NONE}).
     */
    public Optional<Stamp> stamp() {
        if (!enabled()) {
            return Optional.of(NONE);
        }
        if (!leading) {
            return Optional.empty();
        }
        Lease current = read();
        if (current == null || current.getSpec() == null || !identity.equals(current.getSpec().getHolderIdentity())) {
            return Optional.empty();
        }
        Integer transitions = current.getSpec().getLeaseTransitions();
        return Optional.of(new Stamp(identity, transitions == null ? 0 : transitions));
    }

    /** The stamp of a cycle started without leader election. */
    public static final Stamp NONE = new Stamp(null, 0);

    /**
     * Why a cycle started under {@code stamp} must not land now, or empty when it may: this operator
     * still leads, and the Lease is still held by it with the same transition count (it was not lost
     * and won back in between). A Lease that cannot be read refuses the landing.
     */
    public Optional<String> refusal(Stamp stamp) {
        if (stamp == null || stamp.identity() == null) {
            return Optional.empty();
        }
        if (!leading) {
            return Optional.of("this operator (" + stamp.identity() + ") no longer leads");
        }
        Lease current;
        try {
            current = read();
        } catch (KubernetesClientException e) {
            return Optional.of("the leader Lease " + namespace + "/" + lease + " could not be read: " + e.getMessage());
        }
        String holder = current == null || current.getSpec() == null ? null : current.getSpec().getHolderIdentity();
        Integer transitions = current == null || current.getSpec() == null ? null : current.getSpec().getLeaseTransitions();
        return refusal(stamp, holder, transitions);
    }

    /** The decision of {@link #refusal(Stamp)} on a Lease's holder and transition count as read. */
    public static Optional<String> refusal(Stamp stamp, String holder, Integer transitions) {
        if (stamp == null || stamp.identity() == null) {
            return Optional.empty();
        }
        if (!stamp.identity().equals(holder)) {
            return Optional.of("the leader Lease is held by " + (holder == null || holder.isEmpty() ? "nobody" : holder)
                    + ", not by " + stamp.identity() + " that started the cycle");
        }
        int now = transitions == null ? 0 : transitions;
        if (now != stamp.transitions()) {
            return Optional.of("the leader Lease changed hands since the cycle started (transitions " + stamp.transitions() + " → " + now + ")");
        }
        return Optional.empty();
    }

    /**
     * Gives the Lease up when this operator holds it (on shutdown, after it stopped reconciling): no
     * holder and a one-second duration, as client-go's release does, so that another replica takes it at
     * once instead of after the lease duration. Best effort: a failure leaves the Lease to expire.
     */
    public void release() {
        leading = false;
        if (!enabled()) {
            return;
        }
        try {
            Lease current = read();
            if (current == null || current.getSpec() == null || !identity.equals(current.getSpec().getHolderIdentity())) {
                return;
            }
            current.getSpec().setHolderIdentity(null);
            current.getSpec().setLeaseDurationSeconds(1);
            client.leases().inNamespace(namespace).resource(current).update();
        } catch (KubernetesClientException e) {
            System.err.println("manybot operator: could not release the leader Lease " + namespace + "/" + lease + ": " + e.getMessage());
        }
    }

    private Lease read() {
        return client.leases().inNamespace(namespace).withName(lease).get();
    }
}
