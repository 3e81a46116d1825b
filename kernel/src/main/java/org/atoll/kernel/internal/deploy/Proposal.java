package org.atoll.kernel.internal.deploy;

import java.util.List;

import org.atoll.api.model.Deployment;
import org.atoll.api.model.Instance;
import org.atoll.api.model.Service;
import org.atoll.api.model.ServiceVersion;

/**
 * The desired state a deploy would write, and what it changes in words.
 *
 * @param deployment       the deployment record to write
 * @param services         services to write (new or changed)
 * @param versions         new versions to add
 * @param removedServices  services to remove with their versions and instances
 * @param instances        instances to write (new, or placed on another node)
 * @param removedInstances instances to remove
 * @param changes          one line per change ("Deployed web to n1."), empty when nothing changes
 */
public record Proposal(Deployment deployment, List<Service> services, List<ServiceVersion> versions,
        List<String> removedServices, List<Instance> instances, List<Instance> removedInstances,
        List<String> changes) {

    public boolean changed() {
        return !changes.isEmpty();
    }

    /** The instance-level diff, one line each: {@code + foo-web-2-1 on n1}. */
    public List<String> steps() {
        List<String> out = new java.util.ArrayList<>();
        instances.forEach(i -> out.add("+ " + i.id() + " on " + i.node()));
        removedInstances.forEach(i -> out.add("- " + i.id() + " on " + i.node()));
        return out;
    }
}
