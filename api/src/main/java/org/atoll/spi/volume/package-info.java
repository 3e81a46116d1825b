/**
 * Volume stores: named volumes that follow their services from node to node (ZFS).
 */
@Export
@Version("1.0.0")
package org.atoll.spi.volume;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
