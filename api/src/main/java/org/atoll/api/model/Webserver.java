package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * A reverse proxy that publishes many applications, each under its own URL.
 *
 * @param name a DNS label; generated when the user gives none
 * @param node the node it runs on
 * @param apps the published applications, at most one per URL
 * @param address   the address it listens on, on its node; null = not yet assigned
 * @param published its ports forwarded on its node's address
 */
@ProviderType
public record Webserver(String name, String node, List<PublishedApp> apps, String address,
        List<PublishedPort> published) {
    public Webserver {
        apps = Copies.list(apps);
        published = Copies.list(published);
    }

    /** A webserver without an address yet and nothing published. */
    public Webserver(String name, String node, List<PublishedApp> apps) {
        this(name, node, apps, null, List.of());
    }
}
