package org.atoll.plugin.scheduler.resource.internal;

import java.util.HashMap;
import java.util.Map;

/** One node during one placement call: what it offers after overcommit and what is used so far. */
final class NodeState {

    final String name;
    /** Effective capacity per dimension; 0 = not limited, negative = nothing fits. */
    final long cpuCapacity;
    final long memoryCapacity;

    private long cpuUsed;
    private long memoryUsed;
    private int instances;
    private final Map<String, Integer> perSpreadKey = new HashMap<>();

    NodeState(String name, long cpuCapacity, long memoryCapacity) {
        this.name = name;
        this.cpuCapacity = cpuCapacity;
        this.memoryCapacity = memoryCapacity;
    }

    boolean cpuLimited() {
        return cpuCapacity != 0;
    }

    boolean memoryLimited() {
        return memoryCapacity != 0;
    }

    long cpuFree() {
        return cpuCapacity - cpuUsed;
    }

    long memoryFree() {
        return memoryCapacity - memoryUsed;
    }

    boolean fitsCpu(long cpu) {
        return cpu == 0 || !cpuLimited() || cpu <= cpuFree();
    }

    boolean fitsMemory(long memory) {
        return memory == 0 || !memoryLimited() || memory <= memoryFree();
    }

    boolean fits(long cpu, long memory) {
        return fitsCpu(cpu) && fitsMemory(memory);
    }

    /** Mean utilisation of the limited dimensions once {@code cpu}/{@code memory} are added; 0 if none is limited. */
    double loadAfter(long cpu, long memory) {
        double sum = 0;
        int dimensions = 0;
        if (cpuCapacity > 0) {
            sum += (double) (cpuUsed + cpu) / cpuCapacity;
            dimensions++;
        }
        if (memoryCapacity > 0) {
            sum += (double) (memoryUsed + memory) / memoryCapacity;
            dimensions++;
        }
        return dimensions == 0 ? 0 : sum / dimensions;
    }

    int instances() {
        return instances;
    }

    int count(String spreadKey) {
        return perSpreadKey.getOrDefault(spreadKey, 0);
    }

    void add(long cpu, long memory, String spreadKey) {
        cpuUsed += cpu;
        memoryUsed += memory;
        instances++;
        if (spreadKey != null) {
            perSpreadKey.merge(spreadKey, 1, Integer::sum);
        }
    }
}
