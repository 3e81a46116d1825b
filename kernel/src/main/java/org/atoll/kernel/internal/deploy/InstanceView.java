package org.atoll.kernel.internal.deploy;

import java.util.Map;

/**
 * An instance for {@code ps}: where it should run and what was last seen of it.
 *
 * @param deployment its deployment
 * @param id      the instance id
 * @param service its service
 * @param version its version
 * @param node    the node it is placed on
 * @param state   running, created, exited, dead, missing (not created yet), or "remote" when another
 *                node runs it
 * @param address its container address, or empty
 * @param ports   container port → host port
 * @param problem the last failure, or empty
 */
public record InstanceView(String deployment, String id, String service, int version, String node, String state, String address,
        Map<Integer, Integer> ports, String problem) {
}
