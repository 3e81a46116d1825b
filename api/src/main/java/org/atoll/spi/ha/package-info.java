/**
 * High availability: floating IP addresses held by one of several nodes (keepalived).
 */
@Export
@Version("1.0.0")
package org.atoll.spi.ha;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
