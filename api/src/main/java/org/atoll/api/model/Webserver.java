package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * A reverse proxy that publishes many applications, each under its own URL.
 *
 * @param name a DNS label; generated when the user gives none
 * @param node the node it runs on
 * @param apps the published applications, at most one per URL
 */
@ProviderType
public record Webserver(String name, String node, List<PublishedApp> apps) {
    public Webserver {
        apps = Copies.list(apps);
    }
}
