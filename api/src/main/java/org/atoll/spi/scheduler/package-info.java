/**
 * Placement: strategies that decide which node each instance runs on.
 */
@Export
@Version("1.0.0")
package org.atoll.spi.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
