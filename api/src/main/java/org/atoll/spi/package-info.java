/**
 * What every Atoll provider has in common, whatever extension point it implements.
 *
 * <p>A provider is an OSGi service registered under one SPI interface with the service property
 * {@value org.atoll.spi.Provider#PROPERTY} naming it ({@code atoll.provider=docker}). The kernel
 * tracks providers dynamically: a plugin bundle may be installed, updated or removed at any time,
 * and the kernel keeps no state in a provider that it cannot rebuild from its store and from what
 * the provider reports.
 */
@Export
@Version("1.0.0")
package org.atoll.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
