package org.atoll.spi.routing;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What {@link Router#apply} did.
 *
 * @param changed  whether anything differed from what was served
 * @param reloaded whether the daemon was reloaded (false: nothing changed, or the runtime API sufficed)
 * @param message  a line for operators
 */
@ProviderType
public record ApplyResult(boolean changed, boolean reloaded, String message) {
}
