package org.atoll.kernel.internal.http;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
import javax.ws.rs.HeaderParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.routing.Precondition;
import org.atoll.kernel.internal.routing.RoutingService;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.StateStore;

/**
 * Load balancers, webservers, published ports and managed hosts entries: what {@code lb-*},
 * {@code ws-*}, {@code app-*}, {@code port-*} and {@code hosts-*} do in the shell. Certificates and
 * keys are files on the Atoll server, as in the shell, or {@code selfSigned}. A load balancer and a
 * webserver carry their record's store revision as ETag; the writes to one take it back in If-Match.
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
    private final StateStore store;

    public RoutingResource(RoutingService routing, StateStore store) {
        this.routing = routing;
        this.store = store;
    }

    @GET
    @Path("loadbalancers")
    @Summary("The load balancers, with their listeners and routes (lb-list)")
    public List<RoutingService.ProxyView> loadBalancers() {
        return routing.loadBalancers();
    }

    @GET
    @Path("loadbalancers/{name}")
    @Summary(value = "One load balancer; the ETag is its revision", errors = "404 no such load balancer")
    @Returns(RoutingService.ProxyView.class)
    public Response loadBalancer(@PathParam("name") String name, @Context Request request) {
        return item(routing.loadBalancers(), Keys.loadBalancer(loadBalancer(name)), name, request);
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
    @Summary(value = "Removes a load balancer (lb-remove)", errors = {"404 no such load balancer",
        "412 If-Match is not its revision"})
    @Returns(Message.class)
    public Response removeLoadBalancer(@PathParam("name") String name, @QueryParam("wait") @DefaultValue("60") int wait,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        String key = Keys.loadBalancer(loadBalancer(name));
        return conditional(key, ifMatch, () -> routing.removeLoadBalancer(name, Http.waitTime(wait)));
    }

    @POST
    @Path("loadbalancers/{name}/backends")
    @Summary(value = "Adds backends to a load balancer (lb-backend-add)", errors = {"404 no such load balancer",
        "412 If-Match is not its revision"})
    @Returns(Message.class)
    public Response addBackends(@PathParam("name") String name, Backends body,
            @QueryParam("wait") @DefaultValue("60") int wait, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        String key = Keys.loadBalancer(loadBalancer(name));
        return conditional(key, ifMatch, () -> routing.addBackends(name, body.backends(), Http.waitTime(wait)));
    }

    @DELETE
    @Path("loadbalancers/{name}/backends")
    @Summary(value = "Removes the backends named by ?backend= (lb-backend-remove)", errors = {
        "404 no such load balancer", "412 If-Match is not its revision"})
    @Returns(Message.class)
    public Response removeBackends(@PathParam("name") String name, @QueryParam("backend") List<String> backends,
            @QueryParam("wait") @DefaultValue("60") int wait, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        if (backends == null || backends.isEmpty()) {
            throw ApiError.invalid("backend", "name the backends to remove: ?backend=ip:port&backend=…");
        }
        String key = Keys.loadBalancer(loadBalancer(name));
        return conditional(key, ifMatch, () -> routing.removeBackends(name, backends, Http.waitTime(wait)));
    }

    @PUT
    @Path("loadbalancers/{name}/settings/{setting}")
    @Summary(value = "Sets mode, url, ssl (\"CERT KEY\", self-signed or off), workers or resolvers (lb-set)",
            errors = {"400 no such setting or value", "404 no such load balancer", "412 If-Match is not its revision"})
    @Returns(Message.class)
    public Response set(@PathParam("name") String name, @PathParam("setting") String setting, Setting body,
            @QueryParam("wait") @DefaultValue("60") int wait, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        String key = Keys.loadBalancer(loadBalancer(name));
        return conditional(key, ifMatch, () -> routing.set(name, setting, body.value(), Http.waitTime(wait)));
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

    @GET
    @Path("webservers/{name}")
    @Summary(value = "One webserver; the ETag is its revision", errors = "404 no such webserver")
    @Returns(RoutingService.ProxyView.class)
    public Response webserver(@PathParam("name") String name, @Context Request request) {
        return item(routing.webservers(), Keys.webserver(webserver(name)), name, request);
    }

    @POST
    @Path("webservers")
    @Summary("Adds a webserver on a node (ws-add)")
    public Message addWebserver(NewWebserver body, @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(routing.addWebserver(body.node(), body.name(), body.address(), Http.waitTime(wait)));
    }

    @DELETE
    @Path("webservers/{name}")
    @Summary(value = "Removes a webserver (ws-remove)", errors = {"404 no such webserver",
        "412 If-Match is not its revision"})
    @Returns(Message.class)
    public Response removeWebserver(@PathParam("name") String name, @QueryParam("wait") @DefaultValue("60") int wait,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        String key = Keys.webserver(webserver(name));
        return conditional(key, ifMatch, () -> routing.removeWebserver(name, Http.waitTime(wait)));
    }

    @POST
    @Path("webservers/{name}/apps")
    @Summary(value = "Publishes an app on a webserver (app-publish)", errors = {"404 no such webserver",
        "412 If-Match is not its revision"})
    @Returns(Message.class)
    public Response publishApp(@PathParam("name") String name, NewApp body,
            @QueryParam("wait") @DefaultValue("60") int wait, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        String key = Keys.webserver(webserver(name));
        return conditional(key, ifMatch, () -> routing.publishApp(name, body.url(), body.backend(),
                tls(body.certificate(), body.key(), body.selfSigned()), Http.waitTime(wait)));
    }

    @DELETE
    @Path("webservers/{name}/apps/{url}")
    @Summary(value = "Stops publishing an app (app-remove)", errors = {"404 no such webserver",
        "412 If-Match is not its revision"})
    @Returns(Message.class)
    public Response removeApp(@PathParam("name") String name, @PathParam("url") String url,
            @QueryParam("wait") @DefaultValue("60") int wait, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        String key = Keys.webserver(webserver(name));
        return conditional(key, ifMatch, () -> routing.removeApp(name, url, Http.waitTime(wait)));
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

    /** One proxy of {@code all} with its record's revision as ETag (304 for a matching If-None-Match). */
    private Response item(List<RoutingService.ProxyView> all, String key, String name, Request request) {
        long revision = revision(key);
        RoutingService.ProxyView view = all.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiError.notFound("name", "no " + name));
        return Http.tagged(request, revision, view);
    }

    /** Runs a command under the If-Match given (none: unconditionally); answers its message and the new ETag. */
    private Response conditional(String key, String ifMatch, Supplier<String> command) {
        long expected = Http.ifMatch(ifMatch, revision(key));
        String message;
        if (expected == DeployService.ANY_REVISION) {
            message = command.get();
        } else {
            try (Precondition p = Precondition.expect(key, expected)) {
                message = command.get();
            }
        }
        Response.ResponseBuilder r = Response.ok(new Message(message));
        long now = revision(key);
        return (now > 0 ? r.tag(Http.tag(now)) : r).build();
    }

    private long revision(String key) {
        return store.get(key).map(KeyValue::modRevision).orElse(0L);
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
