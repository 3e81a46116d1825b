package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An amount of compute: what an instance asks for or what a node offers.
 *
 * @param cpuMillis thousandths of a CPU core ({@code 500} = half a core); 0 = unspecified
 * @param memoryMb  mebibytes of memory; 0 = unspecified
 */
@ProviderType
public record Resources(long cpuMillis, long memoryMb) {

    public static final Resources NONE = new Resources(0, 0);

    public Resources plus(Resources other) {
        return new Resources(cpuMillis + other.cpuMillis, memoryMb + other.memoryMb);
    }

    public Resources minus(Resources other) {
        return new Resources(cpuMillis - other.cpuMillis, memoryMb - other.memoryMb);
    }

    /**
     * Whether this amount, taken as a capacity of which {@code used} is taken already, can hold
     * {@code request} too. A zero dimension of a capacity is not limited.
     */
    public boolean canHold(Resources used, Resources request) {
        return (cpuMillis == 0 || used.cpuMillis + request.cpuMillis <= cpuMillis)
                && (memoryMb == 0 || used.memoryMb + request.memoryMb <= memoryMb);
    }
}
