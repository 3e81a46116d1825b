package org.atoll.kernel.internal.http;

import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.atoll.kernel.internal.routing.RoutingService;

/**
 * Load balancers, webservers, published ports and managed hosts entries: what {@code lb-*},
 * {@code ws-*}, {@code app-*}, {@code port-*} and {@code hosts-*} do in the shell. Certificates and
 * keys are files on the Atoll server, as in the shell, or {@code selfSigned}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoutingResource {

    /** The body of {@code POST /loadbalancers}. */
    public record NewLoadBalancer(String kind, String node, String name, String url, List<String> backends,
            String mode, String certificate, String key, Boolean selfSigned, String address) {
    }

    public record Backends(List<String> backends) {
    }

    public record Setting(String value) {
    }

    public record NewPort(String target, int port, Integer hostPort) {
    }

    public record NewWebserver(String node, String name, String address) {
    }

    public record NewApp(String url, String backend, String certificate, String key, Boolean selfSigned) {
    }

    public record HostEntry(String address) {
    }

    private final RoutingService routing;

    public RoutingResource(RoutingService routing) {
        this.routing = routing;
    }

    @GET
    @Path("loadbalancers")
    @Summary("The load balancers, with their listeners and routes (lb-list)")
    public List<RoutingService.ProxyView> loadBalancers() {
        return routing.loadBalancers();
    }

    @POST
    @Path("loadbalancers")
    @Summary(value = "Adds a load balancer (lb-add): haproxy or nginx on a node; backends name:ip:port, ip:port"
            + " or service:NAME", errors = {"400 a field is invalid", "502 the proxy refused the configuration"})
    public Message addLoadBalancer(NewLoadBalancer body, @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.addLoadBalancer(body.kind(), body.node(), body.name(), body.url(),
                body.backends() == null ? List.of() : body.backends(), body.mode(),
                tls(body.certificate(), body.key(), body.selfSigned()), body.address(), Http.waitTime(wait)));
    }

    @DELETE
    @Path("loadbalancers/{name}")
    @Summary(value = "Removes a load balancer (lb-remove)", errors = "404 no such load balancer")
    public Message removeLoadBalancer(@PathParam("name") String name, @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.removeLoadBalancer(loadBalancer(name), Http.waitTime(wait)));
    }

    @POST
    @Path("loadbalancers/{name}/backends")
    @Summary(value = "Adds backends to a load balancer (lb-backend-add)", errors = "404 no such load balancer")
    public Message addBackends(@PathParam("name") String name, Backends body,
            @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.addBackends(loadBalancer(name), body.backends(), Http.waitTime(wait)));
    }

    @DELETE
    @Path("loadbalancers/{name}/backends")
    @Summary(value = "Removes the backends named by ?backend= (lb-backend-remove)", errors = "404 no such load balancer")
    public Message removeBackends(@PathParam("name") String name, @QueryParam("backend") List<String> backends,
            @QueryParam("wait") @DefaultValue("60") int wait) {
        if (backends == null || backends.isEmpty()) {
            throw ApiError.invalid("backend", "name the backends to remove: ?backend=ip:port&backend=…");
        }
        return new Message(routing.removeBackends(loadBalancer(name), backends, Http.waitTime(wait)));
    }

    @PUT
    @Path("loadbalancers/{name}/settings/{setting}")
    @Summary(value = "Sets mode, url, ssl (\"CERT KEY\", self-signed or off), workers or resolvers (lb-set)",
            errors = {"400 no such setting or value", "404 no such load balancer"})
    public Message set(@PathParam("name") String name, @PathParam("setting") String setting, Setting body,
            @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.set(loadBalancer(name), setting, body.value(), Http.waitTime(wait)));
    }

    @POST
    @Path("ports")
    @Summary(value = "Publishes a proxy's port 80 or 443 on its host (port-publish); target is NODE:PROXY,"
            + " hostPort defaults to the port", errors = "400 a field is invalid or the port is taken")
    public Message publishPort(NewPort body, @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.publishPort(body.target(), body.port(),
                body.hostPort() == null ? body.port() : body.hostPort(), Http.waitTime(wait)));
    }

    @DELETE
    @Path("ports/{target}/{hostPort}")
    @Summary("Stops publishing a host port of a proxy (port-unpublish)")
    public Message unpublishPort(@PathParam("target") String target, @PathParam("hostPort") int hostPort,
            @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.unpublishPort(target, hostPort, Http.waitTime(wait)));
    }

    @GET
    @Path("webservers")
    @Summary("The webservers, with the apps they publish (ws-list)")
    public List<RoutingService.ProxyView> webservers() {
        return routing.webservers();
    }

    @POST
    @Path("webservers")
    @Summary("Adds a webserver on a node (ws-add)")
    public Message addWebserver(NewWebserver body, @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.addWebserver(body.node(), body.name(), body.address(), Http.waitTime(wait)));
    }

    @DELETE
    @Path("webservers/{name}")
    @Summary(value = "Removes a webserver (ws-remove)", errors = "404 no such webserver")
    public Message removeWebserver(@PathParam("name") String name, @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.removeWebserver(webserver(name), Http.waitTime(wait)));
    }

    @POST
    @Path("webservers/{name}/apps")
    @Summary(value = "Publishes an app on a webserver (app-publish)", errors = "404 no such webserver")
    public Message publishApp(@PathParam("name") String name, NewApp body,
            @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.publishApp(webserver(name), body.url(), body.backend(),
                tls(body.certificate(), body.key(), body.selfSigned()), Http.waitTime(wait)));
    }

    @DELETE
    @Path("webservers/{name}/apps/{url}")
    @Summary(value = "Stops publishing an app (app-remove)", errors = "404 no such webserver")
    public Message removeApp(@PathParam("name") String name, @PathParam("url") String url,
            @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.removeApp(webserver(name), url, Http.waitTime(wait)));
    }

    @GET
    @Path("hosts")
    @Summary("The managed hosts entries, name to address (hosts-list)")
    public Map<String, String> hosts() {
        return routing.hosts();
    }

    @PUT
    @Path("hosts/{url}")
    @Summary("Adds a managed hosts entry on every node (hosts-add)")
    public Message addHost(@PathParam("url") String url, HostEntry body) {
        return new Message(routing.addHost(url, body.address()));
    }

    @DELETE
    @Path("hosts/{url}")
    @Summary("Removes a managed hosts entry (hosts-remove)")
    public Message removeHost(@PathParam("url") String url) {
        return new Message(routing.removeHost(url));
    }

    @GET
    @Path("domains")
    @Summary("The routing domains of the deployments' Servicefiles (domain-list)")
    public List<RoutingService.DomainView> domains() {
        return routing.domains();
    }

    private static RoutingService.Tls tls(String certificate, String key, Boolean selfSigned) {
        return Boolean.TRUE.equals(selfSigned) ? new RoutingService.Tls(certificate, key, true) : RoutingService.Tls.files(certificate, key);
    }

    private String loadBalancer(String name) {
        if (!routing.loadBalancerNames().contains(name)) {
            throw ApiError.notFound("name", "no load balancer " + name);
        }
        return name;
    }

    private String webserver(String name) {
        if (!routing.webserverNames().contains(name)) {
            throw ApiError.notFound("name", "no webserver " + name);
        }
        return name;
    }
}
