/**
 * Container backends: what runs instances (Docker, systemd). The kernel decides what should run where; a
 * backend makes it so on its node and reports what it sees.
 */
@Export
@Version("1.0.0")
package org.atoll.spi.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
