package org.atoll.plugin.scheduler.resource.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the {@code resource} placement strategy (PID {@value ResourcePlacementStrategy#PID}). */
@ObjectClassDefinition(
        id = ResourcePlacementStrategy.PID,
        name = "Atoll resource placement",
        description = "Places instances on nodes by the CPU and memory they ask for.")
public @interface ResourceSchedulerConfig {

    @AttributeDefinition(
            name = "Strategy",
            description = "binpack fills the most loaded node that still fits, keeping other nodes free;"
                    + " spread puts each instance on the least loaded node.",
            options = {
                @Option(label = "Bin-pack", value = "binpack"),
                @Option(label = "Spread", value = "spread")
            })
    String strategy() default "binpack";

    @AttributeDefinition(
            name = "CPU overcommit",
            description = "A node offers its CPU capacity times this ratio. 1.0 = no overcommit,"
                    + " 2.0 = twice its CPUs, 0.8 = keep 20% in reserve. Must be greater than 0.")
    double overcommit_cpu() default 1.0;

    @AttributeDefinition(
            name = "Memory overcommit",
            description = "A node offers its memory capacity times this ratio. 1.0 = no overcommit."
                    + " Must be greater than 0.")
    double overcommit_memory() default 1.0;
}
