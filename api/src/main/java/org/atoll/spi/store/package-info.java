/**
 * The state store: a versioned key-value store holding Atoll's desired and shared state.
 *
 * <p>Modelled on etcd v3 so that the embedded store and an etcd-backed one are interchangeable:
 * one cluster-wide revision counter that every committed change increments; per key a create
 * revision, a mod revision and a version; multi-key transactions guarded by compare-and-set on mod
 * revisions; prefix watches from a past revision; leases that delete their keys when they expire.
 */
@Export
@Version("1.0.0")
package org.atoll.spi.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
