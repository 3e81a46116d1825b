/**
 * Service discovery: publishing instances' services and checks to registries (etcd, Consul) and
 * resolving names to healthy endpoints.
 */
@Export
@Version("1.0.0")
package org.atoll.spi.discovery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
