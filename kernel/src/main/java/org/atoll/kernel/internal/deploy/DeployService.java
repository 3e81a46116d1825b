package org.atoll.kernel.internal.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.ServiceVersion;

/**
 * Declarative changes to deployments. Every method validates first and changes nothing on bad
 * input; a change is one store transaction, conditional on the deployment not having changed
 * meanwhile. Deploys then wait until this node's instances run, or fail naming the instance.
 */
public interface DeployService {

    /** What {@link #deploy} would change; changes nothing. */
    Proposal plan(String deployment, Declared declared);

    DeployOutcome deploy(String deployment, Declared declared, Duration wait);

    /** The current spec of a service, with its current count. */
    Optional<ServiceSpec> spec(String deployment, String service);

    /** Makes {@code spec} the service's spec: a new version unless only the count changed. */
    DeployOutcome setService(String deployment, String service, ServiceSpec spec, Duration wait);

    /** Makes a stored version current again. */
    DeployOutcome rollback(String deployment, String service, int version, Duration wait);

    List<ServiceVersion> versions(String deployment, String service);

    /**
     * Sets a service of a system deployment ({@code atoll-…}, managed by Atoll itself, e.g. the
     * registries); users cannot change those deployments through the other methods.
     */
    DeployOutcome setSystemService(String deployment, String service, ServiceSpec spec, Duration wait);

    /** Removes a service of a system deployment with its versions; its instances are stopped. */
    DeployOutcome removeSystemService(String deployment, String service);

    /** The instances of one deployment, or of all when {@code deployment} is null. */
    List<InstanceView> ps(String deployment);
}
