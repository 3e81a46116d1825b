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

    /** {@code ifRevision} for any revision: the change does not depend on what the deployment was. */
    long ANY_REVISION = -1;

    /**
     * Like {@link #deploy(String, Declared, Duration)}, but only while the deployment's stored revision is
     * {@code ifRevision} (0: the deployment does not exist yet), checked in the same transaction as the change.
     *
     * @throws StaleRevisionException if it is another revision; nothing is changed
     */
    DeployOutcome deploy(String deployment, Declared declared, Duration wait, long ifRevision);

    /** The current spec of a service, with its current count. */
    Optional<ServiceSpec> spec(String deployment, String service);

    /** Makes {@code spec} the service's spec: a new version unless only the count changed. */
    DeployOutcome setService(String deployment, String service, ServiceSpec spec, Duration wait);

    /** {@link #setService(String, String, ServiceSpec, Duration)} conditional on the deployment's revision, see {@link #deploy(String, Declared, Duration, long)}. */
    DeployOutcome setService(String deployment, String service, ServiceSpec spec, Duration wait, long ifRevision);

    /** Makes a stored version current again. */
    DeployOutcome rollback(String deployment, String service, int version, Duration wait);

    /** {@link #rollback(String, String, int, Duration)} conditional on the deployment's revision. */
    DeployOutcome rollback(String deployment, String service, int version, Duration wait, long ifRevision);

    /** The stored revision of the deployment's record, which every change of it or its services moves; 0 if it does not exist. */
    long revision(String deployment);

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
