package org.atoll.kernel.internal.discovery;

/**
 * A service a container hosts, added with {@code service-add}.
 *
 * @param target the instance id, or {@code DEPLOYMENT:SERVICE} for every instance of a service
 * @param name   the service's name, a DNS label
 * @param port   the port inside the container
 * @param proto  {@code tcp} or {@code udp}
 */
public record ContainerService(String target, String name, int port, String proto) {
}
