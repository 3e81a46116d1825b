/**
 * Databases: database servers (MariaDB/MySQL, PostgreSQL) with users and databases whose access is
 * limited to an address range.
 */
@Export
@Version("1.0.0")
package org.atoll.spi.database;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
