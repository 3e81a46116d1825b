package org.atoll.kernel.internal.http;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.atoll.kernel.internal.discovery.CatalogEntry;
import org.atoll.kernel.internal.discovery.ContainerCheck;
import org.atoll.kernel.internal.discovery.ContainerService;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.kernel.internal.discovery.PublishedService;
import org.atoll.kernel.internal.discovery.RegistryView;

/**
 * Registries, the services and checks of containers, and published external services: what
 * {@code registry-*}, {@code service-*}, {@code check-*} and {@code services} do in the shell.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    /** A registry Atoll runs on a node, or (with {@code external} only) one it adopts. */
    public record NewRegistry(String node, String address, String type, String name, String external) {
    }

    public record NewService(String name, int port, String protocol) {
    }

    public record NewCheck(String name, String type, String target) {
    }

    /** A service outside Atoll's containers, at {@code address} (host:port). */
    public record NewPublishedService(String name, String address, String environment) {
    }

    public record NewPublishedCheck(String name, String type, String target, String service) {
    }

    private final DiscoveryService discovery;

    public DiscoveryResource(DiscoveryService discovery) {
        this.discovery = discovery;
    }

    @GET
    @Path("registries")
    @Summary("The discovery registries (registry-list)")
    public List<RegistryView> registries() {
        return discovery.registries();
    }

    @POST
    @Path("registries")
    @Summary(value = "Runs a registry on a node, or adopts a running one by its URL (registry-add)",
            errors = "400 a field is invalid")
    public Message addRegistry(NewRegistry body, @QueryParam("wait") @DefaultValue("60") int wait) {
        if (body.external() == null && (body.node() == null || body.address() == null)) {
            throw ApiError.invalid(body.node() == null ? "node" : "address",
                    "is required (or give external: URL to adopt a running registry)");
        }
        if (body.external() != null && (body.node() != null || body.address() != null)) {
            throw ApiError.invalid("external", "an adopted registry takes no node or address");
        }
        return new Message(discovery.addRegistry(body.node(), body.address(), body.type(), body.name(),
                body.external(), Http.waitTime(wait)));
    }

    @DELETE
    @Path("registries/{name}")
    @Summary(value = "Removes a registry (registry-remove)", errors = "404 no such registry")
    public Message removeRegistry(@PathParam("name") String name) {
        if (!discovery.registryNames().contains(name)) {
            throw ApiError.notFound("name", "no registry " + name);
        }
        return new Message(discovery.removeRegistry(name));
    }

    @GET
    @Path("containers/{container}/services")
    @Summary("The services a container announces (service-list)")
    public List<ContainerService> services(@PathParam("container") String container) {
        return discovery.services(container);
    }

    @POST
    @Path("containers/{container}/services")
    @Summary(value = "Announces a service of a container (service-add)", errors = "400 no such instance or bad port")
    public ContainerService addService(@PathParam("container") String container, NewService body) {
        return discovery.addService(container, body.name(), body.port(), body.protocol());
    }

    @DELETE
    @Path("containers/{container}/services/{name}")
    @Summary("Withdraws a service of a container (service-remove)")
    public List<ContainerService> removeService(@PathParam("container") String container,
            @PathParam("name") String name) {
        return discovery.removeService(container, name);
    }

    @GET
    @Path("containers/{container}/checks")
    @Summary("The checks of a container")
    public List<ContainerCheck> checks(@PathParam("container") String container) {
        return discovery.checks(container);
    }

    @POST
    @Path("containers/{container}/checks")
    @Summary(value = "Adds a tcp or http check to a container (check-add)", errors = "400 a field is invalid")
    public ContainerCheck addCheck(@PathParam("container") String container, NewCheck body) {
        return discovery.addCheck(container, body.name(), body.type(), body.target());
    }

    @DELETE
    @Path("containers/{container}/checks/{name}")
    @Summary("Removes a check of a container (check-remove)")
    public ContainerCheck removeCheck(@PathParam("container") String container, @PathParam("name") String name) {
        return discovery.removeCheck(container, name);
    }

    @GET
    @Path("published")
    @Summary("The published services outside Atoll's containers, with their checks")
    public List<PublishedService> published() {
        return discovery.published();
    }

    @POST
    @Path("published/services")
    @Summary(value = "Publishes a service at host:port (service-publish)", errors = "400 a field is invalid")
    public PublishedService publishService(NewPublishedService body) {
        return discovery.publishService(body.name(), body.address(), body.environment());
    }

    @DELETE
    @Path("published/services/{name}")
    @Summary("Withdraws a published service (service-unpublish)")
    public PublishedService unpublishService(@PathParam("name") String name) {
        return discovery.unpublishService(name);
    }

    @POST
    @Path("published/checks")
    @Summary(value = "Adds a check to a published service (check-publish)", errors = "400 a field is invalid")
    public PublishedService publishCheck(NewPublishedCheck body) {
        return discovery.publishCheck(body.name(), body.type(), body.target(), body.service());
    }

    @DELETE
    @Path("published/checks/{name}")
    @Summary("Removes a published check (check-unpublish)")
    public PublishedService unpublishCheck(@PathParam("name") String name) {
        return discovery.unpublishCheck(name);
    }

    @GET
    @Path("catalog")
    @Summary("Every service and check the registries know, with health (services)")
    public List<CatalogEntry> catalog() {
        return discovery.catalog();
    }
}
