/**
 * Routing: load balancers and webservers (HAProxy, Nginx) that are given a whole desired routing table
 * and apply it atomically.
 */
@Export
@Version("1.0.0")
package org.atoll.spi.routing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
