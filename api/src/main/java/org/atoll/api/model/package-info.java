/**
 * Atoll's model: what users declare and what the kernel stores.
 *
 * <p>Every type is an immutable record that maps to and from JSON and YAML with Jackson. Collections
 * are copied on construction and never null; absent optional scalars are null. Construction does
 * not validate beyond that: the kernel validates every value (with errors that name the field) before
 * it is stored, so a value read back from the store is valid.
 *
 * <p>Desired state flows deployment → service → immutable {@link org.atoll.api.model.ServiceVersion}
 * → {@link org.atoll.api.model.Instance}s placed on {@link org.atoll.api.model.Node}s.
 */
@Export
@Version("1.0.0")
package org.atoll.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
