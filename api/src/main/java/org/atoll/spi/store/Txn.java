package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * A transaction: if every comparison holds, every operation is applied at one new revision.
 * A transaction whose comparisons hold but whose operations change nothing (deleting absent keys)
 * still succeeds and does not advance the revision.
 */
@ProviderType
public record Txn(List<Compare> compares, List<Op> ops) {

    public Txn {
        compares = List.copyOf(compares);
        ops = List.copyOf(ops);
    }

    public static Txn of(Op... ops) {
        return new Txn(List.of(), List.of(ops));
    }

    public static Builder when(Compare... compares) {
        return new Builder(List.of(compares));
    }

    public static final class Builder {
        private final List<Compare> compares;

        private Builder(List<Compare> compares) {
            this.compares = compares;
        }

        public Txn then(Op... ops) {
            return new Txn(compares, List.of(ops));
        }

        public Txn then(List<Op> ops) {
            return new Txn(compares, ops);
        }
    }
}
