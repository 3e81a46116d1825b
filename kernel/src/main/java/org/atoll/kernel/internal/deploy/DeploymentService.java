package org.atoll.kernel.internal.deploy;

import java.util.List;

import org.atoll.api.model.Deployment;

/** Creates, lists and removes deployments. Every method validates its input first and changes nothing on error. */
public interface DeploymentService {

    /** @throws org.atoll.kernel.internal.validate.ValidationException if the input is invalid or the name is taken */
    Deployment create(String name, String description);

    List<DeploymentSummary> list();

    /**
     * Removes the deployment with its services, versions and desired instances in one transaction;
     * the reconcilers then stop the instances.
     *
     * @return the number of instances that will be stopped
     * @throws org.atoll.kernel.internal.validate.ValidationException if there is no such deployment
     */
    int remove(String name);

    /**
     * {@link #remove(String)} only while the deployment is at {@code ifRevision}
     * ({@link DeployService#ANY_REVISION} for any).
     *
     * @throws StaleRevisionException if it is at another revision; nothing is changed
     */
    int remove(String name, long ifRevision);

    List<String> names();

    /** The database servers the services of {@code deployment} declare ({@code database:} in a Servicefile). */
    List<String> databasesOf(String deployment);
}
