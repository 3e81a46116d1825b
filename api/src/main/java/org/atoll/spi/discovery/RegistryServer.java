package org.atoll.spi.discovery;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a registry server as an instance; the kernel runs it through the node's backend.
 *
 * @param image   the image
 * @param cmd     the command and arguments; empty = the image's default
 * @param env     environment
 * @param network the network it joins ({@code host} for servers that bind the registry's address)
 * @param volumes named volumes: volume name → mount path, kept across restarts of the instance
 */
@ProviderType
public record RegistryServer(String image, List<String> cmd, Map<String, String> env, String network,
        Map<String, String> volumes) {
    public RegistryServer {
        Objects.requireNonNull(image, "image");
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? Map.of() : Map.copyOf(env);
        volumes = volumes == null ? Map.of() : Map.copyOf(volumes);
    }
}
